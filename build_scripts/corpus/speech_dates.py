"""When a speech was given, read from the speech itself, with the evidence.

A source page's date (its 更新时间) is when the site last touched the page,
often years after its speeches were given: pages show it as what it is
(来源页更新于 …) and never as a speech's date. ``date_speech`` reads a
speech's own date from its title and blocks. Each piece of evidence gives the
years the speech may be from (an end may be open):

- ``text``: what the speech says of its own time, by these rules:

  ============  ==========================================  ===================
  rule          what it reads                               the speech is from
  ============  ==========================================  ===================
  dateline      a full date standing alone in the title or  that day
                in a short block opening or closing the speech
                (``2019年5月8日``, ``（二〇一九年五月八日）``,
                ``2019-05-08``)
  today         ``今天是2019年5月8日``                        that day
  this-year     ``今年（2019年）``, ``今年是2019年``            2019
  last-year     ``去年（2018年）``                             2019
  next-year     ``明年（2020年）``                             2019
  year-is       a sentence that opens by saying what a year  2019–2021
                is (``2020年是……决胜之年``): said in the
                year before it (planning it), in it, or in
                the next (looking back on it)
  title-year    a year the title (or a subtitle opening the  2019–2021
                speech) names: a meeting that plans the
                year, meets in it or reviews it
  ============  ==========================================  ===================

  Nothing else in the text dates a speech: a year is as often history
  ("1921年中国共产党成立"), a target ("到2035年", "力争2025年") or an event
  the speech recalls ("2019年5月8日，省委召开……") as the time of the speech,
  and a template's placeholders ("20xx年", "××××年", "20__年") are no year at
  all. A range of years ("2021—2025年") names a period, not a year.

- ``event``: a phrase of the reviewed table ``data/events.tsv`` (a Five-Year
  Plan, a party congress, a law in force, Games a city prepares for …), each
  line with the years it dates a speech to and why.

The speech's date is what every piece of evidence allows (their
intersection): a year, a range of years, or unknown when nothing dates it.
Evidence that contradicts itself (a site that rewrote a speech's years, a
compilation of speeches of several years) dates nothing: the speech is
unknown, its evidence kept for review (``conflict``).

Text is read without quotation marks and spaces ("首批'全国文明城市'" is
首批全国文明城市), with full-width digits and years in Chinese numerals
(二〇一九年) read as ASCII digits; the evidence quotes the speech's own words.
Pure, and cheap: the whole speech is read as one text, and the table's words
are found in one pass (Aho-Corasick), a fraction of a millisecond a speech.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick_rs

from ..errors import SourceError
from ..model import Block
from ..model.corpus import UNDATED, UNKNOWN, Evidence, SpeechDate, Years

EVENTS = Path(__file__).parent.parent / "data" / "events.tsv"
HEADER = "phrase\tyears\twhy"
GAP = "…"  # in a phrase: any words between, within one sentence
MAX_GAP = 60  # characters a gap spans at most
MIN_YEAR, MAX_YEAR = 1900, 2099  # the years a table may name (and _YEAR reads)


# Reading the text ---------------------------------------------------------------

# Left out of the text that rules and phrases read: quotation marks and spaces
# (sites quote words at will: "十三五", 首批'全国文明城市'); full-width digits
# become ASCII.
_DROPPED = "“”‘’\"'「」『』〝〞＂＇ \t\u3000\xa0"
_FULL_WIDTH_DIGIT = re.compile("[０-９]")
_DIGITS = str.maketrans({chr(0xFF10 + d): str(d) for d in range(10)})
_CN_DIGIT = {c: str(d) for d, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_CN_NUMERAL = set(_CN_DIGIT) | set("十百千万")
_CN_SMALL = re.compile("^(?:([一二三])?(十))?([一二三四五六七八九])?$")


def _view(text: str) -> str:
    """What the rules and phrases read of ``text``."""
    view = text
    for c in _DROPPED:  # str.replace is many times faster than a regex or str.translate here
        if c in view:
            view = view.replace(c, "")
    if _FULL_WIDTH_DIGIT.search(view):
        view = view.translate(_DIGITS)
    at = view.find("年", 4)  # 二〇一九年 → 2019年: four characters for four, positions stay put
    while at >= 4:
        if view[at - 1] in _CN_DIGIT:
            digits = view[at - 4 : at]
            if all(c in _CN_DIGIT for c in digits) and (at == 4 or view[at - 5] not in _CN_NUMERAL):
                view = view[: at - 4] + "".join(_CN_DIGIT[c] for c in digits) + view[at:]
        at = view.find("年", at + 1)
    return view


class _Original:
    """Maps a span of a text's view back to the text's own words (the quotation
    marks and spaces between them included)."""

    def __init__(self, text: str, view: str):
        self.text = text
        self.view = view
        self._kept_before: list[int] | None = None

    def __call__(self, start: int, end: int) -> str:
        words = self.view[start:end]
        if words in self.text:  # most often: nothing was left out or changed in between
            return words
        if self._kept_before is None:  # found on first use: most speeches need it for a few matches
            dropped = sorted(i for c in _DROPPED if c in self.text for i in _positions(self.text, c))
            # How many characters the view keeps before each one it leaves out.
            self._kept_before = [i - n for n, i in enumerate(dropped)]
        kept_before = self._kept_before

        def position(k: int) -> int:  # the index in the text of the view's k-th character
            return k + bisect.bisect_right(kept_before, k)

        return self.text[position(start) : position(end - 1) + 1]


def _positions(text: str, char: str) -> list[int]:
    out = []
    at = text.find(char)
    while at >= 0:
        out.append(at)
        at = text.find(char, at + 1)
    return out


def _number(text: str) -> int | None:
    """A month or day: ASCII digits or Chinese numerals up to 三十一."""
    if text.isdigit():
        return int(text)
    m = _CN_SMALL.match(text) if text else None
    if not m:
        return None
    tens = (int(_CN_DIGIT[m.group(1)]) if m.group(1) else 1) if m.group(2) else 0
    return tens * 10 + (int(_CN_DIGIT[m.group(3)]) if m.group(3) else 0)


# A year: four digits, 1900–2099, no digit or placeholder character touching it
# ("20xx", "201x", "2019x" are no years). Captured as the first group of each
# pattern that reads one.
_YEAR_AT = r"(?<![0-9xX×*＊_＿?？]){}(?![0-9xX×*＊_＿])"
_YEAR = _YEAR_AT.format(r"((?:19|20)[0-9]{2})")
_ANY_YEAR = _YEAR_AT.format(r"(?:19|20)[0-9]{2}")
_MONTH_DAY = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
# A full date: 2019年5月8日, 二〇一九年五月八日 (read as 2019年五月八日), 2019-05-08, 2019.5.8, 2019/5/8.
_DATE_CN = re.compile(rf"{_YEAR}年({_MONTH_DAY})月({_MONTH_DAY})日")
_DATE_ISO = re.compile(rf"{_YEAR}([-./])([0-9]{{1,2}})\2([0-9]{{1,2}})(?![0-9])")
_DATE = rf"(?:{_ANY_YEAR}年{_MONTH_DAY}月{_MONTH_DAY}日|{_ANY_YEAR}[-./][0-9]{{1,2}}[-./][0-9]{{1,2}}(?![0-9]))"
_OPEN = "（(【[〔〈<—-"
_CLOSE = "）)】]〕〉>"
# A date standing alone (a dateline): the whole block, or in brackets at its end.
DATELINE = re.compile(rf"^[{re.escape(_OPEN)}]*{_DATE}[{re.escape(_CLOSE)}]*$|[（(〔]{_DATE}[）)〕]$")
TODAY = re.compile(rf"(?:今天|今日)(?:是|为)?[（(]?{_DATE}")
_IN_BRACKETS = rf"[（(]{_YEAR}年?[）)]"
# Each pattern opens with a literal word, which the regex engine looks for first.
THIS_YEAR = re.compile(rf"今年(?:{_IN_BRACKETS}|(?:是|即|，即|也就是){_YEAR}年)")
LAST_YEAR = re.compile(rf"去年{_IN_BRACKETS}")
NEXT_YEAR = re.compile(rf"明年{_IN_BRACKETS}")
# The same told the other way round: "2019年（今年）".
YEAR_NAMED = re.compile(rf"{_YEAR}年[（(](今年|去年|明年)[）)]")
# A sentence that opens by saying what a year is: "2020年是……".
YEAR_IS = re.compile(rf"(?:^|(?<=[。！？；：!?;:\n])){_YEAR}年是[^。！？；，!?;,\n]{{0,20}}")
# A year the title names, not a range's end ("2021—2025年", "2021至2025年").
TITLE_YEAR = re.compile(rf"(?<![—–\-~～至到]){_YEAR}年(?![—–\-~～至到][0-9])")
# A first block that is a subtitle: "——在全市经济工作会议上的讲话".
SUBTITLE = re.compile(r"^[—\-]|讲话|发言|致辞|报告")
MAX_LINE_BLOCK = 50  # characters of a block a dateline or subtitle may stand in
_SENTENCE_END = "。！？；!?;\n"  # a phrase's words stand in one sentence of one block


def _day(text: str) -> str | None:
    """The ISO day of the first full date in ``text``, if it is a day of the calendar."""
    m = _DATE_CN.search(text)
    if m:
        year, month, day = m.group(1), _number(m.group(2)), _number(m.group(3))
    elif m := _DATE_ISO.search(text):
        year, month, day = m.group(1), int(m.group(3)), int(m.group(4))
    else:
        return None
    if month is None or day is None:
        return None
    try:
        return datetime.date(int(year), month, day).isoformat()
    except ValueError:
        return None


def _first_year(m: re.Match) -> int:
    return int(next(g for g in m.groups() if g))


# Events ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """A line of ``data/events.tsv``."""

    phrase: str  # words of a speech, "…" between words that one sentence holds apart
    years: Years
    why: str
    line: int
    pieces: tuple[str, ...]
    pattern: re.Pattern


_YEARS = re.compile(r"^(?:([0-9]{4})|([0-9]{4})-([0-9]{4})|([0-9]{4})-|-([0-9]{4}))$")


def parse_years(text: str) -> Years | None:
    """"2016" → (2016, 2016), "2015-2020", "2015-" (open end), "-2005"; None if malformed."""
    m = _YEARS.match(text)
    if not m:
        return None
    one, lo, hi, lo_only, hi_only = m.groups()
    if one:
        return int(one), int(one)
    if lo:
        return int(lo), int(hi)
    return (int(lo_only), None) if lo_only else (None, int(hi_only))


def _phrase_pattern(pieces: Sequence[str]) -> re.Pattern:
    gap = f"[^{_SENTENCE_END}]{{0,{MAX_GAP}}}?"
    return re.compile(gap.join(re.escape(p) for p in pieces))


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path(__file__).resolve().parents[2]).as_posix()
    except ValueError:
        return path.as_posix()


def load_events(path: Path = EVENTS) -> tuple[Event, ...]:
    """The reviewed table of datable events. A bad line is a SourceError naming
    the file and the line."""
    name = _display_path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError(name, "not UTF-8: the table is written in UTF-8", line) from None
    events: list[Event] = []
    first_line: dict[str, int] = {}
    header = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header:
            if line != HEADER:
                raise SourceError(name, f"the first line that is no comment must be the header {HEADER!r}", number)
            header = True
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise SourceError(name, f"expected 3 tab-separated fields (phrase, years, why), found {len(fields)}", number)
        phrase, years_text, why = fields
        pieces = tuple(phrase.split(GAP))
        if not phrase:
            raise SourceError(name, "the phrase is empty", number)
        if _view(phrase) != phrase:
            raise SourceError(
                name,
                f"the phrase {phrase!r} holds what the text is read without (quotation marks, spaces, "
                "full-width digits, years in Chinese numerals)",
                number,
            )
        if not all(pieces):
            raise SourceError(name, f"in {phrase!r}, {GAP} must stand between two words", number)
        years = parse_years(years_text)
        if years is None:
            raise SourceError(name, f"years must be YYYY, YYYY-YYYY, YYYY- or -YYYY, not {years_text!r}", number)
        if any(y is not None and not MIN_YEAR <= y <= MAX_YEAR for y in years):
            raise SourceError(name, f"years {years_text} are not between {MIN_YEAR} and {MAX_YEAR}", number)
        if years[0] is not None and years[1] is not None and years[0] > years[1]:
            raise SourceError(name, f"years {years_text} end before they begin", number)
        if not why.strip():
            raise SourceError(name, "the why is empty: say what dates the phrase", number)
        if phrase in first_line:
            raise SourceError(name, f"{phrase} is listed twice (first on line {first_line[phrase]})", number)
        first_line[phrase] = number
        events.append(Event(phrase, years, why, number, pieces, _phrase_pattern(pieces)))
    if not header:
        raise SourceError(name, f"no header {HEADER!r}: the table is empty")
    return tuple(events)


@cache
def events() -> tuple[Event, ...]:
    """The project's table, read once per process (the build reads it first
    thing, so a bad line stops it before any work)."""
    return load_events(EVENTS)


# Evidence and the date -------------------------------------------------------------


def _value_years(value: str) -> Years | None:
    return None if value == UNKNOWN else parse_years(value)


def value_label(value: str) -> str:
    """How readers see a value: "2016年", "2015—2020年", "2016年以后", "2005年以前", "日期不详"."""
    years = _value_years(value)
    if years is None:
        return "日期不详"
    lo, hi = years
    if lo == hi:
        return f"{lo}年"
    if hi is None:
        return f"{lo}年以后"
    if lo is None:
        return f"{hi}年以前"
    return f"{lo}—{hi}年"


def value_slug(value: str) -> str:
    """A value's URL slug: "2016", "2015-to-2020", "from-2016", "until-2005", "unknown".
    None ends in "-<digits>" after another slug, so none is another's further page."""
    years = _value_years(value)
    if years is None:
        return UNKNOWN
    lo, hi = years
    if lo == hi:
        return str(lo)
    if hi is None:
        return f"from-{lo}"
    if lo is None:
        return f"until-{hi}"
    return f"{lo}-to-{hi}"


