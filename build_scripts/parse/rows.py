"""Decoded lines → rows: each line as the page means it, and how it reads.

A *row* is one source line, or the lines a fixed-width hard wrap cut (joined
back), or one piece of a run-on line: scrapers often put a title, a
salutation and a whole speech on one line ("……的讲话同志们：今天……"), or glue
an editor's blurb to the text after it. Pieces are cut only where the page
itself shows a boundary: a speech title ending right where a salutation
starts, a sentence that is a blurb, a page counter before the title.

Every rule of the parser looks at a row's *view*: the text without spaces,
look-alike and full-width characters folded (``：`` reads ``:``), pinyin
glosses out, in Simplified script. One vocabulary, written once in
Simplified, then reads every site however it spaces, scripts or glosses its
pages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

from ..model import SourceLine
from ..patterns import CJK, compact
from .decode import ends_sentence, hard_wrapped, line_view
from .knowledge import Knowledge

_SPACE, _NON_SPACE = re.compile(r"\s"), re.compile(r"\S+")
# Full-width forms of ASCII (！ … ～) → ASCII, for the views only.
_ASCII_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
# A pinyin gloss after a Han character: "會(huì)", "軍(jun)(jun)", "(xue2)".
PINYIN_GLOSS = re.compile(
    rf"(?<=[{CJK}])(?:\s?[(（]\s?[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹḿ]{{1,6}}[1-5]?\s?[)）])+"
)
# Characters that Traditional text holds and Simplified text does not: enough
# of them on a page says its views must be converted.
_TRADITIONAL_ONLY = frozenset("們個這為說會來時國學長發對經過還進開關當現與從種樣點體實際動問題業們應該讓著麼對從們區協權衛")
TRADITIONAL_SHARE = 0.02
# Characters of a page read to tell its script (plenty, and a bounded cost).
_SCRIPT_SAMPLE = 6000
_HAN = re.compile("[\u4e00-\u9fff]")
_TRADITIONAL_CHARS = re.compile(f"[{''.join(sorted(_TRADITIONAL_ONLY))}]")


@dataclass(frozen=True)
class Row:
    """A line as the page means it."""

    index: int  # position among the page's rows
    lines: tuple[SourceLine, ...]  # its source lines (a piece of a line: that piece's text)
    text: str  # what the row reads as (decode.line_view)
    view: str  # how the rules read it: no spaces, Simplified, glosses out, ASCII folded
    piece: bool = False  # one of several rows cut from one source line
    chrome_sized: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "chrome_sized", 0 < len(self.view) <= 80 and "。" not in self.view)

    @property
    def first_line(self) -> int:
        return self.lines[0].number


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


def reads_traditional(lines: tuple[SourceLine, ...]) -> bool:
    """Whether a page is in Traditional script (its views are converted)."""
    return is_traditional_text("".join(line.text for line in lines[:400]))


def is_traditional_text(text: str) -> bool:
    text = text[:_SCRIPT_SAMPLE]
    han = len(_HAN.findall(text))
    return han > 0 and len(_TRADITIONAL_CHARS.findall(text)) >= TRADITIONAL_SHARE * han


@lru_cache(maxsize=1 << 16)  # a line is read as a row, then again when its copy is cleaned
def view_of(text: str, traditional: bool) -> str:
    view = compact(text)
    if "(" in view or "（" in view:  # a gloss is in brackets: most lines hold none
        view = PINYIN_GLOSS.sub("", view)
    view = view.translate(_ASCII_FOLD)
    return _t2s().convert(view) if traditional else view


def line_knowledge(knowledge: Knowledge, traditional: bool) -> Callable[[str, str], bool]:
    """Whether a rule of a kind matches a line: what the hard-wrap repair
    asks of the page's knowledge files (decode.hard_wrapped)."""
    return lambda kind, line: knowledge.first(kind, view_of(line, traditional)) is not None


