"""Stage 5 — group copies of the same speech and pick the one to publish.

Two copies are the same speech when one is (nearly) contained in the other
once whitespace and punctuation are set aside. Candidates are found through
an index of sampled character shingles, so the cost grows with the text, not
with the square of the number of copies.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable

import numpy as np

from ..model import DistinctSpeech, Fingerprint, StructuredCopy
from ..patterns import CJK
from ..fast.crc import crc32_of_slices
from ..parse.decode import NfkcView

SHINGLE = 8  # characters per shingle
# Only shingles picked by their own characters are kept ("content-defined"
# sampling), about one in SAMPLE_MOD: the same text always gives the same
# sample, so two copies are compared on the same shingles, and a 10,000-speech
# corpus fits in memory.
SAMPLE_MOD = 8  # a power of two, so that shingles() can take the % as a (cheaper) &
assert SAMPLE_MOD & (SAMPLE_MOD - 1) == 0
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


def shingles(text: str) -> np.ndarray:
    """The sampled shingles of a canonical text, as CRC-32 values (uint32,
    ascending, each once). Every text is sampled by the same rule, so a
    fragment meets the same shingles in the speech it was cut from; a text
    too short to hold one is its own shingle."""
    # A shingle starting at i is kept when (code of its first character + code
    # of its last) % SAMPLE_MOD == 0; numpy tests every position at once.
    if len(text) >= SHINGLE:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        starts = np.flatnonzero((codes[: 1 - SHINGLE] + codes[SHINGLE - 1 :]) & (SAMPLE_MOD - 1) == 0)
        if len(starts):
            return np.unique(crc32_of_slices(text, codes, starts, SHINGLE))
    return np.array([zlib.crc32(text.encode())], dtype=np.uint32)


def fingerprint(copy: StructuredCopy) -> Fingerprint:
    return text_fingerprint(canonical_text(copy))


def text_fingerprint(text: str) -> Fingerprint:
    """The fingerprint of a canonical text."""
    return Fingerprint(len(text), shingles(text).tobytes())


def share_in(part: np.ndarray, whole: np.ndarray) -> float:
    """How much of ``part`` is found in ``whole`` (1.0: all of it); both
    as ``shingles`` gives them (ascending, each once)."""
    return len(np.intersect1d(part, whole, assume_unique=True)) / len(part) if len(part) else 0.0


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
    order = sorted(range(len(copies)), key=lambda i: (-lengths[i], i))
    index = _Index([f.shingles for f in fingerprints], order)
    members: dict[int, list[int]] = {}
    for i in track(order):
        heads, shared, probe_count = index.shared_probes(i)
        # Shared probes estimate containment cheaply; only likely speeches are verified.
        likely = heads[shared >= CONTAINMENT / 2 * probe_count].tolist()
        best, best_score = None, 0.0
        for head, score in zip(likely, index.shares(i, likely)):
            if score >= CONTAINMENT and score > best_score:
                best, best_score = head, score
        index.take(i, starts_speech=best is None)
        if best is None:
            members[i] = [i]
        else:
            members[best].append(i)
    groups = sorted(members.values(), key=min)
    return [
        DistinctSpeech(copies=tuple(copies[i] for i in sorted(g, key=lambda i: _rank(copies[i], lengths[i], i))))
        for g in groups
    ]


class _Index:
    """Which speeches (by their longest copy) hold each shingle, as copies are
    taken in ``order``. Arrays by shingle number rather than a dict of posting
    lists: millions of small lists cost more in the garbage collector than in
    the lookups, and a copy's shingles are looked up all at once."""

    def __init__(self, sets: list[np.ndarray], order: list[int]):
        self.ids, self.first, self.holders = _number_shingles(sets, order)
        # The copies taken so far that hold shingle u are
        # holders[first[u] : first[u] + seen[u]]; held[u] of them started a speech.
        self.seen = np.zeros(len(self.first), dtype=np.int64)
        self.held = np.zeros(len(self.first), dtype=np.int64)
        self.starts_speech = np.zeros(len(sets), dtype=bool)
        self.in_copy = np.zeros(len(self.first), dtype=bool)  # scratch for shares()

    def shared_probes(self, i: int) -> tuple[np.ndarray, np.ndarray, int]:
        """The speeches sharing probes with copy ``i`` (ascending), how many
        probes each, and how many probes the copy has."""
        # Rare shingles are the probes: they tell which speech a copy belongs
        # to, and their short postings keep the lookup cheap. A copy made only
        # of template language still gets its MIN_PROBES rarest ones (ties:
        # smallest value first, as numbers follow values). A new shingle
        # counts as a probe but finds nothing.
        mine = self.ids[i]
        sizes = self.held[mine]
        rare = sizes < MAX_POSTINGS
        probe_count = int(np.count_nonzero(rare))
        if probe_count:
            probes = mine[rare & (sizes > 0)]
        else:
            probes = mine[np.lexsort((mine, sizes))[:MIN_PROBES]]
            probe_count = len(probes)
        # The copies taken so far that hold a probe, all probes at once; those
        # that started a speech are its postings.
        taken = self.seen[probes]
        found = self.holders[np.repeat(self.first[probes] - np.cumsum(taken) + taken, taken) + np.arange(taken.sum())]
        heads, shared = np.unique(found[self.starts_speech[found]], return_counts=True)
        return heads, shared, probe_count

    def shares(self, i: int, heads: list[int]) -> list[float]:
        """``share_in`` of copy ``i``'s shingles in each of ``heads``'s."""
        if not heads:
            return []
        mine = self.ids[i]
        self.in_copy[mine] = True
        found = [np.count_nonzero(self.in_copy[self.ids[head]]) / len(mine) for head in heads]
        self.in_copy[mine] = False
        return found

    def take(self, i: int, starts_speech: bool) -> None:
        """Copy ``i`` is placed: the next in ``order``."""
        mine = self.ids[i]
        self.seen[mine] += 1
        if starts_speech:
            self.starts_speech[i] = True
            self.held[mine] += 1


