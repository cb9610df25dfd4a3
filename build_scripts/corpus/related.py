"""Related speeches — the few speeches whose wording is closest to a speech's.

Each speech becomes a TF-IDF vector over its character bigrams (two Han
characters in a row: Chinese needs no word segmenter for this), weighted
``tf · log(N / df)``; the title's bigrams count ``TITLE_WEIGHT`` times. (Raw
rather than logarithmic tf: a speech about 创卫 says 创卫 fifty times, and
that is what should find its kin.) Only its ``TOP_TERMS`` heaviest bigrams
that some other speech also has are kept, scaled to unit length: they are
what the speech is about (创卫, 文明, 棚户 …), while the bigrams every speech
shares (同志, 工作) weigh next to nothing, and one no other speech has links it
to nothing. An inverted index from kept bigrams to speeches gives each speech
its candidates, scored by the dot product of the kept weights (the cosine of
the truncated vectors).

Cost, so that 10,000 speeches stay within budget (about 3 s on two cores):

- a long speech is read in ``SAMPLE_WINDOWS`` stretches spread over it,
  ``SAMPLE_CHARS`` characters in all, so counting costs the same for every
  speech, and every part of it (opening, each section, close) is heard;
- past sampling, the work runs in NumPy over the whole corpus at once, never
  a Python loop over bigrams or pairs: each bigram occurrence, then each
  (speech, speech, addition), is packed into one integer, and a plain
  integer sort groups them; a speech's heaviest bigrams and a bigram's
  heaviest speeches are picked the same way (a float32 cut first, then an
  exact sort of the few left);
- no pair of speeches is compared unless they share a kept bigram, and each
  bigram's postings list is cut to its ``MAX_POSTINGS`` heaviest speeches:
  at most ``TOP_TERMS × MAX_POSTINGS`` additions per speech, however large
  the corpus. The whole is near-linear in the corpus (a few sorts).

Ties are broken by speech id, and every floating-point sum is added up in a
fixed order (a speech's norm over its kept bigrams heaviest first; a pair's
score over the first speech's kept bigrams heaviest first), so the result is
the same on every run and whatever the order of the speeches.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import cache

import numpy as np

from ..model import Speech
from ..patterns import CJK, han_table

SAMPLE_CHARS = 1500  # characters of a long speech that are read …
SAMPLE_WINDOWS = 5  # … in this many stretches spread over it
TITLE_WEIGHT = 10  # the title says what the speech is about: it counts this often
TOP_TERMS = 48  # bigrams kept per speech
MAX_POSTINGS = 12  # speeches kept per bigram, the heaviest
RELATED_MAX = 5  # speeches shown at most
RELATED_MIN = 3  # shown even when weakly related, if the corpus has them
STRONG = 0.02  # beyond RELATED_MIN, only speeches at least this similar
# Every pair of Han characters in a row, overlapping ("创建文明" → 创建, 建文, 文明).
_BIGRAM = re.compile(f"(?=([{CJK}]{{2}}))")


def bigrams(text: str) -> Counter[str]:
    """Counts of the Han-character pairs of ``text`` (none across punctuation)."""
    return Counter(_BIGRAM.findall(text))


def sample(text: str) -> str:
    """The text, or for a long one SAMPLE_WINDOWS stretches spread evenly over
    it, SAMPLE_CHARS characters in all."""
    if len(text) <= SAMPLE_CHARS:
        return text
    width = SAMPLE_CHARS // SAMPLE_WINDOWS
    step = (len(text) - width) / (SAMPLE_WINDOWS - 1)
    return "\n".join(text[round(k * step) : round(k * step) + width] for k in range(SAMPLE_WINDOWS))


def speech_terms(speech: Speech) -> Counter[str]:
    """The bigram counts of a speech: its text (sampled), its title TITLE_WEIGHT times."""
    counts = bigrams(sample("\n".join(b.text for b in speech.blocks)))
    for term, tf in bigrams(speech.title).items():
        counts[term] += TITLE_WEIGHT * tf
    return counts


def _run_starts(a: np.ndarray) -> np.ndarray:
    """Where each run of equal values of ``a`` starts, as a boolean mask."""
    starts = np.ones(len(a), bool)
    starts[1:] = a[1:] != a[:-1]
    return starts


@cache
def _han_index() -> tuple[np.ndarray, int]:
    """Code point → its rank among the characters ``_BIGRAM`` pairs (-1 for
    any other), and how many there are. Read off the pattern itself, so the
    array path and ``bigrams`` cannot disagree; ranks follow code points, so a
    pair's number ``rank₁ · count + rank₂`` sorts as the bigram string does."""
    han = han_table()
    return np.where(han, np.cumsum(han) - 1, -1).astype(np.int32), int(han.sum())


