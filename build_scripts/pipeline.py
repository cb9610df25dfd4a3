"""The stages wired together: source pages in, generated files out (in memory).

    read_source → split_page → clean_text → find_structure →
    merge_duplicates → assign_ids → render_markdown → convert_variant → publish
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .assign_ids import assign_ids
from .build_report import build_report
from .clean_text import clean_copy
from .convert_variant import (
    DEFAULT_HANT,
    SIMPLIFIED,
    Converter,
    Edition,
    RecordingScript,
    convert_handwritten_markdown,
    query_map,
    traditional,
)
from .errors import SourceError
from .find_structure import find_structure
from .merge_duplicates import merge_duplicates
from .model import Collection, SourcePage, Speech, SplitPage, StructuredCopy
from .read_source import list_sources, read_source
from .search_index import SearchRecord
from .split_page import split_page
from .progress import Stages
from .publish import THEME_OVERRIDES, is_owned
from .render_markdown import (
    Script,
    characters,
    collection_path,
    collection_url,
    collections_index_path,
    render_collections_index,
    provenance,
    render_collection,
    render_home,
    render_speech,
    same_script,
    speech_facts,
    speech_path,
    speech_url,
)

CATALOG_VERSION = 1
# Where each edition's pages find the map that converts a query typed in the
# other script (see docs/javascripts/search.js).
QUERY_MAP = "javascripts/query-map.js"


@dataclass(frozen=True)
class Generated:
    files: dict[str, bytes]
    search: dict[str, list[SearchRecord]]  # edition code → one record per speech
    pages: list[SplitPage]
    copies: list[StructuredCopy]
    speeches: list[Speech]
    collections: list[Collection]
    report: dict


def read_pages(sources_dir: Path) -> list[SourcePage]:
    if not sources_dir.is_dir():
        raise SourceError(str(sources_dir), "the sources directory does not exist")
    paths = list_sources(sources_dir)
    if not paths:
        raise SourceError(str(sources_dir), "no source pages (*.txt) found")
    return [read_source(p, sources_dir) for p in paths]


def read_handwritten(docs_dir: Path) -> dict[str, bytes]:
    """Hand-written files in the docs directory that every edition carries
    (pages, navigation, stylesheets, scripts); not the theme overrides."""
    if not docs_dir.is_dir():
        return {}
    files = {}
    for path in sorted(docs_dir.rglob("*")):
        rel = path.relative_to(docs_dir).as_posix()
        if path.is_file() and not is_owned(rel) and not rel.startswith(THEME_OVERRIDES):
            files[rel] = path.read_bytes()
    return files


def generate(
    pages: list[SourcePage],
    handwritten: dict[str, bytes] | None = None,
    hant: str | None = DEFAULT_HANT,
    stages: Stages | None = None,
) -> Generated:
    """Everything the generator writes, computed without touching the disk.

    ``hant`` is the OpenCC config of the Traditional edition, or None for none."""
    stages = stages or Stages()
    with stages.stage("split pages"):
        splits = [split_page(p) for p in sorted(pages, key=lambda p: p.file)]
    with stages.stage("clean text and find structure"):
        copies = [find_structure(clean_copy(c)) for s in splits for c in s.copies]
    with stages.stage("merge duplicates"):
        distinct = merge_duplicates(copies)
    with stages.stage("assign ids"):
        speeches, collections = assign_ids(distinct, {s.page.file: s.meta for s in splits})

    files: dict[str, str | bytes] = {}
    with stages.stage("render zh-Hans"):
        files.update(render_edition(SIMPLIFIED, same_script, speeches, collections, handwritten or {}))
        search = {SIMPLIFIED.code: search_records(same_script, speeches, collections)}
    editions = [SIMPLIFIED]
    conversion = None
    # The pages always load the query map; with one edition there is nothing to convert.
    files[f"{SIMPLIFIED.code}/{QUERY_MAP}"] = query_map_script({"chars": {}, "words": {}})
    if hant:
        edition = traditional(hant)
        with stages.stage(f"convert and render {edition.code}"):
            script = RecordingScript(Converter(hant))
            files.update(render_edition(edition, script, speeches, collections, handwritten or {}))
            search[edition.code] = search_records(script, speeches, collections)
        with stages.stage("review conversion"):
            files[f"{SIMPLIFIED.code}/{QUERY_MAP}"] = query_map_script(query_map(script.pairs, reverse=True))
            files[f"{edition.code}/{QUERY_MAP}"] = query_map_script(query_map(script.pairs, reverse=False))
            conversion = script.report()
        editions.append(edition)
    with stages.stage("report and catalog"):
        report = build_report(splits, copies, speeches)
        if conversion:
            report["conversion"] = conversion
        files["catalog.json"] = to_json(catalog(speeches, collections, editions))
        files["build-report.json"] = to_json(report)
    return Generated(
        files={k: v.encode("utf-8") if isinstance(v, str) else v for k, v in sorted(files.items())},
        search=search,
        pages=splits,
        copies=copies,
        speeches=speeches,
        collections=collections,
        report=report,
    )


def render_edition(
    edition: Edition,
    t: Script,
    speeches: list[Speech],
    collections: list[Collection],
    handwritten: dict[str, bytes],
) -> dict[str, str | bytes]:
    """One edition's docs tree: generated pages plus the hand-written files."""
    by_id = {s.id: s for s in speeches}
    by_collection = {c.id: c for c in collections}
    root = edition.code
    files: dict[str, str | bytes] = {
        f"{root}/index.md": render_home(collections, by_id, t),
        f"{root}/{collections_index_path()}": render_collections_index(collections, t),
    }
    for c in collections:
        files[f"{root}/{collection_path(c.id)}"] = render_collection(c, by_id, t)
    for s in speeches:
        files[f"{root}/{speech_path(s.id)}"] = render_speech(s, by_collection, t)
    for rel, data in handwritten.items():
        if rel.endswith(".md"):
            files[f"{root}/{rel}"] = convert_handwritten_markdown(data.decode("utf-8"), t)
        elif rel.endswith((".yml", ".yaml")):
            files[f"{root}/{rel}"] = t(data.decode("utf-8"))
        else:
            files[f"{root}/{rel}"] = data
    return files


