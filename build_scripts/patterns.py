"""The shapes of Chinese text the stages share: character classes, "第N篇"
and outline markers, the page header's date and breadcrumb, scraping damage.

What sites put around a speech (chrome, injected text, title noise,
salutations) is not here: it is checked data, knowledge/*.yml, read by
parse/knowledge.py, and every stage asks the page's knowledge for it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import numpy as np

# Characters -----------------------------------------------------------------

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that sits inside Chinese text.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】—…·「」『』"
CJK_OR_PUNCT = f"[{CJK}{CJK_PUNCT}]"
CN_NUMERAL = "一二三四五六七八九十"
# One Han character (the ranges above).
HAN = re.compile(f"[{CJK}]")


def compact(text: str) -> str:
    """The text with whitespace of every kind taken out (what
    ``re.sub(r"\\s+", "", text)`` gives, several times faster): chrome and
    titles are recognised, and characters counted, however a scrape spaced them."""
    return "".join(text.split())


@cache
def han_table() -> np.ndarray:
    """Whether each code point is one ``HAN`` matches, as an array indexed by
    code point (1.1 MB, built on first use from the pattern itself, so the
    two cannot disagree): for the stages that look at every character of the
    corpus, one array lookup per character is far cheaper than the regex."""
    every = np.arange(0x110000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
    table = np.zeros(0x110000, dtype=bool)
    table[[m.start() for m in HAN.finditer(every)]] = True
    return table


# Sentence-final marks: a paragraph that ends in none of these was cut short.
SENTENCE_END = "。！？：；…”’）!?:;"
# Marks that never stand in a label line (a site name, a page or speech title).
CLAUSE_PUNCT = "，。、；：？！…,;:?!"


def _lookalike_table() -> dict[int, str]:
    """Radical and compatibility characters → the ideograph they stand for.

    PDF extraction and some editors emit Kangxi radicals (U+2F00–2FDF) and CJK
    compatibility ideographs in place of ordinary ideographs ("⽼师" for "老师").
    Their Unicode decompositions name the ideograph; NFKC of the whole text
    would do the same but also turn full-width punctuation into ASCII."""
    blocks = ((0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))
    table: dict[int, str] = {}
    for low, high in blocks:
        for cp in range(low, high + 1):
            parts = unicodedata.decomposition(chr(cp)).replace("<compat>", "").split()
            if len(parts) == 1:
                table[cp] = chr(int(parts[0], 16))
    return table


# Simplified radicals with no decomposition that also stand alone as ideographs
# (components such as "⻈" for 讠 are left alone: they are no character of their own).
RADICAL_LOOKALIKES = {
    "⺠": "民", "⻄": "西", "⻅": "见", "⻆": "角", "⻉": "贝", "⻋": "车", "⻓": "长",
    "⻔": "门", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻢": "马",
    "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
    "⻬": "齐", "⻮": "齿", "⻰": "龙",
}
LOOKALIKES = {**_lookalike_table(), **{ord(k): v for k, v in RADICAL_LOOKALIKES.items()}}
# Characters that take no space and carry no text: zero-width spaces and
# joiners, byte-order marks and soft hyphens left inside lines; and the
# bidirectional controls (marks, embeddings, overrides, isolates), which
# Chinese text never needs and which can make published text read in
# another order than it is written.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Page header ------------------------------------------------------------------

# "第1篇 标题", "第十二篇：标题", "【第１篇】标题". Group 1 is the number, group 2
# the title; a title holds no clause or sentence break, so a sentence starting
# "第一篇章…" or "第一篇文章写得好，…" is no marker.
SECTION_MARKER = re.compile(
    r"^[【\[]?第\s*([0-9０-９]{1,3}|[零〇一二两三四五六七八九十百]{1,5})\s*篇(?![章幅目])[】\]]?"
    r"[\s:：、.．]*([^。！？!?，,；;]{0,60})$"
)
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100}
BREADCRUMB_SEPARATOR = re.compile(r"\s*[>＞»›→]\s*")
# First crumbs that name the home page, not the site.
HOME_CRUMBS = ("首页", "主页", "网站首页", "返回首页")
# "更新时间:2024-11-20", "发布时间：2024年11月20日", "日期：2024/11/20".
UPDATED = re.compile(
    r"(?:更新|发布|发表|上传|编辑)?(?:时间|日期)\s*[:：]\s*"
    r"(?P<year>\d{4})\s*[-/.年－]\s*(?P<month>\d{1,2})\s*[-/.月－]\s*(?P<day>\d{1,2})"
)
WELCOME = re.compile(r"^欢迎(光临|访问|来到)\s*(?P<site>.+?)\s*$")
# Chrome is short and never ends a sentence: a longer line, or one holding
# a full stop, is speech text whatever words it contains ("会议时间：5月8日。").
MAX_CHROME_CHARS = 80

# Speech titles ------------------------------------------------------------------

# A title line standing alone: "…讲话稿", "…讲话", "…讲话稿一:" (several speeches
# in one section are numbered with a trailing Chinese numeral and colon).
TITLE_LINE = re.compile(
    rf"^(?P<title>[^，。；！？,;!?]{{4,40}}?(?:讲话稿|讲话|发言稿|发言|致辞))"
    rf"(?P<ordinal>[{CN_NUMERAL}]{{1,2}})?\s*[:：]?$"
)
# What a speech's meeting is called in its opening ("今天召开……大会").
MEETING_NAME = re.compile(
    r"召开(?:了)?(?P<name>[^，。；：,;:]{2,30}?(?:工作会议|会议|大会|动员会|推进会|调度会|座谈会))"
)

# Scraping damage ----------------------------------------------------------------

# Hard wraps: a page wrapped at a fixed width has many lines of that one
# (maximal) width, each continued on the next line. Narrower "wraps" and fewer
# such lines are more likely a list or a table than a wrap.
MIN_WRAP_WIDTH = 12
MIN_WRAPPED_LINES = 4
# A line that opens with an indent starts a paragraph of its own.
PARAGRAPH_INDENT = re.compile(r"^(?:\u3000|[ \t\u00a0]{2,})")
# Run-in enumerations that open a paragraph: "第一，…", "一是…", "二要…".
RUN_IN_ENUMERATION = re.compile(rf"^(?:第[{CN_NUMERAL}]{{1,3}}[，,、]|[{CN_NUMERAL}]{{1,2}}[是要][^，,。]{{2}})")

# Characters that stand for a lost "/" (a one-byte character decoded as part
# of a GBK pair): "10人燉万台车" is "10人/万台车".
SLASH_MOJIBAKE = "燉"
SLASH_MOJIBAKE_CHAR = re.compile(f"[{SLASH_MOJIBAKE}]")
# A "?" between two Chinese characters is a lost "·" unless its clause asks.
INTERROGATIVES = re.compile(r"[吗呢吧哪谁几么何怎]|什么|多少|是否|难道|还是|(.)[不没]\1")

# Outline structure --------------------------------------------------------------

# "一、" (level 2) and "(一)" (level 3) at the start of a paragraph.
H2_MARKER = re.compile(rf"^(?P<num>[{CN_NUMERAL}]{{1,3}})、")
H3_MARKER = re.compile(rf"^[(（](?P<num>[{CN_NUMERAL}]{{1,3}})[)）]")
# "三、四月份要全面铺开" lists numbers: no outline marker.
_NUMBER_LIST = re.compile(rf"^[{CN_NUMERAL}]{{1,3}}、[{CN_NUMERAL}]{{1,3}}[月年日号个次天周]")


def outline_marker(text: str) -> tuple[int, str, int] | None:
    """(level, numeral, marker length) when ``text`` opens with an outline
    marker: "一、" is level 2, "(一)"/"（一）" level 3; None otherwise."""
    if m := H2_MARKER.match(text):
        return None if _NUMBER_LIST.match(text) else (2, m.group("num"), m.end())
    if m := H3_MARKER.match(text):
        return (3, m.group("num"), m.end())
    return None
# A heading longer than this is a heading glued to its body text.
MAX_HEADING_CHARS = 40
# A heading with no sentence end can still be long: "(二)关于《……的意见》(穗字……)的主要精神".
MAX_BARE_HEADING_CHARS = 80
# Words a Chinese outline heading typically ends with. Used only to find the
# end of a heading glued to its body with no punctuation between them
# ("一、肯定成绩,正视不足,正确估价当前创城工作形势全市创建……").
HEADING_END_WORDS = (
    "形势", "实处", "开展", "意义", "保障", "水平", "成效", "氛围", "机制",
    "合力", "共识", "职责", "攻坚", "奖惩", "特色", "品质", "瓶颈", "台阶",
    "任务", "工作", "精神", "要求", "落实", "完成", "步伐", "责任",
)
# Placeholders that templates leave for the reader to fill in; never "repaired".
PLACEHOLDER = re.compile(r"(?:20)?[xX×]{2,}|\*{2,}|_{2,}|＿{2,}")
