"""The generator's phases, in the order they run: source pages in, every
generated file out (in memory; ``cli`` reads the disk and writes it).

    parse      each page alone (parse/: decode, glosses, rows, split, clean,
               structure), skipped for pages an earlier build parsed
               (runtime/page_cache.py); many pages in forked workers
    corpus     the pages together (corpus/): duplicates merged, ids from the
               ledger, related speeches, collation, facets and dates
    render     each edition (render/, the Traditional one converted by
               editions/), in a worker of its own while this process renders
               the Simplified one; the corpus downloads; the conversion's review
    report     the build report and the catalogue

``related`` (similar speeches) and ``collate`` (what merged copies say
differently) are computed once, script-neutral, and rendered in both
editions. What runs in another process, and when the garbage collector
looks away, is decided here and done by runtime/workers.py.
"""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .corpus.assign_ids import anchors_for, assign_stable_ids
from .corpus.build_report import build_report, lossy_ranges
from .corpus.collate import collate
from .corpus.contexts import speech_contexts
from .corpus.find_facets import facets
from .corpus.merge_duplicates import fingerprint, merge_duplicates
from .corpus.speech_dates import events as datable_events
from .corpus.stable_ids import aliases, copy_fingerprint
from .editions.convert import Converter, converted, script
from .editions.registry import DEFAULT_HANT, SIMPLIFIED, edition_url, editions_for
from .editions.review import query_map, review, review_from_traditional
from .editions.source_script import HANS, TRADITIONAL_SCRIPTS, detect_script
from .editions.traditional_sources import check_tables, edition_originals, own_script_first
from .errors import SourceError
from .fast.zip import zip_files
from .model import (
    Changes,
    Collection,
    Edition,
    LedgerEntry,
    ParsedPage,
    SearchRecord,
    SourcePage,
    Speech,
    SpeechContext,
    SplitPage,
    StructuredCopy,
)
from .parse.clean import clean_copy
from .parse.decode import list_sources, read_bytes, source_page
from .parse.knowledge import library
from .parse.split import split_page
from .parse.structure import find_structure
from .parse.templates import SiteTemplate
from .parse.traditional import deglossed_page, hans_copy, hans_meta, repairs_by_copy, with_repairs
from .publishing.publish import THEME_OVERRIDES, is_owned
from .render.catalog import catalog
from .render.edition import query_map_script, render_edition, search_records, speech_downloads
from .render.feed import render_feed
from .render.json_text import json_document, json_entry, lined_json
from .render.paths import CORPUS_ZIP, FEED_PATH, QUERY_MAP
from .render.opening import description
from .runtime import page_cache
from .runtime.interruptions import crash_point
from .runtime.progress import Stages
from .runtime.workers import can_fork, collector_paused, forked, forked_pool

# Below this many speeches one process does the work of a forked worker faster.
PARALLEL_SPEECHES = 200


@dataclass(frozen=True)
class Generated:
    files: dict[str, bytes]
    search: dict[str, list[SearchRecord]]  # edition code → one record per speech
    pages: list[SplitPage]
    copies: list[StructuredCopy]
    speeches: list[Speech]
    collections: list[Collection]
    report: dict
    ledger: list[LedgerEntry]  # sources/speech-ids.tsv after this build
    identity: Changes  # what this build added to or changed in the ledger
    # With keep_parsed, each page parsed by this build (not given parsed): what
    # the per-page stages made of it, as page_cache.dumps bytes, for the cache.
    parsed_now: dict[str, bytes]

    @property
    def redirects(self) -> dict[str, str]:
        """Old speech id → the id its URL now leads to."""
        return aliases(self.ledger)


def read_pages(sources_dir: Path) -> list[SourcePage]:
    return [source_page(file, data) for file, data in read_raw_pages(sources_dir)]


def read_raw_pages(sources_dir: Path) -> list[tuple[str, bytes]]:
    """Each source page's name and bytes, in a stable order."""
    if not sources_dir.is_dir():
        raise SourceError(str(sources_dir), "the sources directory does not exist")
    paths = list_sources(sources_dir)
    if not paths:
        raise SourceError(str(sources_dir), "no source pages (*.txt) found")
    return [read_bytes(p, sources_dir) for p in paths]


def read_handwritten(docs_dir: Path) -> dict[str, bytes]:
    """Hand-written files in the docs directory that every edition carries
    (pages, navigation, stylesheets, scripts); not the theme overrides."""
    if not docs_dir.is_dir():
        return {}
    files = {}
    for folder, subfolders, names in os.walk(docs_dir):
        base = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        # Not into the generated editions (tens of thousands of files) or the theme.
        subfolders[:] = [d for d in subfolders if not is_owned(prefix + d) and not (prefix + d + "/").startswith(THEME_OVERRIDES)]
        for name in names:
            rel = prefix + name
            if not is_owned(rel):
                files[rel] = (Path(folder) / name).read_bytes()
    return dict(sorted(files.items()))