def search_records(t: Script, speeches: list[Speech], collections: list[Collection]) -> list[SearchRecord]:
    """What the search index holds for each speech, in the edition's script."""
    by_collection = {c.id: c for c in collections}
    return [
        SearchRecord(
            url="/" + speech_url(s.id),
            title=t(s.title),
            provenance=" · ".join(speech_facts(s, by_collection[s.collection_id], t)),
            text="\n".join(t(b.text) for b in s.blocks),
        )
        for s in speeches
    ]


def query_map_script(mapping: dict) -> str:
    """The search's query-conversion map, as a script the pages load."""
    return "window.SCRIPT_QUERY_MAP = " + json.dumps(mapping, ensure_ascii=False, sort_keys=True) + ";\n"


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def catalog(speeches: list[Speech], collections: list[Collection], editions: list[Edition]) -> dict:
    """The public index of the site: other sites link to speeches through it."""
    return {
        "version": CATALOG_VERSION,
        "collections": [
            {
                "id": c.id,
                "title": c.title,
                "url": f"{SIMPLIFIED.code}/{collection_url(c.id)}",
                "markdown": f"{SIMPLIFIED.code}/" + collection_path(c.id),
                "source": c.file,
                "date": c.meta.date,
                "speeches": list(c.speech_ids),
            }
            for c in collections
        ],
        "speeches": [
            {
                "id": s.id,
                "title": s.title,
                "url": f"{SIMPLIFIED.code}/{speech_url(s.id)}",
                "markdown": f"{SIMPLIFIED.code}/{speech_path(s.id)}",
                "variants": {
                    e.code: {"url": f"{e.code}/{speech_url(s.id)}", "markdown": f"{e.code}/{speech_path(s.id)}"}
                    for e in editions
                    if e != SIMPLIFIED
                },
                "collection": s.collection_id,
                "date": s.meta.date,
                "characters": characters(s),
                "sources": [
                    {"file": r["file"], "section": r["section"], "lines": r["lines"]} for r in provenance(s)
                ],
            }
            for s in speeches
        ],
    }
