"""Pinyin glosses: the readings some sites print in brackets after characters.

Pages converted by some sites carry the pinyin of (nearly) every converted
character right after it: "會(huì)議", "創(chuàng)建", toneless and repeated
"軍(jun)(jun)", with tone numbers "會(hui4)", full-width brackets "會（huì）",
"ü" written "v", a stray space "樂(lè )". A gloss is one or more bracketed
syllables right after a Han character, each of them a reading of that
character (pypinyin knows the readings); whatever else is in brackets is
content and stays: "(PPP)", "(GDP)", "(a)", "北京(Beijing)", "(一)".

In a text that carries glosses (``MIN_GLOSSES`` or more), two more shapes are
glosses too: a tone-marked syllable after a character the page's mojibake
replaced ("湴l(fā)生", where "湴l" was 發), and a gloss the excerpt cut
short at the very end ("和(" or "和(h").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from ..patterns import CJK

# Lower-case Latin letters, with the tone marks and the ü (or v) of pinyin.
_SYLLABLE_LETTERS = "a-zàáèéêìíòóùúüāēěīńňōūǎǐǒǔǖǘǚǜǹḿếề"
_COMBINING_TONE = "\u0300\u0301\u0304\u030c"
# One bracketed syllable: half- or full-width brackets, spaces allowed inside,
# an optional tone number. Group 1 is the syllable.
_BRACKETED = re.compile(
    rf"[(（]\s*([{_SYLLABLE_LETTERS}][{_SYLLABLE_LETTERS}{_COMBINING_TONE}]{{0,6}}[1-5]?)\s*[)）]"
)
# A run of bracketed syllables, one after the other.
_RUN = re.compile(rf"(?:{_BRACKETED.pattern})+")
# A gloss cut at the end of the text: the bracket and what is left of the syllable.
_CUT_AT_END = re.compile(rf"[(（]\s*([{_SYLLABLE_LETTERS}]{{0,6}})\s*$")
_HAN = re.compile(f"[{CJK}]")
_TONE_MARKED = re.compile(f"[àáèéêìíòóùúāēěīńňōūǎǐǒǔǖǘǚǜǹḿếề{_COMBINING_TONE}]|[1-5]$")
# A quick look: most texts hold no bracket followed by a Latin letter.
_HINT = re.compile(rf"[(（]\s*[{_SYLLABLE_LETTERS}]")
# A text with this many glosses of the plain shape is a glossed text.
MIN_GLOSSES = 3
_TO_V = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})


@dataclass(frozen=True)
class Gloss:
    """Bracketed syllables to remove: ``text[start:end]``, read as ``char``."""

    start: int
    end: int
    char: str  # the character before the gloss ("" for a cut gloss after no Han character)
    shape: str  # "reading" | "after-mojibake" | "cut-at-end"


def toneless(syllable: str) -> str:
    """"huì" → "hui", "lǜ" → "lv", "hui4" → "hui", "ńg" → "ng"."""
    plain = unicodedata.normalize("NFD", syllable.strip().lower().translate(_TO_V))
    return "".join(ch for ch in plain if not unicodedata.combining(ch) and not ch.isdigit())


@lru_cache(maxsize=1 << 14)
def readings(char: str) -> frozenset[str]:
    """Every reading pypinyin knows for a character, without tones."""
    from pypinyin import Style, pinyin

    found = pinyin(char, style=Style.NORMAL, heteronym=True, errors=lambda _: [[]])
    return frozenset(toneless(r) for r in (found[0] if found else ()) if r)


@cache
def syllables() -> frozenset[str]:
    """Every pinyin syllable (toneless) of pypinyin's dictionary."""
    from pypinyin.pinyin_dict import pinyin_dict

    return frozenset(toneless(r) for value in pinyin_dict.values() for r in value.split(","))


def find_glosses(text: str, glossed: bool | None = None) -> list[Gloss]:
    """The glosses of ``text``, in order (see the module's docstring).
    ``glossed``: whether the text is part of a glossed text (``is_glossed``
    of the whole); None to judge by ``text`` alone."""
    if not _HINT.search(text):  # nearly every paragraph: nothing to look at
        return []
    found: list[Gloss] = []
    doubtful: list[Gloss] = []
    for run in _RUN.finditer(text):
        char = text[run.start() - 1] if run.start() else ""
        sounds = [m.group(1) for m in _BRACKETED.finditer(run.group(0))]
        if char and _HAN.match(char) and all(toneless(s) in readings(char) for s in sounds):
            found.append(Gloss(run.start(), run.end(), char, "reading"))
        elif (
            char
            and not char.isspace()
            and all(toneless(s) in syllables() and _TONE_MARKED.search(s) for s in sounds)
        ):
            doubtful.append(Gloss(run.start(), run.end(), char, "after-mojibake"))
    if not (len(found) >= MIN_GLOSSES if glossed is None else glossed):
        return found
    cut = _CUT_AT_END.search(text)
    if cut and cut.start() > 0 and _HAN.match(text[cut.start() - 1]) and cut.start() not in {g.start for g in found}:
        char, partial = text[cut.start() - 1], toneless(cut.group(1))
        if any(r.startswith(partial) for r in readings(char)):
            doubtful.append(Gloss(cut.start(), cut.end(), char, "cut-at-end"))
    return sorted(found + doubtful, key=lambda g: g.start)


def has_gloss_hint(text: str) -> bool:
    """Whether ``text`` may hold a gloss at all (a bracket before a letter): a quick look."""
    return _HINT.search(text) is not None


def is_glossed(text: str) -> bool:
    """Whether ``text`` carries glosses: MIN_GLOSSES or more of the plain shape."""
    return len(find_glosses(text, glossed=False)) >= MIN_GLOSSES


def remove_glosses(text: str, glossed: bool | None = None) -> tuple[str, list[Gloss]]:
    """``text`` without its glosses, and the glosses removed (positions in
    ``text``); ``glossed`` as for ``find_glosses``."""
    glosses = find_glosses(text, glossed)
    if not glosses:
        return text, []
    out, last = [], 0
    for g in glosses:
        out.append(text[last : g.start])
        last = g.end
    out.append(text[last:])
    return "".join(out), glosses
