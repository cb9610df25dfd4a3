"""Mend scraping damage in one speech copy.

Order matters: each line is first read as text (look-alike characters folded,
invisible ones dropped) and lines a hard wrap cut are joined; then paragraph
breaks are found (the scraper turned them into spaces), paragraphs cut
mid-sentence are re-joined, and characters are repaired inside each
paragraph. Every change is recorded as a ``Repair``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from ..model import CleanCopy, Damage, Paragraph, Repair, SourceLine, SpeechCopy
from ..editions.source_script import HANS, detect_script
from .decode import drop_invisible, ends_sentence, fold_lookalikes, hard_wrapped, invisible_characters
from ..patterns import (
    CN_NUMERAL,
    HAN,
    MAX_BARE_HEADING_CHARS,
    outline_marker,
    CJK,
    CJK_OR_PUNCT,
    INTERROGATIVES,
    SENTENCE_END,
    SLASH_MOJIBAKE,
    SLASH_MOJIBAKE_CHAR,
)
from .knowledge import Knowledge, library
from .rows import line_knowledge, view_of, view_positions

# A space after a sentence end ("。 " "： ") separates two paragraphs; the
# colon of a time ("8: 30") does not end anything. (The patterns with spaces
# start with the space, so the scan only stops at spaces.)
_BREAK_AFTER_SENTENCE = re.compile(r" (?:(?<=[。！？!?：] )|(?<=[^\d]: )|(?<=[。！？]” )) *(?=\S)")
# Where an outline marker may be glued after a sentence end ("……步伐。三、加强领导"):
# group 1 is the sentence end. (Matching the mark first, rather than a
# lookbehind at every position, keeps the scan fast.)
_SENTENCE_THEN_MARKER = re.compile(rf"([。！？；;])(?=[{CN_NUMERAL}]{{1,3}}、|[(（][{CN_NUMERAL}]{{1,3}}[)）])")
_STRAY_SPACE = re.compile(f" (?<={CJK_OR_PUNCT} ) *| +(?={CJK_OR_PUNCT})")
_CHINESE_SIDE = re.compile(CJK_OR_PUNCT)
_LOST_MIDDLE_DOT = re.compile(f"(?<=[{CJK}])\\?(?=[{CJK}])")
_SINGLE_QUOTED = re.compile(r"'([^'\n]{1,60})'")
_DOUBLE_QUOTED = re.compile(r'"([^"\n]{1,200})"')
_SPACE_RUN = re.compile(r" +")
# A half-width , ; : ! ? turns full-width next to Chinese text, or when it is
# the last character of a paragraph with text before it. (One between two
# digits never does: "1,000", "8:30"; a digit is no Chinese side.) Chinese
# text holds many marks and few that stay: the pattern finds those (group 1).
_HALF_WIDTH_MARKS = ",;:!?"
_MARK_KEPT_HALF = re.compile(rf"([,;:!?])(?<!{CJK_OR_PUNCT}.)(?!{CJK_OR_PUNCT})(?!(?<=..)\Z)", re.DOTALL)
_BRACKET = re.compile(r"[()]")


def _widen_marks(text: str) -> str:
    """Every half-width , ; : ! ? made full-width (str.replace: far faster than str.translate)."""
    return text.replace(",", "，").replace(";", "；").replace(":", "：").replace("!", "！").replace("?", "？")


def clean_copy(
    copy: SpeechCopy, knowledge: Knowledge | None = None, traditional: bool = False, site_words: tuple[str, ...] = ()
) -> CleanCopy:
    """``knowledge``: the page's rules (what text sites inject); ``traditional``:
    the page is in Traditional script (the rules read its Simplified view);
    ``site_words``: how the page names its site (taken out of sentences)."""
    knowledge = knowledge if knowledge is not None else library().for_site(None)
    repairs: list[Repair] = []
    paragraphs: list[Paragraph] = []
    # Repairs that read the words of one script are made only in that script.
    script = detect_script("".join(line.text for line in copy.lines))
    for text, first, last in _unwrapped_lines(copy.lines, repairs, line_knowledge(knowledge, traditional)):
        text = _remove_injected(text, first, repairs, knowledge, traditional)
        text = _remove_title_links(text, first, repairs, copy.title)
        text = _remove_site_words(text, first, repairs, site_words)
        text = _remove_jammer(text, first, repairs, traditional)
        pieces = split_run_on(text)
        if len(pieces) > 1:
            repairs.append(Repair("paragraph-breaks-restored", first, "1 line", f"{len(pieces)} paragraphs"))
        paragraphs.extend(Paragraph(p, first, last) for p in pieces)
    paragraphs = _join_broken(paragraphs, repairs)
    mended = tuple(
        Paragraph(repair_characters(p.text, p.first_line, repairs, script), p.first_line, p.last_line)
        for p in paragraphs
    )
    kept = tuple(p for p in mended if p.text)
    return CleanCopy(copy=copy, paragraphs=kept, repairs=tuple(repairs), damage=tuple(missing_digits(kept)), script=script)


# A number the site stripped: a word that counts with nothing to count
# ("近名师生", "第届", "于年月日"). What precedes the measure word is a word
# that is always followed by a number.
_MISSING_NUMBER = re.compile(
    r"(?:[近约共逾]|超过|多达|将近|总计|合计|累计)(?:名|个|位|周年|届|次|项|万|亿|元|岁|家|所|户|公里|平方米|吨|倍|%|％)"
    r"|(?:建党|建国|建校|成立|庆祝)周年"
    r"|(?:不到|不足)(?:名|个|人|%|％|岁|万|亿|元)"
    r"|第(?:届|次|个|名|期|批|轮)"
    r"|年月日"
)
# "2023年5月1日" reads "年月日" once its digits are gone; "五年月日" is no date.
_NOT_A_YEAR = re.compile(r"[\d〇一二三四五六七八九十xX×]")


def missing_digits(paragraphs: tuple[Paragraph, ...]) -> list[Damage]:
    """Where the site stripped digits from the text: reported, and the page says so."""
    found = []
    for p in paragraphs:
        for m in _MISSING_NUMBER.finditer(p.text):
            if m.group() == "年月日" and m.start() and _NOT_A_YEAR.match(p.text, m.start() - 1):
                continue
            found.append(Damage("digits-missing", p.first_line, p.text[max(0, m.start() - 6) : m.end() + 4]))
    return found


def read_line(line: SourceLine, repairs: list[Repair]) -> str:
    """A source line as text: look-alikes folded, invisible characters dropped,
    canonical composition, spaces of every width made one ASCII space (kept
    at the ends, where a hard wrap may have cut a paragraph break)."""
    text = line.text
    folded = fold_lookalikes(text)
    if folded != text:
        changed = [(a, b) for a, b in zip(text, folded) if a != b]
        repairs.append(
            Repair("lookalike-folded", line.number, "".join(a for a, _ in changed), "".join(b for _, b in changed))
        )
    visible = drop_invisible(folded)
    if visible != folded:
        dropped = "".join(f"U+{ord(ch):04X}" for ch in invisible_characters(folded))[:40]
        repairs.append(Repair("invisible-removed", line.number, dropped, ""))
    composed = unicodedata.normalize("NFC", visible)
    if composed != visible:
        repairs.append(Repair("unicode-composed", line.number, visible[:12], composed[:12]))
    return one_space(composed)


def one_space(text: str) -> str:
    """Each run of white space made one ASCII space: ``re.sub(r"\\s+", " ", text)``,
    done with str.split (the same white space, found much faster). That is
    every width of space the scrapers leave behind: NBSP, ideographic space,
    en/em spaces, line and paragraph separators …"""
    words = text.split()
    if not words:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + " ".join(words) + (" " if text[-1].isspace() else "")


def _unwrapped_lines(
    lines: tuple[SourceLine, ...], repairs: list[Repair], knows: Callable[[str, str], bool]
) -> list[tuple[str, int, int]]:
    """(text, first line, last line) of each line the page meant: lines that a
    fixed-width hard wrap cut are joined again (see decode.hard_wrapped)."""
    wrapped = hard_wrapped(lines, knows)
    joined: list[tuple[str, int, int]] = []
    for line in lines:
        text = read_line(line, repairs)
        if joined and joined[-1][2] in wrapped and joined[-1][2] + 1 == line.number:
            before, first, _ = joined[-1]
            repairs.append(Repair("hard-wrap-joined", line.number, before[-8:], text[:8]))
            joined[-1] = (before + text, first, line.number)
        else:
            joined.append((text, line.number, line.number))
    return [(text.strip(), first, last) for text, first, last in joined]


def _remove_injected(text: str, line: int, repairs: list[Repair], knowledge: Knowledge, traditional: bool) -> str:
    """Text a site put inside the speech's lines (watermark sentences, site
    tags, paywall markers, anti-copy marks: the ``injected`` rules of the
    knowledge files) out, found however the scrape spaced or scripted it."""
    spans = injected_spans(text, knowledge, traditional)
    for start, end, rule in spans:
        repairs.append(Repair("watermark-removed", line, text[start:end], "", source=rule))
    for start, end, _ in reversed(spans):
        text = text[:start] + text[end:]
    return text


def _remove_title_links(text: str, line: int, repairs: list[Repair], title: str) -> str:
    """A link to another page of the site, named by a year and this speech's
    title, dropped into a sentence: "……体验了教师职业的美丽xx年教师节校长致辞。".
    A title the speaker names is not glued to a year right after a word."""
    if len(title) < 5 or title not in text:
        return text
    link = re.compile(f"(?<=[{CJK}])(?:(?:20)?[xX×]{{2}}|(?:19|20)\\d\\d)年{re.escape(title)}(?=[，。,.；;！!？?]|$)")
    for m in link.finditer(text):
        repairs.append(Repair("watermark-removed", line, m.group(), "", source="title-link"))
    return link.sub("", text)


def _remove_site_words(text: str, line: int, repairs: list[Repair], words: tuple[str, ...]) -> str:
    """The site's name or address dropped into a sentence ("我管理者范文网县",
    "……详见www.example.com。"): a speech never names the site that copied it."""
    for word in words:
        if word in text.lower() and len(text) > len(word) + 2:
            pattern = re.compile(f"(?:https?://)?{re.escape(word)}(?:/[^\\s，。,；;）)]*)?", re.IGNORECASE)
            for m in pattern.finditer(text):
                repairs.append(Repair("watermark-removed", line, m.group(), "", source="site-name"))
            text = pattern.sub("", text)
    return text


def _remove_jammer(text: str, line: int, repairs: list[Repair], traditional: bool) -> str:
    """A run of characters no writer would put together ("擦局又徒半太遵粒貌正乡
    销仅…"), which some sites mix into copied text against scrapers: few of its
    characters are common ones, and almost none of it reads as words."""
    # Read in Simplified: the list of common characters and the dictionary are.
    runs = [
        m for m in _LONG_HAN_RUN.finditer(text)
        if _looks_random(view_of(m.group(), True) if traditional else m.group())
    ] if len(text) >= _MIN_JAMMER else []
    for m in runs:
        repairs.append(Repair("watermark-removed", line, m.group(), "", source="jammer"))
    for m in reversed(runs):
        text = text[: m.start()] + text[m.end() :]
    return text


# Characters in a row, no mark between them, long enough to judge.
_MIN_JAMMER = 10
_LONG_HAN_RUN = re.compile(f"[{CJK}]{{{_MIN_JAMMER},}}")
# Real text is mostly common characters (data/common_chars.txt), and most of
# it reads as dictionary words; a random run is neither.
_COMMON_SHARE = 0.55
_WORD_SHARE = 0.3


def _looks_random(run: str) -> bool:
    uncommon = len(run.translate(_common_chars()))  # the run with its common characters deleted
    if uncommon <= (1 - _COMMON_SHARE) * len(run):
        return False
    import jieba  # the parse workers load its dictionary before they fork

    words = sum(len(w) for w in jieba.cut(run, HMM=False) if len(w) >= 2)
    return words < _WORD_SHARE * len(run)


@lru_cache(maxsize=1)
def _common_chars() -> dict[int, None]:
    """A translation table deleting the common characters (data/common_chars.txt)."""
    chars = (Path(__file__).parent.parent / "data" / "common_chars.txt").read_text(encoding="utf-8")
    return dict.fromkeys(map(ord, "".join(chars.split())))


def injected_spans(text: str, knowledge: Knowledge, traditional: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, rule) in ``text`` of each piece of injected text, matched
    on the text's view (no spaces, Simplified, glosses out) and mapped back."""
    if not knowledge.might("injected", view_of(text, traditional)):  # most lines: no need to look closer
        return []
    view, where = view_positions(text, traditional)
    found = sorted(
        (where[m.start(cut)], where[m.end(cut) - 1] + 1, rule.name)
        for rule in knowledge.by_kind["injected"]
        for m in rule.pattern.finditer(view)
        # A pattern may match around what goes: its group named "cut" is what does.
        for cut in ["cut" if "cut" in rule.pattern.groupindex else 0]
        if m.end(cut) > m.start(cut)
    )
    spans: list[tuple[int, int, str]] = []
    for start, end, rule in found:  # two rules may match overlapping text
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]), spans[-1][2])
        else:
            spans.append((start, end, rule))
    return spans


