"""Stage — what a speech is about, for the browse indexes.

``facets(speech)`` reads a speech's title and text and returns its
:class:`Facets`: the campaigns and topics it is about, the places it names,
the kind of meeting it was given at, the speaker's role where the speech
states it, and its date. Everything it knows is data at the top of this
module (topic, meeting and role vocabularies, generic words) and the
gazetteer ``data/divisions.tsv`` (see ``data/make_divisions.py``).

It is pure and cheap: the vocabularies are compiled once, places are found
with one Aho-Corasick automaton over the gazetteer, so a speech costs a
fraction of a millisecond (no word segmentation per speech).

What counts, in short:

- topics: a vocabulary entry whose keyword is in the title, or is mentioned
  often in the text (``MIN_TOPIC_MENTIONS`` times and ``MIN_TOPIC_DENSITY``
  per 1,000 characters): a passing mention of an honour ("国家卫生城市等称号")
  is no topic;
- meeting types: named in the title, or in an opening sentence that says which
  meeting this is ("今天……召开……推进会", "今天这次会议是……调度会"); not the
  meetings a speech reports on ("传达市……动员大会的精神");
- speaker roles: only what the speaker says of themself ("由我任指挥长",
  "我作为县委书记", "作为局长，我"), a title naming the speaker ("县委书记在……
  上的讲话") or a byline; the officials a speech quotes are not the speaker;
- places: provinces, prefecture-level and county-level divisions, each at the
  level the text names it (广州市 is a city, 天河区 a county-level district;
  nothing is inferred up or down the hierarchy). Full names count once named;
  a short form ("广州", "四川") only if the gazetteer approves it and the text
  uses it ``MIN_SHORT_MENTIONS`` times (a list of cities a speech compares
  itself with names no place of the speech). Generic words (城区, 郊区, 矿区,
  东区 …), two-character county names (和县, 富县, 兴县: "和县区", "科教兴县")
  and names shared by several counties count only with their city or province
  before them ("攀枝花市东区") or, for shared names, beside it in the text. A
  match a dictionary word straddles ("隆重庆祝" is no 重庆, "沿海城市" no
  海城市, "顺应城市" no 应城市) is no place;
- date: ``speech.meta.date``, the ISO date of the source page (its 更新时间),
  which is no date of the speech;
- speech date: when the speech was given, as its own text tells
  (``speech_dates.py``: what it says of its own time, and the datable events
  of the reviewed table ``data/events.tsv``), with the evidence; unknown where
  nothing dates it.
"""

from __future__ import annotations

import csv
import importlib.resources
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import ahocorasick_rs

from ..model import Facets, Speech
from .speech_dates import date_speech

# Vocabulary ---------------------------------------------------------------------

# Topics the 范文 sites file speeches under: (label, URL slug, keywords). A
# keyword is a word, with lookarounds where it is part of other words ("开创城乡"
# is no 创城). Where keywords overlap, the one that starts first wins
# ("文明城市工作" is 文明城市, not 城市工作), then the longer one.
TOPICS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("文明城市", "wenming-chengshi", ("文明城市", "文明城区", "文明县城", r"创城(?<![开首独原]创城)(?![市乡镇区])", r"创文(?<![开首独原]创文)(?![化字章学艺明])")),
    ("卫生城市", "weisheng-chengshi", ("卫生城市", "卫生县城", "卫生城区", "创卫")),
    ("森林城市", "senlin-chengshi", ("森林城市", "创森")),
    ("园林城市", "yuanlin-chengshi", ("园林城市",)),
    ("城市工作", "chengshi-gongzuo", ("城市工作",)),
    ("城市管理", "chengshi-guanli", ("城市管理", "城管")),
    ("乡村振兴", "xiangcun-zhenxing", ("乡村振兴",)),
    ("脱贫攻坚", "tuopin-gongjian", ("脱贫攻坚", "精准扶贫", "扶贫开发")),
    ("营商环境", "yingshang-huanjing", ("营商环境",)),
    ("招商引资", "zhaoshang-yinzi", ("招商引资",)),
    ("项目建设", "xiangmu-jianshe", ("项目建设",)),
    ("经济工作", "jingji-gongzuo", ("经济工作",)),
    ("安全生产", "anquan-shengchan", ("安全生产",)),
    ("生态环境保护", "shengtai-huanjing-baohu", ("生态环境保护", "环境保护", "污染防治")),
    ("疫情防控", "yiqing-fangkong", ("疫情防控",)),
    ("平安建设", "pingan-jianshe", ("平安建设", "社会治安综合治理")),
    ("扫黑除恶", "saohei-chue", ("扫黑除恶",)),
    ("党风廉政建设", "dangfeng-lianzheng-jianshe", ("党风廉政", "廉政建设", "反腐败")),
)
# A topic that is not in the title needs this many mentions, and this many per
# 1,000 characters, in the text.
MIN_TOPIC_MENTIONS = 5
MIN_TOPIC_DENSITY = 1.5

