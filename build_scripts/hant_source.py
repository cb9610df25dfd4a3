"""Speeches from Traditional-script sources, in both editions.

Every stage after cleaning works on Simplified text: the outline, duplicate
detection (so a speech found once in Traditional and once in Simplified is
one speech), titles, ids, facets and related speeches. A copy whose source is
Traditional (or mixed: see source_script.py) is cleaned in its own script,
then made Simplified here, paragraph by paragraph, with OpenCC (``t2s``;
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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .errors import SourceError
from .model import (
    CleanCopy,
    DistinctSpeech,
    PageMeta,
    Paragraph,
    Repair,
    SourceLine,
    SourcePage,
    Speech,
    SpeechCopy,
    StructuredCopy,
)
from .opencc_tables import converter, one_to_many
from .patterns import HAN
from .parse.glosses import has_gloss_hint, is_glossed, remove_glosses
from .source_script import HANT, HANT_HK, HANT_TW, MIXED, evidence, is_traditional, simplified_only

PHRASES = Path(__file__).parent / "phrases"
HANS_PHRASE_TABLE = PHRASES / "zh-Hans.txt"
ONE_TO_ONE_TABLE = PHRASES / "one-to-one.txt"
# OpenCC's configs from a region's forms to its standard Traditional forms.
# A text of neither region (or mixed) may still use forms both write (為 for
# 爲, 衞 for 衛), which t2s does not all know: read as Taiwan's.
TO_STANDARD = {HANT_TW: "tw2t", HANT_HK: "hk2t", HANT: "tw2t", MIXED: "tw2t"}
# The Traditional edition's config (from Simplified) → from standard Traditional.
FROM_STANDARD = {"s2tw": "t2tw", "s2hk": "t2hk"}
# Quotation marks as Simplified text prints them.
QUOTES_BACK = str.maketrans({"「": "“", "」": "”", "『": "‘", "』": "’"})
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
# An edition prints a speech's copy in its own script when that copy is at
# least this share of the length of the most complete copy.
OWN_SCRIPT_SHARE = 0.9


# Reviewed tables -----------------------------------------------------------------


def _table_lines(path: Path) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, line


def _table_error(path: Path, line: int, message: str) -> SourceError:
    """A bad line of a reviewed table: the build stops, naming it."""
    try:
        name = path.resolve().relative_to(PHRASES.parent.parent).as_posix()
    except ValueError:
        name = path.as_posix()
    return SourceError(name, message, line)


def _is_standard(text: str) -> bool:
    """Written in OpenCC's standard Traditional forms (着, not 著 for zhe; 裏, not 裡)."""
    return converter("tw2t").convert(text) == text == converter("hk2t").convert(text)


def load_hans_phrase_table(path: Path = HANS_PHRASE_TABLE) -> dict[str, str]:
    """``phrases/zh-Hans.txt``: Traditional phrase → Simplified phrase. A bad
    line is a SourceError naming the file and the line."""
    table: dict[str, str] = {}
    for number, line in _table_lines(path):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or len(parts[0]) != len(parts[1]):
            raise _table_error(path, number, "expected 'Traditional<TAB>Simplified' of the same length")
        trad, simp = parts
        if not _is_standard(trad):
            raise _table_error(path, number, f"write {trad} in OpenCC's standard forms ({converter('hk2t').convert(converter('tw2t').convert(trad))})")
        if evidence(simp)["traditional"]:
            raise _table_error(path, number, f"{simp} is not Simplified text")
        if converter("t2s").convert(trad) == simp:
            raise _table_error(path, number, f"OpenCC already converts {trad} to {simp}")
        if trad in table:
            raise _table_error(path, number, f"{trad} is listed twice")
        table[trad] = simp
    return table


def load_one_to_one_table(path: Path = ONE_TO_ONE_TABLE) -> dict[str, str]:
    """``phrases/one-to-one.txt``: each word's Simplified form → the word. A
    bad line is a SourceError naming the file and the line."""
    several_forms = {form for forms in one_to_many("STCharacters").values() for form in forms}
    table: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in _table_lines(path):
        word = line.strip()
        if len(word) < 2 or not all(HAN.match(ch) for ch in word):
            raise _table_error(path, number, f"expected one word of two or more Han characters, not {line}")
        if not _is_standard(word):
            raise _table_error(path, number, f"write {word} in OpenCC's standard forms ({converter('hk2t').convert(converter('tw2t').convert(word))})")
        if not any(ch in several_forms for ch in word):
            raise _table_error(path, number, f"{word} has no character of which Simplified has one form and Traditional several")
        key = converter("t2s").convert(word)
        if key in table:
            raise _table_error(path, number, f"{word} reads as {key} in Simplified, as {table[key]} on line {lines[key]} does")
        opencc_form = converter("s2t").convert(key)
        if opencc_form != word:
            raise _table_error(path, number, f"OpenCC writes {key} as {opencc_form}, so {word} would never be repaired to")
        table[key] = word
        lines[key] = number
    return table


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
    from .convert_variant import load_phrase_table  # convert_variant imports this module's review

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


# Pinyin glosses ----------------------------------------------------------------------


