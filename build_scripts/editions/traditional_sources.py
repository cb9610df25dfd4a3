"""Speeches from Traditional-script sources, in both editions.

Every stage after cleaning works on Simplified text: the outline, duplicate
detection (so a speech found once in Traditional and once in Simplified is
one speech), titles, ids, facets and related speeches. A copy whose source is
Traditional (or mixed: see source_script.py) is cleaned in its own script,
then made Simplified (parse/traditional.py, with ``to_simplified`` and
``repair_forms`` here), paragraph by paragraph, with OpenCC (``t2s``;
``tw2s``/``hk2s`` for a page in Taiwan's or Hong Kong's forms, read as
OpenCC's standard forms first) and the reviewed phrase table
``phrases/zh-Hans.txt`` for OpenCC's mistakes. Its own text is kept beside
(``CleanCopy.originals``, same length, character for character), so the
Traditional edition prints the source's wording, normalised to the edition's
standard (``t2tw`` or ``t2hk``), instead of converting the Simplified text
back (which would lose what the source chose where one Simplified character
has several Traditional ones).

Sites that convert one character at a time leave wrong forms (頭發, 曆史,
干部): ``repair_forms`` mends the words of the reviewed table
``phrases/one-to-one.txt`` and the characters left as Simplified text has
them, and each repair is recorded.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache

from ..model import DistinctSpeech, PageMeta, Speech, StructuredCopy
from .convert import QUOTES, QUOTES_BACK
from .opencc_tables import converter, one_to_many
from .phrase_tables import load_hans_phrase_table, load_one_to_one_table, load_phrase_table
from .registry import CONFIGS
from .source_script import HANT, HANT_HK, HANT_TW, MIXED, is_traditional, simplified_only

# OpenCC's configs from a region's forms to its standard Traditional forms.
# A text of neither region (or mixed) may still use forms both write (為 for
# 爲, 衞 for 衛), which t2s does not all know: read as Taiwan's.
TO_STANDARD = {HANT_TW: "tw2t", HANT_HK: "hk2t", HANT: "tw2t", MIXED: "tw2t"}
# An edition prints a speech's copy in its own script when that copy is at
# least this share of the length of the most complete copy.
OWN_SCRIPT_SHARE = 0.9


# Reviewed tables -----------------------------------------------------------------


def _longest_first(keys: Iterable[str]) -> re.Pattern | None:
    keys = sorted(keys, key=lambda k: (-len(k), k))
    return re.compile("|".join(map(re.escape, keys))) if keys else None


@cache
def _hans_phrases() -> tuple[dict[str, str], re.Pattern | None]:
    table = load_hans_phrase_table()
    return table, _longest_first(table)


@cache
def _one_to_one() -> tuple[dict[str, str], set[str], re.Pattern | None]:
    """The words to repair by their Simplified form; the keys OpenCC need not
    confirm (the Traditional edition's own phrase table: the project's
    choices); the pattern finding them."""
    table = load_one_to_one_table()
    chosen = {}
    for simplified, traditional in load_phrase_table().items():
        standard = converter("tw2t").convert(traditional)
        if converter("t2s").convert(standard) == simplified:  # the same word, in standard forms
            chosen[simplified] = standard
    table.update(chosen)
    return table, set(chosen), _longest_first(table)


@cache
def _secondary_forms() -> frozenset[str]:
    """Simplified characters that are also a Traditional form of themselves,
    but not the one OpenCC writes by default (于 of 於/于, 极 of 極/极)."""
    return frozenset(ch for ch, forms in one_to_many("STCharacters").items() if ch in forms[1:])


def check_tables() -> None:
    """Read both reviewed tables (a bad line is a SourceError naming it): at
    the start of a build, before any page needs them."""
    _hans_phrases()
    _one_to_one()


# Conversion ------------------------------------------------------------------------


def standard_forms(text: str, script: str) -> str:
    """A Traditional text in OpenCC's standard forms (看著 → 看着 for a Taiwan page);
    a Simplified one as it is."""
    config = TO_STANDARD.get(script)
    if config is None:
        return text
    out = converter(config).convert(text)
    return out if len(out) == len(text) else text


def to_simplified(text: str, script: str) -> str:
    """A Traditional (or mixed) text in Simplified, character for character:
    OpenCC, the project's phrase table, “” for 「」."""
    std = standard_forms(text, script)
    out = converter("t2s").convert(std)
    table, pattern = _hans_phrases()
    if pattern is not None and len(out) == len(std):
        chars = list(out)
        for m in pattern.finditer(std):
            chars[m.start() : m.end()] = table[m.group(0)]
        out = "".join(chars)
    return out.translate(QUOTES_BACK)