def value_order(value: str) -> tuple:
    """Newest first: by the earliest year a speech may be from, then the
    narrowest range; unknown last."""
    years = _value_years(value)
    if years is None:
        return (1, 0, 0, value)
    lo, hi = years
    start = lo if lo is not None else hi
    return (0, -start, hi if hi is not None else MAX_YEAR + 1, value)


def combine(evidence: Sequence[Evidence]) -> SpeechDate:
    """The years every piece of evidence allows; unknown when they contradict each other."""
    if not evidence:
        return UNDATED
    los = [e.years[0] for e in evidence if e.years[0] is not None]
    his = [e.years[1] for e in evidence if e.years[1] is not None]
    lo, hi = (max(los) if los else None), (min(his) if his else None)
    if lo is not None and hi is not None and lo > hi:
        return SpeechDate(None, tuple(evidence))
    days = {e.day for e in evidence if e.day}
    return SpeechDate((lo, hi), tuple(evidence), days.pop() if len(days) == 1 else None)


# The rules that read a year of the speech's own time: (pattern, rule, shift of
# the year it reads), and by the word of YEAR_NAMED.
_YEAR_RULES = ((THIS_YEAR, "this-year", 0), (LAST_YEAR, "last-year", 1), (NEXT_YEAR, "next-year", -1))
_NAMED = {"今年": ("this-year", 0), "去年": ("last-year", 1), "明年": ("next-year", -1)}


