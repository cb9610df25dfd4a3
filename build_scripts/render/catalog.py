"""``catalog.json``: the public index of the site, through which other
sites link to speeches (its format is in the README). Every page URL is
relative to ``base_url``, the site's address when the build knew it; the
corpus downloads are published outside the site, at absolute URLs;
``markdown`` paths are relative to the generated ``docs/`` (and, without
the edition's folder, are the paths in that edition's corpus download)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..editions.registry import SIMPLIFIED
from ..model import Collection, Edition, Facets, Speech
from .paths import collection_path, collection_url, corpus_zip_url, speech_path, speech_url
from .speech_page import characters, provenance

# 2: a speech's .docx and .txt are no longer files of the site (its page
# makes them in the reader's browser): its downloads are its edition's
# corpus download (README, catalog.json).
# 3: the corpus downloads are no longer files of the site: ``downloads.zip``
# is the absolute URL they are published at, and there is no ``downloads``
# when the build did not know it (no DOWNLOADS_URL).
CATALOG_VERSION = 3


def catalog(
    speeches: list[Speech],
    collections: list[Collection],
    editions: list[Edition],
    titles: Mapping[str, Callable[[str], str]],
    facets: Mapping[str, Facets],
    site_url: str | None,
    downloads_url: str | None = None,
) -> dict:
    """The public index of the site: other sites link to speeches through it.
    ``titles``: by edition code, how that edition prints a title (its
    converter); ``facets``: each speech's, by id; ``downloads_url``: where
    the corpus downloads are published (settings.py), None if not known."""
    urls = {c.file: c.meta.url for c in collections if c.meta.url}  # where each source page was found
    others = [e for e in editions if e != SIMPLIFIED]

    zips = {e.code: corpus_zip_url(downloads_url, e.code) for e in editions}

    def speech_edition(s: Speech, e: Edition) -> dict:
        out = {
            "title": titles[e.code](s.title),
            "url": f"{e.code}/{speech_url(s.id)}",
            "markdown": f"{e.code}/{speech_path(s.id)}",
        }
        if zips[e.code]:
            out["downloads"] = {"zip": zips[e.code]}
        return out

    def collection_edition(c: Collection, e: Edition) -> dict:
        return {
            "title": titles[e.code](c.title),
            "url": f"{e.code}/{collection_url(c.id)}",
            "markdown": f"{e.code}/{collection_path(c.id)}",
        }

    return {
        "version": CATALOG_VERSION,
        "base_url": site_url.rstrip("/") + "/" if site_url else None,
        "collections": [
            {
                "id": c.id,
                **collection_edition(c, SIMPLIFIED),
                "variants": {e.code: collection_edition(c, e) for e in others},
                "source": c.file,
                "date": c.meta.date,
                "speeches": list(c.speech_ids),
            }
            for c in collections
        ],
        "speeches": [
            {
                "id": s.id,
                **speech_edition(s, SIMPLIFIED),
                "variants": {e.code: speech_edition(s, e) for e in others},
                "collection": s.collection_id,
                "date": s.meta.date,
                "speech_date": speech_date(facets[s.id]),
                "topics": list(facets[s.id].topics),
                "places": list(facets[s.id].places),
                "meeting_types": list(facets[s.id].meeting_types),
                "speaker_roles": list(facets[s.id].speaker_roles),
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


def speech_date(facets: Facets) -> dict | None:
    """When the speech was given, as its page's front matter says it
    (``year``, or ``years`` [first, last] with null for an open end, and
    ``date`` when a dateline gives the day), without the evidence; null when
    nothing dates it."""
    found = facets.speech_date.front_matter()
    if not isinstance(found, dict) or found.get("conflict"):
        return None
    return {key: value for key, value in found.items() if key != "evidence"}
