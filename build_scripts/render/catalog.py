"""``catalog.json``: the public index of the site, through which other
sites link to speeches (its format is in the README)."""

from __future__ import annotations

from ..editions.registry import SIMPLIFIED
from ..model import Collection, Edition, Speech
from .paths import collection_path, collection_url, speech_path, speech_url
from .speech_page import characters, provenance

CATALOG_VERSION = 1


def catalog(speeches: list[Speech], collections: list[Collection], editions: list[Edition]) -> dict:
    """The public index of the site: other sites link to speeches through it."""
    urls = {c.file: c.meta.url for c in collections if c.meta.url}  # where each source page was found
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
                    {"file": r["file"], "section": r["section"], "lines": r["lines"]}
                    | ({"url": urls[r["file"]]} if urls.get(r["file"]) else {})
                    for r in provenance(s)
                ],
            }
            for s in speeches
        ],
    }