def _number_shingles(sets: list[np.ndarray], order: list[int]) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Every shingle numbered 0, 1, … in order of value, with one sort.

    Returns the numbers of each copy's shingles; and, shingle by shingle, the
    copies holding it in the order they are taken (``holders``), shingle u's
    from ``first[u]`` on."""
    counts = np.fromiter((len(sets[i]) for i in order), dtype=np.int64, count=len(order))
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(order) else 0
    # Shingles are CRC-32 values: (value << 32 | place) sorts by value, then
    # by place, which is the order the copies are taken in.
    pairs = np.concatenate([sets[i] for i in order]).astype(np.uint64) if order else np.empty(0, dtype=np.uint64)
    pairs <<= np.uint64(32)
    pairs |= np.arange(total, dtype=np.uint64)
    pairs.sort()
    places = (pairs & np.uint64(0xFFFFFFFF)).astype(np.intp)
    pairs >>= np.uint64(32)
    new = np.ones(total, dtype=bool)
    new[1:] = pairs[1:] != pairs[:-1]
    numbers = np.empty(total, dtype=np.int32)
    numbers[places] = np.cumsum(new) - 1
    ids: list[np.ndarray] = [numbers[:0]] * len(sets)
    for i, mine in zip(order, np.split(numbers, ends[:-1])):
        ids[i] = mine
    holders = np.asarray(order, dtype=np.intp)[np.searchsorted(ends, places, side="right")]
    return ids, np.flatnonzero(new), holders


def _rank(copy: StructuredCopy, length: int, position: int) -> tuple:
    """Most complete first (``length``: of the canonical text), then least
    damaged, then first on the page."""
    damage = sum(1 for r in copy.clean.repairs if r.rule != "punctuation-full-width")
    return (-length, damage, position)