def _text_evidence(view: str, lines: Sequence[tuple[int, int, bool]]) -> list[tuple[int, str, Years, str | None, int]]:
    """What the text says of its own time: (start, rule, years, day, end) in
    ``view``, the whole speech's view; ``lines`` are the parts of it that a
    dateline or a subtitle may stand in, (start, end, whether it is the title)."""
    found = []
    if "今天" in view or "今日" in view:
        for m in TODAY.finditer(view):
            if day := _day(m.group()):
                found.append((m.start(), "today", (int(day[:4]),) * 2, day, m.end()))
    for pattern, rule, shift in _YEAR_RULES:
        for m in pattern.finditer(view):
            year = _first_year(m) + shift
            found.append((m.start(), rule, (year, year), None, m.end()))
    for bracket in "（(":
        at = view.find("年" + bracket)
        while at >= 4:
            if m := YEAR_NAMED.match(view, at - 4):
                rule, shift = _NAMED[m.group(2)]
                year = int(m.group(1)) + shift
                found.append((m.start(), rule, (year, year), None, m.end()))
            at = view.find("年" + bracket, at + 1)
    at = view.find("年是")
    while at >= 4:
        if m := YEAR_IS.match(view, at - 4):
            year = int(m.group(1))
            found.append((m.start(), "year-is", (year - 1, year + 1), None, m.end()))
        at = view.find("年是", at + 1)
    for start, end, is_title in lines:
        line = view[start:end]
        dateline = DATELINE.search(line)
        if dateline and (day := _day(dateline.group())):
            found.append((start + dateline.start(), "dateline", (int(day[:4]),) * 2, day, start + dateline.end()))
        if is_title or SUBTITLE.search(line):
            for m in TITLE_YEAR.finditer(line, 0, dateline.start() if dateline else len(line)):
                year = _first_year(m)
                found.append((start + m.start(), "title-year", (year - 1, year + 1), None, start + m.end()))
    return sorted(found, key=lambda f: f[0])


