"""Split a page into its chrome, its metadata and its speech copies.

A 范文 page is a header (site furniture, the page's title, a date, an
editor's blurb), then one speech or a bundle of them, each opened by a
marker ("第1篇", "篇一", "……讲话稿1" …: ``markers.py``), a title line, or
its salutation; then a trailer (share and download buttons, related lists).
Where each part starts is read from what its rows are, not from one site's
words:

* a row is *speech text* when it reads as prose (long, with sentence or
  clause marks) or opens or closes a speech (a salutation, 谢谢大家), and no
  rule of the knowledge files calls it chrome, a blurb or a paywall note;
* the header is what comes before the first marker, or in a page without
  markers before the first salutation (an editor's intro before it is not
  the speech), else before the first speech text;
* the trailer is what comes after the last speech text: a row that looks
  like chrome in the middle of a speech is one row of chrome, and the
  speech goes on after it;
* a title is the short line that heads a speech's text (``titles.py``).

Every source line gets a verdict (chrome, marker, title, body, blank) and
the rule that decided it. Pieces of a line that are not the speech's (a
blurb glued to its first sentence) are recorded as removed text.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from ..errors import SourceError
from ..model import LineVerdict, PageMeta, Repair, SourceLine, SourcePage, SpeechCopy, SplitPage
from ..patterns import BREADCRUMB_SEPARATOR, HOME_CRUMBS, UPDATED, WELCOME
from .decode import ends_sentence, line_view
from .knowledge import Knowledge, library
from .markers import Marker, MarkerGrammar
from .rows import Row, page_rows, reads_traditional, view_of, view_positions
from .templates import SiteTemplate, page_views, title_view
from .titles import COLLECTION_COUNT, clean_title, is_title_view

# The site's excerpt of a speech in a list is at most this long.
MAX_TEASER_CHARS = 160
# A row of prose: this many characters, with a clause or sentence mark.
MIN_PROSE_CHARS = 12
# An intro before a speech's salutation is an editor's, up to this long; more
# text before a salutation means the speech started earlier.
MAX_INTRO_CHARS = 400
# A speech this long may be followed by another one that opens with its own
# salutation, with no marker or title between them.
MIN_SPEECH_BEFORE_SALUTATION = 300
# Text a copy holds before a title line may open the next copy.
MIN_COPY_CHARS = 60
# The most characters of a sentence's end that a hard wrap leaves on a row of
# its own, too short to show the wrap.
SENTENCE_TAIL = 20
_GREETING = re.compile(r"(?:大家|你们|各位)(?:早上|上午|中午|下午|晚上)?好")
# A host's label before their line: "男:", "女：", "主持人:", "甲:".
_SPEAKER = re.compile(r"^(?:[(（][^)）]{1,20}[)）])?(?:男|女|合|甲|乙|主持人|主持|男女|[A-D])\d?:")
# A row that only addresses the audience: "苯敬的老师,亲爱的同学们", "各位领导、来宾".
_ADDRESS = re.compile(r"^(?=.{4,50}$)(?=.*(?:尊敬|亲爱|敬爱|各位|们))[^。!?;]*?(?:们|各位[^,:]{0,6}|朋友|来宾|嘉宾|领导|同志|家长|老师|同学)[:!,]?$")
_CHUNK_NUMBER = re.compile(r"\d{1,3}、")
# A web address a page prints: "www.example.com", "m.example.cn".
_DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|cc|top|info|vip|xyz|club|site)(?:\.cn)?(?![A-Za-z0-9])")
_DIGIT = re.compile(r"\d")
# Marks of a clause or a sentence: prose holds them, a title (even one with
# a subtitle, "……党课:从党史中汲取智慧") holds none of these.
_CLAUSE = re.compile(r"[,，。!?;]")
_TEASER_END = re.compile(r"(?:…|\.{3,}|。{3,})(?:\[更多\]|更多>*|\(更多\))?$|\[更多\]$|更多>>$")
_CLOSING = re.compile(r"^(?:谢谢|感谢|散会|再见|此致|祝|预祝|恭祝|最后,?祝)")
_CLOSING_WORDS = ("谢谢大家", "谢谢各位", "谢谢", "完", "散会", "再见", "谢谢!", "谢谢大家!")
_OUTLINE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|第[一二三四五六七八九十]{1,3}[,，、部分章节]|\d{1,2}[、.．])")
_LIST_ITEM = re.compile(r"^[•·●▪◆■]")
_BOOK_TITLE = re.compile(r"《([^《》]{4,40})》")
# "下面是小编为大家整理的……讲话，供大家参考": the title the blurb names.
_BLURB_TITLE = re.compile(
    r"(?:整理|收集|搜集|精选|推荐|分享|带来|准备)(?:了|的)?(?:关于|有关)?(?P<title>[^,，。!?:？！]{4,50}?)(?:的内容|的相关内容|范文)?[,，。]"
    r"|(?:好的)?(?P<asked>[^,，。!?:？！]{4,50}?)(?:要|该)?(?:怎么|如何|怎样)写"
)
_TOC_ENTRY = re.compile(r"^(?:\d{1,2}[.、]|[一二三四五六七八九十]{1,2}[、.]|第[\d一二三四五六七八九十]{1,2}篇|篇[一二三四五六七八九十\d]{1,2})[^。!?]{2,60}?(?:\.*\d{1,3})?$")


@dataclass(frozen=True)
class Facts:
    """What one row is, as the rules and the row's shape say."""

    chrome: str | None  # rule that makes the row chrome wherever it stands
    trailer: str | None  # rule that makes it a trailer row
    blurb: str | None
    paywall: str | None
    marker: Marker | None
    courtesy: str | None  # an editor's polite formula, that a speaker may use too
    title: bool  # a short line ending as a speech title does
    salutation: bool  # opens a speech: "同志们：", "尊敬的……："
    prose: bool  # reads as prose
    closing: bool  # closes a speech: "谢谢大家！"
    outline: bool  # an outline heading: "一、……"
    teaser: bool  # the site's excerpt of a speech, cut with "…" or "[更多]"
    label: bool  # short, no sentence mark

    @property
    def furniture(self) -> str | None:
        """The rule that makes this row not speech text, None when none does."""
        return self.chrome or self.paywall or self.trailer or self.blurb

    @property
    def speech_text(self) -> bool:
        """Text a speech holds: prose, a salutation, a closing, a heading."""
        return not (self.furniture or self.teaser or self.title) and (self.prose or self.salutation or self.closing or self.outline)