# Meetings: (label, URL slug, pattern of the words naming it). Longer names
# first where one contains another; "会同", "会商" … are no meeting.
_MEETING_END = r"(?:会议|大会|会)(?![同商计审签])"
MEETING_TYPES: tuple[tuple[str, str, str], ...] = (
    ("领导小组会议", "lingdao-xiaozu-huiyi", r"领导小组(?:全体|成员|扩大)*" + _MEETING_END),
    ("总结表彰大会", "zongjie-biaozhang-dahui", r"(?:总结表彰|表彰|总结)" + _MEETING_END),
    ("动员大会", "dongyuan-dahui", r"(?:动员(?:部署)?|誓师)" + _MEETING_END),
    ("推进会", "tuijin-hui", r"推进" + _MEETING_END),
    ("调度会", "diaodu-hui", r"调度" + _MEETING_END),
    ("部署会", "bushu-hui", r"部署" + _MEETING_END),
    ("座谈会", "zuotan-hui", r"座谈" + _MEETING_END),
    ("现场会", "xianchang-hui", r"(?:现场|观摩)" + _MEETING_END),
    ("培训会", "peixun-hui", r"培训(?:班|会议|会)"),
    ("民主生活会", "minzhu-shenghuo-hui", r"民主生活会"),
    ("常委会议", "changwei-huiyi", r"常委(?:扩大)?" + _MEETING_END),
    ("常务会议", "changwu-huiyi", r"常务" + _MEETING_END),
    ("全体会议", "quanti-huiyi", r"全体(?:扩大)?会议"),
    ("工作会议", "gongzuo-huiyi", r"工作" + _MEETING_END),
)
# 工作会议 says least: dropped when a speech also names a more specific kind
# ("创建省级文明城市工作会议讲话" that opens "今天我们召开……工作推进会").
GENERIC_MEETING = "工作会议"
# Paragraphs of the opening searched for the meeting the speech is given at.
OPENING_BLOCKS = 3

# Speaker roles: (label, URL slug, words). Deputies and the 乡/镇 forms are folded
# into one label each.
SPEAKER_ROLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("省委书记", "shengwei-shuji", ("省委书记",)),
    ("市委书记", "shiwei-shuji", ("市委书记", "州委书记")),
    ("县委书记", "xianwei-shuji", ("县委书记", "旗委书记")),
    ("区委书记", "quwei-shuji", ("区委书记",)),
    ("乡镇党委书记", "xiangzhen-dangwei-shuji", ("镇党委书记", "乡党委书记", "街道党工委书记")),
    ("党组书记", "dangzu-shuji", ("党组书记",)),
    ("党委书记", "dangwei-shuji", ("党委书记", "党工委书记")),
    ("省长", "shengzhang", ("省长",)),
    ("副省长", "fu-shengzhang", ("常务副省长", "副省长")),
    ("市长", "shizhang", ("市长", "州长")),
    ("副市长", "fu-shizhang", ("常务副市长", "副市长", "副州长")),
    ("县长", "xianzhang", ("县长", "旗长")),
    ("副县长", "fu-xianzhang", ("常务副县长", "副县长", "副旗长")),
    ("区长", "quzhang", ("区长",)),
    ("副区长", "fu-quzhang", ("常务副区长", "副区长")),
    ("乡镇长", "xiangzhenzhang", ("镇长", "乡长")),
    ("厅长", "tingzhang", ("厅长",)),
    ("局长", "juzhang", ("局长",)),
    ("副局长", "fu-juzhang", ("副局长",)),
    ("部长", "buzhang", ("部长",)),
    ("主任", "zhuren", ("主任",)),
    ("校长", "xiaozhang", ("校长",)),
    ("院长", "yuanzhang", ("院长",)),
    ("董事长", "dongshizhang", ("董事长",)),
    ("总经理", "zongjingli", ("总经理",)),
    ("指挥长", "zhihuizhang", ("指挥长",)),
    ("组长", "zuzhang", ("组长",)),
)
# "由我任指挥长", "我作为县委书记", "我是局长": the speaker, the organisation
# (up to 12 characters, no clause break), the role.
_ROLE_WORD = "|".join(sorted((w for _, _, ws in SPEAKER_ROLES for w in ws), key=len, reverse=True))
_ORG = r"[^，,。；;：:、！？\s]{0,12}?"
ROLE_STATEMENTS = (
    re.compile(rf"我(?:来)?(?:担任|兼任|任|作为|身为|是)(?P<org>{_ORG})(?P<role>{_ROLE_WORD})(?![\u4e00-\u9fff]{{0,1}}(?:们|的|讲|说|指出|强调|提出|要求))"),
    re.compile(rf"(?:作为|身为)(?P<org>{_ORG})(?P<role>{_ROLE_WORD})[，,]\s*我"),
)
# A title that names its speaker: "县委书记在全县……上的讲话", "市长张三同志在……".
ROLE_TITLE = re.compile(rf"^(?P<org>[^在，。]{{0,12}}?)(?P<role>{_ROLE_WORD})(?:[\u4e00-\u9fff]{{2,3}})?(?:同志)?在")
# A byline before the salutation: "县委书记 张三", "（xx市市长 张三）", "——市委书记张三".
ROLE_BYLINE = re.compile(rf"^[（(—\s]*(?P<org>[\u4e00-\u9fffxX×*]{{0,12}}?)(?P<role>{_ROLE_WORD})\s*[\u4e00-\u9fffxX×*]{{1,4}}\s*[）)]?$")
MAX_BYLINE_CHARS = 30

