"""Stage 8 — the Traditional-Chinese edition, made with OpenCC.

The default config is ``s2tw``: Taiwan character forms without vocabulary
rewriting (``s2twp`` turns 创建 into 建立, which changes what a speech says).
A reviewed phrase table fixes OpenCC's known mistakes, quotation marks become
「」『』 as Taiwan and Hong Kong print them, and everything converted can be
checked: one-to-many characters are listed with their context, and the text
is converted back to Simplified to find what does not round-trip.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import opencc

from .opencc_tables import one_to_many
from .patterns import HAN

PHRASE_TABLE = Path(__file__).parent / "phrases" / "zh-Hant.txt"
# The configs that keep vocabulary (s2twp/s2hkp rewrite words), with their way back.
BACK_CONFIG = {"s2tw": "tw2s", "s2hk": "hk2s"}
# Taiwan character forms: the Traditional edition unless a setting says otherwise.
DEFAULT_HANT = "s2tw"
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
QUOTES_BACK = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


@dataclass(frozen=True)
class Edition:
    """One script edition of the site."""

    code: str  # BCP 47 tag used in URLs and html lang: "zh-Hans", "zh-Hant"
    name: str  # how the language selector names it, in its own script
    config: str | None  # OpenCC config from Simplified; None for the source script


SIMPLIFIED = Edition("zh-Hans", "简体中文", None)


def traditional(config: str = DEFAULT_HANT) -> Edition:
    if config not in BACK_CONFIG:
        raise ValueError(f"unsupported OpenCC config {config!r}: choose one of {sorted(BACK_CONFIG)}")
    return Edition("zh-Hant", "繁體中文", config)


def editions_for(hant: str | None) -> list[Edition]:
    """The editions a build makes: Simplified, and Traditional with OpenCC
    config ``hant`` unless it is None."""
    return [SIMPLIFIED] + ([traditional(hant)] if hant else [])


def edition_url(site_url: str | None, edition: Edition) -> str | None:
    """The absolute URL of an edition's root ("…/zh-Hant/"), if the site's is known."""
    return f"{site_url.rstrip('/')}/{edition.code}/" if site_url else None


def load_phrase_table(path: Path = PHRASE_TABLE) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or len(parts[0]) != len(parts[1]):
            raise ValueError(f"{path.name}:{number}: expected 'Simplified<TAB>Traditional' of the same length")
        table[parts[0]] = parts[1]
    return table


class Converter:
    """Simplified → Traditional text, phrase table applied, quotes turned.

    ``originals``: what to print for strings that came from a Traditional
    source, by their Simplified form (hant_source.edition_originals): the
    source's own wording, not a conversion of the Simplified text back."""

    def __init__(
        self, config: str = DEFAULT_HANT, phrases: dict[str, str] | None = None, originals: dict[str, str] | None = None
    ):
        self.config = config
        self.originals = originals or {}
        self._opencc = opencc.OpenCC(f"{config}.json")
        self._back = opencc.OpenCC(f"{BACK_CONFIG[config]}.json")
        self.phrases = load_phrase_table() if phrases is None else phrases
        self._phrase_pattern = (
            re.compile("|".join(re.escape(p) for p in sorted(self.phrases, key=len, reverse=True)))
            if self.phrases
            else None
        )

    def convert(self, text: str) -> str:
        if self.originals:
            original = self.originals.get(text)
            if original is not None:
                return original
        out = self._opencc.convert(text)
        if self._phrase_pattern is not None:
            out = self._apply_phrases(text, out)
        return out.translate(QUOTES)

    def _apply_phrases(self, source: str, converted: str) -> str:
        # s2tw and s2hk map character for character, so a phrase's position in
        # the Simplified text is its position in the Traditional one (and the
        # table's two sides have the same length: see load_phrase_table).
        if len(converted) != len(source):
            raise ValueError(f"{self.config} changed the length of {source[:20]!r}: phrases cannot be placed")
        chars = list(converted)
        for m in self._phrase_pattern.finditer(source):
            chars[m.start() : m.end()] = self.phrases[m.group(0)]
        return "".join(chars)

    def back(self, text: str) -> str:
        """Traditional → Simplified, to check the conversion round-trips."""
        return self._back.convert(text.translate(QUOTES_BACK))


def one_to_many_characters() -> dict[str, tuple[str, ...]]:
    """Simplified characters with more than one Traditional form (发 → 發/髮),
    read from OpenCC's own character dictionary."""
    return one_to_many("STCharacters")


def ambiguous_conversions(source: str, converted: str, context: int = 4) -> list[dict]:
    """Every one-to-many character with what it became and its context."""
    if len(source) != len(converted):
        return []
    table = one_to_many_characters()
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


