"""The build report: where every source line went, and every repair made.

Written as ``build-report.json`` beside the catalog, for review; the command
line prints a summary of it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from .model import Speech, SplitPage, StructuredCopy
from .patterns import SLASH_MOJIBAKE, WATERMARKS


def comparable(text: str) -> str:
    """Letters and digits only: what cleaning must never lose."""
    text = text.translate({ord(c): "/" for c in SLASH_MOJIBAKE})
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def lost_text(copy: StructuredCopy) -> str:
    """Characters of the copy's source lines that reached no block ("" when none)."""
    raw = "".join(line.text for line in copy.clean.copy.lines)
    for pattern in WATERMARKS:
        raw = pattern.sub("", raw)
    published = comparable("".join(b.text for b in copy.blocks))
    return "" if comparable(raw) == published else comparable(raw)


def build_report(splits: list[SplitPage], copies: list[StructuredCopy], speeches: list[Speech]) -> dict:
    """Where every source line went, and every repair made, for review."""
    speech_of = {}
    for s in speeches:
        for i, c in enumerate(s.distinct.copies):
            speech_of[id(c)] = (s.id, i == 0)
    pages = []
    for split in splits:
        page_copies = [c for c in copies if c.clean.copy.file == split.page.file]
        line_to_copy = {}
        for c in page_copies:
            for line in c.clean.copy.lines:
                line_to_copy[line.number] = c
        lines = []
        for v in split.verdicts:
            row = {"line": v.line, "kind": v.kind, "rule": v.rule}
            if v.line in line_to_copy:
                sid, published = speech_of[id(line_to_copy[v.line])]
                row.update(speech=sid, role="published" if published else "duplicate")
            lines.append(row)
        repairs = [
            {"rule": r.rule, "line": r.line, "before": r.before, "after": r.after}
            for c in page_copies
            for r in c.clean.repairs
        ]
        pages.append(
            {
                "file": split.page.file,
                "encoding": split.page.encoding,
                "title": split.meta.title,
                "lines_by_kind": dict(sorted(Counter(v.kind for v in split.verdicts).items())),
                "repairs_by_rule": dict(sorted(Counter(r["rule"] for r in repairs).items())),
                "unaccounted": [c.clean.copy.line_range for c in page_copies if lost_text(c)],
                "lines": lines,
                "repairs": repairs,
            }
        )
    return {"pages": pages}