def split_run_on(text: str) -> list[str]:
    """One scraped line → its paragraphs (a whole speech can sit on one line)."""
    # Opens a paragraph only where it is a real marker (not "三、四月份").
    text = _SENTENCE_THEN_MARKER.sub(lambda m: m.group(1) + (" " if outline_marker(text[m.end() :]) else ""), text)
    pieces: list[str] = []
    # Every break is a space: most paragraphs hold none and need no splitting.
    for chunk in _BREAK_AFTER_SENTENCE.split(text) if " " in text else [text]:
        pieces.extend(_split_after_heading(chunk.strip()))
    return [p for p in pieces if p]


def _split_after_heading(text: str) -> list[str]:
    """"一、……精神 11月29日上午" → the heading, then its body: the first space
    after the heading's words, where no sentence has ended yet."""
    pieces: list[str] = []
    while marker := outline_marker(text):
        length = marker[2]
        body = text[length:].lstrip()  # "一、 加强……": that space is stray, not the break
        gap = _SPACE_RUN.search(body)
        if gap is None:
            break
        words = body[: gap.start()]
        if gap.start() > MAX_BARE_HEADING_CHARS or any(ch in SENTENCE_END for ch in words):
            break
        pieces.append(text[:length] + words)
        text = body[gap.end() :].strip()
    return [*pieces, text]


