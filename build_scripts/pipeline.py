"""The generator's phases, in the order they run: source pages in, every
generated file out (in memory; ``cli`` reads the disk and writes it).

    parse      each page alone (corpus/page.py over parse/), skipped for
               pages an earlier build parsed (runtime/page_cache.py)
    corpus     the pages together (corpus/): duplicates merged, ids from the
               ledger, related speeches, collation, facets; the catalogue
    render     each edition (render/whole_edition.py, the Traditional one
               converted by editions/), its search records, the redirects
    report     the build report

What runs in another process, and when the garbage collector looks away,
is decided here (the thresholds below) and done by runtime/workers.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .corpus.assign_ids import assign_stable_ids
from .corpus.build_report import build_report
from .corpus.contexts import speech_contexts
from .corpus.find_facets import facets
from .corpus.merge_duplicates import merge_duplicates
from .corpus.page import page_file, parse_page
from .corpus.speech_dates import events as datable_events
from .corpus.stable_ids import aliases
from .editions.convert import Converter
from .editions.registry import DEFAULT_HANT, SIMPLIFIED, editions_for
from .editions.source_script import HANS
from .editions.traditional_sources import check_tables, own_script_first
from .model import Changes, Collection, Corpus, LedgerEntry, ParsedPage, SearchRecord, SourcePage, Speech, SplitPage, StructuredCopy
from .parse.structure import warm_up
from .parse.templates import SiteTemplate
from .render.catalog import catalog
from .render.edition import query_map_script
from .render.json_text import json_document, json_entry, lined_json
from .render.paths import QUERY_MAP, REDIRECTS, search_records_path
from .render.site_data import read_redirects, read_search_records, redirects_json, search_records_json
from .render.whole_edition import render_whole_edition, traditional_edition_text
from .runtime import page_cache
from .runtime.interruptions import crash_point
from .runtime.progress import Stages
from .runtime.workers import collector_paused, forked, forked_map, long_lived

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
        codes = [rel.split("/", 1)[0] for rel in self.files if rel.endswith("/" + QUERY_MAP)]
        return {code: read_search_records(self.files[search_records_path(code)].decode("utf-8")) for code in codes}

    @property
    def redirects(self) -> dict[str, str]:
        """Old speech id → the id its URL now leads to."""
        return read_redirects(self.files[REDIRECTS].decode("utf-8"))


def generate(pages: list[SourcePage | ParsedPage], handwritten: dict[str, bytes] | None = None, hant: str | None = DEFAULT_HANT,
             stages: Stages | None = None, ledger: list[LedgerEntry] | None = None, today: str = "1970-01-01",
             site_url: str | None = None, keep_parsed: bool = False, templates: dict[str, SiteTemplate] | None = None) -> Generated:
    """Everything the generator writes, computed without touching the disk.
    ``pages`` are source pages, or pages parsed by an earlier build (those
    are not parsed again); ``hant`` the OpenCC config of the Traditional
    edition, or None for none; ``ledger`` the ids already published;
    ``today`` dates the speeches it adds whose page has no date; ``site_url``
    makes the feed's links absolute; ``keep_parsed`` asks for the pages
    parsed here as bytes (``Generated.parsed_now``), for the cache."""
    stages = stages or Stages()
    check_tables()  # a bad line of a reviewed table stops the build before any work
    datable_events()  # so does one of the table of datable events (speech_dates.py)
    # What each phase makes lives to the end: out of the collector's sight.
    with long_lived() as keep:
        with stages.stage("split pages, clean text and find structure"):
            parsed, parsed_now = parse_phase(sorted(pages, key=page_file), templates or {}, stages, keep_parsed)
            keep()
        corpus, identity = corpus_phase(parsed, ledger or [], today, handwritten or {}, site_url, stages)
        keep()
        files, report = render_phase(corpus, parsed, identity, hant, stages)
    copies = [c for p in parsed for c in p.copies]
    return Generated(files, [p.split for p in parsed], copies, corpus.speeches, corpus.collections, report, corpus.ledger,
                     identity, parsed_now)


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


def corpus_phase(parsed, ledger, today, handwritten, site_url, stages) -> tuple[Corpus, Changes]:
    with stages.stage("merge duplicates"):
        copies = [c for p in parsed for c in p.copies]
        distinct = merge_duplicates(copies, [f for p in parsed for f in p.merge_prints], track=stages.track)
        # The Simplified edition (and the catalogue) prints a Simplified copy when there is one.
        distinct = [own_script_first(d, (HANS,)) for d in distinct]
    with stages.stage("assign ids"):
        copy_prints = {id(c): f for p in parsed for c, f in zip(p.copies, p.id_prints)}
        metas = {p.split.page.file: p.split.meta for p in parsed}
        speeches, collections, entries, identity = assign_stable_ids(distinct, metas, ledger, today, copy_prints)
    with stages.stage("related speeches, collation and facets"):
        # Facets in a worker while this process finds related speeches.
        with forked(lambda: {s.id: facets(s) for s in speeches}, len(speeches) >= PARALLEL_SPEECHES) as found:
            contexts = speech_contexts(speeches, collections)
            facets_by_id = found()
        contexts = {sid: replace(c, facets=facets_by_id[sid]) for sid, c in contexts.items()}
    scripts = {p.split.page.file: p.script for p in parsed}
    originals = {p.split.page.file: p.originals for p in parsed if p.originals}
    return Corpus(speeches, collections, handwritten, contexts, entries, site_url, "", scripts, originals), identity


def render_phase(corpus: Corpus, parsed, identity, hant, stages) -> tuple[dict[str, bytes], dict]:
    """Every edition's files, with the catalogue, the build report (its
    conversion review from the Traditional edition), the redirects."""
    editions = editions_for(hant)
    # What the Traditional edition prints: its catalogue entries and its pages.
    hant_text = traditional_edition_text(corpus, editions[1]) if hant else None
    titles = {SIMPLIFIED.code: str} | ({editions[1].code: Converter(editions[1].config, originals=hant_text[2]).convert} if hant else {})
    facets_by_id = {sid: c.facets for sid, c in corpus.contexts.items()}
    corpus = replace(corpus, catalog_json=lined_json(catalog(corpus.speeches, corpus.collections, editions, titles, facets_by_id, corpus.site_url)))
    big = len(corpus.speeches) >= PARALLEL_SPEECHES
    beside = lambda work: forked(work, big)  # noqa: E731
    render = lambda edition, text=None: render_whole_edition(corpus, edition, text, stages.stage, stages.track, beside)  # noqa: E731
    # The Traditional edition is converted and rendered in a worker process
    # while this one renders the Simplified edition and the report.
    with forked((lambda: render(editions[1], hant_text)) if hant else (lambda: None), bool(hant) and big) as traditional:
        rendered = [render(SIMPLIFIED)]
        with stages.stage("build report"), collector_paused():
            report = build_report([p.split for p in parsed], [c for p in parsed for c in p.copies], corpus.speeches,
                                  {p.split.page.file: p.lossy for p in parsed}, track=stages.track, identity=identity,
                                  scripts=corpus.page_scripts)
            # Written while the Traditional edition is still being made; its
            # review of the conversion joins the report below.
            report_entries = [json_entry(key, value) for key, value in report.items()]
        rendered += [traditional()] if hant else []
    files: dict[str, str | bytes] = {}
    for edition in rendered:
        files.update(edition.files)
        files[search_records_path(edition.edition.code)] = search_records_json(edition.search)
    # The pages always load the query map; with one edition there is nothing to convert.
    files[f"{SIMPLIFIED.code}/{QUERY_MAP}"] = query_map_script(rendered[1].query_map_back if hant else {"chars": {}, "words": {}})
    if hant:
        report["conversion"] = rendered[1].conversion
        report_entries.append(json_entry("conversion", rendered[1].conversion))
    files["catalog.json"] = corpus.catalog_json
    files["build-report.json"] = json_document(report_entries)
    files[REDIRECTS] = redirects_json(aliases(corpus.ledger))
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in sorted(files.items())}, report
