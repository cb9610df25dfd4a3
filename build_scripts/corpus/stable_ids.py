"""Stable ids: a speech keeps its id and URL once published.

Ids are slugs of titles, and titles depend on the whole corpus (clashing
titles are told apart by their meeting), so a new source page, a duplicate
found elsewhere or a better parser could otherwise change the URL of a
speech that people already cite. The ledger ``sources/speech-ids.tsv``
remembers every published id with:

* where its copies are (``file#section.k``): the same copy in a later build
  means the same speech, whatever its title has become;
* a fingerprint of its Han characters (a 64-bit SimHash of 4-character
  shingles), for when the locations change (a renamed file, a parser that
  numbers sections differently): a fingerprint within ``MAX_DISTANCE`` bits
  means the same speech;
* the date it was added (the source page's date, else the UTC date of the
  build that first published it: ledger.new_entry_date), and its place in
  the file: the order in which speeches were added, which the feed follows.

The generator maintains the ledger (new speeches are appended, copies found
in new pages join their speech's line) and it is reviewed in pull requests
like the sources. When two published speeches turn out to be one (a better
parser merges them), the younger id stays in the ledger as an alias of the
older, and the site keeps a redirect at its URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import combinations

import numpy as np

from .merge_duplicates import CONTAINMENT, merge_duplicates, share_in
from .merge_duplicates import fingerprint as shingle_print
from ..model import Changes, DistinctSpeech, LedgerEntry, StructuredCopy
from ..patterns import han_table

LEDGER = "speech-ids.tsv"
# Ids no speech or collection may take: collections/index.md lists the collections.
RESERVED_IDS = frozenset({"index"})
MAX_DISTANCE = 3  # SimHash bits; four 16-bit bands make this exact to look up
# Two published speeches are one when each holds this share of the other's
# shingles (merge_duplicates'): the same text, spaced or punctuated otherwise.
NEAR_IDENTICAL = 0.9


def copy_locations(speeches: list[DistinctSpeech]) -> dict[int, str]:
    """``file#section.k`` of every copy (by ``id()``): the k-th speech printed
    under that 第N篇 (a section can hold two speeches, 讲话稿一 and 讲话稿二)."""
    by_section: dict[tuple[str, int], list] = {}
    for speech in speeches:
        for c in speech.copies:
            by_section.setdefault((c.clean.copy.file, c.clean.copy.section), []).append(c)
    found = {}
    for (file, section), copies in by_section.items():
        for k, c in enumerate(sorted(copies, key=lambda c: c.clean.copy.line_range), 1):
            found[id(c)] = f"{file}#{section}.{k}"
    return found


_MIX = np.uint64(0x9E3779B97F4A7C15)


def fingerprint(speech: DistinctSpeech) -> str:
    """The fingerprint of the speech: its published copy's."""
    return copy_fingerprint(speech.best)