def _join_broken(paragraphs: list[Paragraph], repairs: list[Repair]) -> list[Paragraph]:
    """Re-join a paragraph the scraper cut mid-sentence ("……统一部署,明年" + "5、6月……")."""
    joined: list[Paragraph] = []
    for p in paragraphs:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and not ends_sentence(prev.text)
            and not outline_marker(prev.text)
            and not outline_marker(p.text)
        ):
            repairs.append(Repair("split-paragraph-joined", p.first_line, prev.text[-8:], p.text[:8]))
            joined[-1] = Paragraph(prev.text + p.text, prev.first_line, p.last_line)
        else:
            joined.append(p)
    return joined


def repair_characters(text: str, line: int, repairs: list[Repair], script: str = HANS) -> str:
    """Mojibake, punctuation width and stray spaces inside one paragraph.
    The mojibake repairs read Simplified text (燉 is a character of
    Traditional text, and its question words are others): only there."""
    if script == HANS:
        text = _repair_slash_mojibake(text, line, repairs)
        text = _repair_question_marks(text, line, repairs)
    text = _full_width_quotes(text, line, repairs)
    text = _full_width_punctuation(text, line, repairs)
    text = _remove_stray_spaces(text, line, repairs)
    return text


def _context(text: str, i: int, width: int = 6) -> str:
    return text[max(0, i - width) : i + width + 1]


