"""Simplified text in an edition's script, made with OpenCC.

The Traditional edition's config is ``s2tw`` unless a setting says ``s2hk``
(editions/registry.py): character forms without vocabulary rewriting. A
reviewed phrase table (phrases/zh-Hant.txt) fixes OpenCC's known mistakes,
and quotation marks become 「」『』 as Taiwan and Hong Kong print them.

An edition is converted in one pass (``converted``): whatever a renderer
makes with the edition's ``Script``, and every text it converted, returned
as a value, from which the review of the conversion and the search's
query map are made (editions/review.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import opencc

from .phrase_tables import load_phrase_table
from .registry import CONFIGS, DEFAULT_HANT

T = TypeVar("T")
# Turns Simplified text into an edition's script; the text itself for the
# Simplified edition. A script made here (``script``, ``converted``) also
# carries ``memo``: what renderers made with it (a paragraph's ¶ link, a
# title escaped), kept for as long as it lives.
Script = Callable[[str], str]
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
QUOTES_BACK = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})


def same_script(text: str) -> str:
    return text


def script(convert: Callable[[str], str] | None = None) -> Script:
    """A new script converting with ``convert`` (the Simplified text itself
    without one), with its own empty ``memo``."""

    def t(text: str) -> str:
        return text if convert is None else convert(text)

    t.memo = {}  # type: ignore[attr-defined]
    return t


class Converter:
    """Simplified → Traditional text, phrase table applied, quotes turned.

    ``originals``: what to print for strings that came from a Traditional
    source, by their Simplified form (traditional_sources.edition_originals): the
    source's own wording, not a conversion of the Simplified text back."""

    def __init__(
        self, config: str = DEFAULT_HANT, phrases: dict[str, str] | None = None, originals: dict[str, str] | None = None
    ):
        self.config = config
        self.originals = originals or {}
        self._opencc = opencc.OpenCC(f"{config}.json")
        self._back = opencc.OpenCC(f"{CONFIGS[config].back}.json")
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


@dataclass(frozen=True)
class Converted(Generic[T]):
    """What was made in an edition's script, and every text converted to make
    it, in the order first converted, with its conversion (the review and
    the search's query map are made from these: review.py)."""

    value: T
    pairs: dict[str, str]


def converted(make: Callable[[Script], T], converter: Converter) -> Converted[T]:
    """``make(t)`` with ``t`` converting each text with ``converter`` (each
    text once), and every text it converted."""
    pairs: dict[str, str] = {}
    convert = converter.convert

    def t(text: str) -> str:
        out = pairs.get(text)
        if out is None:
            out = pairs[text] = convert(text)
        return out

    t.memo = {}  # type: ignore[attr-defined]
    return Converted(make(t), pairs)
