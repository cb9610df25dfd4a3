"""Stage 5 — group copies of the same speech and pick the one to publish.

Two copies are the same speech when one is (nearly) contained in the other
once whitespace and punctuation are set aside. Candidates are found through
an index of sampled character shingles, so the cost grows with the text, not
with the square of the number of copies.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter, defaultdict

from .model import DistinctSpeech, StructuredCopy

SHINGLE = 8  # characters per shingle
SAMPLE_MOD = 4  # index one shingle in four (chosen by hash, so the same ones everywhere)
CONTAINMENT = 0.8  # share of the shorter copy's shingles found in the longer
_NOT_TEXT = re.compile(r"[^0-9a-z\u3400-\u4dbf\u4e00-\u9fff]")


def canonical_text(copy: StructuredCopy) -> str:
    """Text reduced to characters and digits: what counts when comparing copies."""
    text = "".join(p.text for p in copy.clean.paragraphs)
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text).lower())


def shingles(text: str) -> frozenset[int]:
    if len(text) < SHINGLE:
        return frozenset([zlib.crc32(text.encode())])
    return frozenset(zlib.crc32(text[i : i + SHINGLE].encode()) for i in range(len(text) - SHINGLE + 1))


def containment(a: frozenset[int], b: frozenset[int]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small & large) / len(small) if small else 0.0


def merge_duplicates(copies: list[StructuredCopy]) -> list[DistinctSpeech]:
    """Distinct speeches in order of first appearance; each lists its copies, best first."""
    texts = [canonical_text(c) for c in copies]
    sets = [shingles(t) for t in texts]
    parent = list(range(len(copies)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    index: dict[int, list[int]] = defaultdict(list)
    sample_sizes: list[int] = []
    for i, s in enumerate(sets):
        shared: Counter[int] = Counter()
        sample = [h for h in s if h % SAMPLE_MOD == 0]
        sample_sizes.append(len(sample))
        for h in sample:
            shared.update(index[h])
            index[h].append(i)
        for j, count in shared.items():
            # Sampled shingles estimate containment cheaply; only likely pairs are verified.
            if count < CONTAINMENT / 2 * min(len(sample), sample_sizes[j]):
                continue
            if root(i) != root(j) and containment(sets[i], sets[j]) >= CONTAINMENT:
                parent[root(i)] = root(j)

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(copies)):
        groups[root(i)].append(i)
    ordered = sorted(groups.values(), key=lambda members: members[0])
    return [
        DistinctSpeech(copies=tuple(copies[i] for i in sorted(g, key=lambda i: _rank(copies[i], texts[i], i))))
        for g in ordered
    ]


def _rank(copy: StructuredCopy, text: str, position: int) -> tuple:
    """Most complete first, then least damaged, then first on the page."""
    damage = sum(1 for r in copy.clean.repairs if r.rule != "punctuation-full-width")
    return (-len(text), damage, position)
