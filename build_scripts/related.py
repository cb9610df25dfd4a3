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

Cost, so that 10,000 speeches stay within budget:

- a long speech is read in ``SAMPLE_WINDOWS`` stretches spread over it,
  ``SAMPLE_CHARS`` characters in all, so counting costs the same for every
  speech, and every part of it (opening, each section, close) is heard;
- the per-bigram work runs in whole-list operations (``map``, ``sorted``,
  ``compress``, in C), never a Python loop over a speech's bigrams;
- no pair of speeches is compared unless they share a kept bigram, and each
  bigram's postings list is cut to its ``MAX_POSTINGS`` heaviest speeches:
  at most ``TOP_TERMS × MAX_POSTINGS`` additions per speech, however large
  the corpus. The whole is linear in the corpus.

Ties are broken by speech id and every loop runs in a fixed order, so the
result (floating-point sums included) is the same on every run and whatever
the order of the speeches.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from itertools import compress
from operator import mul

from .model import Speech
from .patterns import CJK

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


def _vectors(counts: list[Counter[str]]) -> list[list[tuple[str, float]]]:
    """Each text's TOP_TERMS heaviest shared bigrams, heaviest first (ties in
    code-point order), with weights scaled to unit length."""
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    n = len(counts)
    # A bigram of one speech only links it to nothing: weight 0, never kept.
    idf = {term: math.log(n / k) if k > 1 else 0.0 for term, k in df.items()}
    vectors = []
    for c in counts:
        terms = list(c)
        weights = list(map(mul, c.values(), map(idf.__getitem__, terms)))
        if len(weights) > TOP_TERMS:
            threshold = max(sorted(weights)[-TOP_TERMS], 1e-12)
            picked = list(compress(zip(weights, terms), map(threshold.__le__, weights)))
        else:
            picked = [(w, term) for w, term in zip(weights, terms) if w > 0]
        kept = sorted(picked, key=lambda wt: (-wt[0], wt[1]))[:TOP_TERMS]
        norm = math.sqrt(sum(w * w for w, _ in kept)) or 1.0
        vectors.append([(term, w / norm) for w, term in kept])
    return vectors


def similarities(
    counts: list[Counter[str]], keys: list[str] | None = None, limit: int | None = None
) -> list[list[tuple[int, float]]]:
    """For each text (its bigram counts), the others sharing a kept bigram:
    (index, score), best first; the best ``limit`` only, if given. ``keys``
    (speech ids) break ties, so the result does not depend on the order of
    the texts."""
    keys = keys or [f"{i:09d}" for i in range(len(counts))]
    vectors = _vectors(counts)
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for term, w in vector:
            postings[term].append((w, i))
    for rows in postings.values():
        rows.sort(key=lambda r: (-r[0], keys[r[1]]))
        del rows[MAX_POSTINGS:]
    result = []
    for i, vector in enumerate(vectors):
        scores: dict[int, float] = defaultdict(float)
        for term, w in vector:
            for w2, j in postings[term]:
                scores[j] += w * w2
        scores.pop(i, None)
        candidates = list(scores.items())
        if limit is not None and len(candidates) > limit:
            # The few best, found with C-level sorting; ties at the cut kept.
            cut = sorted(scores.values())[-limit]
            candidates = list(compress(candidates, map(cut.__le__, scores.values())))
        ranked = sorted(candidates, key=lambda js: (-js[1], keys[js[0]]))
        result.append(ranked[:limit] if limit is not None else ranked)
    return result


def related_speeches(speeches: list[Speech]) -> dict[str, tuple[str, ...]]:
    """Speech id → the ids of its RELATED_MIN to RELATED_MAX closest speeches
    (fewer only when fewer share a kept bigram with it)."""
    ids = [s.id for s in speeches]
    ranked = similarities([speech_terms(s) for s in speeches], ids, RELATED_MAX)
    return {
        speech.id: tuple(ids[j] for k, (j, score) in enumerate(row) if k < RELATED_MIN or score >= STRONG)
        for speech, row in zip(speeches, ranked)
    }
