"""Titles: which short line heads a speech, and the title it gives once the
site's additions are taken off.

A speech title is a short line that heads a speech's text: no sentence ends
in it, and it ends with what a speech is called (讲话, 致辞, 主持词 …, the
``title-end`` words of the knowledge files), or it is the page's own title.
Sites add to it: a bundle's count ("（通用11篇）", "【优秀3篇】", "15篇"), a
marker ("篇1", "范文2", "1"), a label before it ("本文标题："), SEO words
after it ("如何写?", "范文", "优秀"). ``clean_title`` takes those off, in
whatever script the page is written: it reads the title's view and cuts the
text where the view shows the boundary.
"""

from __future__ import annotations

import re

from .knowledge import Knowledge
from .rows import PINYIN_GLOSS, view_positions

# A bundle's count at the end of a title: "(通用11篇)", "【优秀3篇】", "15篇",
# "精选5篇", "材料汇编(4篇)" (the count only), "(汇总16篇)".
COLLECTION_COUNT = re.compile(
    r"[(【\[〔]?(?:通用|精选|优秀|热门|专业|汇总|合集|推荐|经典|最新|实用|必备|范文|集锦|汇编|荟萃|精编|完整版|简短)?"
    r"\d{1,3}篇(?:范文|精选|合集)?[)】\]〕]?$"
)
# Marker remnants at the end of a title: "篇1", "(篇二)", "第3篇", "范文1", a number after a title word.
_TRAILING_MARKER = re.compile(
    r"[(【\[]?(?:第?[0-9一二三四五六七八九十]{1,3}篇|篇[0-9一二三四五六七八九十]{1,3}|范文[0-9一二三四五六七八九十]{1,3})[)】\]]?:?$"
    r"|[(【\[](?:[0-9]{1,2}|[一二三四五六七八九十]{1,2}|之[一二三四五六七八九十]{1,2})[)】\]]$"
)
_TRAILING_NUMBER = re.compile(r"(?:[0-9]{1,4}|[一二三四五六七八九十]{1,2}):?$")
_LEADING_LABEL = re.compile(r"^(?:本文标题|文章标题|标题|题目)[:]|^(?:\d{1,3}|[一二三四五六七八九十]{1,3})篇(?=.{4})")
# Categories a site glues after a title ("……讲话稿会议发言").
_CATEGORY_TAIL = ("会议发言",)
_EDGE_PUNCTUATION = " \t:：,，.。、;；_-—【】[]「」『』"
# A title holds at most this many characters once cleaned.
MAX_TITLE_CHARS = 60
_SENTENCE_MARK = re.compile(r"[。!?;]")
# An outline heading ("二、暖场寄语") is part of a speech, never its title.
_OUTLINE_START = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.])")


def ends_with_title_word(view: str, knowledge: Knowledge) -> bool:
    for rule in knowledge.by_kind["title-end"]:
        if (m := _last_match(rule.pattern, view)) and m.end() == len(view):
            return True
    return False


def _last_match(pattern: re.Pattern, view: str) -> re.Match | None:
    last = None
    for last in pattern.finditer(view):
        pass
    return last


def clean_title(text: str, knowledge: Knowledge, traditional: bool) -> str:
    """The title a row gives once the site's additions are off; "" when nothing is left."""
    title = PINYIN_GLOSS.sub("", text).strip(_EDGE_PUNCTUATION)
    for _ in range(4):  # additions stack: "……演讲稿800篇1", "……(通用8篇)篇一"
        before = title
        title = _cut_start(title, _LEADING_LABEL, traditional)
        title = _cut_end(title, COLLECTION_COUNT, traditional)  # before a marker: "(通用11篇)" ends like "11篇)"
        title = _cut_end(title, _TRAILING_MARKER, traditional)
        view, _ = view_positions(title, traditional)
        # A number right after the title word is a marker ("……主持词1", "……演讲稿800").
        if (m := _TRAILING_NUMBER.search(view)) and ends_with_title_word(view[: m.start()], knowledge):
            title = _cut_end(title, _TRAILING_NUMBER, traditional)
        for rule in knowledge.by_kind["title-noise"]:
            shorter = _cut_end(title, rule.pattern, traditional)
            if len(shorter) >= 4:
                title = shorter
        for tail in _CATEGORY_TAIL:
            if title.endswith(tail) and len(title) > len(tail) + 4:
                title = title[: -len(tail)]
        title = title.strip(_EDGE_PUNCTUATION)
        if title == before:
            break
    return title


def _cut_end(text: str, pattern: re.Pattern, traditional: bool) -> str:
    view, where = view_positions(text, traditional)
    m = pattern.search(view)
    if not m or m.end() != len(view) or m.start() == m.end():
        return text
    return text[: where[m.start()]] if m.start() < len(where) else text


def _cut_start(text: str, pattern: re.Pattern, traditional: bool) -> str:
    view, where = view_positions(text, traditional)
    m = pattern.match(view)
    if not m or m.end() == 0 or m.end() >= len(where):
        return text
    return text[where[m.end()] :]


def is_title_view(view: str, knowledge: Knowledge) -> bool:
    """A short line that ends as a speech title does (after the site's additions)."""
    if not 4 <= len(view) <= 90 or knowledge.first("salutation", view) or _OUTLINE_START.match(view):
        return False
    bare = view
    for rule in knowledge.by_kind["title-noise"]:  # "……发言稿如何写?"
        shorter = _strip_match_at_end(rule.pattern, bare)
        bare = shorter if len(shorter) >= 4 else bare
    if _SENTENCE_MARK.search(bare):
        return False
    # A title word, a colon and a subtitle: "安全公众演讲稿:关爱生命,安全生产".
    if (m := re.search(r":[^:]{2,24}$", bare)) and ends_with_title_word(bare[: m.start()], knowledge):
        return True
    for _ in range(3):
        bare = _TRAILING_MARKER.sub("", COLLECTION_COUNT.sub("", bare))
        bare = re.sub(r"[0-9]{1,4}:?$", "", bare)
        for rule in knowledge.by_kind["title-noise"]:
            shorter = _strip_match_at_end(rule.pattern, bare)
            bare = shorter if len(shorter) >= 4 else bare
        bare = bare.rstrip(":：.。、")
    return ends_with_title_word(bare, knowledge) or ends_with_title_word(bare.rstrip("一二三四五六七八九十"), knowledge)


def _strip_match_at_end(pattern: re.Pattern, view: str) -> str:
    m = pattern.search(view)
    return view[: m.start()] if m and m.end() == len(view) else view
