"""The generator's phases, in the order they run: source pages in, every
generated file out (in memory; ``cli`` reads the disk and writes it).

    parse      each page alone (corpus/page.py over parse/), skipped for
               pages an earlier build parsed (runtime/page_cache.py)
    corpus     the pages together (corpus/): duplicates merged, ids from the
               ledger, related speeches, collation, facets; the catalogue
    render     each edition (render/whole_edition.py, the Traditional one
               converted by editions/), its search records, the redirects;
               the build report, and each source page with its verdicts

What runs in another process, and when the garbage collector looks away,
is decided here (the thresholds below) and done by runtime/workers.py.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import TypeVar

from .corpus.build import build_corpus
from .corpus.build_report import build_report
from .corpus.page import page_file, parse_page
from .corpus.speech_dates import events as datable_events
from .editions.registry import DEFAULT_HANT, SIMPLIFIED, editions_for
from .editions.traditional_sources import check_tables
from .model import Changes, Collection, Corpus, LedgerEntry, ParsedPage, SearchRecord, SourcePage, Speech, SplitPage, StructuredCopy
from .parse.knowledge import library
from .parse.structure import warm_up
from .parse.templates import SiteTemplate
from .render.docs_folder import catalog_json, docs_files, edition_titles
from .render.json_text import json_entry
from .render.paths import REDIRECTS, SEARCH_RECORDS_DIR
from .render.site_data import read_redirects, read_search_records
from .render.source_pages import chrome_words, source_editions, source_pages
from .render.whole_edition import render_whole_edition, traditional_edition_text
from .runtime import page_cache
from .runtime.interruptions import crash_point
from .runtime.progress import Stages
from .runtime.workers import collector_paused, forked, forked_map, long_lived

T = TypeVar("T")
# Below this many pages, or speeches, one process does the work of forked workers faster.
PARALLEL_PAGES = 64
PARALLEL_SPEECHES = 200


@dataclass(frozen=True)
class Generated:
    files: dict[str, bytes]  # by path in the docs folder
    pages: list[SplitPage]
    copies: list[StructuredCopy]
    speeches: list[Speech]
    collections: list[Collection]
    report: dict
    ledger: list[LedgerEntry]  # sources/speech-ids.tsv after this build
    identity: Changes  # what this build added to or changed in the ledger
    parsed_now: dict[str, bytes]  # with keep_parsed, each page parsed here (page_cache.dumps), by file

    @property
    def search(self) -> dict[str, list[SearchRecord]]:
        """Edition code → one search record per speech, as the site build reads them."""
        return {rel[len(SEARCH_RECORDS_DIR) + 1 : -len(".json")]: read_search_records(data.decode("utf-8"))
                for rel, data in self.files.items() if rel.startswith(SEARCH_RECORDS_DIR + "/")}

    @property
    def redirects(self) -> dict[str, str]:
        """Old speech id → the id its URL now leads to."""
        return read_redirects(self.files[REDIRECTS].decode("utf-8"))


def generate(pages: list[SourcePage | ParsedPage], handwritten: dict[str, bytes] | None = None, hant: str | None = DEFAULT_HANT,
             stages: Stages | None = None, ledger: list[LedgerEntry] | None = None, today: str = "1970-01-01",
             site_url: str | None = None, keep_parsed: bool = False, templates: dict[str, SiteTemplate] | None = None,
             downloads_url: str | None = None) -> Generated:
    """Everything the generator writes, computed without touching the disk.
    ``pages`` are source pages, or pages parsed by an earlier build (those
    are not parsed again); ``hant`` the OpenCC config of the Traditional
    edition, or None for none; ``ledger`` the ids already published;
    ``today`` dates the speeches it adds whose page has no date; ``site_url``
    makes the feed's links absolute; ``keep_parsed`` asks for the pages
    parsed here as bytes (``Generated.parsed_now``), for the cache;
    ``downloads_url`` is where the corpus zips are published (settings.py),
    which the pages and the catalog link to."""
    stages = stages or Stages()
    check_tables()  # a bad line of a reviewed table stops the build before any work
    datable_events()  # so does one of the table of datable events (speech_dates.py)
    # What each phase makes lives to the end: out of the collector's sight.
    with long_lived() as keep:
        with stages.stage("split pages, clean text and find structure"):
            parsed, parsed_now = parse_phase(sorted(pages, key=page_file), templates or {}, stages, keep_parsed)
            keep()
        corpus, identity = build_corpus(parsed, ledger or [], today, handwritten or {}, site_url, stages.stage, stages.track, beside)
        corpus = replace(corpus, downloads_url=downloads_url)
        keep()
        files, report = render_phase(corpus, parsed, identity, hant, stages)
    copies = [c for p in parsed for c in p.copies]
    return Generated(files, [p.split for p in parsed], copies, corpus.speeches, corpus.collections, report, corpus.ledger,
                     identity, parsed_now)


def beside(work: Callable[[], T], speeches: int) -> AbstractContextManager[Callable[[], T]]:
    """Work on ``speeches`` speeches started in a forked worker, if there are
    enough of them to be worth a process; yields what waits for its result."""
    return forked(work, speeches >= PARALLEL_SPEECHES)


def parse_phase(pages, templates, stages, keep) -> tuple[list[ParsedPage], dict[str, bytes]]:
    """``parse_page`` of every page not parsed yet, in page order; and, with ``keep``,
    each page parsed here as ``page_cache.dumps`` bytes, by file. Workers send back a
    parsed page without its source page, which this process has (page_cache.dumps):
    half the bytes to pickle. Each is read back as it arrives, the collector paused:
    millions of new objects, none in a cycle."""
    todo = [p for p in pages if isinstance(p, SourcePage)]
    done, kept = [], {}
    with forked_map(lambda p: page_cache.dumps(parse_page(p, templates), p), todo, len(todo) >= PARALLEL_PAGES, warm_up) as sent:
        crash_point("parsing")
        with collector_paused():
            for page, data in zip(todo, stages.track(sent, total=len(todo))):
                done.append(page_cache.loads(data, page))
                if keep:
                    kept[page.file] = data
    fresh = iter(done)
    return [next(fresh) if isinstance(p, SourcePage) else p for p in pages], kept


def render_phase(corpus: Corpus, parsed: list[ParsedPage], identity: Changes, hant: str | None, stages: Stages):
    """Every generated file (render/docs_folder.py), and the build report."""
    editions = editions_for(hant)
    # What the Traditional edition prints: its catalogue entries and its pages.
    hant_text = traditional_edition_text(corpus, editions[1]) if hant else None
    titles = edition_titles(editions, hant_text)
    homes = source_editions(corpus.collections, corpus.page_scripts, [e.code for e in editions])
    corpus = replace(corpus, catalog_json=catalog_json(corpus, editions, titles), source_editions=homes)
    render = lambda edition, text=None: render_whole_edition(corpus, edition, text, stages.stage, stages.track, beside)  # noqa: E731
    # The Traditional edition is converted and rendered in a worker process
    # while this one renders the Simplified edition and the report.
    with beside((lambda: render(editions[1], hant_text)) if hant else (lambda: None), len(corpus.speeches) if hant else 0) as traditional:
        rendered = [render(SIMPLIFIED)]
        with stages.stage("build report"), collector_paused():
            report = build_report([p.split for p in parsed], [c for p in parsed for c in p.copies], corpus.speeches,
                                  {p.split.page.file: p.lossy for p in parsed}, track=stages.track, identity=identity,
                                  scripts=corpus.page_scripts)
            # Written while the Traditional edition is still being made; its
            # review of the conversion joins the report (docs_files).
            report_entries = [json_entry(key, value) for key, value in report.items()]
        rendered += [traditional()] if hant else []
    if hant:
        report["conversion"] = rendered[1].conversion
    files = docs_files(corpus, rendered, report_entries)
    # Each source page as scraped, its lines beside the report's verdicts.
    speech_titles = {s.id: s.title for s in corpus.speeches}
    # The chrome rules in a reader's words: the parser's, and the knowledge files' labels.
    words = chrome_words(library().labels)
    files.update(source_pages([p.split for p in parsed], report["pages"], corpus.collections, speech_titles, titles, homes, words))
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in sorted(files.items())}, report