class RecordingScript:
    """A converter that remembers what it converted, for the build report and
    the search's query conversion map."""

    def __init__(self, converter: Converter):
        self.converter = converter
        self.pairs: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        if text not in self.pairs:
            self.pairs[text] = self.converter.convert(text)
        return self.pairs[text]

    def report(self) -> dict:
        ambiguous: list[dict] = []
        han = 0
        differences: list[dict] = []
        for source, converted in self.pairs.items():
            ambiguous.extend(ambiguous_conversions(source, converted))
            n, diffs = round_trip_differences(source, converted, self.converter.back(converted))
            han += n
            differences.extend(diffs)
        return {
            "config": self.converter.config,
            "phrase_table_entries": len(self.converter.phrases),
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
    from .hant_source import load_hans_phrase_table, load_one_to_one_table

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
        for i, ch in enumerate(original):
            if ch in several:
                ambiguous.append(
                    {
                        "char": ch,
                        "became": simplified[i],
                        "forms": "/".join(several[ch]),
                        "context": original[max(0, i - context) : i + context + 1],
                        "converted": simplified[max(0, i - context) : i + context + 1],
                    }
                )
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


# The site's own words where Taiwan's usage (and Hong Kong's) differs from
# the mainland's: OpenCC's s2tw converts characters only, so 链接 becomes 鏈接
# where Taiwan writes 連結, as the theme's strings and the heading links do.
# For the strings the site writes itself (labels, buttons, its hand-written
# pages), never for a speech's text. Each word holds a character only
# Traditional text has, so Simplified text passes through unchanged.
SITE_WORDS = {"鏈接": "連結", "純文本": "純文字", "地址欄": "網址列", "鼠標": "滑鼠", "剪貼板": "剪貼簿"}
_SITE_WORD = re.compile("|".join(SITE_WORDS))


def site_words(text: str) -> str:
    """A string of the site's own (converted) in the Traditional edition's usage."""
    return _SITE_WORD.sub(lambda m: SITE_WORDS[m.group()], text)


_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def convert_handwritten_markdown(text: str, t) -> str:
    """A hand-written Simplified page in the edition's script and usage
    (site_words). Headings get an explicit id taken from the Simplified
    text, so anchors match across editions."""
    out = []
    fenced = False
    for line in text.split("\n"):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _ATX_HEADING.match(line)
        if m and not m.group(2).endswith("}"):
            slug = re.sub(r"[^\w-]+", "-", m.group(2).lower()).strip("-")
            out.append(f"{m.group(1)} {site_words(t(m.group(2)))} {{#{slug}}}")
        else:
            out.append(site_words(t(line)) if not fenced else line)
    return "\n".join(out)


def query_map(pairs: dict[str, str], reverse: bool) -> dict[str, dict[str, str]]:
    """What a search query typed in the other script should become.

    ``chars`` maps single characters; ``words`` maps the two- to four-character
    words whose characters have more than one form (头发 → 頭髮, not 頭發), as
    they were converted in this corpus. Forward: Simplified → Traditional,
    for the Traditional edition; reverse: the other way."""
    from collections import Counter

    # Every (character, counterpart) pair counted in C, Han characters picked
    # out afterwards: a corpus converts millions of characters.
    pair_counts: Counter = Counter()
    words: dict[str, str] = {}
    ambiguous = set(one_to_many_characters())
    for source, converted in pairs.items():
        if len(source) != len(converted):
            continue
        pair_counts.update(zip(converted, source) if reverse else zip(source, converted))
        if not reverse and not ambiguous.isdisjoint(source):
            han = [HAN.match(c) is not None for c in source]
            for i, ch in enumerate(source):
                if ch in ambiguous:
                    for lo in range(max(0, i - 3), i + 1):
                        for hi in range(i + 1, min(len(source), lo + 4) + 1):
                            if hi - lo >= 2 and all(han[lo:hi]):
                                words.setdefault(source[lo:hi], converted[lo:hi])
    # Per character, its counterparts in the order first met (most_common
    # breaks ties by that order).
    char_counts: dict[str, Counter] = {}
    for (x, y), n in pair_counts.items():
        if HAN.match(x):
            char_counts.setdefault(x, Counter())[y] = n
    majority = {x: counts.most_common(1)[0][0] for x, counts in sorted(char_counts.items())}
    # A character the target text itself uses is left alone: 發布 typed on the
    # Traditional edition must stay 發布, though 布 is mostly 佈 in conversion.
    target_chars = set().union(*(source if reverse else converted for source, converted in pairs.items()))
    majority = {x: y for x, y in majority.items() if x not in target_chars}
    mapping: dict[str, dict[str, str]] = {"chars": {x: y for x, y in majority.items() if x != y}, "words": {}}
    # Shortest words first; a longer word is kept only where the shorter ones
    # and the characters would still convert it wrongly.
    for word, wanted in sorted(words.items(), key=lambda item: (len(item[0]), item[0])):
        if convert_query(mapping, word) != wanted:
            mapping["words"][word] = wanted
    return mapping


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
