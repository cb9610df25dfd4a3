"""Stage 2 — split a page into its chrome, its metadata and its speech copies.

A 范文 page is: header chrome, then sections "第N篇 title", each holding one
or more copies of speeches, then trailer chrome (topic tag, repeated page
title, teasers, "related" lists). Every line gets a verdict saying which.
"""

from __future__ import annotations

from .errors import SourceError
from .model import LineVerdict, PageMeta, SourceLine, SourcePage, SpeechCopy, SplitPage
from .patterns import (
    BREADCRUMB,
    PAGE_TITLE,
    SECTION_MARKER,
    TITLE_LINE,
    TOPIC_TAG,
    TRAILER_CHROME,
    UPDATED,
    WELCOME,
)


def split_page(page: SourcePage) -> SplitPage:
    lines = page.lines
    markers = [i for i, line in enumerate(lines) if SECTION_MARKER.match(line.text.strip())]
    if not markers:
        raise SourceError(page.file, "no section marker like “第1篇 …” found: cannot find the speeches")

    verdicts: dict[int, LineVerdict] = {}
    header = lines[: markers[0]]
    meta_fields = _read_header(header, verdicts)
    title = meta_fields.get("title") or page.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    trailer_start = _find_trailer(lines, markers[-1] + 1, title)
    tag = _take_topic_tag(lines, markers[-1] + 1, trailer_start, verdicts)
    for line in lines[trailer_start:]:
        _judge(verdicts, line, "chrome", _trailer_rule(line.text.strip(), title))

    copies: list[SpeechCopy] = []
    bounds = markers + [trailer_start]
    for start, end in zip(bounds, bounds[1:]):
        marker_line = lines[start]
        match = SECTION_MARKER.match(marker_line.text.strip())
        assert match is not None
        verdicts[marker_line.number] = LineVerdict(marker_line.number, "marker", "section-marker")
        body = [ln for ln in lines[start + 1 : end] if ln.number not in verdicts]
        copies.extend(
            _split_section(page.file, int(match.group(1)), match.group(2).strip(), body, verdicts)
        )
    if not copies:
        raise SourceError(page.file, "the sections hold no speech text", lines[markers[0]].number)

    meta = PageMeta(
        title=title,
        site=meta_fields.get("site"),
        categories=tuple(meta_fields.get("categories", ())),
        date=meta_fields.get("date"),
        tag=tag,
    )
    ordered = tuple(verdicts[n] for n in sorted(verdicts))
    return SplitPage(page=page, meta=meta, copies=tuple(copies), verdicts=ordered)


def _judge(verdicts: dict[int, LineVerdict], line: SourceLine, kind: str, rule: str) -> None:
    if not line.text.strip():
        kind, rule = "blank", "blank"
    verdicts[line.number] = LineVerdict(line.number, kind, rule)


def _read_header(header: tuple[SourceLine, ...], verdicts: dict[int, LineVerdict]) -> dict:
    found: dict = {}
    for line in header:
        text = line.text.strip()
        rule = "header"
        if m := WELCOME.match(text):
            found.setdefault("site", m.group("site"))
            rule = "welcome"
        elif m := BREADCRUMB.match(text):
            crumbs = [c.strip() for c in m.group("path").split(">") if c.strip()]
            if crumbs:
                found["site"] = crumbs[0]
                found["categories"] = crumbs[1:]
            rule = "breadcrumb"
        elif m := UPDATED.search(text):
            y, mo, d = m.group("date").split("-")
            found["date"] = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
            rule = "update-time"
        elif m := PAGE_TITLE.match(text):
            found.setdefault("title", m.group("title"))
            rule = "page-title"
        _judge(verdicts, line, "chrome", rule)
    return found


def _trailer_rule(text: str, page_title: str) -> str:
    if text == page_title:
        return "repeated-page-title"
    for rule, pattern in TRAILER_CHROME:
        if pattern.search(text):
            return rule
    return "trailer"


def _find_trailer(lines: tuple[SourceLine, ...], start: int, page_title: str) -> int:
    """Index of the first line of trailer chrome after the last speech."""
    for i in range(start, len(lines)):
        text = lines[i].text.strip()
        if text and _trailer_rule(text, page_title) != "trailer":
            return i
    return len(lines)


def _take_topic_tag(
    lines: tuple[SourceLine, ...], start: int, trailer_start: int, verdicts: dict[int, LineVerdict]
) -> str | None:
    """The short label the site prints right after the last speech (e.g. "城建环保")."""
    if trailer_start >= len(lines):
        return None
    for i in range(trailer_start - 1, start - 1, -1):
        text = lines[i].text.strip()
        if not text:
            continue
        if TOPIC_TAG.match(text) and not TITLE_LINE.match(text):
            verdicts[lines[i].number] = LineVerdict(lines[i].number, "chrome", "topic-tag")
            return text
        return None
    return None


def _split_section(
    file: str,
    number: int,
    marker_title: str,
    body: list[SourceLine],
    verdicts: dict[int, LineVerdict],
) -> list[SpeechCopy]:
    """Copies in one section: a title line followed by text starts a new speech."""
    copies: list[SpeechCopy] = []
    title = marker_title
    current: list[SourceLine] = []
    texts = [line for line in body if line.text.strip()]
    for line in body:
        if not line.text.strip():
            _judge(verdicts, line, "blank", "blank")
    for i, line in enumerate(texts):
        text = line.text.strip()
        if TITLE_LINE.match(text):
            follows_text = i + 1 < len(texts) and not TITLE_LINE.match(texts[i + 1].text.strip())
            if current and follows_text:
                copies.append(SpeechCopy(file, number, title, tuple(current)))
                current = []
            if follows_text:
                title = text
                rule = "speech-title"
            else:
                rule = "closing-title"  # the site repeats the title under a speech
            verdicts[line.number] = LineVerdict(line.number, "title", rule)
            continue
        verdicts[line.number] = LineVerdict(line.number, "body", "speech-text")
        current.append(line)
    if current:
        copies.append(SpeechCopy(file, number, title, tuple(current)))
    return copies