def generate(
    pages: list[SourcePage | ParsedPage],
    handwritten: dict[str, bytes] | None = None,
    hant: str | None = DEFAULT_HANT,
    stages: Stages | None = None,
    ledger: list[LedgerEntry] | None = None,
    today: str = "1970-01-01",
    site_url: str | None = None,
    keep_parsed: bool = False,
    templates: dict[str, SiteTemplate] | None = None,
) -> Generated:
    """Everything the generator writes, computed without touching the disk.

    ``pages`` are source pages, or pages parsed by an earlier build (see
    page_cache.py): those are not parsed again.
    ``hant`` is the OpenCC config of the Traditional edition, or None for none.
    ``ledger`` lists the ids already published (``sources/speech-ids.tsv``);
    ``today`` dates the speeches it adds whose source page has no date;
    ``site_url`` makes the feed's links absolute; ``keep_parsed`` asks for
    the pages parsed here as bytes (``Generated.parsed_now``), for the cache."""
    try:
        return _generate(pages, handwritten, hant, stages or Stages(), ledger, today, site_url, keep_parsed, templates or {})
    finally:
        gc.unfreeze()  # what _generate froze is the caller's to keep or drop


def _generate(
    pages: list[SourcePage | ParsedPage],
    handwritten: dict[str, bytes] | None,
    hant: str | None,
    stages: Stages,
    ledger: list[LedgerEntry] | None,
    today: str,
    site_url: str | None,
    keep_parsed: bool,
    templates: dict[str, SiteTemplate],
) -> Generated:
    check_tables()  # a bad line of a reviewed table stops the build before any work
    datable_events()  # so does one of the table of datable events (speech_dates.py)
    with stages.stage("split pages, clean text and find structure"):
        parsed, parsed_now = parse_pages(sorted(pages, key=page_file), stages.track, keep_parsed, templates)
        splits = [p.split for p in parsed]
        copies = [c for p in parsed for c in p.copies]
        merge_prints = [f for p in parsed for f in p.merge_prints]
        copy_prints = {id(c): f for p in parsed for c, f in zip(p.copies, p.id_prints)}
        gc.freeze()  # see below (the parsed pages live until the end)
    with stages.stage("merge duplicates"):
        distinct = merge_duplicates(copies, merge_prints, track=stages.track)
        # The Simplified edition (and the catalogue) prints a Simplified copy when there is one.
        distinct = [own_script_first(d, (HANS,)) for d in distinct]
    with stages.stage("assign ids"):
        speeches, collections, entries, identity = assign_stable_ids(
            distinct, {s.page.file: s.meta for s in splits}, ledger or [], today, copy_prints
        )
    with stages.stage("related speeches, collation and facets"):
        # Facets in a worker while this process finds related speeches.
        with forked(lambda: {s.id: facets(s) for s in speeches}, len(speeches) >= PARALLEL_SPEECHES) as found:
            contexts = speech_contexts(speeches, collections)
            facets_by_id = found()
        contexts = {sid: replace(c, facets=facets_by_id[sid]) for sid, c in contexts.items()}

    # The corpus lives until the end: out of the cyclic garbage collector's
    # sight, which would otherwise walk its millions of objects again and
    # again (a tenth of the time of generation at 10,000 speeches), and touch
    # every page of them in the forked worker, copying it.
    gc.freeze()
    editions = editions_for(hant)
    corpus = Corpus(
        speeches,
        collections,
        handwritten or {},
        contexts,
        entries,
        site_url,
        "",
        {p.split.page.file: p.script for p in parsed},
        {p.split.page.file: p.originals for p in parsed if p.originals},
    )
    # What the Traditional edition prints: its catalogue entries and its pages.
    hant_text = traditional_edition_text(corpus, editions[1]) if hant else None
    titles = {SIMPLIFIED.code: str}
    if hant:
        titles[editions[1].code] = Converter(editions[1].config, originals=hant_text[2]).convert
    corpus = replace(corpus, catalog_json=lined_json(catalog(speeches, collections, editions, titles, facets_by_id, site_url)))
    # The Traditional edition is converted and rendered in a worker process
    # while this one renders the Simplified edition and the report.
    traditional = (lambda: render_whole_edition(corpus, editions[1], stages, hant_text)) if hant else (lambda: None)
    with forked(traditional, bool(hant) and len(speeches) >= PARALLEL_SPEECHES) as traditional_edition:
        simplified = render_whole_edition(corpus, SIMPLIFIED, stages)
        with stages.stage("build report"), collector_paused():
            lossy = {p.split.page.file: p.lossy for p in parsed}
            report = build_report(
                splits, copies, speeches, lossy, track=stages.track, identity=identity, scripts=corpus.page_scripts
            )
            # Written while the Traditional edition is still being made; its
            # review of the conversion joins the report below.
            report_entries = [json_entry(key, value) for key, value in report.items()]
        rendered = traditional_edition()
    files: dict[str, str | bytes] = dict(simplified.files)
    search = {SIMPLIFIED.code: simplified.search}
    # The pages always load the query map; with one edition there is nothing to convert.
    files[f"{SIMPLIFIED.code}/{QUERY_MAP}"] = query_map_script({"chars": {}, "words": {}})
    if hant:
        files.update(rendered.files)
        search[rendered.edition.code] = rendered.search
        files[f"{SIMPLIFIED.code}/{QUERY_MAP}"] = query_map_script(rendered.query_map_back)
        report["conversion"] = rendered.conversion
        report_entries.append(json_entry("conversion", rendered.conversion))
    files["catalog.json"] = corpus.catalog_json
    files["build-report.json"] = json_document(report_entries)
    return Generated(
        files={k: v.encode("utf-8") if isinstance(v, str) else v for k, v in sorted(files.items())},
        search=search,
        pages=splits,
        copies=copies,
        speeches=speeches,
        collections=collections,
        report=report,
        ledger=entries,
        identity=identity,
        parsed_now=parsed_now,
    )