def deglossed_page(page: SourcePage) -> tuple[SourcePage, list[Repair]]:
    """The page without its pinyin glosses (parse/glosses.py), line for line,
    and a repair for each gloss removed. Every later stage reads this page:
    a title line, a "第N篇" marker or a hard wrap is found as it would be
    without the glosses."""
    text = "\n".join(line.text for line in page.lines)
    if not has_gloss_hint(text):
        return page, []
    glossed = is_glossed(text)
    lines, repairs = [], []
    for line in page.lines:
        plain, glosses = remove_glosses(line.text, glossed)
        repairs += [Repair("pinyin-gloss-removed", line.number, line.text[g.start - 1 : g.end], g.char) for g in glosses]
        lines.append(line if not glosses else SourceLine(line.number, plain))
    if not repairs:
        return page, []
    return replace(page, lines=tuple(lines)), repairs


def with_repairs(clean: CleanCopy, repairs: list[Repair]) -> CleanCopy:
    """The copy with ``repairs`` (of its page: deglossed_page) recorded first."""
    return replace(clean, repairs=tuple(repairs) + clean.repairs) if repairs else clean


def repairs_by_copy(copies: Iterable[SpeechCopy], repairs: list[Repair]) -> list[list[Repair]]:
    """``repairs`` (by line) shared out among a page's copies, in order: a
    repair on a copy's line is that copy's; one on a line of no copy (a title,
    a marker, chrome) goes to the first copy after it, or else the last."""
    copies = list(copies)
    out: list[list[Repair]] = [[] for _ in copies]
    if not copies:
        return out
    owner = {line.number: i for i, c in enumerate(copies) for line in c.lines}
    starts = [c.lines[0].number for c in copies]
    for repair in repairs:
        i = owner.get(repair.line)
        if i is None:
            i = next((k for k, start in enumerate(starts) if start > repair.line), len(copies) - 1)
        out[i].append(repair)
    return out


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


@dataclass(frozen=True)
class ScriptText:
    """A title or label: as the pipeline reads it (Simplified, no glosses)
    and as its source wrote it (glosses out, one-to-one forms repaired)."""

    simplified: str
    original: str
    repairs: tuple[Repair, ...] = ()


def script_text(text: str, script: str, line: int = 0, rule_prefix: str = "") -> ScriptText:
    """A short text (a title, a page label) made ready for the pipeline."""
    plain, glosses = remove_glosses(text)
    repairs = [
        Repair(f"{rule_prefix}pinyin-gloss-removed", line, text[g.start - len(g.char) : g.end], g.char)
        for g in glosses
    ]
    if not is_traditional(script):
        return ScriptText(plain, plain, tuple(repairs))
    fixed, found = repair_forms(plain, script)
    repairs += [Repair(f"{rule_prefix}{rule}", line, before, after) for _, before, after, rule in found]
    return ScriptText(to_simplified(fixed, script), fixed, tuple(repairs))


def hans_copy(clean: CleanCopy) -> CleanCopy:
    """The copy as the pipeline reads it: Simplified paragraphs and title
    (glosses out of the title too), the source's own text kept beside."""
    title = script_text(clean.copy.title, clean.script, clean.copy.line_range[0], "title-")
    copy = clean.copy if title.simplified == clean.copy.title else replace(clean.copy, title=title.simplified)
    if not is_traditional(clean.script):
        if copy is clean.copy:
            return clean
        return replace(clean, copy=copy, repairs=clean.repairs + title.repairs)
    repairs = list(clean.repairs) + list(title.repairs)
    paragraphs, originals = [], []
    for p in clean.paragraphs:
        fixed, found = repair_forms(p.text, clean.script)
        repairs += [Repair(rule, p.first_line, before, after) for _, before, after, rule in found]
        originals.append(fixed)
        paragraphs.append(Paragraph(to_simplified(fixed, clean.script), p.first_line, p.last_line))
    return replace(
        clean,
        copy=copy,
        paragraphs=tuple(paragraphs),
        repairs=tuple(repairs),
        originals=tuple(originals),
        title_original=title.original,
    )


def hans_meta(meta: PageMeta, script: str) -> tuple[PageMeta, dict[str, str]]:
    """The page's labels (title, site, categories, tag) as the pipeline reads
    them, and each one's source wording by its Simplified form."""
    originals: dict[str, str] = {}

    def read(text: str | None) -> str | None:
        if text is None:
            return None
        found = script_text(text, script)
        if is_traditional(script):
            originals.setdefault(found.simplified, found.original)
        return found.simplified

    new = replace(
        meta,
        title=read(meta.title),
        site=read(meta.site),
        categories=tuple(read(c) for c in meta.categories),
        tag=read(meta.tag),
    )
    return (meta if new == meta else new), originals


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
    to_edition = converter(FROM_STANDARD[config])
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
) -> dict[str, str]:
    """What the Traditional edition prints for each string that came from a
    Traditional source: Simplified string → the source's wording (see
    ``edition_wording``). ``speeches``: each speech as the catalogue has it
    and as the edition prints it (own_script_first); ``collections``: (title,
    the page's labels as read, the page's script, its labels' source wording
    by their Simplified form: ParsedPage.originals)."""
    from .render_markdown import description  # render_markdown is rendered with these

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
                summary, own_summary = description(printed), description(own)
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
