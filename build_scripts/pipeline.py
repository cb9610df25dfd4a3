"""The stages wired together: source pages in, generated files out (in memory).

    read_source → split_page → clean_text → find_structure →
    merge_duplicates → assign_ids → render_markdown → publish
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .assign_ids import assign_ids
from .build_report import build_report
from .clean_text import clean_copy
from .errors import SourceError
from .find_structure import find_structure
from .merge_duplicates import merge_duplicates
from .model import Collection, SourcePage, Speech, SplitPage, StructuredCopy
from .read_source import list_sources, read_source
from .split_page import split_page
from .render_markdown import (
    characters,
    collection_path,
    provenance,
    render_collection,
    render_home,
    render_speech,
    speech_path,
    speech_url,
)

CATALOG_VERSION = 1


@dataclass(frozen=True)
class Generated:
    files: dict[str, bytes]
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


def generate(pages: list[SourcePage]) -> Generated:
    """Everything the generator writes, computed without touching the disk."""
    splits = [split_page(p) for p in sorted(pages, key=lambda p: p.file)]
    copies = [find_structure(clean_copy(c)) for s in splits for c in s.copies]
    distinct = merge_duplicates(copies)
    speeches, collections = assign_ids(distinct, {s.page.file: s.meta for s in splits})
    by_id = {s.id: s for s in speeches}
    by_collection = {c.id: c for c in collections}

    files: dict[str, str] = {"index.md": render_home(collections, by_id)}
    for c in collections:
        files[collection_path(c.id)] = render_collection(c, by_id)
    for s in speeches:
        files[speech_path(s.id)] = render_speech(s, by_collection)
    report = build_report(splits, copies, speeches)
    files["catalog.json"] = to_json(catalog(speeches, collections))
    files["build-report.json"] = to_json(report)
    return Generated(
        files={k: v.encode("utf-8") for k, v in files.items()},
        pages=splits,
        copies=copies,
        speeches=speeches,
        collections=collections,
        report=report,
    )


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def catalog(speeches: list[Speech], collections: list[Collection]) -> dict:
    """The public index of the site: other sites link to speeches through it."""
    return {
        "version": CATALOG_VERSION,
        "collections": [
            {
                "id": c.id,
                "title": c.title,
                "url": collection_path(c.id)[: -len(".md")] + "/",
                "markdown": collection_path(c.id),
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
                "url": speech_url(s.id),
                "markdown": speech_path(s.id),
                "variants": {},
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