def _repair_slash_mojibake(text: str, line: int, repairs: list[Repair]) -> str:
    if not any(ch in text for ch in SLASH_MOJIBAKE):  # most paragraphs: a quick look suffices
        return text
    for m in SLASH_MOJIBAKE_CHAR.finditer(text):
        repairs.append(Repair("mojibake-slash", line, _context(text, m.start()), m.group() + "→/"))
    return SLASH_MOJIBAKE_CHAR.sub("/", text)


def _repair_question_marks(text: str, line: int, repairs: list[Repair]) -> str:
    """"美丽乡村?文明城镇" lost a "·"; "钱从哪来?" is a real question."""
    if "?" not in text:  # most paragraphs: nothing to look at
        return text
    out = list(text)
    for m in _LOST_MIDDLE_DOT.finditer(text):
        clause_start = max(text.rfind(p, 0, m.start()) for p in "，。；：！？·,;:!?")
        clause = text[clause_start + 1 : m.start()]
        if not INTERROGATIVES.search(clause):
            out[m.start()] = "·"
            repairs.append(Repair("mojibake-middle-dot", line, _context(text, m.start()), "?→·"))
    return "".join(out)


def _full_width_quotes(text: str, line: int, repairs: list[Repair]) -> str:
    def pair(m: re.Match, left: str, right: str) -> str:
        inner = m.group(1)
        if not HAN.search(inner):
            return m.group(0)
        repairs.append(Repair("quotes-full-width", line, m.group(0)[:12], left + "…" + right))
        return left + inner + right

    if "'" in text:
        text = _SINGLE_QUOTED.sub(lambda m: pair(m, "‘", "’"), text)
    return _DOUBLE_QUOTED.sub(lambda m: pair(m, "“", "”"), text) if '"' in text else text


