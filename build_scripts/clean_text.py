"""Stage 3 — mend scraping damage in one speech copy.

Order matters: paragraph breaks are found first (the scraper turned them into
spaces), then paragraphs cut mid-sentence are re-joined, then characters are
repaired inside each paragraph. Every change is recorded as a ``Repair``.
"""

from __future__ import annotations

import re

from .model import CleanCopy, Paragraph, Repair, SpeechCopy
from .patterns import (
    CJK,
    CJK_OR_PUNCT,
    H2_MARKER,
    H3_MARKER,
    INTERROGATIVES,
    SENTENCE_END,
    SLASH_MOJIBAKE,
    WATERMARKS,
)

# Spaces of every width the scrapers leave behind.
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
# A space after a sentence end ("。 " "： ") separates two paragraphs.
_BREAK_AFTER_SENTENCE = re.compile(r"(?:(?<=[。！？!?：:])|(?<=[。！？]”)) +(?=\S)")
# An outline marker glued after a sentence end ("……步伐。三、加强领导") opens a paragraph.
_MARKER_AFTER_SENTENCE = re.compile(
    r"(?<=[。！？；;])(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])"
)
_CJK_CHAR = re.compile(f"[{CJK}]")
_STRAY_SPACE = re.compile(f"(?<={CJK_OR_PUNCT}) +| +(?={CJK_OR_PUNCT})")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）"}


def clean_copy(copy: SpeechCopy) -> CleanCopy:
    repairs: list[Repair] = []
    paragraphs: list[Paragraph] = []
    for line in copy.lines:
        text = _SPACES.sub(" ", line.text).strip()
        text = _remove_watermarks(text, line.number, repairs)
        pieces = split_run_on(text)
        if len(pieces) > 1:
            repairs.append(Repair("paragraph-breaks-restored", line.number, f"1 line", f"{len(pieces)} paragraphs"))
        paragraphs.extend(Paragraph(p, line.number, line.number) for p in pieces)
    paragraphs = _join_broken(paragraphs, repairs)
    mended = tuple(
        Paragraph(repair_characters(p.text, p.first_line, repairs), p.first_line, p.last_line)
        for p in paragraphs
    )
    return CleanCopy(copy=copy, paragraphs=tuple(p for p in mended if p.text), repairs=tuple(repairs))


def _remove_watermarks(text: str, line: int, repairs: list[Repair]) -> str:
    for pattern in WATERMARKS:
        for m in pattern.finditer(text):
            repairs.append(Repair("watermark-removed", line, m.group(0), ""))
        text = pattern.sub("", text)
    return text


def split_run_on(text: str) -> list[str]:
    """One scraped line → its paragraphs (a whole speech can sit on one line)."""
    text = _MARKER_AFTER_SENTENCE.sub(" ", text)
    pieces: list[str] = []
    for chunk in _BREAK_AFTER_SENTENCE.split(text):
        pieces.extend(_split_after_heading(chunk.strip()))
    return [p for p in pieces if p]


def _split_after_heading(text: str) -> list[str]:
    """"一、……精神 11月29日上午" → the heading, then its body: the first space
    in a line that opens with an outline marker and has no sentence end yet."""
    if not (H2_MARKER.match(text) or H3_MARKER.match(text)):
        return [text]
    m = re.search(r" +", text)
    if m and not any(ch in SENTENCE_END for ch in text[: m.start()]) and m.start() <= 60:
        return [text[: m.start()], *_split_after_heading(text[m.end():].strip())]
    return [text]


def _is_heading_like(text: str) -> bool:
    return bool(H2_MARKER.match(text) or H3_MARKER.match(text))


