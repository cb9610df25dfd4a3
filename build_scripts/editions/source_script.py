"""Which script a source text is written in.

A text is Simplified (``hans``), Traditional (``hant``; ``hant-tw`` or
``hant-hk`` when it uses Taiwan's or Hong Kong's own forms), or a mix of both
(``mixed``). Only characters that belong to one script are evidence: 發 is
Traditional only and 发 Simplified only, while 后, 干 or 面 are written in
both (皇后, 若干, 面子) and say nothing. Taiwan's forms are those where OpenCC
writes the text's words one way for Taiwan and another for Hong Kong, and
the text writes them Taiwan's way (著 for 着 in 看著, 裡); Hong Kong's the
other way round (衞, 説); a Traditional text with neither, or as many of
both, is ``hant``. All of it
comes from OpenCC's own dictionaries and converters.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from .opencc_tables import converter, dictionary

HANS = "hans"
HANT = "hant"
HANT_TW = "hant-tw"
HANT_HK = "hant-hk"
MIXED = "mixed"
SCRIPTS = (HANS, HANT, HANT_TW, HANT_HK, MIXED)
TRADITIONAL_SCRIPTS = (HANT, HANT_TW, HANT_HK)
# The minority script must make more than this share of the evidence for a
# text to be mixed: a Simplified speech quoting one Traditional name, or a
# Traditional page with a few characters its converter left (最后), is not.
MIXED_SHARE = 0.1

def is_traditional(script: str) -> bool:
    """A text the Simplified edition converts: Traditional or mixed."""
    return script != HANS


# Character classes in the table below.
_NEUTRAL, _TRADITIONAL, _SIMPLIFIED = range(3)


@cache
def _character_classes() -> np.ndarray:
    """The class of every code point (uint8, indexed by code point)."""
    ts = dictionary("TSCharacters")
    st = dictionary("STCharacters")
    table = np.zeros(0x110000, dtype=np.uint8)
    for char, forms in ts.items():
        if char not in forms and char not in st:
            table[ord(char)] = _TRADITIONAL
    for char, forms in st.items():
        if char not in forms and char not in ts:
            table[ord(char)] = _SIMPLIFIED
    return table


def simplified_only(text: str) -> np.ndarray:
    """For each character of ``text``, whether it belongs to Simplified text only (发, 们)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _character_classes()[codes] == _SIMPLIFIED


def evidence(text: str) -> dict[str, int]:
    """How many characters of ``text`` belong to Simplified text only and to
    Traditional text only."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    counts = np.bincount(_character_classes()[codes], minlength=3)
    return {"simplified": int(counts[_SIMPLIFIED]), "traditional": int(counts[_TRADITIONAL])}


def regional_forms(text: str) -> dict[str, int]:
    """How many characters of a Traditional text are written as Taiwan
    writes them and neither Hong Kong nor OpenCC's standard does, and as Hong
    Kong writes them and neither of the others: the text is read in the
    standard forms, written again in each region's, and compared."""
    found = {"taiwan": 0, "hong_kong": 0}
    standard = converter("hk2t").convert(converter("tw2t").convert(text))
    taiwan, hong_kong = converter("t2tw").convert(standard), converter("t2hk").convert(standard)
    if len(taiwan) == len(text) == len(hong_kong) == len(standard):  # OpenCC's variant tables keep the length
        for ch, std, tw, hk in zip(text, standard, taiwan, hong_kong):
            if tw != hk and ch != std:
                if ch == tw:
                    found["taiwan"] += 1
                elif ch == hk:
                    found["hong_kong"] += 1
    return found


def detect_script(text: str) -> str:
    """``hans``, ``hant``, ``hant-tw``, ``hant-hk`` or ``mixed`` (see the module's
    docstring); a text with no evidence either way is ``hans``."""
    found = evidence(text)
    simplified, traditional = found["simplified"], found["traditional"]
    if traditional == 0 or traditional <= MIXED_SHARE * (simplified + traditional):
        return HANS
    if simplified > MIXED_SHARE * (simplified + traditional):
        return MIXED
    regional = regional_forms(text)
    if regional["taiwan"] > regional["hong_kong"]:
        return HANT_TW
    if regional["hong_kong"] > regional["taiwan"]:
        return HANT_HK
    return HANT
