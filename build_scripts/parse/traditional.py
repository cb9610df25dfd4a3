"""A page in Traditional script (or with pinyin glosses), read for the
pipeline: its glosses taken out before it is split, then each copy made
Simplified after cleaning, its own wording kept beside (``CleanCopy.originals``,
character for character) for the Traditional edition.

The conversion itself (OpenCC, the reviewed tables, the wrong forms of
one-character-at-a-time converters) is the editions' (editions/traditional_sources.py);
what is read here is the page: its lines, its copies, its labels.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..editions.source_script import is_traditional
from ..editions.traditional_sources import repair_forms, to_simplified
from ..model import CleanCopy, PageMeta, Paragraph, Repair, SourceLine, SourcePage, SpeechCopy
from .glosses import has_gloss_hint, is_glossed, remove_glosses


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


# Copies and labels -----------------------------------------------------------------


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