def repair_forms(text: str, script: str) -> tuple[str, list[tuple[int, str, str, str]]]:
    """``text`` with the wrong forms one-character-at-a-time converters leave
    repaired, and each repair as (position, before, after, rule).

    ``traditional-form``: a word of ``phrases/one-to-one.txt`` written with
    another of its characters' forms (頭發 → 頭髮). Words are found in the
    Simplified reading of the text, longest first from the left (as OpenCC
    reads phrases), and repaired where OpenCC, converting the whole text,
    writes the word as the table does (so 若干部門 keeps its 干). The phrases
    of the Traditional edition's table (``phrases/zh-Hant.txt``: 表彰, not
    錶彰) are such words too, and need no confirming: they are the project's
    choice where OpenCC is wrong, and a page converted by OpenCC has its mistakes.

    ``simplified-form``: outside those words, a character the converter left
    as the Simplified text has it (积极, 们) where OpenCC writes another form,
    for Taiwan, Hong Kong and in its standard forms alike: OpenCC's form
    (積極, 們). Only a character that is Simplified only, or a Traditional
    form OpenCC does not write by default (极, not 致 or 了: OpenCC's phrases
    are not always right, and those are the usual forms). A character the
    source converted keeps the source's choice."""
    table, chosen, pattern = _one_to_one()
    std = standard_forms(text, script)
    simplified = converter("t2s").convert(std)
    if len(simplified) != len(text):
        return text, []
    context = converter("s2t").convert(simplified)
    # What OpenCC writes there, in its standard forms and in each region's.
    written = [context, converter("t2tw").convert(context), converter("t2hk").convert(context)]
    if any(len(w) != len(text) for w in written):
        return text, []
    chars = list(text)
    found = []
    only_simplified = simplified_only(std)
    decided = bytearray(len(text))  # positions a listed word covers
    for m in pattern.finditer(simplified) if pattern is not None else ():
        word = table[m.group(0)]
        start, end = m.span()
        decided[start:end] = b"\1" * (end - start)
        if std[start:end] == word or (m.group(0) not in chosen and context[start:end] != word):
            continue
        found.append((start, text[start:end], word, "traditional-form"))
        chars[start:end] = word
    secondary = _secondary_forms()
    run: list[int] = []
    for i in [*range(len(text)), len(text)]:
        left = (
            i < len(text)
            and not decided[i]
            and std[i] == simplified[i]
            and (std[i] in secondary or only_simplified[i])
            and all(w[i] != std[i] and w[i] != text[i] for w in written)
        )
        if left and (not run or run[-1] == i - 1):
            run.append(i)
            continue
        if run:
            start, end = run[0], run[-1] + 1
            found.append((start, text[start:end], context[start:end], "simplified-form"))
            chars[start:end] = context[start:end]
        run = [i] if left else []
    found.sort()
    return "".join(chars), found


# Editions ------------------------------------------------------------------------


def own_script_first(speech: DistinctSpeech, scripts: tuple[str, ...]) -> DistinctSpeech:
    """The speech with its best copy written in one of ``scripts`` first,
    when it has one at least OWN_SCRIPT_SHARE as long as its best copy."""
    best = speech.copies[0]
    if best.clean.script in scripts:
        return speech
    for i, c in enumerate(speech.copies):
        if c.clean.script in scripts:  # copies are ranked: the first is the script's best
            if _length(c) >= OWN_SCRIPT_SHARE * _length(best):
                return DistinctSpeech((c,) + speech.copies[:i] + speech.copies[i + 1 :])
            break
    return speech


def _length(copy: StructuredCopy) -> int:
    return sum(len(b.text) for b in copy.blocks)


def block_originals(copy: StructuredCopy) -> list[tuple[str, str]]:
    """(Simplified, source wording) of each block of a copy from a
    Traditional source; [] when the blocks do not cut its paragraphs."""
    clean = copy.clean
    if not clean.originals or len(clean.originals) != len(clean.paragraphs):
        return []
    pairs = []
    k, pos = 0, 0
    for block in copy.blocks:
        while k < len(clean.paragraphs) and pos == len(clean.paragraphs[k].text):
            k, pos = k + 1, 0
        if k == len(clean.paragraphs) or clean.paragraphs[k].text[pos : pos + len(block.text)] != block.text:
            return []
        pairs.append((block.text, clean.originals[k][pos : pos + len(block.text)]))
        pos += len(block.text)
    return pairs