# Places -------------------------------------------------------------------------

DIVISIONS = Path(__file__).resolve().parent.parent / "data" / "divisions.tsv"
# Words that are the name of some county-level division but in a speech mean
# "the urban area", "the suburbs", "the mining area", "the new town" …, and
# words that speeches use for "our city" and the like (never in the gazetteer,
# listed so that tests keep it so). They count only with the city before them.
GENERIC_PLACE_WORDS = frozenset(
    {
        "城区", "郊区", "矿区", "东区", "西区", "南区", "北区", "新区", "市区", "县区", "城关区", "城中区",
        "城东区", "城西区", "城南区", "城北区", "市中区", "新城区", "老城区", "新市区", "城厢区", "解放区",
        "开发区", "高新区", "主城区", "中心区", "全市", "本市", "我市", "全区", "本区", "我区", "全县",
        "本县", "我县", "全省", "本省", "我省", "全州", "全旗", "市辖区",
    }
)
# A short form followed by one of these names a street, square or firm ("上海路",
# "北京银行"), not the place.
NOT_AFTER_SHORT_FORM = re.compile(r"路|街|大街|大道|巷|胡同|桥|广场|公园|大厦|宾馆|饭店|酒店|银行|商场|机场|[东南西北]?站")
# A place named only by its short form needs this many mentions.
MIN_SHORT_MENTIONS = 2
# Dictionary words (from jieba's dictionary) that straddle the start of a match
# make it no place: words of 2–4 characters at least this frequent.
MIN_WORD_FREQUENCY = 50
# jieba's tags of people's names ("安东" in "平安东营"): no such word straddles a place.
NAME_TAGS = frozenset({"nr", "nrt", "nrfg"})


@dataclass(frozen=True)
class Division:
    code: str  # 2 digits province, 4 city, 6 county
    name: str  # full name: "广州市"
    level: str  # province | city | county
    parent: str  # code of the division above, "" for a province
    short: str  # approved short form ("广州") or ""
    label: str  # the name shown, unique: "南京市鼓楼区", "攀枝花市东区" for shared and generic names


@dataclass(frozen=True)
class _Key:
    kind: str  # full | short | qualified
    codes: tuple[str, ...]  # several for a name shared by several divisions


@dataclass(frozen=True)
class Gazetteer:
    divisions: dict[str, Division]  # by code
    by_label: dict[str, Division]
    keys: list[str]
    meaning: list[_Key]  # per key
    automaton: ahocorasick_rs.AhoCorasick


def _load_divisions(path: Path) -> dict[str, Division]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    names = Counter(r["name"] for r in rows)
    by_code = {r["code"]: r for r in rows}
    out = {}
    for r in rows:
        shared = names[r["name"]] > 1 or r["name"] in GENERIC_PLACE_WORDS
        label = by_code[r["parent"]]["name"] + r["name"] if shared else r["name"]
        out[r["code"]] = Division(r["code"], r["name"], r["level"], r["parent"], r["short"], label)
    labels = Counter(d.label for d in out.values())
    assert max(labels.values()) == 1, [k for k, v in labels.items() if v > 1]
    return out


