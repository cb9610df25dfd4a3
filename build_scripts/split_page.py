"""Stage 2 — split a page into its chrome, its metadata and its speech copies.

A 范文 page is: header chrome, then sections "第N篇 title", each holding one
or more copies of speeches, then trailer chrome (topic tag, repeated page
title, teasers, "related" lists). A page holding a single speech may have no
"第N篇" marker at all: its speech is whatever stands between the header and
the trailer. Every line gets a verdict saying which part it is.

Lines are judged as the page means them: what they read as (``line_view``),
with the lines that a hard wrap cut joined into one row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .errors import SourceError
from .model import LineVerdict, PageMeta, SourceLine, SourcePage, SpeechCopy, SplitPage
from .patterns import (
    compact,
    BREADCRUMB,
    BREADCRUMB_SEPARATOR,
    CLAUSE_PUNCT,
    CLOSING_LINE,
    CLOSING_WORDS,
    CN_DIGITS,
    CN_UNITS,
    outline_marker,
    HEADER_CHROME,
    HOME_CRUMBS,
    LINE_CHROME,
    MAX_CHROME_CHARS,
    PAGE_TITLE,
    SALUTATION,
    SECTION_MARKER,
    TOPIC_TAG,
    TRAILER_CHROME,
    UPDATED,
    WATERMARKS,
    WELCOME,
)
from .read_source import ends_sentence, hard_wrapped, is_title_line, line_view

# A label line (site name, page or speech title) is short and unpunctuated.
MAX_LABEL_CHARS = 40


@dataclass(frozen=True)
class Row:
    """A line as the page means it: one source line, or the lines a hard wrap cut."""

    index: int  # position among the page's rows
    lines: tuple[SourceLine, ...]
    text: str  # what the row reads as (see read_source.line_view)
    # The text without spaces: chrome is recognised however the scrape spaced it.
    compact: str = field(init=False, repr=False, compare=False)
    chrome_sized: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Worked out once: every chrome rule asks for them, for every row.
        spaceless = compact(self.text)
        object.__setattr__(self, "compact", spaceless)
        object.__setattr__(self, "chrome_sized", 0 < len(spaceless) <= MAX_CHROME_CHARS and "。" not in self.text)


def page_rows(lines: tuple[SourceLine, ...]) -> list[Row]:
    wrapped = hard_wrapped(lines)
    rows: list[Row] = []
    group: list[SourceLine] = []
    for line in lines:
        group.append(line)
        if line.number not in wrapped:
            text = line_view(line.text) if len(group) == 1 else "".join(line_view(g.text) for g in group)
            rows.append(Row(len(rows), tuple(group), text))
            group = []
    return rows


def split_page(page: SourcePage) -> SplitPage:
    rows = page_rows(page.lines)
    verdicts: dict[int, LineVerdict] = {}
    markers = [row for row in rows if section_marker(row.text)]
    header_end = markers[0].index if markers else _header_end(rows)
    header = _read_header(rows[:header_end], verdicts)
    page_title = header.get("title")  # the page's own "…(9篇)" title, if it prints one
    stem = page.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    title = page_title or header.get("speech_title") or stem
    continued = _continuing_rows(rows)

    body_start = markers[-1].index + 1 if markers else header_end
    trailer_start = _find_trailer(rows, body_start, page_title, continued)
    for row in rows[trailer_start:]:
        _judge(verdicts, row, "chrome", _trailer_rule(row, page_title) or "trailer")
    for row in rows[header_end:trailer_start]:
        if rule := _line_chrome_rule(row):
            _judge(verdicts, row, "chrome", rule)
    tag = _take_topic_tag(rows, body_start, trailer_start, verdicts, continued)

    if markers:
        sections = _marked_sections(rows, markers, trailer_start, title, verdicts)
    else:  # a single speech: its title from the header, else the page's
        if "speech_title_row" in header:
            _judge(verdicts, header["speech_title_row"], "title", "speech-title")
        sections = [(1, header.get("speech_title") or title, rows[header_end:trailer_start])]

    copies: list[SpeechCopy] = []
    for number, section_title, body in sections:
        unjudged = [row for row in body if row.lines[0].number not in verdicts]
        copies.extend(_split_section(page.file, number, section_title, unjudged, verdicts, continued))
    if not copies:
        if markers:
            raise SourceError(page.file, "the “第N篇” sections hold no speech text", markers[0].lines[0].number)
        raise SourceError(page.file, "no speech text found: every line reads as site chrome or a title")

    meta = PageMeta(
        title=title,
        site=header.get("site"),
        categories=tuple(header.get("categories", ())),
        date=header.get("date"),
        tag=tag,
    )
    ordered = tuple(verdicts[n] for n in sorted(verdicts))
    return SplitPage(page=page, meta=meta, copies=tuple(copies), verdicts=ordered)


def _marked_sections(
    rows: list[Row], markers: list[Row], trailer_start: int, page_title: str, verdicts: dict[int, LineVerdict]
) -> list[tuple[int, str, list[Row]]]:
    """(N, title, rows) of each "第N篇" section; a marker without a title takes the page's."""
    sections = []
    for marker, end in zip(markers, [m.index for m in markers[1:]] + [trailer_start]):
        number, marker_title = section_marker(marker.text) or (0, "")
        _judge(verdicts, marker, "marker", "section-marker")
        sections.append((number, marker_title or page_title, rows[marker.index + 1 : end]))
    return sections