class Judge:
    """Judges rows with the page's knowledge and its site's learned template."""

    def __init__(self, knowledge: Knowledge, template: SiteTemplate | None, traditional: bool, title: str = ""):
        self.knowledge = knowledge
        self.template = template
        self.traditional = traditional
        self.title = title  # the page's title as its first lines print it (masked in the template)
        self.grammar = MarkerGrammar(_title_words(knowledge))

    def facts(self, row: Row) -> Facts:
        k, view = self.knowledge, row.view
        if not view:
            return Facts(None, None, None, None, None, None, False, False, False, False, False, False, False)
        chrome = k.first("chrome", view)
        chrome_rule = chrome.name if chrome else None
        if not chrome_rule and k.might("injected", view) and not _holds_speech_text([row], k):
            chrome_rule = "no-speech-text"  # nothing but a watermark: no text of a speech
        if row.piece and _CHUNK_NUMBER.fullmatch(view):
            chrome_rule = "chunk-number"
        if not chrome_rule and self.template and self.template.holds(view, self.title):
            chrome_rule = f"site-template:{self.template.site}"
        trailer = k.first("trailer", view)
        blurb = k.first("blurb", view)
        paywall = k.first("paywall", view)
        marker = self.grammar.read(view) or (self.grammar.read_glued(view) if _DIGIT.search(view, 0, 72) else None)
        if marker and marker.form in ("第N篇", "篇N"):
            chrome_rule = None  # a line opening "第N篇" is a marker, whatever its title holds ("</title>" …)
        label = len(view) <= 60 and not re.search(r"[。!?;,]", view)
        label_like = len(view) <= 60 and not re.search(r"[。;]", view)  # a title may hold "," "?"
        addressed = _SPEAKER.sub("", view)  # "男:尊敬的……": a host's line opens with their label
        salutation = bool(k.first("salutation", addressed)) and (
            ":" in addressed[:48]
            or (len(addressed) <= 16 and not re.search(r"[。,]", addressed))
            or bool(_GREETING.search(addressed[:48]))
        ) or bool(_ADDRESS.match(addressed))
        closing = view.rstrip("!。.") in {w.rstrip("!") for w in _CLOSING_WORDS} or bool(_CLOSING.match(view) and len(view) <= 40)
        prose = len(view) >= MIN_PROSE_CHARS and bool(_CLAUSE.search(view[:-1])) or (len(view) >= 6 and ends_sentence(view))
        title = label_like and is_title_view(view, k)
        return Facts(
            chrome=chrome_rule,
            trailer=trailer.name if trailer else None,
            blurb=blurb.name if blurb and not title else None,
            paywall=paywall.name if paywall else None,
            marker=marker,
            courtesy=courtesy.name if (courtesy := k.first("courtesy", view)) else None,
            title=title,
            salutation=salutation,
            prose=prose,
            closing=closing,
            outline=bool(_OUTLINE.match(view)) and len(view) <= 80,
            # The site's excerpt of a speech: short, cut with "…" (a long
            # paragraph cut so is the text itself, cut by the site).
            teaser=20 <= len(view) <= MAX_TEASER_CHARS and bool(_TEASER_END.search(view[-12:])),
            label=label,
        )