def view_positions(text: str, traditional: bool) -> tuple[str, list[int]]:
    """The view of ``text`` and, for each of its characters, where it stands
    in ``text``: to cut a line where its view shows a boundary."""
    if _SPACE.search(text):
        kept = []
        for m in _NON_SPACE.finditer(text):
            kept.extend(range(m.start(), m.end()))
        spaceless = compact(text)
    else:  # most lines: every character stays where it is
        kept, spaceless = list(range(len(text))), text
    glosses = [m.span() for m in PINYIN_GLOSS.finditer(spaceless)] if "(" in spaceless or "（" in spaceless else []
    if glosses:  # the text between the glosses, and where each of its characters stands
        bounds = [0, *(k for span in glosses for k in span), len(spaceless)]
        pairs = list(zip(bounds[::2], bounds[1::2]))
        spaceless = "".join(spaceless[a:b] for a, b in pairs)
        kept = [p for a, b in pairs for p in kept[a:b]]
    view = spaceless.translate(_ASCII_FOLD)
    if traditional:
        converted = _t2s().convert(view)
        # t2s keeps the length but for a few phrases; those views are read whole.
        view = converted if len(converted) == len(view) else view
    return view, kept


def page_rows(lines: tuple[SourceLine, ...], knowledge: Knowledge, traditional: bool | None = None) -> list[Row]:
    """The page's rows: hard-wrapped lines joined, run-on lines cut at the
    boundaries they show."""
    if traditional is None:
        traditional = reads_traditional(lines)
    wrapped = hard_wrapped(lines, line_knowledge(knowledge, traditional))
    chunked = _chunk_numbered(lines)
    rows: list[Row] = []
    group: list[SourceLine] = []
    for line in lines:
        group.append(line)
        if line.number in wrapped:
            continue
        if len(group) == 1:
            text = line_view(line.text)
            for piece, lone in _pieces(text, knowledge, traditional, line.number in chunked):
                own = (SourceLine(line.number, piece),) if not lone else (line,)
                rows.append(Row(len(rows), own, piece, view_of(piece, traditional), piece=not lone))
        else:
            text = "".join(line_view(g.text) for g in group)
            rows.append(Row(len(rows), tuple(group), text, view_of(text, traditional)))
        group = []
    return rows


# Cutting run-on lines -----------------------------------------------------------

# Where a sentence ends inside a view (the mark stays with its sentence).
_VIEW_SENTENCE_BREAK = re.compile(r"(?<=[。!?])(?![”’」』)》。!?…])")
# Where a sentence ends inside a line (the mark stays with its sentence).
_SENTENCE_END = re.compile(r"(?<=[。！？!?])(?![”’」』）)》。！？!?…])")
# A page counter glued before the text: "第1页共21页……".
_PAGE_COUNTER = re.compile(r"^第\s*\d+\s*页\s*[/,，]?\s*共\s*\d+\s*页")
# A bundle's title and count, then a space and the text: "……致辞精选汇总5篇 毕业……".
_COUNTED_TITLE = re.compile(r"^[^。！？!?，,]{4,50}?(?:\d{1,3}|[一二三四五六七八九十]{1,3})篇[)）】]?(?=\s+\S)")
# A tag of the page's markup that breaks a line: "<br />", "<p>", "</h3>".
_LINE_TAG = re.compile(r"</?(?:br|p|div|h[1-6]|li|ul|ol)(?:\s[^<>]*)?/?>", re.IGNORECASE)
# A label glued before a title: "……文章标题：……".
_TITLE_LABEL = re.compile(r"(?:本文标题|文章标题)\s*[:：]")
# What surrounds a note the site put in the text: "……(开头部分已省略436字)".
_NOTE_EDGE = ".…()（）【】[]"
# A preview's chunk number: "2、" before a line that goes on mid-sentence.
_CHUNK_NUMBER = re.compile(r"^(\d{1,3})、")
_MIN_CHUNK = 60
# How long a line must be before it is worth cutting.
_MIN_RUN_ON = 40


