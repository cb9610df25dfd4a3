"""Stage 5 — group copies of the same speech and pick the one to publish.

Two copies are the same speech when one is (nearly) contained in the other
once whitespace and punctuation are set aside. Candidates are found through
an index of sampled character shingles, so the cost grows with the text, not
with the square of the number of copies.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain

import numpy as np

from .model import DistinctSpeech, StructuredCopy
from .patterns import CJK
from .read_source import NfkcView

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
# Lower-casing works character by character (the final-sigma rule aside, and
# sigma is dropped either way), so NfkcView can skip normalizing whole texts.
_TEXT_OF_NFKC = NfkcView(lambda text: _NOT_TEXT.sub("", text.lower()))


def canonical_text(copy: StructuredCopy) -> str:
    """Text reduced to characters and digits: what counts when comparing copies
    (NFKC, lower case, then only digits, a–z and ideographs)."""
    return _TEXT_OF_NFKC("".join(p.text for p in copy.clean.paragraphs))


def shingles(text: str) -> frozenset[int]:
    """The sampled shingles of a canonical text, as CRC-32 values. Every text
    is sampled by the same rule, so a fragment meets the same shingles in the
    speech it was cut from; a text too short to hold one is its own shingle."""
    # A shingle starting at i is kept when (code of its first character + code
    # of its last) % SAMPLE_MOD == 0; numpy tests every position at once.
    starts: list[int] = []
    if len(text) >= SHINGLE:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        starts = np.flatnonzero((codes[: 1 - SHINGLE] + codes[SHINGLE - 1 :]) % SAMPLE_MOD == 0).tolist()
    picked = [text[i : i + SHINGLE] for i in starts] or [text]
    return frozenset([zlib.crc32(p.encode()) for p in picked])


@dataclass(frozen=True)
class Fingerprint:
    """What merging needs to know of a copy. ``fingerprint`` works on one copy
    alone, so the fingerprints can be made in worker processes."""

    length: int  # characters in the canonical text
    shingles: frozenset[int]


def fingerprint(copy: StructuredCopy) -> Fingerprint:
    text = canonical_text(copy)
    return Fingerprint(len(text), shingles(text))


def share_in(part: frozenset[int], whole: frozenset[int]) -> float:
    """How much of ``part`` is found in ``whole`` (1.0: all of it)."""
    return len(part & whole) / len(part) if part else 0.0


def merge_duplicates(
    copies: list[StructuredCopy],
    fingerprints: list[Fingerprint] | None = None,
    track: Callable[[list[int]], Iterable[int]] = iter,
) -> list[DistinctSpeech]:
    """Distinct speeches in order of first appearance; each lists its copies, best first.

    Copies are taken longest first. A copy (nearly) contained in a speech
    already found joins the one that contains most of it; otherwise it starts
    a new speech. Joining one speech, never chaining: 范文 speeches reuse
    template paragraphs, so a short fragment can sit inside several different
    speeches, and letting it link them would merge speeches that differ.

    ``fingerprints``: ``fingerprint(c)`` of each copy, if already made;
    ``track`` wraps the loop over the copies (a progress bar: Stages.track)."""
    if fingerprints is None:
        fingerprints = [fingerprint(c) for c in copies]
    lengths = [f.length for f in fingerprints]
    sets = [f.shingles for f in fingerprints]
    order = sorted(range(len(copies)), key=lambda i: (-lengths[i], i))
    index: dict[int, list[int]] = {}  # shingle → speeches (by their longest copy)
    members: dict[int, list[int]] = {}
    for i in track(order):
        # Rare shingles are the probes: they tell which speech a copy belongs
        # to, and their short postings keep the lookup cheap. A copy made only
        # of template language still gets its MIN_PROBES rarest ones.
        # Only the shingles already in the index need looking at: a new one
        # counts as a probe but finds nothing.
        known = index.keys() & sets[i]
        probes = [h for h in known if len(index[h]) < MAX_POSTINGS]
        probe_count = len(sets[i]) - len(known) + len(probes)
        if not probe_count:
            probes = sorted(known, key=lambda h: (len(index[h]), h))[:MIN_PROBES]
            probe_count = len(probes)
        shared = Counter(chain.from_iterable(index[h] for h in probes))
        best, best_score = None, 0.0
        for head, count in sorted(shared.items()):
            # Shared probes estimate containment cheaply; only likely speeches are verified.
            if count < CONTAINMENT / 2 * probe_count:
                continue
            score = share_in(sets[i], sets[head])
            if score >= CONTAINMENT and score > best_score:
                best, best_score = head, score
        if best is None:
            members[i] = [i]
            for h in known:
                index[h].append(i)
            index.update({h: [i] for h in sets[i] - known})
        else:
            members[best].append(i)
    groups = sorted(members.values(), key=min)
    return [
        DistinctSpeech(copies=tuple(copies[i] for i in sorted(g, key=lambda i: _rank(copies[i], lengths[i], i))))
        for g in groups
    ]


def _rank(copy: StructuredCopy, length: int, position: int) -> tuple:
    """Most complete first (``length``: of the canonical text), then least
    damaged, then first on the page."""
    damage = sum(1 for r in copy.clean.repairs if r.rule != "punctuation-full-width")
    return (-length, damage, position)
