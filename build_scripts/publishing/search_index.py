"""The search index: a sharded inverted index of Chinese character bigrams.

Why not a ready-made engine: Material's built-in search ships the whole corpus
as one JSON file, and Pagefind stores every position of every word, so the
index chunks a query needs grow with the corpus (about 480 kB per query at
10,000 speeches). This index keeps what a browser downloads per query small
and bounded:

* Chinese has no spaces and a segmenter cuts a word differently inside a
  sentence and alone in a query, so the index holds every character bigram
  (and every single character, for one-character queries); ASCII letters and
  digits are indexed as whole words ("2022", "xx"). A query of 2–4 characters
  is a lookup of its 1–3 bigrams: no word is missed for being cut otherwise.
* For each token the index keeps the set of speeches that hold it, as gaps
  or, where denser, as a bitmap (at most one bit per speech), so the speeches
  holding every token of a query are found exactly; and the weight (BM25
  impact, title counted ``TITLE_WEIGHT`` times) of the ``MAX_WEIGHTS``
  speeches where it weighs most, which is all ranking needs: elsewhere a
  token weighs no more than its lightest kept weight.
* Tokens are spread by hash (CRC-32) over shards of about ``SHARD_BYTES``; a
  query fetches one shard per token, then the text of its best results,
  checks that each holds the query's characters in a row, and shows an
  excerpt around them (``docs/javascripts/search.js``).

One index serves both editions (GitHub Pages publishes at most 1 GB, and a
second index would double the search's share): it is made of the Simplified
text, at the site's root; a query is made Simplified in either edition, and
the Traditional edition shows each doc in its script with a map, and the
lines the map does not make as stored (``hant_lines``, ``edition_record``).

Files, under ``search/`` at the site's root (gzip-compressed, with the
``.bin`` suffix so no server decompresses them on the way):

* ``meta.json`` (not compressed): format, number of speeches and shards, and a
  digest of the whole index that the reader adds to every URL it fetches, so a
  browser never mixes files of two builds;
* ``shards/<n>.bin``: a varint count of tokens, then per token: its UTF-8
  name (length-prefixed), how many speeches hold it, how many weights follow,
  the weights: their speeches (gap from the previous speech number), then
  the token's count in each (a reader weighs it with ``lengths.bin`` as
  BM25 does, impact 1–255; counts pack far smaller than impacts, and
  smaller still apart from the gaps); then,
  when the weights do not list every holder, the holders: one byte for the
  kind (0 = gaps, 1 = bitmap, bit i of byte i // 8 for speech i), a varint
  length and the bytes. Numbers are unsigned LEB128 varints.
* ``lengths.bin``: each speech's number of tokens, as varints (BM25's
  length normalization);
* ``chars.bin``: the units the docs are written with (below), most
  frequent first, as UTF-8 text: a character beyond ASCII, or a common
  two-character word (one of the ``WORDS`` pairs of such characters most
  frequent in the docs, taken from the left) after a line break;
* ``docs/<n>.bin``: one speech as JSON: URL, title, provenance, text (one
  line per paragraph or heading) and, when it has headings, ``headings``:
  ``[line, id]`` for each (``passage`` reads them); where the Traditional
  edition prints what the map does not make of it, ``hant`` (hant_lines).
  Not in UTF-8 (three bytes a Han character, which gzip packs poorly): each
  unit of ``chars.bin`` is its rank there, the first ``SINGLE`` as one
  byte ``0x80 + rank``, the next ones as two (``0xF0 + high``, ``low``, of
  ``rank - SINGLE``); ASCII is itself, and any other character a JSON
  escape (``\\uXXXX``). A third fewer bytes than gzip of UTF-8.

The records come from the speeches themselves, so the index holds speech text
only, never navigation or page furniture. ``search`` below is the reference
reader: the tests check the index with it and the page against it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..editions.review import TextMap
from ..model import SearchRecord
from ..patterns import CJK, han_table

FORMAT = 5
MAX_WEIGHTS = 200
# Characters of the docs written as one byte; 16 lead bytes (0xF0–0xFF) of
# two-byte codes follow them.
SINGLE = 112
CHARS = SINGLE + 16 * 256
# Two-character words of the docs that chars.bin may rank as one unit.
WORDS = 2000
# A rarer word does not pay for its bytes in chars.bin.
WORD_MIN = 8
SHARD_BYTES = 16_000
TITLE_WEIGHT = 5
# BM25 parameters (the usual ones).
K1 = 1.2
B = 0.75

# Full-width letters and digits read as ASCII; letters compare in lower case.
_FULL_WIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_RUN = re.compile(f"[{CJK}]+|[0-9a-z]+")
_HAN_RUN = re.compile(f"[{CJK}]+")


def normalize(text: str) -> str:
    """What both the index and the query are made of: ASCII folded, lower case."""
    return _FULL_WIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text).lower()


def terms(query: str) -> list[str]:
    """The runs a query asks for: Han characters in a row, or an ASCII word."""
    return _RUN.findall(normalize(query))


def term_tokens(term: str) -> list[str]:
    """The index tokens of one term: its bigrams, its one character, or the word."""
    if _HAN_RUN.fullmatch(term) and len(term) > 1:
        return [a + b for a, b in zip(term, term[1:])]
    return [term]


_WORD = re.compile("[0-9a-z]+")


def shard_of(token: str, shards: int) -> int:
    """CRC-32 of the token's UTF-8 bytes; search.js computes the same."""
    return zlib.crc32(token.encode("utf-8")) % shards