@lru_cache(maxsize=None)
def gazetteer(path: Path = DIVISIONS) -> Gazetteer:
    """The gazetteer and its automaton, built once per process."""
    divisions = _load_divisions(path)
    by_name: dict[str, list[str]] = {}
    for d in divisions.values():
        by_name.setdefault(d.name, []).append(d.code)
    meaning: dict[str, _Key] = {}
    for name, codes in by_name.items():
        for code in codes:
            d = divisions[code]
            # Names that are everyday words, two-character county names and shared
            # names are also matched with their city or province before them.
            qualify = name in GENERIC_PLACE_WORDS or len(codes) > 1 or (d.level == "county" and len(name) == 2)
            if qualify and d.parent:
                parent = divisions[d.parent]
                for prefix in filter(None, (parent.name, parent.short)):
                    meaning[prefix + name] = _Key("qualified", (code,))
        if name in GENERIC_PLACE_WORDS or (divisions[codes[0]].level == "county" and len(name) == 2):
            continue
        meaning[name] = _Key("full", tuple(codes))
    for d in divisions.values():
        if d.short:
            assert d.short not in meaning, d.short
            meaning[d.short] = _Key("short", (d.code,))
    keys = sorted(meaning)
    automaton = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
    return Gazetteer(divisions, {d.label: d for d in divisions.values()}, keys, [meaning[k] for k in keys], automaton)


