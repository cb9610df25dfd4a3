"""Turn a copy's paragraphs into headings and paragraphs.

Outline markers open headings: "一、" is level 2, "(一)" level 3. Run-in
enumerations ("一是……", "一要……", "第一，……") stay paragraphs. A heading
glued to the sentence after it is split off where the pattern makes it clear.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import Block, CleanCopy, StructuredCopy
from ..patterns import HEADING_END_WORDS, MAX_BARE_HEADING_CHARS, MAX_HEADING_CHARS, outline_marker

_SENTENCE_STOP = re.compile(r"[。！？]")
_OPENERS, _CLOSERS = "《“‘（(「『", "》”’）)」』"


def find_structure(clean: CleanCopy) -> StructuredCopy:
    blocks: list[Block] = []
    for paragraph in clean.paragraphs:
        blocks.extend(blocks_of(paragraph.text))
    return StructuredCopy(clean=clean, blocks=tuple(blocks))


def blocks_of(text: str) -> list[Block]:
    if marker := outline_marker(text):
        level, numeral, _ = marker
        head, body = split_heading(text)
        if head:
            heading = Block("heading", head, level=level, number=numeral)
            return [heading] + ([Block("paragraph", body)] if body else [])
    return [Block("paragraph", text)]


def split_heading(text: str) -> tuple[str, str]:
    """(heading, rest) for a paragraph opening with an outline marker; ("", text)
    when it is a run-in paragraph rather than a heading."""
    stops = [m.end() for m in _SENTENCE_STOP.finditer(text)]
    if not stops or (stops == [len(text)] and len(text) <= MAX_BARE_HEADING_CHARS):
        return (text, "") if len(text) <= MAX_BARE_HEADING_CHARS else ("", text)
    first = stops[0]
    if first <= MAX_HEADING_CHARS:
        return text[:first], text[first:]
    end = _glued_heading_end(text)
    return (text[:end], text[end:]) if end else ("", text)


def _glued_heading_end(text: str) -> int:
    """End of a heading glued to its body with nothing between them.

    A heading is a few comma-separated clauses; its end is the last typical
    heading-final word in the first clause (after the first comma) that has
    one, at a word boundary, outside brackets and quotes, and not followed by
    punctuation (a clause followed by a comma is still inside the heading)."""
    window = text[: MAX_HEADING_CHARS + 1]
    boundaries = _word_ends(text[: MAX_HEADING_CHARS + 8])
    best, depth, clause = 0, 0, 0
    for i, ch in enumerate(window):
        depth += (ch in _OPENERS) - (ch in _CLOSERS)
        if ch in "，,":
            if best:
                break
            clause += 1
            continue
        end = i + 1
        if (
            clause >= 1
            and depth == 0
            and end in boundaries
            and text[end : end + 1] not in ("，", ",", "。", "；", "：", "")
            and any(window[:end].endswith(w) for w in HEADING_END_WORDS)
        ):
            best = end
    return best


@lru_cache(maxsize=4096)
def _word_ends(text: str) -> frozenset[int]:
    import jieba  # imported lazily: loading its dictionary takes a second

    return frozenset(end for _, _, end in jieba.tokenize(text))


def warm_up() -> None:
    """Load the word segmenter's dictionary (``_word_ends`` here and
    clean.py's random-text check read it; loading takes a second): done
    before worker processes fork, they share it instead of each loading it."""
    import jieba

    jieba.initialize()