def _chunk_numbered(lines: tuple[SourceLine, ...]) -> set[int]:
    """Lines a document preview numbered as its chunks ("1、", "2、" …
    before text that goes on mid-sentence from the line above): the number
    is the site's, not the speech's."""
    texts = [(line.number, view) for line in lines if (view := line_view(line.text))]
    found: list[int] = []
    for k, (number, text) in enumerate(texts):
        m = _CHUNK_NUMBER.match(text)
        if not m or len(text) < _MIN_CHUNK:
            if len(found) >= 2:
                break
            found = []
            continue
        # Chunks are the lines one after the other, numbered from 1, each but
        # the first going on from the one above in mid-sentence.
        if int(m.group(1)) == len(found) + 1 and (not found or not ends_sentence(texts[k - 1][1])):
            found.append(number)
        elif len(found) >= 2:
            break
        else:
            found = [number] if int(m.group(1)) == 1 else []
    return set(found) if len(found) >= 2 else set()


def _pieces(text: str, knowledge: Knowledge, traditional: bool, chunk: bool = False) -> list[tuple[str, bool]]:
    """(text, whole line?) of each piece of one source line."""
    if len(text) < _MIN_RUN_ON:
        return [(text, True)]
    cuts = _cuts(text, knowledge, traditional)
    if chunk and (m := _CHUNK_NUMBER.match(text)):
        cuts.append(m.end())
    if not cuts:
        return [(text, True)]
    bounds = [0, *sorted(set(cuts)), len(text)]
    pieces = [text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    pieces = [p for p in pieces if p]
    return [(p, False) for p in pieces] if len(pieces) > 1 else [(text, True)]


def _cuts(text: str, knowledge: Knowledge, traditional: bool) -> list[int]:
    cuts: list[int] = []
    if m := _PAGE_COUNTER.match(text):
        cuts.append(m.end())
    if "<" in text:  # the page's markup left in the text breaks the line where it stood
        for m in _LINE_TAG.finditer(text):
            cuts += [m.start(), m.end()]
    if m := _COUNTED_TITLE.match(text):  # "……致辞精选汇总5篇 毕业典礼是……"
        cuts.append(m.end())
    for m in _TITLE_LABEL.finditer(text):
        cuts.append(m.start())
    # A title that runs straight into a salutation or an outline heading:
    # "……工作会议上的讲话同志们：" · "……的讲话一、全市……".
    for m in _title_ends(text, knowledge, traditional):
        cuts.append(m)
    # A paywall note inside the text ("……此处隐藏15872个字……"): cut out,
    # with the dots around it.
    view = view_of(text, traditional)
    cuts += _inline_markers(view, lambda: view_positions(text, traditional), knowledge)
    for rule in knowledge.by_kind["paywall"] if knowledge.might("paywall", view) else ():
        view, where = view_positions(text, traditional)
        for m in rule.pattern.finditer(view):
            a, b = m.start(), m.end()
            while a > 0 and view[a - 1] in _NOTE_EDGE:
                a -= 1
            while b < len(view) and view[b] in _NOTE_EDGE:
                b += 1
            cuts += [where[a], where[b - 1] + 1]
    # Sentences that are an editor's, not the speaker's.
    if not any(knowledge.might(kind, view) for kind in ("blurb", "paywall", "courtesy")):
        return [c for c in cuts if 0 < c < len(text)]
    # An editor's paragraph that opens with one is the editor's whole, up to
    # where a speech starts (a salutation, a title): "这段解说词旨在……。通过……".
    view, where = view_positions(text, traditional)
    if len(view) != len(where):  # a conversion changed the length: read the line whole
        return [c for c in cuts if 0 < c < len(text)]
    # Sentences found on the view, cut in the text where the view says.
    view_starts = [0, *(m.end() for m in _VIEW_SENTENCE_BREAK.finditer(view))]
    sentences = [view[a:b] for a, b in zip(view_starts, view_starts[1:] + [len(view)])]
    starts = [0, *(where[v] for v in view_starts[1:] if v < len(where))]
    starts = starts[: len(sentences)]
    opening_blurb = False
    for k, (a, b) in enumerate(zip(starts, starts[1:] + [len(text)])):
        sentence_view = sentences[k]
        # A polite formula ("希望大家喜欢") is an editor's only right before a speech starts.
        courtesy = bool(knowledge.first("courtesy", sentence_view)) and k + 1 < len(sentences) and _opens_speech(sentences[k + 1], knowledge)
        blurb = b - a >= 4 and bool(knowledge.first("blurb", sentence_view) or courtesy)
        # A paywall note is cut out where it stands (above); a blurb takes its whole sentence.
        paywall = not blurb and b - a >= 4 and bool(knowledge.first("paywall", sentence_view)) and not any(a < c < b for c in cuts)
        editorial = blurb or paywall
        if k == 0:
            opening_blurb = editorial
        if editorial:  # the whole sentence goes: no cut inside it stays
            cuts = [c for c in cuts if not a < c < b] + [a, b]
        elif opening_blurb and not _opens_speech(sentence_view, knowledge):
            cuts = [c for c in cuts if c != a]  # still the editor's
        else:
            opening_blurb = False
    return [c for c in cuts if 0 < c < len(text)]


def _opens_speech(view: str, knowledge: Knowledge) -> bool:
    """Whether a sentence opens a speech: its salutation or greeting, or a title before one."""
    return bool(knowledge.first("salutation", view) or _title_ends(view, knowledge, False))


_OPENER_AFTER_TITLE = re.compile(r"[一二三四五六七八九十]{1,2}、")
_VIEW_SENTENCE_END = re.compile(r"[。!?]")


def _inline_markers(view: str, positions, knowledge: Knowledge) -> list[int]:
    """Cuts around a bundle's marker run into the text after a sentence:
    "……欢迎阅读借鉴。高中校长国旗下讲话稿范文1 同学们，……". ``positions``
    gives the view's positions in the text (worked out only when needed)."""
    pattern = _inline_marker_pattern(knowledge)
    cuts = []
    for stop in _VIEW_SENTENCE_END.finditer(view):
        start = stop.end()
        m = pattern.match(view, start)
        if m is None:
            continue
        rest = view[m.end() :]
        if knowledge.first("salutation", rest[:30]) or _OPENER_AFTER_TITLE.match(rest):
            full_view, where = positions()
            if full_view != view:  # a conversion changed the length: no positions to trust
                continue
            cuts += [where[start], where[m.end()] if m.end() < len(where) else len(where)]
    return cuts


@lru_cache(maxsize=8)  # Knowledge hashes as itself: one pattern per set of rules
def _inline_marker_pattern(knowledge: Knowledge) -> re.Pattern:
    words = "|".join(re.escape(w) for rule in knowledge.by_kind["title-end"] for w in _words_of(rule))
    return re.compile(rf"[^。!?,:]{{2,40}}?(?:{words or '(?!)'})(?:范文|篇)?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,2}})")


def _words_of(rule) -> list[str]:
    return [w for w in rule.pattern.pattern.split("|") if w and not set(w) & set("()[]?*+\\^$")]


def _title_ends(text: str, knowledge: Knowledge, traditional: bool) -> list[int]:
    """Positions in ``text`` where a title glued to what follows it ends:
    after a title word (讲话, 致辞 …) and what a site adds to it (a number,
    a count "15篇", a bracket, a subtitle ":教师节快乐"), right before a
    salutation or an outline heading, with no sentence ended before."""
    view, where = view_positions(text[:160], traditional)
    found = []
    for rule in knowledge.by_kind["title-end"]:
        for m in rule.pattern.finditer(view):
            end = m.end()
            if end < 4 or any(ch in "。!?;" for ch in view[:end]):
                continue
            for cut in range(end, min(end + _MAX_TITLE_TAIL, len(view)) + 1):
                if not _TITLE_TAIL.fullmatch(view[end:cut]):
                    continue
                after = view[cut:]
                if knowledge.first("salutation", after) or _OPENER_AFTER_TITLE.match(after):
                    if cut < len(where):
                        found.append(where[cut])
                    break
    return found


# What a site adds after a title word before the text starts: "1", "15篇",
# "范文 篇1", "(精选文档)", ":教师节快乐" (a subtitle).
_TITLE_TAIL = re.compile(
    r"(?:范文|精选)?(?:\d{1,3}篇?|篇(?:\d{1,3}|[一二三四五六七八九十]{1,2}))?"
    r"(?:[(【\[][^)】\]]{0,12}[)】\]]|:[^,。!?:;]{2,20})?"
)
_MAX_TITLE_TAIL = 24