def _varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def _compress(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


# Token numbers: a Han character is its code point, a bigram packs two code
# points (21 bits each), an ASCII word is numbered above both.
_BITS = 21
_WORD_BASE = 1 << (2 * _BITS)


def _doc_tokens(text: str, words: dict[str, int]) -> np.ndarray:
    """Every token of the text, as token numbers, with repeats."""
    folded = normalize(text)
    points = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    han = han_table()[points]
    pairs = han[:-1] & han[1:]
    bigrams = (points[:-1][pairs] << _BITS) | points[1:][pairs]
    found = [words.setdefault(w, _WORD_BASE + len(words)) for w in _WORD.findall(folded)]
    return np.concatenate((points[han], bigrams, np.array(found, dtype=np.int64)))


def token_counts(text: str) -> Counter:
    """The tokens of a text by name, counted: what build_index indexes it by
    (every Han character, every Han bigram, every ASCII word)."""
    words: dict[str, int] = {}
    numbers, counts = np.unique(_doc_tokens(text, words), return_counts=True)
    names = sorted(words, key=words.__getitem__)
    return Counter({_token_name(int(n), names): int(k) for n, k in zip(numbers, counts)})


def _token_name(number: int, words: list[str]) -> str:
    if number >= _WORD_BASE:
        return words[number - _WORD_BASE]
    if number >= 1 << _BITS:
        return chr(number >> _BITS) + chr(number & ((1 << _BITS) - 1))
    return chr(number)


def hant_lines(record: SearchRecord, printed: SearchRecord, shown: TextMap) -> dict:
    """What the Traditional edition prints of a speech where the map
    (``shown``, editions/review.py display_map) does not make it from the
    Simplified record: ``title``, ``provenance``, and each line of the text
    by its number ("3"). A map cannot always make OpenCC's choice in
    context, and a speech from a Traditional source keeps that source's
    wording. Where the edition prints another copy of the speech (its lines
    or headings are not the same), its whole ``text`` and ``headings``."""
    if printed.url != record.url:
        raise ValueError(f"search records out of step: {record.url} and {printed.url}")
    out: dict = {}
    for key in ("title", "provenance"):
        if shown.convert(getattr(record, key)) != getattr(printed, key):
            out[key] = getattr(printed, key)
    lines, own = record.text.split("\n"), printed.text.split("\n")
    if len(lines) != len(own) or record.headings != printed.headings:
        out["text"] = printed.text
        out["headings"] = [list(h) for h in printed.headings]
        return out
    for n, (line, made) in enumerate(zip(lines, shown.convert(record.text).split("\n"))):
        if made != own[n]:
            out[str(n)] = own[n]
    return out


def build_index(
    records: list[SearchRecord],
    max_weights: int = MAX_WEIGHTS,
    hant: list[SearchRecord] | None = None,
    display_map: dict | None = None,
) -> dict[str, bytes]:
    """Every file of the index, by path under ``search/``: deterministic.
    With ``hant``, the Traditional edition's records of the same speeches
    and ``display_map``, the map its search shows the text with: each doc
    also holds, as ``hant``, what that edition prints where the map does
    not make it (hant_lines), so one index serves both editions.

    A corpus of 10,000 speeches has some 20 million (token, speech) pairs, so
    tokens are numbers, not strings, and the pairs are counted, weighed,
    sorted and encoded with NumPy, not one by one in Python."""
    n = len(records)
    words: dict[str, int] = {}
    token_parts, count_parts, doc_parts, lengths = [], [], [], np.zeros(n)
    for doc, record in enumerate(records):
        title = _doc_tokens(record.title, words)
        found, counts = np.unique(
            np.concatenate((_doc_tokens(record.text, words), np.tile(title, TITLE_WEIGHT))), return_counts=True
        )
        token_parts.append(found)
        count_parts.append(counts)
        doc_parts.append(np.full(len(found), doc, dtype=np.int64))
        lengths[doc] = counts.sum()
    every = np.concatenate(token_parts or [np.zeros(0, np.int64)])
    numbers = np.unique(every)
    tokens = np.searchsorted(numbers, every)
    tf = np.concatenate(count_parts or [np.zeros(0)]).astype(np.float64)
    docs = np.concatenate(doc_parts or [np.zeros(0, np.int64)])
    del token_parts, count_parts, doc_parts, every
    vocabulary = len(numbers)
    norm = _norms(lengths)
    impact = _impact(tf, norm[docs]).astype(np.int64)
    frequency = np.bincount(tokens, minlength=vocabulary)

    # Sorting packed keys (token, then heaviest first, then speech) is much
    # faster than an argsort over three arrays; the fields unpack from them.
    keys = np.sort((tokens << 32) | ((255 - impact) << 24) | docs)
    del impact
    # The pairs are in speech order, then token order: where a (speech,
    # token) pair's count is, by binary search.
    pairs = docs * vocabulary
    pairs += tokens
    del tokens, docs
    starts = np.searchsorted(keys >> 32, np.arange(vocabulary))
    rank = np.arange(len(keys)) - starts[keys >> 32]
    # The heaviest holders of each token, in speech order, with their counts
    # (before the holders: the pairs are no longer needed then) ...
    heavy = keys[rank < max_weights]
    del rank
    heavy = np.sort(((heavy >> 32) << 32) | (heavy & 0xFFFFFF))
    heavy_tokens, heavy_docs = heavy >> 32, heavy & 0xFFFFFF
    counts = tf[np.searchsorted(pairs, heavy_docs * vocabulary + heavy_tokens)].astype(np.int64)
    del pairs, tf, heavy
    # ... and all its holders, in speech order too.
    holders = np.sort(((keys >> 32) << 32) | (keys & 0xFFFFFF))
    del keys
    weight_bytes, weight_bounds = _encode_gaps(heavy_tokens, heavy_docs, vocabulary)
    count_bytes, count_bounds = _encode_varints(heavy_tokens, counts, vocabulary)
    holder_docs = holders & 0xFFFFFF
    gap_bytes, gap_bounds = _encode_gaps(holders >> 32, holder_docs, vocabulary)
    holder_starts = np.searchsorted(holders >> 32, np.arange(vocabulary + 1)).tolist()
    kept = np.minimum(frequency, max_weights).tolist()
    bitmap_size = (n + 7) // 8

    word_list = sorted(words, key=words.__getitem__)
    grouped: dict[int, list[bytes]] = {}
    entries = []
    for i, number in enumerate(numbers.tolist()):
        name = _token_name(number, word_list).encode("utf-8")
        df = int(frequency[i])
        entry = _varint(len(name)) + name + _varint(df) + _varint(kept[i])
        entry += weight_bytes[weight_bounds[i] : weight_bounds[i + 1]]
        entry += count_bytes[count_bounds[i] : count_bounds[i + 1]]
        if df > kept[i]:
            gaps = gap_bytes[gap_bounds[i] : gap_bounds[i + 1]]
            if len(gaps) <= bitmap_size:
                entry += b"\x00" + _varint(len(gaps)) + gaps
            else:
                present = np.zeros(bitmap_size * 8, dtype=bool)
                present[holder_docs[holder_starts[i] : holder_starts[i + 1]]] = True
                entry += b"\x01" + _varint(bitmap_size) + np.packbits(present, bitorder="little").tobytes()
        entries.append((name, entry))
    shards = max(1, math.ceil(sum(len(e) for _, e in entries) / SHARD_BYTES))
    for name, entry in entries:
        grouped.setdefault(shard_of(name.decode("utf-8"), shards), []).append(entry)
    files: dict[str, bytes] = {}
    if hant is not None and len(hant) != n:
        raise ValueError(f"{n} Simplified search records and {len(hant)} Traditional ones")
    shown = TextMap.of(display_map or {"chars": {}, "words": {}})
    for i in range(shards):
        parts = grouped.get(i, [])
        files[f"shards/{i}.bin"] = _compress(_varint(len(parts)) + b"".join(parts))
    docs = []
    for doc, r in enumerate(records):
        data = {"url": r.url, "title": r.title, "provenance": r.provenance, "text": r.text}
        if r.headings:
            data["headings"] = [list(h) for h in r.headings]
        if hant is not None:
            own = hant_lines(r, hant[doc], shown)
            if own:
                data["hant"] = own
        docs.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    units, codes, docs = _units(docs)
    # A word's two characters follow a line break, which no doc holds.
    files["chars.bin"] = _compress("".join(u if len(u) == 1 else "\n" + u for u in units).encode("utf-8"))
    files["lengths.bin"] = _compress(b"".join(_varint(int(k)) for k in lengths))
    for doc, text in enumerate(docs):
        files[f"docs/{doc}.bin"] = _compress(text.translate(codes).encode("latin-1"))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.encode() + b"\0" + files[path])
    meta = {"format": FORMAT, "docs": n, "shards": shards, "version": digest.hexdigest()[:16]}
    files["meta.json"] = (json.dumps(meta, sort_keys=True) + "\n").encode("utf-8")
    return files


