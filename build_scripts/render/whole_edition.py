"""An edition's every file from the corpus: its pages, downloads, indexes,
feed and corpus zip (render/edition.py and the modules it calls); for the
Traditional edition, the speeches as it prints them and the conversion's
review (editions/). Where two pieces of work can run side by side,
``beside(work, speeches)`` may start one elsewhere (the pipeline forks a
worker when the speeches are many, runtime/workers.py) and yields what
waits for its result; by default both run here, with the same result."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace

from ..corpus.assign_ids import anchors_for
from ..corpus.collate import collate
from ..editions.convert import Converter, converted, script
from ..editions.registry import SIMPLIFIED, edition_url
from ..editions.review import display_map, query_map, review, review_from_traditional
from ..editions.source_script import HANS, TRADITIONAL_SCRIPTS
from ..editions.traditional_sources import edition_originals, own_script_first
from ..fast.zip import zip_files
from ..model import Corpus, Edition, RenderedEdition, Speech, SpeechContext
from .edition import query_map_script, render_edition, search_records
from .feed import render_feed
from .opening import description
from .paths import FEED_PATH, QUERY_MAP, corpus_zip_path, corpus_zip_url

# The speeches as the Traditional edition prints them, their contexts, and
# the source's wording of every string from a Traditional source.
EditionText = tuple[list[Speech], dict[str, SpeechContext], dict[str, str]]


def render_whole_edition(
    corpus: Corpus,
    edition: Edition,
    hant_text: EditionText | None = None,
    stage: Callable[[str], AbstractContextManager] = lambda name: nullcontext(),
    track=lambda items, total=None: items,
    beside=lambda work, speeches: nullcontext(work),
) -> RenderedEdition:
    """One edition's every file: pages, downloads, index pages, feed, corpus
    zip; for the Traditional edition (``hant_text``: what it prints,
    traditional_edition_text), also the conversion's review. ``stage(name)``
    times a stage, ``track`` reports progress over items."""
    c = corpus
    name = "render" if edition == SIMPLIFIED else "convert and render"
    with stage(f"{name} {edition.code}"):

        def make(t):
            files = render_edition(
                edition, t, speeches, c.collections, c.handwritten, contexts, track,
                c.source_editions, corpus_url=corpus_zip_url(c.downloads_url, edition.code),
            )
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
        """The edition's Markdown and the catalog, as one zip (outside the
        edition's folder: not part of the site, render/paths.py). Not every speech's .docx and .txt: a speech's page makes
        them in the reader's browser, and in the zip they would triple its
        size (about 40 kB a speech for both editions) on a site that must
        fit GitHub Pages."""
        with stage(f"corpus download {edition.code}"):
            pages = {rel[len(prefix):]: data for rel, data in files.items() if rel.endswith(".md")}
            pages["catalog.json"] = c.catalog_json.encode("utf-8")
            return zip_files(pages)

    if edition == SIMPLIFIED:
        files[corpus_zip_path(edition.code)] = corpus_download()
        return RenderedEdition(edition, files, search)
    # The Traditional edition is the longer path of the two: its zip is made
    # beside the review of the conversion.
    with beside(corpus_download, len(c.speeches)) as zipped:
        with stage("review conversion"):
            # Both editions search the one Simplified index: a query typed
            # here is made Simplified too, and the results shown in this script.
            query_map_back, report = query_map(conversion.pairs, reverse=True), review(conversion.pairs, converter)
            shown = display_map(conversion.pairs)
            files[f"{prefix}{QUERY_MAP}"] = query_map_script(query_map_back, shown).encode("utf-8")
            if originals:
                report["from_traditional"] = review_from_traditional(originals, Converter(edition.config))
        files[corpus_zip_path(edition.code)] = zipped()
    return RenderedEdition(edition, files, search, query_map_back, report, shown)


def traditional_edition_text(c: Corpus, edition: Edition) -> EditionText:
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