# Below this many pages one process is faster than starting workers.
PARALLEL_PAGES = 64


def parse_page(page: SourcePage, templates: dict[str, SiteTemplate] | None = None) -> ParsedPage:
    """The per-page stages: split the page, clean each copy, find its outline,
    with the knowledge files that apply to its site and the template learned
    from the site's pages. A Traditional source's text is made Simplified
    after cleaning (parse/traditional.py)."""
    page, glosses = deglossed_page(page)
    rules = library()
    knowledge = rules.for_site(rules.site_of_page(page))
    split = split_page(page, knowledge, (templates or {}).get(page.site or ""))
    script = detect_script("".join(line.text for line in page.lines))
    meta, originals = hans_meta(split.meta, script)
    if meta is not split.meta:
        split = replace(split, meta=meta)
    copies = [
        find_structure(hans_copy(with_repairs(clean_copy(c, knowledge, split.traditional, split.site_words), mine)))
        for c, mine in zip(split.copies, repairs_by_copy(split.copies, glosses))
    ]
    return ParsedPage(
        split,
        copies,
        [fingerprint(c) for c in copies],
        [copy_fingerprint(c) for c in copies],
        lossy_ranges(copies),
        script,
        originals,
    )


def page_file(page: SourcePage | ParsedPage) -> str:
    return page.file if isinstance(page, SourcePage) else page.split.page.file