def _corpus_terms(speeches: list[Speech]) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """``speech_terms`` of every speech at once, as parallel arrays (speech
    index, bigram number, count), one row per bigram a speech has; bigrams
    are numbered in string order, and the last value is how many there are."""
    index, han = _han_index()
    doc_bits = len(speeches).bit_length()
    assert doc_bits + (han * han).bit_length() < 64

    def occurrences(texts: list[str]) -> np.ndarray:
        """One integer per bigram occurrence: its number, then its text's index."""
        ranks = index[np.frombuffer("\n".join(texts).encode("utf-32-le"), np.uint32)]
        at = np.flatnonzero((ranks[:-1] >= 0) & (ranks[1:] >= 0))  # a bigram starts here
        lengths = np.fromiter(map(len, texts), np.int64, len(texts)) + 1  # "\n" included
        doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)[at]
        return (ranks[at].astype(np.int64) * han + ranks[at + 1]) << doc_bits | doc

    texts = [sample("\n".join(b.text for b in s.blocks)) for s in speeches]
    titles = occurrences([s.title for s in speeches])
    # The title's occurrences TITLE_WEIGHT times over. Sorted (a plain
    # integer sort is NumPy's fastest way to group), the occurrences of a
    # bigram fall together by speech, and its count is the length of the run.
    key = np.sort(np.concatenate([occurrences(texts), *[titles] * TITLE_WEIGHT]))
    first = np.flatnonzero(_run_starts(key))
    tf = np.diff(np.r_[first, len(key)])
    key = key[first]
    code = key >> doc_bits
    new_term = _run_starts(code)
    return key & ((1 << doc_bits) - 1), np.cumsum(new_term) - 1, tf, int(new_term.sum())


def _top(groups: np.ndarray, values: np.ndarray, ties: np.ndarray, k: int, n_groups: int):
    """Of entries (group, positive value, tie-breaker), the positions of each
    group's first ``k`` by (-value, tie-breaker), in order of (group, -value,
    tie-breaker), and their rank in the group."""
    # Rounding to float32 keeps the order (ties aside), and packed under the
    # group it makes one integer: a plain sort finds each group's k-th
    # largest. Only the entries at or above it are sorted exactly.
    bits = values.astype(np.float32).view(np.uint32)
    packed = np.sort(groups.astype(np.uint64) << np.uint64(32) | bits)
    sizes = np.bincount(groups, minlength=n_groups)
    cut = np.zeros(n_groups, np.uint32)
    big = sizes > k
    cut[big] = packed[np.cumsum(sizes)[big] - k] & np.uint64(0xFFFFFFFF)
    candidates = np.flatnonzero(bits >= cut[groups])
    candidates = candidates[np.lexsort((ties[candidates], -values[candidates], groups[candidates]))]
    group = groups[candidates]
    position = np.arange(len(group))
    starts = np.maximum.accumulate(np.where(_run_starts(group), position, 0))
    rank = position - starts
    return candidates[rank < k], rank[rank < k]