@lru_cache(maxsize=None)
def dictionary_words() -> frozenset[str]:
    """Common words of 2–4 characters from jieba's dictionary, not names of
    people (nothing is segmented: they are only looked up at the
    start of a place match)."""
    words = set()
    with (importlib.resources.files("jieba") / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split()
            if 2 <= len(word) <= 4 and int(freq) >= MIN_WORD_FREQUENCY and tag not in NAME_TAGS:
                words.add(word)
    return frozenset(words)


def place_division(label: str) -> Division | None:
    """The division a place label (as in ``Facets.places``) stands for."""
    return gazetteer().by_label.get(label)


def find_places(text: str) -> tuple[str, ...]:
    """Labels of the places ``text`` names, provinces before their cities
    before their counties (gazetteer code order)."""
    gaz = gazetteer()
    words = dictionary_words()
    full: Counter[str] = Counter()
    short: Counter[str] = Counter()
    shared: list[tuple[str, ...]] = []
    covered_until = 0  # end of the last accepted match
    for index, start, end in gaz.automaton.find_matches_as_indexes(text):
        key = gaz.meaning[index]
        if _straddled(text, start, end, covered_until, words):
            continue
        if key.kind == "short" and NOT_AFTER_SHORT_FORM.match(text, end):
            continue
        covered_until = end
        if key.kind == "short":
            short[key.codes[0]] += 1
        elif len(key.codes) > 1:
            shared.append(key.codes)
        else:
            full[key.codes[0]] += 1
            if key.kind == "qualified":
                full[gaz.divisions[key.codes[0]].parent] += 1
    found = set(full) | {code for code, n in short.items() if n >= MIN_SHORT_MENTIONS}
    # A name shared by several counties is the one whose city or province the text names.
    for codes in dict.fromkeys(shared):
        fits = [c for c in codes if _ancestors(gaz, c) & found]
        if len(fits) == 1:
            found.add(fits[0])
    return tuple(gaz.divisions[c].label for c in sorted(found))


def _straddled(text: str, start: int, end: int, floor: int, words: frozenset[str]) -> bool:
    """Whether a word that starts before ``start`` (not before ``floor``, the end
    of a place just accepted: "江西|南昌") ends inside the match or with it:
    "隆重|庆祝", "沿海|城市", "顺应|城市", "孙中山". Such a word does not count
    when a word before it takes its first character in turn ("平安|东营": 平安
    takes the 安 of 安东)."""
    for a in range(max(start - 3, floor), start):
        for e in range(start + 1, min(end, a + 4) + 1):
            if text[a:e] in words and not any(
                text[b:f] in words for b in range(max(a - 3, floor), a) for f in range(a + 1, min(e, b + 4) + 1)
            ):
                return True
    return False


def _ancestors(gaz: Gazetteer, code: str) -> set[str]:
    out = set()
    while code := gaz.divisions[code].parent:
        out.add(code)
    return out


# Facets -------------------------------------------------------------------------


# One alternation of the keywords, longest first and with no groups, so that the
# regex engine skips every position whose character starts no keyword.
def _literal(keyword: str) -> str:
    return re.sub(r"\(\?.*?\)", "", keyword)


_TOPIC_KEYWORDS = {_literal(kw): label for label, _, kws in TOPICS for kw in kws}
_TOPIC = re.compile("|".join(sorted((kw for _, _, kws in TOPICS for kw in kws), key=lambda k: -len(_literal(k)))))
_MEETING_GROUPS = {f"m{i}": label for i, (label, _, _) in enumerate(MEETING_TYPES)}
_MEETING = re.compile("|".join(f"(?P<m{i}>{p})" for i, (_, _, p) in enumerate(MEETING_TYPES)))
# The meeting this speech is given at: "今天……召开……", "今天这次会议是……".
_THIS_MEETING = re.compile(
    r"(?:今天|今日|此次|这次|本次|在这里|在此)[^。！？；]{0,20}?(?:召开|举行)(?:了|的)?(?P<name>[^。！？；，,]{2,40})"
    r"|(?:今天|此次|这次|本次)(?:这次|的)?会(?:议)?[，,]?(?:是|既是|就是)(?P<name2>[^。！？；，,]{2,40})"
)
_ROLE_LABEL = {w: label for label, _, ws in SPEAKER_ROLES for w in ws}

TOPIC_SLUGS = {label: slug for label, slug, _ in TOPICS}
MEETING_SLUGS = {label: slug for label, slug, _ in MEETING_TYPES}
ROLE_SLUGS = {label: slug for label, slug, _ in SPEAKER_ROLES}
_TOPIC_ORDER = {label: i for i, (label, _, _) in enumerate(TOPICS)}
_MEETING_ORDER = {label: i for i, (label, _, _) in enumerate(MEETING_TYPES)}
_ROLE_ORDER = {label: i for i, (label, _, _) in enumerate(SPEAKER_ROLES)}


def find_topics(title: str, text: str) -> tuple[str, ...]:
    """Topics of the title (vocabulary order), then those the text dwells on
    (most mentioned first)."""
    in_title = {_TOPIC_KEYWORDS[k] for k in _TOPIC.findall(title)}
    counts = Counter(_TOPIC_KEYWORDS[k] for k in _TOPIC.findall(text))
    size = max(len(text), 1)
    in_text = [
        label
        for label, n in counts.items()
        if label not in in_title and n >= MIN_TOPIC_MENTIONS and n * 1000 / size >= MIN_TOPIC_DENSITY
    ]
    return tuple(
        sorted(in_title, key=_TOPIC_ORDER.__getitem__)
        + sorted(in_text, key=lambda label: (-counts[label], _TOPIC_ORDER[label]))
    )


def find_meeting_types(title: str, opening: list[str]) -> tuple[str, ...]:
    found = {_MEETING_GROUPS[m.lastgroup] for m in _MEETING.finditer(title)}
    for paragraph in opening:
        for m in _THIS_MEETING.finditer(paragraph):
            if kind := _MEETING.search(m.group("name") or m.group("name2")):
                found.add(_MEETING_GROUPS[kind.lastgroup])
    if len(found) > 1:
        found.discard(GENERIC_MEETING)
    return tuple(sorted(found, key=_MEETING_ORDER.__getitem__))


def find_speaker_roles(title: str, paragraphs: list[str]) -> tuple[str, ...]:
    found = set()
    if m := ROLE_TITLE.match(title):
        found.add(_ROLE_LABEL[m.group("role")])
    for p in paragraphs[:2]:
        if len(p) <= MAX_BYLINE_CHARS and (m := ROLE_BYLINE.match(p)):
            found.add(_ROLE_LABEL[m.group("role")])
    for p in paragraphs:
        if "我" not in p:
            continue
        for pattern in ROLE_STATEMENTS:
            for m in pattern.finditer(p):
                found.add(_ROLE_LABEL[m.group("role")])
    return tuple(sorted(found, key=_ROLE_ORDER.__getitem__))


def facets(speech: Speech) -> Facets:
    paragraphs = [b.text for b in speech.blocks if b.kind == "paragraph"]
    text = "\n".join(b.text for b in speech.blocks)
    return Facets(
        topics=find_topics(speech.title, text),
        places=find_places(speech.title + "\n" + text),
        meeting_types=find_meeting_types(speech.title, paragraphs[:OPENING_BLOCKS]),
        speaker_roles=find_speaker_roles(speech.title, paragraphs),
        date=speech.meta.date,
        speech_date=date_speech(speech.title, speech.blocks, speech.anchors),
    )
