"""The review of an edition's conversion, and the search's query map, made
from every text the conversion converted (``convert.converted``).

``review`` lists every conversion of a Simplified character with several
Traditional forms (发 → 發/髮) with its context, and converts the text back
to Simplified to find what does not round-trip; ``review_from_traditional``
does the same for text from Traditional sources, in the other direction.
``query_map`` is what a search query typed in the other script becomes;
``display_map`` how the search shows its Simplified text in the Traditional edition.
The build report carries the reviews (``conversion``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..patterns import HAN
from .convert import Converter
from .opencc_tables import one_to_many
from .phrase_tables import load_hans_phrase_table, load_one_to_one_table


def one_to_many_characters() -> dict[str, tuple[str, ...]]:
    """Simplified characters with more than one Traditional form (发 → 發/髮),
    read from OpenCC's own character dictionary."""
    return one_to_many("STCharacters")


def ambiguous_conversions(
    source: str, converted: str, context: int = 4, table: dict[str, tuple[str, ...]] | None = None
) -> list[dict]:
    """Every one-to-many character (of ``table``, by default the Simplified
    ones) with what it became and its context."""
    if len(source) != len(converted):
        return []
    table = one_to_many_characters() if table is None else table
    rows = []
    for i, ch in enumerate(source):
        if ch in table:
            rows.append(
                {
                    "char": ch,
                    "became": converted[i],
                    "forms": "/".join(table[ch]),
                    "context": source[max(0, i - context) : i + context + 1],
                    "converted": converted[max(0, i - context) : i + context + 1],
                }
            )
    return rows


def round_trip_differences(source: str, converted: str, back: str, context: int = 4) -> tuple[int, list[dict]]:
    """(Han characters compared, differences) between the source and its round trip."""
    if len(back) != len(source):
        return sum(1 for ch in source if HAN.match(ch)), [
            {"context": source[:40], "converted": converted[:40], "back": back[:40]}
        ]
    han = 0
    differences = []
    for i, (a, b) in enumerate(zip(source, back)):
        if HAN.match(a):
            han += 1
            if a != b:
                differences.append(
                    {
                        "char": a,
                        "became": converted[i],
                        "back": b,
                        "context": source[max(0, i - context) : i + context + 1],
                    }
                )
    return han, differences


def review(pairs: dict[str, str], converter: Converter) -> dict:
    """The review of a conversion: ``pairs`` (each text converted → its
    conversion, in the order converted) made with ``converter``."""
    ambiguous: list[dict] = []
    han = 0
    differences: list[dict] = []
    for source, converted in pairs.items():
        ambiguous.extend(ambiguous_conversions(source, converted))
        n, diffs = round_trip_differences(source, converted, converter.back(converted))
        han += n
        differences.extend(diffs)
    return {
        "config": converter.config,
        "phrase_table_entries": len(converter.phrases),
        "one_to_many": _summarise(ambiguous),
        "round_trip": {
            "han_characters": han,
            "identical_ratio": round(1 - len(differences) / han, 6) if han else 1.0,
            "differences": differences,
        },
    }


def review_from_traditional(originals: dict[str, str], converter: Converter, context: int = 4) -> dict:
    """The review of the other direction: text from Traditional sources,
    made Simplified for the Simplified edition and printed in its own
    wording in the Traditional one (``originals``: Simplified → that wording).

    ``one_to_many`` lists every Traditional character with several Simplified
    forms (乾 → 干/乾, 著 → 著/着) and what it became; ``round_trip`` compares
    the source's wording with what OpenCC makes of the Simplified text
    (``converter``, without the originals): the places where the Traditional
    edition keeps the source's choice, and where a source page still carries
    a converter's wrong form (add the word to phrases/one-to-one.txt) or the
    Simplified text a t2s mistake (phrases/zh-Hans.txt)."""
    # Characters with two or more everyday Simplified forms (not only a rare one outside the basic block).
    several = {
        ch: forms
        for ch, forms in one_to_many("TSCharacters").items()
        if sum("\u4e00" <= form <= "\u9fff" for form in forms) > 1
    }
    ambiguous: list[dict] = []
    han = 0
    differences: list[dict] = []
    for simplified, original in originals.items():
        if len(simplified) != len(original):
            continue
        converted = converter.convert(simplified)
        ambiguous += ambiguous_conversions(original, simplified, context, several)
        if len(converted) != len(original):
            continue
        for i, (a, b) in enumerate(zip(original, converted)):
            if HAN.match(a):
                han += 1
                if a != b:
                    differences.append(
                        {
                            "char": a,
                            "opencc": b,
                            "simplified": simplified[i],
                            "context": original[max(0, i - context) : i + context + 1],
                        }
                    )
    return {
        "phrase_table_entries": len(load_hans_phrase_table()),
        "one_to_one_words": len(load_one_to_one_table()),
        "one_to_many": _summarise(ambiguous),
        "round_trip": {
            "han_characters": han,
            "identical_ratio": round(1 - len(differences) / han, 6) if han else 1.0,
            "differences": _count(differences, ("char", "opencc", "context")),
        },
    }