def _title_words(knowledge: Knowledge) -> tuple[str, ...]:
    words: list[str] = []
    for rule in knowledge.by_kind["title-end"]:
        words += [w for w in re.split(r"\|", rule.pattern.pattern) if w and not set(w) & set("()[]?*+\\^$")]
    return tuple(words)


def split_page(page: SourcePage, knowledge: Knowledge | None = None, template: SiteTemplate | None = None) -> SplitPage:
    if knowledge is None:  # the common rules and those of the page's site
        knowledge = library().for_site(library().site_of_page(page))
    traditional = reads_traditional(page.lines)
    rows = page_rows(page.lines, knowledge, traditional)
    title = title_view(page_views(page), knowledge) if template else ""
    judge = Judge(knowledge, template, traditional, title)
    facts = [judge.facts(row) for row in rows]
    return _Splitter(page, rows, facts, judge).split()


class _Splitter:
    """One page being split: its rows, what each is, and the verdicts so far."""

    def __init__(self, page: SourcePage, rows: list[Row], facts: list[Facts], judge: Judge):
        self.page, self.rows, self.facts, self.judge = page, rows, facts, judge
        self.knowledge = judge.knowledge
        self.verdicts: dict[int, LineVerdict] = {}
        self.removed: list[Repair] = []
        self.judged: set[int] = set()  # rows judged so far, by index
        # Trailer rules whose row opens a block of the site's (comments, a related list).
        self.ending_rules = {r.name for r in self.knowledge.by_kind["trailer"] if r.ends}
        self._mark_contents()

    def _mark_contents(self) -> None:
        """The entries of a table of contents ("目录", then "1.标题……3"): chrome."""
        for row, f in zip(self.rows, self.facts):
            if f.chrome != "contents":
                continue
            for after in self.rows[row.index + 1 :]:
                if not after.view:
                    continue
                if not _TOC_ENTRY.match(after.view) or len(after.view) > 70:
                    break
                self.facts[after.index] = replace(self.facts[after.index], chrome="contents")

    # Verdicts ---------------------------------------------------------------

    _RANK = {"blank": 0, "chrome": 1, "marker": 2, "title": 3, "body": 4}

    def judge_row(self, row: Row, kind: str, rule: str, force: bool = False) -> None:
        """The verdict of the row's lines. A line cut into pieces takes the
        verdict of its speech piece (body before title before chrome); the
        pieces that are not the speech's are recorded as removed text."""
        self.judged.add(row.index)
        if row.piece and kind != "body":
            self.removed.append(Repair(f"{kind}-removed:{rule}" if kind == "chrome" else f"{kind}-split-off", row.first_line, row.text, ""))
        for line in row.lines:
            blank = not line_view(line.text)
            verdict = LineVerdict(line.number, "blank" if blank else kind, "blank" if blank else rule)
            old = self.verdicts.get(line.number)
            if old is None or force or self._RANK[verdict.kind] >= self._RANK[old.kind]:
                self.verdicts[line.number] = verdict

    # The page -----------------------------------------------------------------

    def split(self) -> SplitPage:
        rows, facts = self.rows, self.facts
        markers = self._markers()
        trailer = self._trailer_start(markers)
        lead = self._leading_speech(markers[0][0].index) if markers else None
        if lead is not None:  # a speech before the first marker, with no marker of its own
            header_end = lead
        elif markers:
            header_end = markers[0][0].index
        else:
            header_end = self._first_line_of_text(self._body_start(0, trailer))
        header = self._read_header(rows[:header_end], marked=bool(markers) and lead is None)
        page_title = header.get("title") or ""
        # Before the first marker: the header, whatever it holds (an
        # editor's blurb, a paragraph about the genre, a table of contents).
        for row in rows[:header_end]:
            if row.index not in self.judged:
                self.judge_row(row, "chrome", self._chrome_rule(row, "header"))
        for row in rows[trailer:]:
            self.judge_row(row, "chrome", self._chrome_rule(row, "trailer"))
        tag = self._topic_tag(header_end, trailer)

        copies: list[SpeechCopy] = []
        if lead is not None:
            title = header.get("blurb_title") or header.get("speech_title") or ""
            copies += self._copies(0, title, rows[lead : markers[0][0].index], page_title)
        if markers:
            for k, (row, marker) in enumerate(markers):
                end = markers[k + 1][0].index if k + 1 < len(markers) else trailer
                copies += self._marked_section(row, marker, end, page_title or header.get("speech_title") or "")
        else:
            title = header.get("speech_title") or page_title
            copies += self._unmarked_body(header_end, trailer, title)
        if not copies:
            if markers:
                raise SourceError(self.page.file, "the speech markers hold no speech text", markers[0][0].first_line)
            raise SourceError(self.page.file, "no speech text found: every line reads as site chrome or a title")
        copies = self._cut_by_paywalls(copies)
        for row in rows:  # blank rows and pieces no stage judged
            if not row.view:
                self.judge_row(row, "blank", "blank")
        for line in self.page.lines:
            if line.number not in self.verdicts:
                blank = not line_view(line.text)
                self.verdicts[line.number] = LineVerdict(line.number, "blank" if blank else "chrome", "blank" if blank else "unplaced")
        meta = PageMeta(
            title=page_title or (copies[0].title if copies else ""),
            site=header.get("site"),
            categories=tuple(header.get("categories", ())),
            date=header.get("date"),
            tag=tag,
            url=self.page.url,
        )
        ordered = tuple(self.verdicts[n] for n in sorted(self.verdicts))
        return SplitPage(
            page=self.page, meta=meta, copies=tuple(copies), verdicts=ordered, removed=tuple(self.removed),
            traditional=self.judge.traditional, site_words=self._site_words(meta),
        )

    def _site_words(self, meta: PageMeta) -> tuple[str, ...]:
        """The site's name (welcome line, breadcrumb, the knowledge file's
        names) and the web addresses its chrome prints."""
        words = {meta.site or "", *self.knowledge.site_names}
        chrome = {v.line for v in self.verdicts.values() if v.kind == "chrome"}
        for line in self.page.lines:
            if line.number in chrome:
                words.update(m.group().lower() for m in _DOMAIN.finditer(line.text))
        return tuple(sorted(w for w in words if len(w) >= 4))

    def _cut_by_paywalls(self, copies: list[SpeechCopy]) -> list[SpeechCopy]:
        """A copy right before a paywall note ("预览结束", "仅展示698字") is the
        part the site showed: published as truncated."""
        cut = []
        by_line = {line.number: row for row in self.rows for line in row.lines}
        for copy in copies:
            last = by_line.get(copy.lines[-1].number)
            after = next((r for r in self.rows[last.index + 1 :] if r.view), None) if last else None
            if after is not None and self.facts[after.index].paywall and not copy.truncated:
                copy = replace(copy, truncated=True)
            cut.append(copy)
        return cut

    # Markers ---------------------------------------------------------------------

    def _markers(self) -> list[tuple[Row, Marker]]:
        """The rows that open a speech of a bundle, with their markers."""
        found = [(row, f.marker) for row, f in zip(self.rows, self.facts) if f.marker and not f.chrome]
        strong = [(r, m) for r, m in found if m.strong]
        if strong:
            chosen = strong
        else:
            chosen = self._weak_sequence([(r, m) for r, m in found])
        return self._without_contents(chosen)

    def _weak_sequence(self, found: list[tuple[Row, Marker]]) -> list[tuple[Row, Marker]]:
        """Weak markers ("……讲话稿1") are markers when they count up from 1,
        or when one numbered 1 stands on a page that says it bundles
        several speeches (or repeats the page's title)."""
        if not found:
            return []
        numbers = [m.number for _, m in found]
        if len(found) >= 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] == 1:
            return found
        first_row, first = found[0]
        if first.number == 1 and (self._declares_bundle(first_row.index) or first.form == "标题N" and not self._marker_title(first_row, first)):
            return [found[0]] + [f for f in found[1:] if f[1].number > 1]
        if first.number == 1 and self._title_repeats(first_row, first):
            # Later items carry the same title (a bundle's core: "……讲话稿15"
            # after a paywall hid items 2 to 14).
            core = _key(first_row.view[first.title[0] : first.title[1]])
            chosen, last = [found[0]], first.number
            for row, marker in found[1:]:
                if marker.number > last and _key(row.view[marker.title[0] : marker.title[1]]) == core:
                    chosen.append((row, marker))
                    last = marker.number
            return chosen
        return []

    def _declares_bundle(self, before: int) -> bool:
        """Whether the page's head says it holds several speeches ("(通用11篇)", "15篇")."""
        for row in self.rows[:before]:
            if COLLECTION_COUNT.search(row.view) or re.search(r"\d{1,3}篇", row.view[-12:]):
                return True
        return False

    def _title_repeats(self, row: Row, marker: Marker) -> bool:
        a, b = marker.title
        title = row.view[a:b]
        return bool(title) and any(r.view.startswith(title) for r in self.rows[: row.index] if r.view)

    def _without_contents(self, markers: list[tuple[Row, Marker]]) -> list[tuple[Row, Marker]]:
        """A table of contents lists the markers before the speeches do:
        markers with no speech text before the next one, whose numbers come
        again later, are the table's entries."""
        kept = []
        for k, (row, marker) in enumerate(markers):
            end = markers[k + 1][0].index if k + 1 < len(markers) else len(self.rows)
            empty = not any(f.speech_text for f in self.facts[row.index + 1 : end])
            again = any(m.number == marker.number for _, m in markers[k + 1 :])
            if empty and again:
                self.judge_row(row, "chrome", "contents")
                continue
            kept.append((row, marker))
        return kept

    def _marker_title(self, row: Row, marker: Marker) -> str:
        """The title a marker carries, in the page's own script."""
        a, b = marker.title
        if a >= b:
            return ""
        _, where = view_positions(row.text, self.judge.traditional)
        text = row.text[where[a] : where[b - 1] + 1] if b - 1 < len(where) else ""
        return clean_title(text, self.knowledge, self.judge.traditional)

    def _first_line_of_text(self, start: int) -> int:
        """A speech without a salutation may open with a short line ("坚持以人民为
        中心"): the labels right before its text that no rule calls chrome
        and that read as no title are its first lines. (Before a salutation
        such a label is the title.)"""
        if start >= len(self.rows) or self.facts[start].salutation:
            return start
        first = start
        for row in reversed(self.rows[:start]):
            if not row.view:
                continue
            f = self.facts[row.index]
            if not f.label or f.title or f.furniture or f.marker or _breadcrumb(row) is not None or COLLECTION_COUNT.search(row.view):
                break
            first = row.index
        return first

    def _leading_speech(self, first_marker: int) -> int | None:
        """A speech printed before the page's first marker with none of its
        own (a listing of two articles): the row of its salutation, when a
        whole speech's text follows it."""
        for row, f in zip(self.rows[:first_marker], self.facts[:first_marker]):
            if f.salutation and not f.furniture:
                said = sum(len(r.view) for r in self.rows[row.index : first_marker] if self.facts[r.index].speech_text)
                return row.index if said >= MIN_SPEECH_BEFORE_SALUTATION else None
        return None

    # Header -------------------------------------------------------------------------

    def _body_start(self, start: int, end: int) -> int:
        """In a page without markers: the row where the speech starts.

        Its salutation when one comes before much text (an editor's intro
        may precede it); else its first speech text that no rule calls chrome."""
        first_text = None
        intro = 0
        for row, f in zip(self.rows[start:end], self.facts[start:end]):
            if not row.view:
                continue
            if f.salutation and not f.furniture:
                return row.index
            if f.speech_text and not f.salutation:
                if first_text is None:
                    first_text = row.index
                if not f.outline:
                    intro += len(row.view)
                if intro > MAX_INTRO_CHARS:
                    break
        if first_text is None:
            return start
        # The glued title of a run-on line ("……的讲话" + "一、……") heads the text.
        return first_text

    def _read_header(self, header: list[Row], marked: bool) -> dict:
        found: dict = {}
        labels: list[Row] = []
        titled_rows: list[Row] = []
        for row in header:
            text, view = row.text, row.view
            if not view:
                continue
            f = self.facts[row.index]
            if m := WELCOME.match(text):
                found.setdefault("site", m.group("site"))
            elif (crumbs := _breadcrumb(row)) is not None:
                if crumbs and crumbs[0] not in HOME_CRUMBS and not crumbs[0].endswith("首页"):
                    found.setdefault("site", crumbs.pop(0))
                elif crumbs:
                    crumbs.pop(0)
                crumbs = [c for c in crumbs if c not in ("正文", "正文内容")]
                found.setdefault("categories", crumbs)
            elif (m := UPDATED.search(view)) and "date" not in found:
                if date := _iso_date(m.group("year"), m.group("month"), m.group("day")):
                    found["date"] = date
            if f.chrome == "article-title-label":  # "本文标题：……": the title, labelled
                titled_rows.append(row)
                continue
            if (crumbs := _breadcrumb(row)) is not None:
                last = _crumb_title(crumbs, self.knowledge)
                if last:  # a breadcrumb ending with the page's title ("……>正文" aside)
                    found.setdefault("crumb_title", last)
                continue
            if f.chrome or f.paywall or f.trailer:
                continue
            if f.blurb or f.courtesy and row.piece:  # a piece cut off for its formula is the editor's
                if "blurb_title" not in found and (t := _title_in_blurb(row, self)):
                    found["blurb_title"] = t
                continue
            if f.title or (f.label and (COLLECTION_COUNT.search(view) or f.marker)):
                labels.append(row)
            elif f.label and not f.prose and len(view) >= 4:
                labels.append(row)
        titled = [r for r in labels if self.facts[r.index].title] or titled_rows
        names = {found.get("site"), *HOME_CRUMBS}
        counted = [r for r in labels if COLLECTION_COUNT.search(r.view) or re.search(r"\d{1,3}篇$", r.view)]
        if counted:
            found["title"] = counted[0].text
        elif titled:  # the title line nearest the text: a blog's name may come first
            found["title"] = titled[-1].text
        elif labels:
            candidates = [r for r in labels if r.text not in names]
            if candidates:
                found["title"] = candidates[0].text
        for fallback in ("blurb_title", "crumb_title"):
            if "title" not in found and found.get(fallback):
                found["title"] = found[fallback]
        # The speech's own title (a page without markers): the title line
        # nearest its text, else the page's.
        if titled:
            found["speech_title"] = clean_title(titled[-1].text, self.knowledge, self.judge.traditional)
        elif found.get("title"):
            found["speech_title"] = clean_title(found["title"], self.knowledge, self.judge.traditional)
        for row in titled[-1:] if not marked else ():  # a bundle's speeches take theirs from their markers
            self.judge_row(row, "title", "speech-title")
        return found

    def _chrome_rule(self, row: Row, zone: str) -> str:
        f = self.facts[row.index]
        if f.furniture:
            return f.furniture
        if f.courtesy and row.piece:
            return f.courtesy
        if f.marker:
            return "marker"
        if f.title or f.label and COLLECTION_COUNT.search(row.view):
            return "page-title" if zone == "header" else "repeated-title"
        if f.teaser:
            return "teaser"
        if f.speech_text:
            return "intro" if zone == "header" else "after-speeches"
        return zone

    # Trailer ---------------------------------------------------------------------------

    def _trailer_start(self, markers: list[tuple[Row, Marker]]) -> int:
        """The row after the last speech text of the page: everything from
        there is the site's (trailer chrome, related lists, teasers).

        Right after speech text, a row cut short with "……" (the site's cut)
        and the page's last words (cut mid-sentence) are speech text too."""
        start = markers[-1][0].index + 1 if markers else 0
        texts = [r for r in self.rows[start:] if r.view]
        last = self._last_text(texts, teasers=False)
        if last is None and markers and texts and self.facts[texts[0].index].teaser:
            # The last marker's text is a preview cut with "……" right under it.
            last = self._last_text(texts, teasers=True)
        return start if last is None else last + 1

    def _last_text(self, texts: list[Row], teasers: bool) -> int | None:
        last = None
        follows_text = False
        said = 0
        for k, row in enumerate(texts):
            f = self.facts[row.index]
            if said and f.trailer in self.ending_rules and self._site_block_follows(texts[k + 1 :], said):
                break
            # A short line right after text that left its sentence unfinished
            # is the rest of it (a hard wrap too short to be seen as one),
            # also when it ends the sentence ("点意见。").
            above = self.facts[texts[k - 1].index] if k else None
            rest = f.label or len(row.view) <= SENTENCE_TAIL and ends_sentence(row.view)
            unfinished = (
                follows_text and rest and not f.title and above is not None and above.prose
                and not (above.closing or above.outline) and not ends_sentence(texts[k - 1].view)
            )
            continues = follows_text and not f.furniture and (
                f.teaser or f.closing or unfinished or k == len(texts) - 1 and not f.title
            )
            follows_text = f.speech_text or continues or teasers and f.teaser and not f.furniture
            if follows_text:
                last = row.index
                said += len(row.view)
        return last

    def _site_block_follows(self, rows: list[Row], said: int) -> bool:
        """Whether what follows a comment section's or a related list's
        heading is the site's: no speech starts or goes on there (no marker,
        salutation), and less text than the speech before it."""
        after = 0
        for row in rows:
            f = self.facts[row.index]
            if f.marker or f.salutation:
                return False
            if f.speech_text:
                after += len(row.view)
        return after < said

    def _topic_tag(self, start: int, trailer: int) -> str | None:
        """The short label the site prints right after the last speech, before
        the rest of its trailer (e.g. "城建环保")."""
        texts = [r for r in self.rows[trailer:] if r.view]
        if len(texts) < 2:
            return None
        row, f = texts[0], self.facts[texts[0].index]
        if re.fullmatch(r"[\u4e00-\u9fff]{2,8}", row.view) and not f.title and not f.closing and not f.furniture:
            self.judge_row(row, "chrome", "topic-tag")
            return row.text
        return None

    # Sections ------------------------------------------------------------------------

    def _marked_section(self, marker_row: Row, marker: Marker, end: int, page_title: str) -> list[SpeechCopy]:
        self.judge_row(marker_row, "marker", "section-marker")
        title = self._marker_title(marker_row, marker)
        rows = self.rows[marker_row.index + 1 : end]
        glued: list[Row] = []
        if marker.rest is not None:  # "标题1安全大过天，……": the text starts on the marker's row
            _, where = view_positions(marker_row.text, self.judge.traditional)
            rest = marker_row.text[where[marker.rest] :]
            glued = [Row(marker_row.index, (SourceLine(marker_row.first_line, rest),), rest, marker_row.view[marker.rest :], piece=True)]
            self.removed.append(Repair("marker-split-off", marker_row.first_line, marker_row.text[: where[marker.rest]], ""))
        carried = _key(marker_row.view[marker.title[0] : marker.title[1]])
        start = self._section_body_start(rows, carried)
        heading = rows[:start]
        for row in heading:
            f = self.facts[row.index]
            if not row.view:
                continue
            if carried and _key(row.view) and _key(row.view) in carried and not f.furniture:
                # The marker's title printed again, whole or in parts
                # ("第一篇_标题——副题" then "标题", "——副题").
                self.judge_row(row, "title", "repeated-title")
            elif f.title and not f.furniture and not title:
                title = clean_title(row.text, self.knowledge, self.judge.traditional)
                self.judge_row(row, "title", "speech-title")
            elif f.title and not f.furniture:
                self.judge_row(row, "title", "repeated-title")
            else:
                self.judge_row(row, "chrome", self._chrome_rule(row, "section-head"))
        if not title:
            title = clean_title(page_title, self.knowledge, self.judge.traditional)
        return self._copies(marker.number, title, glued + rows[start:], page_title)

    def _section_body_start(self, rows: list[Row], carried: str = "") -> int:
        """Where a marked section's text starts: after its title lines (the
        marker's title printed again), dates and blurbs."""
        for k, row in enumerate(rows):
            if not row.view:
                continue
            f = self.facts[row.index]
            if carried and _key(row.view) and _key(row.view) in carried:
                continue
            if f.furniture and not f.speech_text or f.title and not f.speech_text:
                continue
            return k  # a short line no rule knows is text (a hard wrap may have cut it off)
        return len(rows)

    def _unmarked_body(self, start: int, end: int, title: str) -> list[SpeechCopy]:
        rows = self.rows[start:end]
        return self._copies(1, title, rows, title)

    def _copies(self, number: int, title: str, rows: list[Row], page_title: str) -> list[SpeechCopy]:
        """The speech copies of one section: a title line followed by text
        starts a new one, and so does a salutation after a whole speech; a
        paywall note ends one (what follows it, up to the next speech, is
        the middle of some other text)."""
        copies: list[SpeechCopy] = []
        copy = _Copy(title)
        texts = [r for r in rows if r.view]
        titles_seen = {_key(title), _key(page_title)} - {""}
        for i, row in enumerate(texts):
            f = self.facts[row.index]
            nxt = self.facts[texts[i + 1].index] if i + 1 < len(texts) else None
            titled = self._opens_titled_copy(row, f, nxt, copy, titles_seen)
            if titled or self._opens_saluted_copy(row, f, copy):
                copies += self._copy_of(number, copy.title, copy.rows, copy.truncated)
                copy = _Copy(copy.title)
                if titled:
                    copy.title = clean_title(row.text, self.knowledge, self.judge.traditional)
                    titles_seen.add(_key(copy.title))
                    self.judge_row(row, "title", "speech-title")
                    continue
            if copy.skipping:
                self.judge_row(row, "chrome", "after-paywall")
            elif f.paywall:
                self.judge_row(row, "chrome", f.paywall)
                copy.truncated = copy.skipping = bool(copy.rows)
            elif f.title and not f.speech_text and not f.furniture:
                # A title with no text after it, or the title printed again.
                again = _key(clean_title(row.text, self.knowledge, self.judge.traditional)) in titles_seen
                self.judge_row(row, "title", "repeated-title" if again or not copy.rows else "closing-title")
            elif not f.speech_text and (site := f.chrome or f.paywall or f.trailer):
                self.judge_row(row, "chrome", site)
            elif not f.speech_text and f.label and _key(row.view) in titles_seen - {""}:
                self.judge_row(row, "chrome", "repeated-title")
            elif f.blurb and (not copy.rows or i + 1 == len(texts)):
                self.judge_row(row, "chrome", f.blurb)  # an editor's words at the edge of a speech
            else:
                self.judge_row(row, "body", "speech-text")
                copy.add(row, f)
        # A copy whose last words are cut with "……" at the page's end: the site cut it.
        last = copy.rows[-1].view if copy.rows else ""
        copy.truncated = copy.truncated or bool(last and _TEASER_END.search(last) and not ends_sentence(last.rstrip(".…。")))
        return copies + self._copy_of(number, copy.title, copy.rows, copy.truncated)

    def _opens_titled_copy(self, row: Row, f: Facts, nxt: Facts | None, copy: _Copy, titles_seen: set[str]) -> bool:
        """A title line followed by text opens a new copy once the one before
        holds text. The same title printed again does so only before a
        salutation (a second copy of the speech); elsewhere the site put it
        in the text (between a salutation and the text, say)."""
        if not f.title or f.furniture or nxt is None or nxt.title or not (nxt.speech_text or nxt.label):
            return False
        if copy.said < MIN_COPY_CHARS:
            return False
        again = _key(clean_title(row.text, self.knowledge, self.judge.traditional)) in titles_seen
        return not again or nxt.salutation

    def _opens_saluted_copy(self, row: Row, f: Facts, copy: _Copy) -> bool:
        """A new speech that opens with its own salutation and greeting
        ("老师们，同学们，大家好：……") after a whole one."""
        if not f.salutation or f.furniture or copy.said < MIN_SPEECH_BEFORE_SALUTATION:
            return False
        last = copy.rows[-1]
        return ends_sentence(last.view) and bool(
            _GREETING.search(row.view[:40]) or row.view.endswith(":") and self.facts[last.index].closing
        )

    def _copy_of(self, number: int, title: str, rows: list[Row], truncated: bool) -> list[SpeechCopy]:
        """The speech copy these body rows make; none when they hold no
        speech text (only marks, or only a watermark), and then they are noise."""
        if _holds_speech_text(rows, self.knowledge):
            lines = tuple(line for row in rows for line in row.lines)
            return [SpeechCopy(self.page.file, number, title, lines, truncated=truncated)]
        for row in rows:
            self.judge_row(row, "chrome", "no-speech-text", force=True)
        return []