def copy_fingerprint(copy: StructuredCopy) -> str:
    """SimHash of the copy's Han characters, 4 at a time: each shingle's
    64-bit hash votes on every bit, the majority sets it. Hashing is
    arithmetic on code points (wrapping uint64), so it costs microseconds.
    The values are in the committed ledger: they must never change."""
    codes = np.frombuffer("".join(b.text for b in copy.blocks).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    points = codes[han_table().take(codes)].astype(np.uint64)
    if not len(points):
        points = np.array([ord("空")], dtype=np.uint64)
    if len(points) < 4:
        points = np.concatenate((points, np.zeros(4 - len(points), dtype=np.uint64)))
    n = len(points) - 3
    # Each shingle's value, from 0, for each of its 4 points: value = (value ^
    # point) * _MIX, then value ^= value >> 29 (the first XOR, with 0, left
    # out). All shingles at once and in place: array arithmetic wraps silently.
    values = points[:n] * _MIX
    values ^= values >> np.uint64(29)
    for k in range(1, 4):
        values ^= points[k : n + k]
        values *= _MIX
        values ^= values >> np.uint64(29)
    # Ones per bit position, most significant first: unpack every value into
    # 64 bytes of 0/1, then add them up eight bytes at a time as uint64 words,
    # at most 255 rows per sum so that no byte carries into the next.
    bits = np.unpackbits(values.astype(">u8").view(np.uint8)).view(np.uint64).reshape(n, 8)
    sums = np.add.reduceat(bits, np.arange(0, n, 255), axis=0)
    ones = sums.view(np.uint8).reshape(-1, 64).sum(axis=0)
    return np.packbits(ones * 2 > n).tobytes().hex()


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def unique(slug: str, used: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3`` … if taken; the result is marked taken."""
    candidate, n = slug, 2
    while candidate in used:
        candidate, n = f"{slug}-{n}", n + 1
    used.add(candidate)
    return candidate


class _Published:
    """The live entries of a ledger, found by a copy's place or by fingerprint."""

    def __init__(self, live: list[LedgerEntry]):
        self.order = {e.id: i for i, e in enumerate(live)}
        self.by_location = {c: e for e in live for c in e.copies}
        self.bands: dict[tuple[int, str], list[LedgerEntry]] = {}
        for e in live:
            for band in range(4):
                self.bands.setdefault((band, e.fingerprint[band * 4 : band * 4 + 4]), []).append(e)

    def near(self, print_: str) -> list[LedgerEntry]:
        """The entries within MAX_DISTANCE bits of ``print_``, oldest first."""
        found: dict[str, LedgerEntry] = {}
        for band in range(4):
            for e in self.bands.get((band, print_[band * 4 : band * 4 + 4]), []):
                if distance(e.fingerprint, print_) <= MAX_DISTANCE:
                    found.setdefault(e.id, e)
        return sorted(found.values(), key=lambda e: self.order[e.id])


def keep_published_apart(
    speeches: list[DistinctSpeech],
    ledger: list[LedgerEntry],
    copy_prints: dict[int, str] | None = None,
) -> tuple[list[DistinctSpeech], dict[int, tuple[str, ...]]]:
    """merge_duplicates' speeches, with no two published speeches merged
    through a new copy.

    merge_duplicates joins each copy to the speech whose longest copy holds
    it, so a new page whose one text holds several published speeches (a
    compilation) gathers them into one speech, and the ledger would turn all
    their ids but the oldest into aliases of it. A speech whose copies belong
    to several published speeches (by their place; for a speech none of
    whose copies is at a listed place, by fingerprint) is taken apart:

    * published speeches stay apart, unless their own texts are
      near-identical (NEAR_IDENTICAL of each one's shingles in the other:
      one speech published twice), which then stay together (the younger id
      becomes an alias);
    * a new copy that holds several of them is a compilation, a speech of
      its own (copies of one compilation, merged as merge_duplicates merges);
    * any other new copy joins the published speech that holds it, or that
      it holds, most; a copy that neither holds nor is held by one is kept
      with the others like it (merged as merge_duplicates merges).

    Returns the speeches, each taken apart in place (published ones oldest
    first, then compilations, then the others), and for each compilation
    (by its index there) the published ids it holds."""
    live = [e for e in ledger if not e.alias_of]
    if not live:
        return list(speeches), {}
    copy_prints = copy_prints or {}
    published = _Published(live)
    where = copy_locations(speeches)
    located = {e.id for s in speeches for c in s.copies if (e := published.by_location.get(where[id(c)]))}

    def by_fingerprint(copy: StructuredCopy) -> LedgerEntry | None:
        near = published.near(copy_prints.get(id(copy)) or copy_fingerprint(copy))
        return next((e for e in near if e.id not in located), None)

    result: list[DistinctSpeech] = []
    holds: dict[int, tuple[str, ...]] = {}
    for speech in speeches:
        owners = [published.by_location.get(where[id(c)]) for c in speech.copies]
        if not any(owners):
            # No copy at a listed place (a renamed page): as for reconcile,
            # fingerprints tell which published speeches the copies are, of
            # those no other copy's place names.
            owners = [by_fingerprint(c) for c in speech.copies]
        if len({e.id for e in owners if e}) < 2:
            result.append(speech)
            continue
        kept, compilations, others = _take_apart(speech, owners, published.order)
        result += kept
        for compilation, held in compilations:
            holds[len(result)] = held
            result.append(compilation)
        result += others
    return result, holds


def _take_apart(
    speech: DistinctSpeech, owners: list[LedgerEntry | None], order: dict[str, int]
) -> tuple[list[DistinctSpeech], list[tuple[DistinctSpeech, tuple[str, ...]]], list[DistinctSpeech]]:
    """keep_published_apart for one speech, ``owners`` its copies' entries:
    the published speeches, the compilations with the ids they hold, the others."""
    copies = speech.copies
    prints = [shingle_print(c) for c in copies]
    shingles = [p.shingles for p in prints]
    own: dict[str, int] = {}  # entry id → its own text here: its first (best) copy
    for i, e in enumerate(owners):
        if e is not None:
            own.setdefault(e.id, i)
    entries = sorted(own, key=order.__getitem__)
    # Near-identical published speeches stay together, under the oldest.
    head = {sid: sid for sid in entries}
    for a, b in combinations(entries, 2):
        if head[b] == b and _near_identical(shingles[own[a]], shingles[own[b]]):
            head[b] = head[a]
    groups: dict[str, list[int]] = {sid: [] for sid in entries if head[sid] == sid}
    texts = {g: [own[sid] for sid in entries if head[sid] == g] for g in groups}
    compilations: list[tuple[int, tuple[str, ...]]] = []
    others: list[int] = []
    for i, e in enumerate(owners):
        if e is not None:
            groups[head[e.id]].append(i)
            continue
        held = [g for g in groups if any(share_in(shingles[k], shingles[i]) >= CONTAINMENT for k in texts[g])]
        if len(held) >= 2:
            compilations.append((i, tuple(sid for sid in entries if head[sid] in held)))
            continue
        if held:
            groups[held[0]].append(i)
            continue
        holding = [(max(share_in(shingles[i], shingles[k]) for k in texts[g]), -n, g) for n, g in enumerate(groups)]
        share, _, g = max(holding)
        if share >= CONTAINMENT:
            groups[g].append(i)
        else:
            others.append(i)

    def merged(members: list[int]) -> list[DistinctSpeech]:
        return merge_duplicates([copies[i] for i in members], [prints[i] for i in members]) if members else []

    held_by = {id(copies[i]): held for i, held in compilations}
    return (
        [DistinctSpeech(tuple(copies[i] for i in members)) for members in groups.values()],
        [(s, held_by[id(s.best)]) for s in merged([i for i, _ in compilations])],
        merged(others),
    )


def _near_identical(a: np.ndarray, b: np.ndarray) -> bool:
    return share_in(a, b) >= NEAR_IDENTICAL and share_in(b, a) >= NEAR_IDENTICAL


def reconcile(
    speeches: list[DistinctSpeech],
    propose: Callable[[int], str],
    dates: list[str | None],
    ledger: list[LedgerEntry],
    today: str,
    copy_prints: dict[int, str] | None = None,
) -> tuple[list[str], list[LedgerEntry], Changes]:
    """The id of each speech, the ledger after this build, and what changed.

    ``propose(i)`` is the id the title of speech ``i`` gives (asked for new
    speeches only);
    ``dates`` the source page's date of each speech; ``copy_prints`` the
    fingerprints of copies made already (by ``id()`` of the copy)."""
    copy_prints = copy_prints or {}

    def best_print(speech: DistinctSpeech) -> str:
        return copy_prints.get(id(speech.best)) or copy_fingerprint(speech.best)

    live = [e for e in ledger if not e.alias_of]
    published = _Published(live)
    order = {e.id: i for i, e in enumerate(ledger)}

    where = copy_locations(speeches)

    def locations(speech: DistinctSpeech) -> tuple[str, ...]:
        return tuple(where[id(c)] for c in speech.copies)

    claimed: dict[str, int] = {}  # ledger id → speech index
    matches: list[list[LedgerEntry]] = []
    prints: list[str | None] = []
    for i, speech in enumerate(speeches):
        found = {e.id: e for c in locations(speech) if (e := published.by_location.get(c))}
        print_ = None
        if not found:
            print_ = best_print(speech)
            found = {e.id: e for e in published.near(print_)}
        ranked = sorted(found.values(), key=lambda e: order[e.id])
        matches.append(ranked)
        prints.append(print_)

    ids: list[str] = []
    updated = {e.id: e for e in ledger}
    taken = set(updated) | RESERVED_IDS
    new, joined, aliased = [], [], []
    for i, (speech, ranked) in enumerate(zip(speeches, matches)):
        ranked = [e for e in ranked if e.id not in claimed]  # one speech per id
        if ranked:
            keep = ranked[0]
            claimed[keep.id] = i
            ids.append(keep.id)
            extra = [c for c in locations(speech) if c not in keep.copies]
            joined += [(keep.id, c) for c in extra]
            updated[keep.id] = replace(keep, copies=keep.copies + tuple(extra))
            for other in ranked[1:]:
                claimed[other.id] = i
                aliased.append((other.id, keep.id))
                updated[other.id] = replace(other, alias_of=keep.id)
        else:
            sid = unique(propose(i), taken)
            ids.append(sid)
            new.append(sid)
            updated[sid] = LedgerEntry(sid, dates[i] or today, prints[i] or best_print(speech), locations(speech))
    # Aliases follow their target when it becomes an alias in turn.
    for sid, entry in updated.items():
        target = entry.alias_of
        while target and updated[target].alias_of:
            target = updated[target].alias_of
        if target != entry.alias_of:
            updated[sid] = replace(entry, alias_of=target)
    # A published id no source holds any more stays listed (the link gate
    # reports its URL), so the speech gets it back if it returns.
    retired = tuple(e.id for e in live if e.id not in claimed)
    entries = [updated[e.id] for e in ledger] + [updated[sid] for sid in new]
    return ids, entries, Changes(tuple(new), tuple(joined), tuple(aliased), retired)


def aliases(entries: list[LedgerEntry]) -> dict[str, str]:
    """Old id → the id its URL now redirects to."""
    return {e.id: e.alias_of for e in entries if e.alias_of}
