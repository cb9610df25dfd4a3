"""The generated part of the docs folder, whole: each edition's files
(render/whole_edition.py) with its search records, the query maps between
the editions, the catalogue, the build report and the redirects."""

from __future__ import annotations

from collections.abc import Callable

from ..corpus.stable_ids import aliases
from ..editions.convert import Converter
from ..editions.registry import SIMPLIFIED
from ..model import Corpus, Edition, RenderedEdition
from .catalog import catalog
from .edition import query_map_script
from .json_text import json_document, json_entry, lined_json
from .paths import QUERY_MAP, REDIRECTS, search_records_path
from .site_data import redirects_json, search_records_json
from .whole_edition import EditionText


def edition_titles(editions: list[Edition], hant_text: EditionText | None) -> dict[str, Callable[[str], str]]:
    """Edition code → how it prints a title (the Traditional edition with a
    Traditional source's own wording: ``hant_text``)."""
    titles = {SIMPLIFIED.code: str}
    if hant_text is not None:
        titles[editions[1].code] = Converter(editions[1].config, originals=hant_text[2]).convert
    return titles


def catalog_json(corpus: Corpus, editions: list[Edition], titles: dict[str, Callable[[str], str]]) -> str:
    """catalog.json, each edition's titles as ``titles`` prints them."""
    facets_by_id = {sid: c.facets for sid, c in corpus.contexts.items()}
    return lined_json(catalog(corpus.speeches, corpus.collections, editions, titles, facets_by_id, corpus.site_url,
                              corpus.downloads_url))


def docs_files(corpus: Corpus, rendered: list[RenderedEdition], report_entries: list[str]) -> dict[str, str | bytes]:
    """Every generated file by its path in the docs folder.
    ``rendered``: the Simplified edition, then the Traditional one if any,
    whose conversion review joins the build report (``report_entries``)."""
    files: dict[str, str | bytes] = {}
    for edition in rendered:
        files.update(edition.files)
        files[search_records_path(edition.edition.code)] = search_records_json(edition.search, edition.display_map)
    # The pages always load the query map; with one edition there is nothing to convert.
    back = rendered[1].query_map_back if len(rendered) > 1 else {"chars": {}, "words": {}}
    files[f"{SIMPLIFIED.code}/{QUERY_MAP}"] = query_map_script(back)
    if len(rendered) > 1:
        report_entries = report_entries + [json_entry("conversion", rendered[1].conversion)]
    files["catalog.json"] = corpus.catalog_json
    files["build-report.json"] = json_document(report_entries)
    files[REDIRECTS] = redirects_json(aliases(corpus.ledger))
    return files
