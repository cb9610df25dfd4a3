"""Vocabulary of 范文 sites and of scraping damage, kept in one place.

Each stage imports what it needs from here, so that supporting a new site's
chrome or a new kind of damage is a change to this file and a test.
"""

from __future__ import annotations

import re

# Characters -----------------------------------------------------------------

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation that sits inside Chinese text.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】—…·「」『』"
CJK_OR_PUNCT = f"[{CJK}{CJK_PUNCT}]"
CN_NUMERAL = "一二三四五六七八九十"
# Sentence-final marks: a paragraph that ends in none of these was cut short.
SENTENCE_END = "。！？：；…”’）!?:;"

# Page chrome ------------------------------------------------------------------

SECTION_MARKER = re.compile(r"^第\s*(\d+)\s*篇\s*(.*)$")
PAGE_TITLE = re.compile(r"^(?P<title>\S.{0,60}?[(（]\d+篇[)）])$")
BREADCRUMB = re.compile(r"^当前位置\s*[:：]\s*(?P<path>.+)$")
UPDATED = re.compile(r"更新时间\s*[:：]\s*(?P<date>\d{4}-\d{1,2}-\d{1,2})")
WELCOME = re.compile(r"^欢迎(光临|访问|来到)\s*(?P<site>.+?)\s*$")

# Lines after the last speech that belong to the site, not to a speech.
TRAILER_CHROME = [
    ("recommend", re.compile(r"^推荐度\s*[:：]?")),
    ("download", re.compile(r"^点击下载")),
    ("related-list", re.compile(r"^相关.{0,12}信息$")),
    ("related-topics", re.compile(r"^相关专题$")),
    ("hot-list", re.compile(r"热门信息$")),
    ("list-item", re.compile(r"^[•·●]")),
]
# A topic tag is a short label with no punctuation, e.g. "城建环保".
TOPIC_TAG = re.compile(rf"^[{CJK}]{{2,8}}$")

# Speech titles ------------------------------------------------------------------

# A title line standing alone: "…讲话稿", "…讲话", "…讲话稿一:" (several speeches
# in one section are numbered with a trailing Chinese numeral and colon).
TITLE_LINE = re.compile(
    rf"^(?P<title>[^，。；！？,;!?]{{4,40}}?(?:讲话稿|讲话|发言稿|发言|致辞))"
    rf"(?P<ordinal>[{CN_NUMERAL}]{{1,2}})?\s*[:：]?$"
)
# Words the site glues onto a title as a category label ("…讲话稿会议发言").
TITLE_CATEGORY_SUFFIXES = ("会议发言", "范文", "精选", "大全")
# What a speech's meeting is called in its opening ("今天召开……大会").
MEETING_NAME = re.compile(
    rf"召开(?:了)?(?P<name>[^，。；：,;:]{{2,30}}?(?:工作会议|会议|大会|动员会|推进会|调度会|座谈会))"
)

# Scraping damage ----------------------------------------------------------------

# Sentences that content farms inject into copied text; removed wherever found.
WATERMARKS = [
    re.compile(r"本文来自[^，,。]{0,8}[，,]?在百度中可以直接搜索到[^，,。]{0,8}站"),
]
# Characters that stand for a lost "/" (a one-byte character decoded as part
# of a GBK pair): "10人燉万台车" is "10人/万台车".
SLASH_MOJIBAKE = "燉"
# A "?" between two Chinese characters is a lost "·" unless its clause asks.
INTERROGATIVES = re.compile(r"[吗呢吧哪谁几么何怎]|什么|多少|是否|难道")

# Outline structure --------------------------------------------------------------

# "一、" (level 2) and "(一)" (level 3) at the start of a paragraph.
H2_MARKER = re.compile(rf"^(?P<num>[{CN_NUMERAL}]{{1,3}})、")
H3_MARKER = re.compile(rf"^[(（](?P<num>[{CN_NUMERAL}]{{1,3}})[)）]")
# A heading longer than this is a heading glued to its body text.
MAX_HEADING_CHARS = 40
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
