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
from .patterns import CJK

SHINGLE = 8  # characters per shingle
# Only shingles picked by their own characters are kept ("content-defined"
# sampling), about one in SAMPLE_MOD: the same text always gives the same
# sample, so two copies are compared on the same shingles, and a 10,000-speech
# corpus fits in memory.
SAMPLE_MOD = 8
CONTAINMENT = 0.8  # share of the shorter copy's shingles found in the longer
# A shingle found in more speeches than this is template language
# ("同志们，今天召开…"): it says little about which speech a copy is, and
# following all of them would make the cost grow with the square of the corpus.
MAX_POSTINGS = 32
MIN_PROBES = 16
_NOT_TEXT = re.compile(f"[^0-9a-z{CJK}]")


def canonical_text(copy: StructuredCopy) -> str:
    """Text reduced to characters and digits: what counts when comparing copies."""
    text = "".join(p.text for p in copy.clean.paragraphs)
    return _NOT_TEXT.sub("", unicodedata.normalize("NFKC", text).lower())


def shingles(text: str) -> frozenset[int]:
    """The sampled shingles of a canonical text, as CRC-32 values. Every text
    is sampled by the same rule, so a fragment meets the same shingles in the
    speech it was cut from; a text too short to hold one is its own shingle."""
    codes = [ord(ch) for ch in text]
    picked = [
        text[i : i + SHINGLE]
        for i in range(len(text) - SHINGLE + 1)
        if (codes[i] + codes[i + SHINGLE - 1]) % SAMPLE_MOD == 0
    ] or [text]
    return frozenset(zlib.crc32(p.encode()) for p in picked)


def share_in(part: frozenset[int], whole: frozenset[int]) -> float:
    """How much of ``part`` is found in ``whole`` (1.0: all of it)."""
    return len(part & whole) / len(part) if part else 0.0


def merge_duplicates(copies: list[StructuredCopy]) -> list[DistinctSpeech]:
    """Distinct speeches in order of first appearance; each lists its copies, best first.

    Copies are taken longest first. A copy (nearly) contained in a speech
    already found joins the one that contains most of it; otherwise it starts
    a new speech. Joining one speech, never chaining: 范文 speeches reuse
    template paragraphs, so a short fragment can sit inside several different
    speeches, and letting it link them would merge speeches that differ."""
    texts = [canonical_text(c) for c in copies]
    sets = [shingles(t) for t in texts]
    order = sorted(range(len(copies)), key=lambda i: (-len(texts[i]), i))
    index: dict[int, list[int]] = defaultdict(list)  # shingle → speeches (by their longest copy)
    members: dict[int, list[int]] = {}
    for i in order:
        # Rare shingles first: they tell which speech a copy belongs to, and
        # their short postings keep the lookup cheap. A copy made only of
        # template language still gets its MIN_PROBES rarest ones.
        by_rarity = sorted(sets[i], key=lambda h: (len(index[h]), h))
        probes = [h for h in by_rarity if len(index[h]) < MAX_POSTINGS] or by_rarity[:MIN_PROBES]
        shared: Counter[int] = Counter()
        for h in probes:
            shared.update(index[h])
        best, best_score = None, 0.0
        for head, count in sorted(shared.items()):
            # Shared probes estimate containment cheaply; only likely speeches are verified.
            if count < CONTAINMENT / 2 * len(probes):
                continue
            score = share_in(sets[i], sets[head])
            if score >= CONTAINMENT and score > best_score:
                best, best_score = head, score
        if best is None:
            members[i] = [i]
            for h in sets[i]:
                index[h].append(i)
        else:
            members[best].append(i)
    groups = sorted(members.values(), key=min)
    return [
        DistinctSpeech(copies=tuple(copies[i] for i in sorted(g, key=lambda i: _rank(copies[i], texts[i], i))))
        for g in groups
    ]


def _rank(copy: StructuredCopy, text: str, position: int) -> tuple:
    """Most complete first, then least damaged, then first on the page."""
    damage = sum(1 for r in copy.clean.repairs if r.rule != "punctuation-full-width")
    return (-len(text), damage, position)