@dataclass
class _Copy:
    """A speech copy being gathered, row by row."""

    title: str
    rows: list[Row] = field(default_factory=list)
    said: int = 0  # characters of text it holds, a bare salutation aside
    truncated: bool = False  # a paywall note cut it
    skipping: bool = False  # past that note: the middle of some other text

    def add(self, row: Row, f: Facts) -> None:
        self.rows.append(row)
        if not (f.salutation and len(row.view) <= 40):
            self.said += len(row.view)


def _key(text: str) -> str:
    return re.sub(r"[\s\W_]", "", text)


def _breadcrumb(row: Row) -> list[str] | None:
    """The crumbs of a breadcrumb row ("当前位置：首页 > 范文 > 正文",
    "首页 实用范文 演讲稿"), None when the row is none."""
    view = row.view
    m = re.match(r"^(?:您的|你的|您|你)?(?:当前|现在)?(?:的)?(?:所在)?位置(?:是)?:(?P<path>.*)$", view)
    path = m.group("path") if m else view
    parts = [c for c in BREADCRUMB_SEPARATOR.split(path) if c]
    if m or (len(parts) >= 3 and len(view) <= 80 and not re.search(r"[。!?,<=\"']", view)):
        # Crumbs as the row prints them: a space may part them too ("讲话稿 创建……").
        spaced = re.split(r"(?:\s*[>＞»›→]\s*|\s+)", re.sub(r"^[^:：]*位置[^:：]*[:：]", "", row.text).strip())
        return [c for c in spaced if c] or parts
    words = row.text.split()
    if len(words) >= 3 and words[0] in HOME_CRUMBS and all(len(w) <= 10 for w in words):
        return words
    return None