def _judge(verdicts: dict[int, LineVerdict], row: Row, kind: str, rule: str) -> None:
    for line in row.lines:
        blank = not line_view(line.text)
        verdicts[line.number] = LineVerdict(line.number, "blank" if blank else kind, "blank" if blank else rule)


# Section markers ----------------------------------------------------------------


def section_marker(text: str) -> tuple[int, str] | None:
    """(N, title) of a "第N篇 title" line, N read from 1, １ or 一 style numerals."""
    m = SECTION_MARKER.match(text)
    if not m:
        return None
    number = numeral_value(m.group(1))
    return None if number is None else (number, m.group(2).strip())


def numeral_value(numeral: str) -> int | None:
    """"12", "１２", "十二", "一百零一", "二〇" → their value; None when malformed."""
    if numeral.isdecimal():
        return int(numeral)
    if all(ch in CN_DIGITS for ch in numeral):  # digit by digit: "二〇" is 20
        return int("".join(str(CN_DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            return None
    return total + (digit or 0)


# Header ------------------------------------------------------------------------


def _header_rule(row: Row) -> str | None:
    """Which kind of header chrome a row is, None when it is none."""
    text = row.text
    if not row.chrome_sized:
        return None
    if WELCOME.match(text):
        return "welcome"
    if BREADCRUMB.match(text):
        return "breadcrumb"
    if UPDATED.search(row.compact):
        return "update-time"
    if PAGE_TITLE.match(text):
        return "page-title"
    for rule, pattern in HEADER_CHROME:
        if pattern.search(row.compact):
            return rule
    return _line_chrome_rule(row)


def _is_label(text: str) -> bool:
    """A short unpunctuated line: a site name or a title, or a heading of a speech."""
    return (
        0 < len(text) <= MAX_LABEL_CHARS
        and not any(ch in CLAUSE_PUNCT for ch in text)
        and not (outline_marker(text) or SALUTATION.match(text))
        and compact(text) not in CLOSING_WORDS
        and not CLOSING_LINE.match(compact(text))
    )


def _header_end(rows: list[Row]) -> int:
    """In a page without section markers: index of the row after the header.

    The header runs to its last recognised chrome or title line; unknown
    label lines count only when chrome follows them, so that a short first
    line of the speech is never taken for chrome. Trailer chrome (or the page
    title printed again) ends the header: a page can be all header and trailer."""
    end = 0
    page_title = None
    for row in rows:
        if _trailer_rule(row, page_title):
            break
        if PAGE_TITLE.match(row.text):
            page_title = page_title or row.text
        if _header_rule(row) or is_title_line(row.text):
            end = row.index + 1
        elif row.text and not _is_label(row.text):
            break
    return end


def _read_header(header: list[Row], verdicts: dict[int, LineVerdict]) -> dict:
    found: dict = {}
    labels: list[Row] = []
    for row in header:
        text = row.text
        rule = _header_rule(row) or "header"
        if m := WELCOME.match(text):
            found.setdefault("site", m.group("site"))
        elif m := BREADCRUMB.match(text):
            crumbs = [c.strip() for c in BREADCRUMB_SEPARATOR.split(m.group("path")) if c.strip()]
            if crumbs and crumbs[0] not in HOME_CRUMBS:
                found["site"] = crumbs.pop(0)
            elif crumbs:
                crumbs.pop(0)
            found["categories"] = crumbs
        elif rule == "update-time" and (m := UPDATED.search(row.compact)):
            if date := _iso_date(m.group("year"), m.group("month"), m.group("day")):
                found.setdefault("date", date)
        elif m := PAGE_TITLE.match(text):
            found.setdefault("title", m.group("title"))
        elif rule == "header" and is_title_line(text) and "speech_title_row" not in found:
            found["speech_title_row"] = row
        elif rule == "header" and _is_label(text):
            labels.append(row)
        _judge(verdicts, row, "chrome", rule)
    # The speech's title when the page has no marker to name it: its first
    # title line, else the label line nearest the speech that is no site name.
    if "speech_title_row" in found:
        found["speech_title"] = found["speech_title_row"].text
    else:
        names = {found.get("site"), *HOME_CRUMBS}
        titles = [row.text for row in labels if row.text not in names]
        if titles:
            found["speech_title"] = titles[-1]
    return found


def _iso_date(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


# Trailer and chrome among the speeches -------------------------------------------


def _trailer_rule(row: Row, page_title: str | None) -> str | None:
    if not row.chrome_sized:
        return None
    if page_title and row.compact == compact(page_title):
        return "repeated-page-title"
    for rule, pattern in TRAILER_CHROME:
        if pattern.search(row.compact):
            return rule
    return None


def _line_chrome_rule(row: Row) -> str | None:
    if not row.chrome_sized:
        return None
    for rule, pattern in LINE_CHROME:
        if pattern.search(row.compact):
            return rule
    return None


def _continuing_rows(rows: list[Row]) -> set[int]:
    """Rows that carry on a sentence the row right above left unfinished.

    Such a row is not taken for a title, a topic tag or a list item, which a
    hard wrap too short to be recognised can leave mid-sentence ("…讲话",
    "城建环保", "·…"). Other chrome is specific enough to be believed even
    there: a scrape often cuts the last paragraph short right before it."""
    continuing: set[int] = set()
    for above, row in zip(rows, rows[1:]):
        if not (above.text and row.text) or ends_sentence(above.text):
            continue
        if _header_rule(above) or _trailer_rule(above, None):
            continue  # chrome leaves nothing unfinished
        # A short unpunctuated row is a label unless it is itself a fragment.
        standalone = section_marker(above.text) or is_title_line(above.text) or _is_label(above.text)
        if above.index in continuing or not standalone:
            continuing.add(row.index)
    return continuing


def _find_trailer(rows: list[Row], start: int, page_title: str | None, continued: set[int]) -> int:
    """Index of the first row of trailer chrome after the last speech."""
    for row in rows[start:]:
        rule = _trailer_rule(row, page_title)
        if rule and not (rule == "list-item" and row.index in continued):
            return row.index
    return len(rows)


def _take_topic_tag(
    rows: list[Row], start: int, trailer_start: int, verdicts: dict[int, LineVerdict], continued: set[int]
) -> str | None:
    """The short label the site prints right after the last speech (e.g. "城建环保")."""
    if trailer_start >= len(rows):
        return None
    for row in reversed(rows[start:trailer_start]):
        if not row.text or row.lines[0].number in verdicts:
            continue
        if (
            TOPIC_TAG.match(row.compact)
            and not is_title_line(row.text)
            and row.compact not in CLOSING_WORDS
            and not CLOSING_LINE.match(row.compact)
            and row.index not in continued
        ):
            _judge(verdicts, row, "chrome", "topic-tag")
            return row.text
        return None
    return None


# Sections ----------------------------------------------------------------------


def _split_section(
    file: str,
    number: int,
    section_title: str,
    body: list[Row],
    verdicts: dict[int, LineVerdict],
    continued: set[int],
) -> list[SpeechCopy]:
    """Copies in one section: a title line followed by text starts a new speech."""
    copies: list[SpeechCopy] = []
    title = section_title
    current: list[Row] = []
    texts = [row for row in body if row.text]
    for row in body:
        if not row.text:
            _judge(verdicts, row, "blank", "blank")
    for i, row in enumerate(texts):
        if is_title_line(row.text) and row.index not in continued:
            follows_text = i + 1 < len(texts) and not is_title_line(texts[i + 1].text)
            if current and follows_text:
                copies += _copy_of(file, number, title, current, verdicts)
                current = []
            if follows_text:
                title = row.text
            # A title with no text after it is the site repeating it under a speech.
            _judge(verdicts, row, "title", "speech-title" if follows_text else "closing-title")
            continue
        _judge(verdicts, row, "body", "speech-text")
        current.append(row)
    return copies + _copy_of(file, number, title, current, verdicts)


def _copy_of(file: str, number: int, title: str, rows: list[Row], verdicts: dict[int, LineVerdict]) -> list[SpeechCopy]:
    """The speech copy these body rows make; none when they hold no speech text
    (only marks, or only a watermark), and then they are noise."""
    if _holds_speech_text(rows):
        return [SpeechCopy(file, number, title, tuple(line for row in rows for line in row.lines))]
    for row in rows:
        _judge(verdicts, row, "chrome", "no-speech-text")
    return []


def _holds_speech_text(rows: list[Row]) -> bool:
    """Any letter or digit left once watermarks are taken out."""
    for row in rows:
        text = row.compact
        for pattern in WATERMARKS:
            text = pattern.sub("", text)
        if any(ch.isalnum() for ch in text):
            return True
    return False