def parse_pages(
    pages: list[SourcePage | ParsedPage],
    track=lambda items, total=None: items,
    keep: bool = False,
    templates: dict[str, SiteTemplate] | None = None,
) -> tuple[list[ParsedPage], dict[str, bytes]]:
    """``parse_page`` of every page not parsed yet, in page order; and, with
    ``keep``, each page parsed here as ``page_cache.dumps`` bytes, by file. Pages are
    independent, so a large number is parsed by one worker process per core
    (forked, so the word segmenter's dictionary is loaded once, before the
    fork); the result is the same as in one process."""
    todo = [p for p in pages if isinstance(p, SourcePage)]
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(todo) < PARALLEL_PAGES or not can_fork():
        done = [parse_page(p, templates) for p in track(todo, total=len(todo))]
        sent = [page_cache.dumps(parsed, page) for parsed, page in zip(done, todo)] if keep else []
    else:
        import jieba  # find_structure's segmenter: load its dictionary once, before the fork

        jieba.initialize()
        # The workers inherit the pages and send back each parsed page without
        # its source page (page_cache.dumps), which this process has: half
        # the bytes to pickle and unpickle. Each is read back as it arrives,
        # with this process's collector paused: millions of new objects, none
        # in a cycle.
        with forked_pool(lambda i: page_cache.dumps(parse_page(todo[i], templates), todo[i]), workers) as run:
            chunks = max(1, len(todo) // (workers * 8))
            arriving = run(range(len(todo)), chunks)  # the workers fork here, their collector on
            crash_point("parsing")
            sent, done = [], []
            with collector_paused():
                for page, data in zip(todo, track(arriving, total=len(todo))):
                    done.append(page_cache.loads(data, page))
                    if keep:
                        sent.append(data)
    fresh = iter(done)
    kept = {p.file: data for p, data in zip(todo, sent)} if keep else {}
    return [next(fresh) if isinstance(p, SourcePage) else p for p in pages], kept


@dataclass(frozen=True)
class Corpus:
    """What every edition is rendered from (script-neutral)."""

    speeches: list[Speech]
    collections: list[Collection]
    handwritten: dict[str, bytes]
    contexts: dict[str, SpeechContext]
    ledger: list[LedgerEntry]
    site_url: str | None
    catalog_json: str
    page_scripts: dict[str, str] = field(default_factory=dict)  # by file (source_script.py)
    page_originals: dict[str, dict[str, str]] = field(default_factory=dict)  # ParsedPage.originals by file


@dataclass(frozen=True)
class RenderedEdition:
    edition: Edition
    files: dict[str, bytes]
    search: list[SearchRecord]
    query_map_back: dict | None = None  # for the other edition: queries typed in this script
    conversion: dict | None = None  # the review of the conversion (build report)


def render_whole_edition(
    corpus: Corpus, edition: Edition, stages: Stages, hant_text: tuple | None = None
) -> RenderedEdition:
    """One edition's every file: pages, downloads, index pages, feed, corpus
    zip; for the Traditional edition (``hant_text``: what it prints,
    traditional_edition_text), also the conversion's review."""
    c = corpus
    name = "render" if edition == SIMPLIFIED else "convert and render"
    with stages.stage(f"{name} {edition.code}"):

        def make(t):
            files = render_edition(edition, t, speeches, c.collections, c.handwritten, contexts, stages.track)
            search = search_records(t, speeches, c.collections)
            files[f"{edition.code}/{FEED_PATH}"] = render_feed(
                c.ledger, speeches, c.collections, edition.code, t, edition_url(c.site_url, edition)
            )
            return files, search

        if edition.config is None:
            speeches, contexts, originals = c.speeches, c.contexts, {}
            files, search = make(script())
        else:
            speeches, contexts, originals = hant_text
            converter = Converter(edition.config, originals=originals)
            conversion = converted(make, converter)
            files, search = conversion.value
        files = {rel: v.encode("utf-8") if isinstance(v, str) else v for rel, v in files.items()}
    prefix = f"{edition.code}/"

    def corpus_download() -> bytes:
        """The edition's Markdown, every speech's .docx and .txt and the catalog, as one zip (linked from the home page)."""
        with stages.stage(f"corpus download {edition.code}"):
            pages = {rel[len(prefix):]: data for rel, data in files.items() if rel.endswith(".md")}
            pages["catalog.json"] = c.catalog_json.encode("utf-8")
            # Every speech's .docx and .txt, in the script of the edition's pages
            # (each text converted once: the conversion's pairs hold them all).
            t = script() if edition.config is None else lambda text: conversion.pairs.get(text) or converter.convert(text)
            pages.update(speech_downloads(edition, t, speeches, c.collections))
            return zip_files(pages)

    if edition == SIMPLIFIED:
        files[f"{prefix}{CORPUS_ZIP}"] = corpus_download()
        return RenderedEdition(edition, files, search)
    # The Traditional edition is the longer path of the two: its zip is made
    # in a process of its own while this one reviews the conversion.
    with forked(corpus_download, len(c.speeches) >= PARALLEL_SPEECHES) as zipped:
        with stages.stage("review conversion"):
            files[f"{prefix}{QUERY_MAP}"] = query_map_script(query_map(conversion.pairs, reverse=False)).encode("utf-8")
            query_map_back, report = query_map(conversion.pairs, reverse=True), review(conversion.pairs, converter)
            if originals:
                report["from_traditional"] = review_from_traditional(originals, Converter(edition.config))
        files[f"{prefix}{CORPUS_ZIP}"] = zipped()
    return RenderedEdition(edition, files, search, query_map_back, report)


def traditional_edition_text(c: Corpus, edition: Edition) -> tuple[list[Speech], dict[str, SpeechContext], dict[str, str]]:
    """The speeches as the Traditional edition prints them (a speech's copy
    from a Traditional source when it has one: traditional_sources.own_script_first),
    their contexts, and the source's wording of every string that came from
    a Traditional source (traditional_sources.edition_originals)."""
    speeches, contexts = [], dict(c.contexts)
    for s in c.speeches:
        distinct = own_script_first(s.distinct, TRADITIONAL_SCRIPTS)
        if distinct is not s.distinct:
            blocks = distinct.best.blocks
            contexts[s.id] = replace(contexts[s.id], collation=collate(distinct))
            s = replace(s, blocks=blocks, anchors=anchors_for(blocks), distinct=distinct)
        speeches.append(s)
    if all(copy.clean.script == HANS for s in c.speeches for copy in s.distinct.copies) and not c.page_originals:
        return speeches, contexts, {}
    printed = list(zip(c.speeches, speeches))
    pages = [(col.title, col.meta, c.page_scripts.get(col.file, HANS), c.page_originals.get(col.file, {})) for col in c.collections]
    return speeches, contexts, edition_originals(printed, pages, edition.config, Converter(edition.config).convert, description)