@cache
def _event_finder() -> tuple[ahocorasick_rs.AhoCorasick, dict[str, frozenset[int]]]:
    """One automaton over the words of every phrase, and each phrase's words
    by their number in it: a speech is read once for all of them, and only the
    phrases whose words it holds are looked for."""
    words = sorted({piece for event in events() for piece in event.pieces})
    number = {w: i for i, w in enumerate(words)}
    by_phrase = {e.phrase: frozenset(number[p] for p in e.pieces) for e in events()}
    # The DFA: several times faster than the default on overlapping matches.
    return ahocorasick_rs.AhoCorasick(words, implementation=ahocorasick_rs.Implementation.DFA), by_phrase


def date_speech(title: str, blocks: Sequence[Block], anchors: Sequence[str] = ()) -> SpeechDate:
    """A speech's own date from its title and blocks (``anchors``, one per
    block, say where each piece of evidence is; the block's number otherwise)."""
    # The whole speech is read as one text, a line per part: far cheaper than
    # part by part (the few matches are mapped back to their part).
    text = "\n".join([title, *(b.text for b in blocks)])
    view = _view(text)
    parts = view.split("\n")
    starts = [0, *itertools.accumulate(len(p) + 1 for p in parts[:-1])]
    # The title, and the blocks a dateline or a subtitle may stand in: the
    # first two and the last, if short.
    lines = [(0, len(parts[0]), True)] + [
        (starts[k], starts[k] + len(parts[k]), False)
        for k in sorted({1, 2, len(parts) - 1})
        if 0 < k < len(parts) and len(parts[k]) <= MAX_LINE_BLOCK
    ]

    def part_of(position: int) -> int:  # 0: the title; k: the k-th block
        return bisect.bisect_right(starts, position) - 1

    def where(position: int) -> str:
        k = part_of(position)
        if k == 0:
            return "title"
        return anchors[k - 1] if k <= len(anchors) and anchors[k - 1] else f"block-{k}"

    original = _Original(text, view)
    found: list[tuple[int, Evidence]] = []
    seen: set = set()
    for start, rule, years, day, end in _text_evidence(view, lines):
        if (rule, years) not in seen:
            seen.add((rule, years))
            found.append((start, Evidence("text", rule, original(start, end), years, where(start), day)))
    finder, by_word = _event_finder()
    present = {word for word, _, _ in finder.find_matches_as_indexes(view, overlapping=True)}
    for event in events():
        if by_word[event.phrase] <= present and (m := event.pattern.search(view)):
            words = original(m.start(), m.end())
            found.append((m.start(), Evidence("event", event.phrase, words, event.years, where(m.start()))))
    # In the order of the text, text before events in the same part.
    found.sort(key=lambda f: (part_of(f[0]), f[1].kind != "text", f[0]))
    return combine([e for _, e in found])
