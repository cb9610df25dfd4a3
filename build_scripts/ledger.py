"""The ids ledger on disk, ``sources/speech-ids.tsv`` (what it holds and how
ids follow from it: stable_ids.py): its format, reading and writing."""

from __future__ import annotations

import re
from pathlib import Path

from .errors import SourceError
from .stable_ids import LEDGER, LedgerEntry

_HEADER = (
    "# Published speech ids: kept by the generator (python -m build_scripts generate), reviewed in pull requests.\n"
    "# id\tadded\tfingerprint\tcopies (file#section.k, …)\talias of (when merged into another speech)\n"
)


def parse_ledger(text: str, path: str = LEDGER) -> list[LedgerEntry]:
    entries, seen = [], set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (4, 5):
            raise SourceError(path, f"expected 4 or 5 tab-separated fields, found {len(fields)}", number)
        sid, added, print_, copies = fields[:4]
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid):
            raise SourceError(path, f"not an id: {sid!r}", number)
        if sid in seen:
            raise SourceError(path, f"id {sid!r} listed twice", number)
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", added) or not re.fullmatch(r"[0-9a-f]{16}", print_):
            raise SourceError(path, "the date must be YYYY-MM-DD and the fingerprint 16 hex digits", number)
        seen.add(sid)
        entries.append(LedgerEntry(sid, added, print_, tuple(c for c in copies.split(",") if c), *(fields[4:] or [""])))
    for entry in entries:
        if entry.alias_of and entry.alias_of not in seen:
            raise SourceError(path, f"{entry.id} is an alias of {entry.alias_of!r}, which is not listed")
    return entries


def format_ledger(entries: list[LedgerEntry]) -> str:
    lines = [_HEADER]
    for e in entries:
        fields = [e.id, e.added, e.fingerprint, ",".join(e.copies)] + ([e.alias_of] if e.alias_of else [])
        lines.append("\t".join(fields) + "\n")
    return "".join(lines)


def read_ledger(sources: Path) -> list[LedgerEntry]:
    path = sources / LEDGER
    if not path.is_file():
        return []
    return parse_ledger(path.read_text(encoding="utf-8"), str(path))


def write_ledger(sources: Path, entries: list[LedgerEntry]) -> bool:
    """Write the ledger when it changed (only then: a rebuild writes nothing)."""
    path = sources / LEDGER
    text = format_ledger(entries)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