def _units(docs: list[str]) -> tuple[list[str], dict[int, str], list[str]]:
    """The units of chars.bin, most frequent first (characters beyond ASCII
    and the ``WORDS`` commonest two-character words of them), the
    str.translate table that writes a doc, and the docs with each word
    written as one stand-in character (a private-use code point no doc
    holds, which the table writes as the word's rank). Words are taken from
    the left, in C and NumPy: a corpus is some 100 million characters."""
    joined = "\n".join(docs)  # no doc holds a raw line break (JSON escapes it)
    # Pairs of characters beyond ASCII, overlapping, counted in C in about
    # five million characters of the docs (which pairs are common shows
    # there; each word's rank is its count in all of them, below).
    sample = "\n".join(docs[:: max(1, len(joined) // 5_000_000)])
    pairs = Counter(map(str.__add__, sample, sample[1:]))
    words = sorted([w for w, k in pairs.most_common(4 * WORDS) if k >= WORD_MIN and min(w) > "\x7f"][:WORDS])
    # Stand-ins: private-use code points no doc holds (above all they hold,
    # unless there is no room left there).
    base = max(0xF0000, ord(max(joined, default="\0")) + 1)
    if base + len(words) > 0x110000:
        held, base = set(joined), 0xF0000
        while any(chr(base + i) in held for i in range(len(words))):
            base += len(words) + 1
    stand_in = {w: chr(base + i) for i, w in enumerate(words)}
    if words:
        table = np.array([(ord(w[0]) << 21) | ord(w[1]) for w in words], dtype=np.uint64)
        docs = [_with_stand_ins(d, table, base) for d in docs]
    found = Counter("".join(docs))
    for code in range(0x80):
        found.pop(chr(code), None)
    ranked = sorted(found, key=lambda c: (-found[c], c))[:CHARS]
    kept = set(ranked)
    word_of = {c: w for w, c in stand_in.items()}
    # (A word always overlapped by one taken before it is in no doc.)
    undo = {ord(c): w for c, w in word_of.items() if c in found and c not in kept}
    if undo:
        # A word ranked beyond chars.bin is written as its two characters
        # (each ranked or escaped: found counts them apart).
        docs = [d.translate(undo) for d in docs]
        for c, w in word_of.items():
            if c in found and c not in kept:
                found.update({w[0]: 0, w[1]: 0})
                found.pop(c)
    return [word_of.get(c, c) for c in ranked], _char_codes(ranked, found), docs


def _with_stand_ins(text: str, table: np.ndarray, base: int) -> str:
    """The text with each word of ``table`` (its two code points packed, 21
    bits each, sorted) taken from the left written as chr(base + its index)."""
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if len(points) < 2:
        return text
    keys = (points[:-1].astype(np.uint64) << 21) | points[1:]
    at = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    match = table[at] == keys
    # In a run of overlapping matches, the left one of each pair is taken:
    # every other position from the run's start.
    index = np.arange(len(match))
    starts = match & ~np.concatenate(([False], match[:-1]))
    run_start = np.maximum.accumulate(np.where(starts, index, 0))
    taken = match & ((index - run_start) % 2 == 0)
    out = points.copy()
    out[:-1][taken] = base + at[taken]
    keep = np.ones(len(points), dtype=bool)
    keep[1:][taken] = False
    return out[keep].tobytes().decode("utf-32-le")


def _char_codes(ranked: list[str], found) -> dict[int, str]:
    """What each character found in the docs (beyond ASCII, which is itself;
    a word's stand-in: _units) is written as, a str.translate table to bytes
    as Latin-1: its rank in chars.bin, or where chars.bin has no room for
    it, JSON's ASCII escape. (One translate per doc.)"""
    codes = {ord(c): json.dumps(c).strip('"') for c in found}
    for rank, c in enumerate(ranked):
        if rank < SINGLE:
            codes[ord(c)] = chr(0x80 + rank)
        else:
            codes[ord(c)] = chr(0xF0 + ((rank - SINGLE) >> 8)) + chr((rank - SINGLE) & 0xFF)
    return codes


def read_units(chars: bytes) -> list[str]:
    """The units of chars.bin (compressed), in rank order: a character, or
    the two characters after a line break."""
    units = []
    for i, piece in enumerate(gzip.decompress(chars).decode("utf-8").split("\n")):
        if i:
            units.append(piece[:2])
            piece = piece[2:]
        units += piece
    return units


def decode_doc(data: bytes, chars: bytes) -> dict:
    """A doc of the index (docs/<n>.bin, compressed) as JSON reads it, with
    the characters of chars.bin (compressed); search.js reads it the same."""
    table = read_units(chars)
    raw = gzip.decompress(data)
    out, pos = [], 0
    while pos < len(raw):
        byte = raw[pos]
        if byte < 0x80:
            out.append(chr(byte))
        elif byte < 0xF0:
            out.append(table[byte - 0x80])
        else:
            pos += 1
            out.append(table[SINGLE + ((byte - 0xF0) << 8) + raw[pos]])
        pos += 1
    return json.loads("".join(out))


def read_doc(files: dict[str, bytes], n: int) -> dict:
    """Doc number n of the index, by path under ``search/`` (build_index)."""
    return decode_doc(files[f"docs/{n}.bin"], files["chars.bin"])


def _impact(tf, norm):
    """BM25's weight of a token counted tf times in a speech, 1–255 (the
    readers compute it so from the stored counts and lengths.bin)."""
    return np.clip(np.rint(255 * tf / (tf + norm)), 1, 255)


def _norms(lengths) -> np.ndarray:
    """BM25's length normalization of each speech, from its token count. The
    counts are whole numbers, so their mean is exact in any order of sums:
    search.js computes the same floats."""
    lengths = np.asarray(lengths, dtype=np.float64)
    # No tokens at all: no weights to normalize.
    return K1 * (1 - B + B * lengths / ((lengths.mean() if len(lengths) else 0.0) or 1.0))


def _encode_gaps(tokens: np.ndarray, docs: np.ndarray, vocabulary: int) -> tuple[bytes, list[int]]:
    """Speech numbers (sorted within each token) as varint gaps from the
    previous one of the same token (_encode_varints)."""
    first = np.ones(len(tokens), dtype=bool)
    first[1:] = tokens[1:] != tokens[:-1]
    return _encode_varints(tokens, np.where(first, docs, docs - np.roll(docs, 1) - 1), vocabulary)


def _encode_varints(tokens: np.ndarray, values: np.ndarray, vocabulary: int) -> tuple[bytes, list[int]]:
    """Numbers as varints, grouped by token (sorted), all in one buffer;
    token i's bytes are ``[bounds[i], bounds[i+1])``."""
    size = 1 + sum((values >= 1 << (7 * k)).astype(np.int64) for k in range(1, 5))
    offsets = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(size, out=offsets[1:])
    out = np.zeros(int(offsets[-1]), dtype=np.uint8)
    for k in range(5):
        has = size > k
        byte = (values[has] >> (7 * k)) & 0x7F
        out[offsets[:-1][has] + k] = byte | np.where(size[has] > k + 1, 0x80, 0)
    bounds = offsets[np.searchsorted(tokens, np.arange(vocabulary + 1))].tolist()
    return out.tobytes(), bounds


# The reader ------------------------------------------------------------------


@dataclass(frozen=True)
class Postings:
    frequency: int  # how many speeches hold the token
    impacts: dict[int, int]  # speech number → impact, for the heaviest speeches
    holders: frozenset[int]  # every speech that holds the token

    @property
    def floor(self) -> int:
        """The weight of the token in a holder whose weight was not kept: no
        more than the lightest kept one."""
        return 0 if len(self.impacts) == self.frequency else min(self.impacts.values())


def read_lengths(data: bytes) -> list[int]:
    """lengths.bin: each speech's count of tokens (title counted
    ``TITLE_WEIGHT`` times), as varints."""
    raw, out, value, shift = gzip.decompress(data), [], 0, 0
    for byte in raw:
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            out.append(value)
            value = shift = 0
    return out


def read_shard(data: bytes, lengths: list[int]) -> dict[str, Postings]:
    """The tokens of a shard, their weights computed from the counts and the
    speeches' lengths (lengths.bin) as build_index weighed them."""
    norms = _norms(lengths)
    raw = gzip.decompress(data)
    pos = 0

    def varint() -> int:
        nonlocal pos
        value = shift = 0
        while True:
            byte = raw[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def holders_until(end: int) -> set[int]:
        found, doc = set(), -1
        while pos < end:
            doc += varint() + 1
            found.add(doc)
        return found

    tokens = {}
    for _ in range(varint()):
        size = varint()
        token = raw[pos : pos + size].decode("utf-8")
        pos += size
        frequency, kept = varint(), varint()
        weighed, doc = [], -1
        for _ in range(kept):
            doc += varint() + 1
            weighed.append(doc)
        impacts = {}
        for doc in weighed:
            impacts[doc] = int(_impact(varint(), norms[doc]))
        holders = set(impacts)
        if frequency > kept:
            kind = raw[pos]
            pos += 1
            length = varint()
            if kind == 0:
                holders = holders_until(pos + length)
            else:
                bits = raw[pos : pos + length]
                holders = {i for i in range(length * 8) if bits[i >> 3] >> (i & 7) & 1}
                pos += length
        tokens[token] = Postings(frequency, impacts, frozenset(holders))
    return tokens


def lookup(files: dict[str, bytes], token: str) -> Postings | None:
    meta = json.loads(files["meta.json"])
    lengths = read_lengths(files["lengths.bin"])
    return read_shard(files[f"shards/{shard_of(token, meta['shards'])}.bin"], lengths).get(token)


def candidates(files: dict[str, bytes], query: str) -> list[int]:
    """The speeches that hold every token of the query, best first."""
    meta = json.loads(files["meta.json"])
    tokens = [t for term in terms(query) for t in term_tokens(term)]
    if not tokens:
        return []
    lists = []
    for token in dict.fromkeys(tokens):
        found = lookup(files, token)
        if found is None:
            return []
        lists.append(found)
    pool = frozenset.intersection(*(p.holders for p in lists))
    n = meta["docs"]
    scores = {}
    for doc in pool:
        score = 0.0
        for p in lists:
            idf = math.log(1 + (n - p.frequency + 0.5) / (p.frequency + 0.5))
            score += idf * p.impacts.get(doc, p.floor)
        scores[doc] = score
    return sorted(scores, key=lambda d: (-scores[d], d))


def contains_terms(record_text: str, query: str) -> bool:
    text = normalize(record_text)
    return all(term in text for term in terms(query))


def search(files: dict[str, bytes], query: str, limit: int = 10, checked: int = 30) -> list[str]:
    """URLs of the speeches that hold every term of the query, best first: what
    search.js shows. At most ``checked`` candidates' texts are fetched."""
    urls = []
    for doc in candidates(files, query)[:checked]:
        record = read_doc(files, doc)
        if contains_terms(record["title"] + "\n" + record["text"], query):
            urls.append(record["url"])
            if len(urls) == limit:
                break
    return urls


def passage(record: dict, query: str) -> str | None:
    """The id of the paragraph or heading a result opens at (search.js
    computes the same): the first line of the text holding the most of the
    query's terms, all of them if one does; None when only the title holds
    them. A line is a heading (its id from ``headings``) or the next
    paragraph, "p1", "p2" …, as the page numbers them."""
    wanted = list(dict.fromkeys(terms(query)))
    best, most = None, 0
    for line, text in enumerate(normalize(record["text"]).split("\n")):
        found = sum(term in text for term in wanted)
        if found > most:
            best, most = line, found
            if found == len(wanted):
                break
    if best is None:
        return None
    headings = {line: anchor for line, anchor in record.get("headings", [])}
    if best in headings:
        return headings[best]
    return f"p{best + 1 - sum(line < best for line in headings)}"



def edition_record(record: dict, display_map: dict) -> dict:
    """A doc of the index as the Traditional edition shows it (search.js
    computes the same): the map's conversion, where the doc's ``hant`` says
    nothing else."""
    own = record.get("hant", {})
    shown = TextMap.of(display_map)
    out = {"url": record["url"]}
    for key in ("title", "provenance"):
        out[key] = own.get(key, shown.convert(record[key]))
    if "text" in own:
        out["text"], out["headings"] = own["text"], own["headings"]
        return out
    lines = shown.convert(record["text"]).split("\n")
    out["text"] = "\n".join(own.get(str(n), line) for n, line in enumerate(lines))
    out["headings"] = record.get("headings", [])
    return out


def edition_passage(record: dict, query: str, display_map: dict | None) -> str | None:
    """``passage`` in an edition (``display_map`` None: the Simplified one).
    The query is Simplified, as the index; where the Traditional edition
    prints another copy of the speech, the passage is found in that copy,
    with the query in its script."""
    if display_map is None or "text" not in record.get("hant", {}):
        return passage(record, query)
    return passage(edition_record(record, display_map), TextMap.of(display_map).convert(query))