def _join_broken(paragraphs: list[Paragraph], repairs: list[Repair]) -> list[Paragraph]:
    """Re-join a paragraph the scraper cut mid-sentence ("……统一部署,明年" + "5、6月……")."""
    joined: list[Paragraph] = []
    for p in paragraphs:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and prev.text[-1] not in SENTENCE_END
            and not _is_heading_like(prev.text)
            and not _is_heading_like(p.text)
        ):
            repairs.append(Repair("split-paragraph-joined", p.first_line, prev.text[-8:], p.text[:8]))
            joined[-1] = Paragraph(prev.text + p.text, prev.first_line, p.last_line)
        else:
            joined.append(p)
    return joined


def repair_characters(text: str, line: int, repairs: list[Repair]) -> str:
    """Mojibake, punctuation width and stray spaces inside one paragraph."""
    text = _repair_slash_mojibake(text, line, repairs)
    text = _repair_question_marks(text, line, repairs)
    text = _full_width_quotes(text, line, repairs)
    text = _full_width_punctuation(text, line, repairs)
    text = _remove_stray_spaces(text, line, repairs)
    return text


def _context(text: str, i: int, width: int = 6) -> str:
    return text[max(0, i - width) : i + width + 1]


def _repair_slash_mojibake(text: str, line: int, repairs: list[Repair]) -> str:
    for i, ch in enumerate(text):
        if ch in SLASH_MOJIBAKE:
            repairs.append(Repair("mojibake-slash", line, _context(text, i), ch + "→/"))
    return re.sub(f"[{SLASH_MOJIBAKE}]", "/", text)


def _repair_question_marks(text: str, line: int, repairs: list[Repair]) -> str:
    """"美丽乡村?文明城镇" lost a "·"; "钱从哪来?" is a real question."""
    out = list(text)
    for m in re.finditer(f"(?<=[{CJK}])\\?(?=[{CJK}])", text):
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；：！？,;:!")
        clause = text[clause_start + 1 : m.start()]
        if not INTERROGATIVES.search(clause):
            out[m.start()] = "·"
            repairs.append(Repair("mojibake-middle-dot", line, _context(text, m.start()), "?→·"))
    return "".join(out)


def _full_width_quotes(text: str, line: int, repairs: list[Repair]) -> str:
    def pair(m: re.Match, left: str, right: str) -> str:
        inner = m.group(1)
        if not _CJK_CHAR.search(inner):
            return m.group(0)
        repairs.append(Repair("quotes-full-width", line, m.group(0)[:12], left + "…" + right))
        return left + inner + right

    text = re.sub(r"'([^'\n]{1,60})'", lambda m: pair(m, "‘", "’"), text)
    return re.sub(r'"([^"\n]{1,200})"', lambda m: pair(m, "“", "”"), text)


def _is_chinese_side(ch: str) -> bool:
    return bool(re.match(CJK_OR_PUNCT, ch))


def _full_width_punctuation(text: str, line: int, repairs: list[Repair]) -> str:
    """Half-width , ; : ! ? ( ) next to Chinese text become full-width.

    Numbers keep theirs (1,000 · 8:30 · 3.5); a bracket pair turns together."""
    out = list(text)
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch not in _HALF_TO_FULL:
            continue
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == "(":
            stack.append(i)
            continue
        if ch == ")":
            if stack:
                start = stack.pop()
                inner = text[start + 1 : i]
                outer = text[start - 1 : start] + after
                if _CJK_CHAR.search(inner + outer) or any(map(_is_chinese_side, outer)):
                    out[start], out[i] = "（", "）"
            continue
        if before.isdigit() and after.isdigit():
            continue
        if _is_chinese_side(before) or _is_chinese_side(after) or (before and not after):
            out[i] = _HALF_TO_FULL[ch]
    result = "".join(out)
    if result != text:
        changed = sum(a != b for a, b in zip(text, result))
        repairs.append(Repair("punctuation-full-width", line, f"{changed} marks", ""))
    return result


def _remove_stray_spaces(text: str, line: int, repairs: list[Repair]) -> str:
    for m in _STRAY_SPACE.finditer(text):
        repairs.append(Repair("stray-space-removed", line, _context(text, m.start()), ""))
    return _STRAY_SPACE.sub("", text)