def _count(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    counted: dict[tuple, dict] = {}
    for row in rows:
        counted.setdefault(tuple(row[k] for k in key), dict(row, count=0))["count"] += 1
    return sorted(counted.values(), key=lambda r: tuple(r[k] for k in key))


def _summarise(rows: list[dict]) -> list[dict]:
    """One row per (character, form chosen, context), counted."""
    counted: dict[tuple, dict] = {}
    for row in rows:
        key = (row["char"], row["became"], row["context"])
        counted.setdefault(key, dict(row, count=0))["count"] += 1
    return sorted(counted.values(), key=lambda r: (r["char"], r["became"], r["context"]))


def _counted_pairs(pairs: dict[str, str], reverse: bool, words: dict[str, str] | None) -> Counter:
    """Every (character, counterpart) pair of the texts of the same length,
    counted in C; with ``words``, also each two- to four-character Han word
    around a character with several Traditional forms, as first converted."""
    pair_counts: Counter = Counter()
    ambiguous = set(one_to_many_characters())
    for source, converted in pairs.items():
        if len(source) != len(converted):
            continue
        pair_counts.update(zip(converted, source) if reverse else zip(source, converted))
        if words is not None and not ambiguous.isdisjoint(source):
            han = [HAN.match(c) is not None for c in source]
            for i, ch in enumerate(source):
                if ch in ambiguous:
                    for lo in range(max(0, i - 3), i + 1):
                        for hi in range(i + 1, min(len(source), lo + 4) + 1):
                            if hi - lo >= 2 and all(han[lo:hi]):
                                words.setdefault(source[lo:hi], converted[lo:hi])
    return pair_counts


def _majority(pair_counts: Counter, han_only: bool) -> dict[str, str]:
    """Per character, its counterpart met most often (ties: the first met)."""
    char_counts: dict[str, Counter] = {}
    for (x, y), n in pair_counts.items():
        if not han_only or HAN.match(x):
            char_counts.setdefault(x, Counter())[y] = n
    return {x: counts.most_common(1)[0][0] for x, counts in sorted(char_counts.items())}


def _with_words(chars: dict[str, str], words: dict[str, str]) -> dict[str, dict[str, str]]:
    """The map of ``chars``, and of the ``words`` it would still convert
    wrongly: shortest words first, a longer one kept only where the shorter
    ones and the characters would still get it wrong."""
    mapping: dict[str, dict[str, str]] = {"chars": {x: y for x, y in chars.items() if x != y}, "words": {}}
    for word, wanted in sorted(words.items(), key=lambda item: (len(item[0]), item[0])):
        if convert_query(mapping, word) != wanted:
            mapping["words"][word] = wanted
    return mapping


def query_map(pairs: dict[str, str], reverse: bool) -> dict[str, dict[str, str]]:
    """What a search query typed in the other script should become.

    ``chars`` maps single characters; ``words`` maps the two- to four-character
    words whose characters have more than one form (头发 → 頭髮, not 頭發), as
    they were converted in this corpus. Forward: Simplified → Traditional;
    reverse: the other way, which both editions use, since the one search
    index is Simplified text."""
    words: dict[str, str] = {}
    pair_counts = _counted_pairs(pairs, reverse, None if reverse else words)
    majority = _majority(pair_counts, han_only=True)
    # A character the target text itself uses is left alone: 發布 typed on the
    # Traditional edition must stay 發布, though 布 is mostly 佈 in conversion.
    target_chars = set().union(*(source if reverse else converted for source, converted in pairs.items()))
    return _with_words({x: y for x, y in majority.items() if x not in target_chars}, words)


def display_map(pairs: dict[str, str]) -> dict[str, dict[str, str]]:
    """Simplified → the edition's script, as the search shows its results:
    every character (quotation marks too) as the conversion most often
    turned it, and the words the characters would get wrong (头发 → 頭髮).
    The text is converted as ``convert_query`` does, so it is the same in
    the browser; where it still differs from the edition's own text, the
    search index stores that text (search_index.hant_lines)."""
    words: dict[str, str] = {}
    pair_counts = _counted_pairs(pairs, False, words)
    return _with_words(_majority(pair_counts, han_only=False), words)


def convert_query(mapping: dict[str, dict[str, str]], query: str) -> str:
    """What docs/javascripts/search.js does with a query: the longest listed
    word (four characters down to two) at each position, else the character."""
    out = []
    i = 0
    while i < len(query):
        piece, step = mapping["chars"].get(query[i], query[i]), 1
        for size in (4, 3, 2):
            word = query[i : i + size]
            if len(word) == size and word in mapping["words"]:
                piece, step = mapping["words"][word], size
                break
        out.append(piece)
        i += step
    return "".join(out)


@dataclass(frozen=True)
class TextMap:
    """A map made fast for whole texts: the same result as ``convert_query``
    (a regular expression tries the longest word first at each position, as
    it does; between words, each character through a translation table)."""

    words: dict[str, str]
    pattern: re.Pattern | None
    table: dict[int, str]

    @classmethod
    def of(cls, mapping: dict[str, dict[str, str]]) -> "TextMap":
        words = mapping["words"]
        ordered = sorted(words, key=lambda w: (-len(w), w))
        pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        return cls(words, pattern, str.maketrans(mapping["chars"]))

    def convert(self, text: str) -> str:
        if self.pattern is None:
            return text.translate(self.table)
        out, last = [], 0
        for m in self.pattern.finditer(text):
            out.append(text[last : m.start()].translate(self.table))
            out.append(self.words[m.group()])
            last = m.end()
        out.append(text[last:].translate(self.table))
        return "".join(out)