def aligned_original(derived: str, simplified: str, original: str) -> list[tuple[str, str | None]]:
    """``derived`` (made from ``simplified`` by the later stages: a title
    without its marker, with full-width punctuation) in pieces: each with the
    source wording of it where it comes from ``simplified``, None where the
    stages wrote it."""
    if derived == simplified:
        return [(derived, original)]
    at = simplified.find(derived)
    if at >= 0:
        return [(derived, original[at : at + len(derived)])]
    pieces: list[tuple[str, str | None]] = []
    matcher = difflib.SequenceMatcher(None, simplified, derived, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append((derived[j1:j2], original[i1:i2]))
        elif j2 > j1:
            pieces.append((derived[j1:j2], None))
    return pieces


def edition_wording(
    pieces: list[tuple[str, str | None]], script: str, config: str, convert
) -> str:
    """The Traditional edition's text of ``pieces`` (see ``aligned_original``):
    the source's wording normalised to the edition's standard (``config`` is
    its OpenCC config, s2tw or s2hk), and the edition's conversion
    (``convert``: Simplified → the edition) for what the source did not write
    and for characters only Simplified uses (a mixed source)."""
    derived = "".join(text for text, _ in pieces)
    converted = convert(derived)
    if len(converted) != len(derived):
        return converted
    out = []
    pos = 0
    to_edition = converter(CONFIGS[config].from_standard)
    for text, original in pieces:
        end = pos + len(text)
        if original is None or len(original) != len(text):
            out.append(converted[pos:end])
        else:
            normal = to_edition.convert(standard_forms(original, script)).translate(QUOTES)
            if len(normal) != len(text):
                normal = original.translate(QUOTES)
            fill = simplified_only(normal)
            if fill.any():
                normal = "".join(converted[pos + i] if f else ch for i, (ch, f) in enumerate(zip(normal, fill)))
            out.append(normal)
        pos = end
    return "".join(out)


def edition_originals(
    speeches: Iterable[tuple[Speech, Speech]],
    collections: Iterable[tuple[str, PageMeta, str, dict[str, str]]],
    config: str,
    convert,
    describe: Callable[[Speech], str],
) -> dict[str, str]:
    """What the Traditional edition prints for each string that came from a
    Traditional source: Simplified string → the source's wording (see
    ``edition_wording``). ``speeches``: each speech as the catalogue has it
    and as the edition prints it (own_script_first); ``collections``: (title,
    the page's labels as read, the page's script, its labels' source wording
    by their Simplified form: ParsedPage.originals); ``describe``: how a
    page describes a speech (its opening, cut), applied to the source's
    wording the same way."""
    table: dict[str, str] = {}

    def add(derived: str, pieces: list[tuple[str, str | None]], script: str) -> None:
        if derived not in table and any(o is not None for _, o in pieces):
            table[derived] = edition_wording(pieces, script, config, convert)

    for neutral, printed in speeches:
        copy = printed.distinct.best
        script = copy.clean.script
        if is_traditional(script):
            pairs = block_originals(copy)
            for simplified, original in pairs:
                add(simplified, [(simplified, original)], script)
            if pairs and len(pairs) == len(printed.blocks):
                # The description is cut from the opening paragraphs: cut the source's the same way.
                own = replace(printed, blocks=tuple(replace(b, text=o) for b, (_, o) in zip(printed.blocks, pairs)))
                summary, own_summary = describe(printed), describe(own)
                if len(summary) == len(own_summary):
                    add(summary, [(summary, own_summary)], script)
        for c in (neutral.distinct.best, *printed.distinct.copies):
            clean = c.clean
            if is_traditional(clean.script) and clean.title_original:
                add(clean.copy.title, [(clean.copy.title, clean.title_original)], clean.script)
        best = neutral.distinct.best.clean
        if is_traditional(best.script) and best.title_original:
            add(neutral.title, aligned_original(neutral.title, best.copy.title, best.title_original), best.script)
    for title, meta, script, originals in collections:
        if not originals:
            continue
        if meta.title in originals:
            add(title, aligned_original(title, meta.title, originals[meta.title]), script)
        for label in (meta.site, *meta.categories, meta.tag):
            if label and label in originals:
                add(label, [(label, originals[label])], script)
    return table
