"""JSON files written for people and for diffs: one entry of a list to a line.

The catalog and the build report hold a record per speech or per source
page. Indented JSON would give each field its own line (a 10,000-speech
report took 100 MB) and is written by the json module's slow pure-Python
encoder; one record to a line is written by its C encoder, is a third of
the size, and a diff shows which record changed.
"""

from __future__ import annotations

import json


def json_entry(key: str, value) -> str:
    """One member of the top-level object: a non-empty list one element to a
    line, anything else indented."""
    if isinstance(value, list) and value:
        rows = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
        body = f"[\n    {rows}\n  ]"
    else:
        body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return f"  {json.dumps(key)}: {body}"


def json_document(entries: list[str]) -> str:
    """The top-level object of members made by ``json_entry``."""
    return "{\n" + ",\n".join(entries) + "\n}\n" if entries else "{}\n"


def lined_json(data: dict) -> str:
    return json_document([json_entry(key, value) for key, value in data.items()])