def _ranked(doc: np.ndarray, tid: np.ndarray, tf: np.ndarray, n: int, n_terms: int, limit: int | None):
    """The scoring itself, on texts numbered in the order of their keys (so
    that a lower number wins a tie) and given as parallel arrays (text, term,
    count; terms numbered in string order): (text, other, score) arrays,
    ordered by text then best first, ``limit`` per text if given."""
    empty = np.zeros(0, np.int64)
    if not len(doc):
        return empty, empty, np.zeros(0)
    df = np.bincount(tid, minlength=n_terms)
    # A bigram of one speech only links it to nothing: weight 0, never kept.
    idf = np.zeros(df.max() + 1)
    for k in np.unique(df).tolist():
        idf[k] = math.log(n / k) if k > 1 else 0.0
    w = tf * idf[df[tid]]
    # A text's TOP_TERMS heaviest bigrams of weight > 0 are kept, heaviest
    # first, ties in code-point order. (No weight > 0 is negligible: the
    # least is log(N / (N - 1)) > 1/N.)
    weighty = np.flatnonzero(w > 0)
    kept, rank = _top(doc[weighty], w[weighty], tid[weighty], TOP_TERMS, n)
    kept = weighty[kept]
    e_doc, e_tid, e_w = doc[kept], tid[kept], w[kept]
    # Unit length: the squares added one column (rank) at a time, heaviest
    # first, as a loop over the kept list would; adding an empty cell's 0.0
    # changes nothing.
    squares = np.zeros((n, TOP_TERMS))
    squares[e_doc, rank] = e_w * e_w
    total = np.zeros(n)
    for column in squares.T:
        total += column
    norm = np.sqrt(total)
    norm[norm == 0] = 1.0
    e_w = e_w / norm[e_doc]

    # Postings: each kept bigram's MAX_POSTINGS heaviest texts, ties by key.
    post, _ = _top(e_tid, e_w, e_doc, MAX_POSTINGS, n_terms)
    post_len = np.bincount(e_tid[post], minlength=n_terms)
    post_start = np.cumsum(post_len) - post_len
    post_doc, post_w = e_doc[post], e_w[post]

    # Every (text, kept bigram, posting) addition, in order: text, its
    # bigrams heaviest first, each bigram's postings.
    lengths = post_len[e_tid]
    source = np.repeat(np.arange(len(e_doc)), lengths)
    step = np.arange(len(source)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    at = np.repeat(post_start[e_tid], lengths) + step
    i, j = e_doc[source], post_doc[at]
    product = e_w[source] * post_w[at]
    # Grouped by pair with a plain sort of one integer each, (text, other,
    # place among the text's additions): within a pair they keep their order,
    # and bincount adds them up in that order.
    per_text = np.bincount(i, minlength=n)
    begin = np.cumsum(per_text) - per_text
    local = np.arange(len(i)) - begin[i]
    j_bits, l_bits = (n - 1).bit_length(), int(local.max(initial=0)).bit_length()
    assert 2 * j_bits + l_bits < 64
    key = np.sort(i << (j_bits + l_bits) | j << l_bits | local)
    pair = key >> l_bits
    new = _run_starts(pair)
    addition = begin[pair >> j_bits] + (key & ((1 << l_bits) - 1))
    score = np.bincount(np.cumsum(new) - 1, weights=product[addition])
    pi, pj = pair[new] >> j_bits, pair[new] & ((1 << j_bits) - 1)
    other = pi != pj
    pi, pj, score = pi[other], pj[other], score[other]
    if limit is None:
        best = np.lexsort((pj, -score, pi))
    else:
        best, _ = _top(pi, score, pj, limit, n)
    return pi[best], pj[best], score[best]


def similarities(
    counts: list[Counter[str]], keys: list[str] | None = None, limit: int | None = None
) -> list[list[tuple[int, float]]]:
    """For each text (its bigram counts), the others sharing a kept bigram:
    (index, score), best first; the best ``limit`` only, if given. ``keys``
    (speech ids) break ties, so the result does not depend on the order of
    the texts."""
    keys = keys or [f"{i:09d}" for i in range(len(counts))]
    order = sorted(range(len(counts)), key=keys.__getitem__)
    vocabulary = {t: k for k, t in enumerate(sorted(set().union(*counts)))}
    doc, term, tf = [], [], []
    for number, i in enumerate(order):
        doc += [number] * len(counts[i])
        term += map(vocabulary.__getitem__, counts[i])
        tf += counts[i].values()
    arrays = (np.array(column, np.int64) for column in (doc, term, tf))
    ranked = _ranked(*arrays, len(counts), len(vocabulary), limit)
    result: list[list[tuple[int, float]]] = [[] for _ in counts]
    for a, b, score in zip(*(column.tolist() for column in ranked)):
        result[order[a]].append((order[b], score))
    return result


def related_speeches(speeches: list[Speech]) -> dict[str, tuple[str, ...]]:
    """Speech id → the ids of its RELATED_MIN to RELATED_MAX closest speeches
    (fewer only when fewer share a kept bigram with it)."""
    ordered = sorted(speeches, key=lambda s: s.id)
    rows: list[list[tuple[int, float]]] = [[] for _ in ordered]
    doc, tid, tf, n_terms = _corpus_terms(ordered)
    for i, j, score in zip(*(c.tolist() for c in _ranked(doc, tid, tf, len(ordered), n_terms, RELATED_MAX))):
        rows[i].append((j, score))
    chosen = {
        speech.id: tuple(ordered[j].id for k, (j, score) in enumerate(row) if k < RELATED_MIN or score >= STRONG)
        for speech, row in zip(ordered, rows)
    }
    return {s.id: chosen[s.id] for s in speeches}
