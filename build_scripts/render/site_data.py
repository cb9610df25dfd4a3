"""What the site build needs besides the pages, as files of the generated
docs folder (render/paths.py says where): each edition's search records
and the redirects of speeches merged into older ones. ``generate`` writes
them, ``build`` reads them back (publishing/build_site.py), so a site is
built from a docs folder on disk alone."""

from __future__ import annotations

import json

from ..model import SearchRecord
from .json_text import json_document, json_entry


def search_records_json(records: list[SearchRecord], display_map: dict | None = None) -> str:
    """One record to a line, in the order given; for the Traditional
    edition, with the map that shows the Simplified index's text in its
    script (editions/review.py display_map), which the index is checked against."""
    rows = [
        {"url": r.url, "title": r.title, "provenance": r.provenance, "text": r.text, "headings": [list(h) for h in r.headings]}
        for r in records
    ]
    entries = [json_entry("records", rows)]
    if display_map is not None:
        entries.append(json_entry("display_map", display_map))
    return json_document(entries)


def read_search_records(text: str) -> list[SearchRecord]:
    rows = json.loads(text)["records"]
    return [
        SearchRecord(r["url"], r["title"], r["provenance"], r["text"], tuple((n, anchor) for n, anchor in r["headings"]))
        for r in rows
    ]


def read_display_map(text: str) -> dict | None:
    return json.loads(text).get("display_map")


def redirects_json(redirects: dict[str, str]) -> str:
    """Old speech id → the id its URL now leads to, sorted."""
    return json.dumps(dict(sorted(redirects.items())), ensure_ascii=False, indent=2) + "\n"


def read_redirects(text: str) -> dict[str, str]:
    return json.loads(text)
