"""Collation — what the merged copies of a speech say differently.

A speech merged from several copies publishes ``copies[0]``; every other copy
is compared with it, so the page can show the readings the published text
does not have ("第3篇：2010年 / 第1篇：2022年"). Whitespace and paragraphing are
not variants (a scrape breaks lines anywhere); characters and punctuation are.

The comparison runs on the block texts with whitespace removed, in three
steps of difflib, each only where the previous one found a difference:

1. the copies' paragraphs (blocks) are aligned as whole strings: identical
   paragraphs cost nothing more;
2. inside a stretch of paragraphs that differ, the sentences are aligned
   (so a paragraph split differently in the two copies lines up again);
3. inside a stretch of sentences that differ, the characters are compared.

Character comparison is capped (``MAX_CELLS``): a stretch too long to compare
cheaply is reported as one variant. Differences closer than ``JOIN``
characters are one variant ("首批‘全国文明城市’" rather than two quotes), and a
variant inside a number, a Latin word or a placeholder covers all of it
("2010" / "2022", "****" / "_____*", not "10" / "22", "***" / "_____").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from difflib import SequenceMatcher
from itertools import accumulate

from ..model import CopyCollation, DistinctSpeech, Reading, StructuredCopy, Variant
from ..patterns import compact

JOIN = 8  # differences at most this many characters apart are one variant
CONTEXT = 8  # characters of common text shown on each side of a variant
# Character comparison of two stretches is skipped above this product of
# their lengths (difflib's worst case): the stretch is one variant instead.
MAX_CELLS = 250_000
_SENTENCE = re.compile(r"[^。！？；!?;]*[。！？；!?;]+[”’」』）)]*|[^。！？；!?;]+")


class _Text:
    """A copy's text without whitespace, with its block and source-line offsets."""

    def __init__(self, copy: StructuredCopy):
        self.blocks = [compact(b.text) for b in copy.blocks]
        self.text = "".join(self.blocks)
        self.block_starts = list(accumulate((len(b) for b in self.blocks), initial=0))
        paragraphs = [compact(p.text) for p in copy.clean.paragraphs]
        self.lines = [(p.first_line, p.last_line) for p in copy.clean.paragraphs]
        self.paragraph_starts = list(accumulate((len(p) for p in paragraphs), initial=0))
        # Blocks are the paragraphs re-cut (a heading split off its sentence):
        # the same characters. Should that ever not hold, cite the whole copy.
        self.whole = copy.clean.copy.line_range if "".join(paragraphs) != self.text else None

    def block_at(self, offset: int) -> int:
        return max(0, min(len(self.blocks) - 1, bisect_right(self.block_starts, offset) - 1))

    def lines_of(self, start: int, end: int) -> tuple[int, int]:
        if self.whole or not self.lines:
            return self.whole or (0, 0)
        last = len(self.lines) - 1
        first = max(0, min(last, bisect_right(self.paragraph_starts, start) - 1))
        final = max(first, min(last, bisect_right(self.paragraph_starts, max(start, end - 1)) - 1))
        return (self.lines[first][0], self.lines[final][1])


def _sentences(text: str) -> list[str]:
    return _SENTENCE.findall(text)


def _spans(a: list[str], b: list[str], a0: int, b0: int, refine) -> list[tuple[int, int, int, int]]:
    """Differing spans (i1, i2, j1, j2), as character offsets, between two
    sequences of text pieces starting at offsets a0 and b0."""
    a_starts = list(accumulate((len(x) for x in a), initial=a0))
    b_starts = list(accumulate((len(x) for x in b), initial=b0))
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        sa, sb = "".join(a[i1:i2]), "".join(b[j1:j2])
        if sa == sb:  # the same text cut into pieces differently
            continue
        out += refine(sa, sb, a_starts[i1], b_starts[j1])
    return out


def _by_sentence(sa: str, sb: str, a0: int, b0: int) -> list[tuple[int, int, int, int]]:
    if not sa or not sb:
        return [(a0, a0 + len(sa), b0, b0 + len(sb))]
    return _spans(_sentences(sa), _sentences(sb), a0, b0, _by_character)


def _by_character(sa: str, sb: str, a0: int, b0: int) -> list[tuple[int, int, int, int]]:
    if not sa or not sb or len(sa) * len(sb) > MAX_CELLS:
        return [(a0, a0 + len(sa), b0, b0 + len(sb))]
    return [
        (a0 + i1, a0 + i2, b0 + j1, b0 + j2)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes()
        if tag != "equal"
    ]


# Characters that make up numbers, Latin words and template placeholders.
_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*_＊＿ｘＸ×○%.")


def _widened(a: str, b: str, span: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """The span grown over the common characters of the number, Latin word or
    placeholder it cuts into."""
    i1, i2, j1, j2 = span
    while i1 and j1 and a[i1 - 1] == b[j1 - 1] and a[i1 - 1] in _WORD:
        i1, j1 = i1 - 1, j1 - 1
    while i2 < len(a) and j2 < len(b) and a[i2] == b[j2] and a[i2] in _WORD:
        i2, j2 = i2 + 1, j2 + 1
    return (i1, i2, j1, j2)


def _joined(spans: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    out: list[tuple[int, int, int, int]] = []
    for span in spans:
        if out and span[0] - out[-1][1] <= JOIN and span[2] - out[-1][3] <= JOIN:
            out[-1] = (out[-1][0], span[1], out[-1][2], span[3])
        else:
            out.append(span)
    return out


def compare(published: StructuredCopy, other: StructuredCopy, index: int = 1) -> CopyCollation:
    """The variants of ``other`` against ``published``, in text order."""
    a, b = _Text(published), _Text(other)
    if a.blocks == b.blocks:
        return CopyCollation(index, (), same_blocks=True, same_text=True)
    spans = _joined(sorted(_widened(a.text, b.text, s) for s in _spans(a.blocks, b.blocks, 0, 0, _by_sentence)))
    variants = []
    for n, (i1, i2, j1, j2) in enumerate(spans):
        previous_end = spans[n - 1][1] if n else 0
        next_start = spans[n + 1][0] if n + 1 < len(spans) else len(a.text)
        variants.append(
            Variant(
                block=a.block_at(i1 if i2 > i1 or i1 == 0 else i1 - 1),
                before=a.text[max(previous_end, i1 - CONTEXT) : i1],
                after=a.text[i2 : min(next_start, i2 + CONTEXT)],
                published=Reading(a.text[i1:i2], a.lines_of(i1, i2), i1 == 0 and i2 == 0, i1 == len(a.text)),
                other=Reading(b.text[j1:j2], b.lines_of(j1, j2), j1 == 0 and j2 == 0, j1 == len(b.text)),
            )
        )
    return CopyCollation(index, tuple(variants), same_blocks=False, same_text=not variants)


def collate(speech: DistinctSpeech) -> tuple[CopyCollation, ...]:
    """Every merged copy compared with the published one (empty for a single copy)."""
    best = speech.copies[0]
    return tuple(compare(best, other, i) for i, other in enumerate(speech.copies[1:], start=1))