def _is_chinese_side(ch: str) -> bool:
    return bool(_CHINESE_SIDE.match(ch))


def _full_width_punctuation(text: str, line: int, repairs: list[Repair]) -> str:
    """Half-width , ; : ! ? ( ) next to Chinese text become full-width.

    Numbers keep theirs (1,000 · 8:30 · 3.5); a bracket pair turns together.
    Every decision reads the original text, so the marks and the brackets
    (a pass over the brackets only) are done apart."""
    # Split around the marks that stay (text, mark, text, …, text) and widen
    # every mark in the text between them: no Python work per mark.
    pieces = _MARK_KEPT_HALF.split(text)
    changed = sum(map(text.count, _HALF_WIDTH_MARKS)) - len(pieces) // 2
    if changed:
        pieces[::2] = map(_widen_marks, pieces[::2])
        result = "".join(pieces)
    else:
        result = text
    pairs = _bracket_pairs_to_widen(text) if "(" in text else []
    if pairs:
        out = list(result)
        for start, end in pairs:
            out[start], out[end] = "（", "）"
        result = "".join(out)
        changed += 2 * len(pairs)
    if changed:
        repairs.append(Repair("punctuation-full-width", line, f"{changed} marks", ""))
    return result


def _bracket_pairs_to_widen(text: str) -> list[tuple[int, int]]:
    """(open, close) positions of the half-width bracket pairs that hold or
    touch Chinese text."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for m in _BRACKET.finditer(text):
        i = m.start()
        if m.group() == "(":
            stack.append(i)
        elif stack:
            start = stack.pop()
            inner = text[start + 1 : i]
            outer = text[start - 1 : start] + text[i + 1 : i + 2]
            if HAN.search(inner + outer) or any(map(_is_chinese_side, outer)):
                pairs.append((start, i))
    return pairs


def _remove_stray_spaces(text: str, line: int, repairs: list[Repair]) -> str:
    if " " not in text:
        return text
    for m in _STRAY_SPACE.finditer(text):
        repairs.append(Repair("stray-space-removed", line, _context(text, m.start()), ""))
    return _STRAY_SPACE.sub("", text)