def _crumb_title(crumbs: list[str], knowledge: Knowledge) -> str:
    """The page's title when a breadcrumb ends with it: "首页 > 讲话稿 > X讲话",
    "您的当前位置:首页动员大会讲话稿" (the last crumb, the home page's name off)."""
    crumbs = [c for c in crumbs if c not in ("正文", "正文内容")]
    if not crumbs:
        return ""
    last = crumbs[-1]
    for home in HOME_CRUMBS:
        if last.startswith(home) and len(last) > len(home):
            last = last[len(home) :]
    return last if is_title_view(last, knowledge) else ""


def _title_in_blurb(row: Row, splitter: _Splitter) -> str | None:
    """The title an editor's blurb names: "……整理的X，供大家参考", "《X》"."""
    for pattern in (_BOOK_TITLE, _BLURB_TITLE):
        for m in pattern.finditer(row.text):
            text = m.group(1) if pattern is _BOOK_TITLE else (m.group("title") or m.group("asked"))
            title = clean_title(text, splitter.knowledge, splitter.judge.traditional)
            # What a blurb names is the page's title when it reads as one.
            if len(title) >= 4 and is_title_view(view_of(title, splitter.judge.traditional), splitter.knowledge):
                return title
    return None


def _iso_date(year: str, month: str, day: str) -> str | None:
    try:
        return datetime.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _holds_speech_text(rows: list[Row], knowledge: Knowledge) -> bool:
    """Any letter or digit left once injected text (watermarks) is taken out."""
    for row in rows:
        text = row.view
        for rule in knowledge.by_kind["injected"]:
            text = rule.pattern.sub(lambda m: m.group(0).replace(m.group("cut"), "", 1) if "cut" in m.re.groupindex else "", text)
        if any(ch.isalnum() for ch in text):
            return True
    return False
