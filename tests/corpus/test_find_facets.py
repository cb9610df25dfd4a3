"""Facets of a speech (topics, places, meeting types, speaker roles, date),
checked against what the seed speeches' own text says."""

from __future__ import annotations

import csv
import dataclasses
import re

import pytest

from build_scripts.corpus.find_facets import (
    DIVISIONS,
    GENERIC_PLACE_WORDS,
    MEETING_TYPES,
    SPEAKER_ROLES,
    TOPICS,
    facets,
    find_meeting_types,
    find_places,
    find_speaker_roles,
    find_topics,
    gazetteer,
    place_division,
)
from build_scripts.corpus.speech_dates import UNDATED, date_speech
from build_scripts.model import Facets

from ..conftest import speech_by_sections


def text_of(speech) -> str:
    return "\n".join(b.text for b in speech.blocks)


# (sections, topics, places, meeting types, speaker roles, words of the text that say so)
SEED = [
    (
        (1, 3),
        ("文明城市",),
        ("广州市", "天河区"),
        ("工作会议",),
        (),
        ["创建全国文明城市", "中共广州市委", "广州市天河区", "《天河区创建全国"],
    ),
    ((2,), ("文明城市",), (), ("推进会",), (), ["今天，在这里召开创建工作推进会", "xx市文明委"]),
    (
        (4,),
        ("文明城市",),
        ("东营市", "东营区", "利津县"),
        ("调度会",),
        (),
        ["今天这次会议是创城工作第一次调度会", "《东营市创建文明城市实施方案》", "东营区在召开", "利津县"],
    ),
    (
        (5, 5),
        ("城市工作", "城市管理"),
        ("南昌市", "青山湖区"),
        ("工作会议",),
        (),
        ["我们召开全区城市工作会议", "青山湖区作为南昌市", "提升城市管理水平"],
    ),
    (
        (5,),
        ("城市工作", "城市管理"),
        ("四川省", "攀枝花市", "盐边县"),
        ("工作会议",),
        (),
        ["召开建市以来首次城市工作会议", "四川南向开放门户", "具有四川特点", "攀枝花", "盐边县城建设"],
    ),
    ((6,), ("文明城市",), (), ("推进会",), (), ["今天我们召开全县创建省级文明城市工作推进会"]),
    ((7, 8), ("卫生城市",), (), ("动员大会",), ("指挥长",), ["召开全县“创卫”工作动员大会", "由我任指挥长"]),
    ((8,), ("卫生城市",), (), ("动员大会",), (), ["召开教育系统创建国家卫生城市工作动员大会"]),
    ((9,), ("城市工作",), ("浙江省", "衢州市"), ("领导小组会议",), (), ["浙江省", "衢州要跻身百强"]),
]


@pytest.mark.parametrize(("sections", "topics", "places", "meetings", "roles", "evidence"), SEED)
def test_seed_speeches_get_the_facets_their_text_supports(generated, sections, topics, places, meetings, roles, evidence):
    speech = speech_by_sections(generated, *sections)
    found = facets(speech)
    # The speech's own date: tests/test_speech_dates.py.
    assert dataclasses.replace(found, speech_date=UNDATED) == Facets(topics, places, meetings, roles, "2024-11-20")
    assert found.speech_date == date_speech(speech.title, speech.blocks, speech.anchors)
    text = text_of(speech)
    for words in evidence:
        assert words in text


def test_every_seed_speech_is_covered(generated):
    assert len(generated.speeches) == len(SEED)


def test_date_is_the_source_page_date_and_speech_date_the_speechs_own(generated):
    for speech in generated.speeches:
        assert facets(speech).date == speech.meta.date == "2024-11-20"
        assert facets(speech).speech_date.value != "2024"
    assert facets(speech_by_sections(generated, 5, 5)).speech_date.value == "2016"
    assert facets(dataclasses.replace(generated.speeches[0], meta=dataclasses.replace(generated.speeches[0].meta, date=None))).date is None


def test_facets_are_deterministic(generated):
    first = [facets(s) for s in generated.speeches]
    assert first == [facets(s) for s in reversed(generated.speeches)][::-1]
    for f in first:
        # Places in gazetteer order: a province before its cities before their counties.
        codes = [place_division(p).code for p in f.places]
        assert codes == sorted(codes)


# Topics -------------------------------------------------------------------------


def test_a_passing_mention_is_no_topic(generated):
    speech = speech_by_sections(generated, 5)
    assert "国家卫生城市" in text_of(speech)  # one of the honours the city holds
    assert "卫生城市" not in facets(speech).topics
    quzhou = speech_by_sections(generated, 9)
    assert text_of(quzhou).count("招商引资") == 4  # below the threshold
    assert "招商引资" not in facets(quzhou).topics


def test_title_topics_come_first_and_overlaps_go_to_the_longer_word():
    assert find_topics("创建全国文明城市工作会议", "") == ("文明城市",)  # not 城市工作
    assert find_topics("在城市工作领导小组会议上讲话", "") == ("城市工作",)
    text = "营商环境" * 3 + "安全生产" * 6 + "。" * 1000
    assert find_topics("全县经济工作会议", text) == ("经济工作", "安全生产")
    assert find_topics("开创城乡发展新局面", "开创城乡" * 20) == ()  # 开创城乡 is no 创城


def test_topic_vocabulary_is_one_table_with_unique_ascii_slugs():
    for table in (TOPICS, MEETING_TYPES, SPEAKER_ROLES):
        labels = [row[0] for row in table]
        slugs = [row[1] for row in table]
        assert len(set(labels)) == len(labels) and len(set(slugs)) == len(slugs)
        assert all(re.fullmatch(r"[a-z]+(?:-[a-z]+)*", s) for s in slugs)


# Meeting types -------------------------------------------------------------------


def test_meeting_is_the_one_the_speech_is_given_at(generated):
    # Relays the city's 动员大会 but is given at a district 工作会议.
    speech = speech_by_sections(generated, 1, 3)
    assert "传达市创建全国文明城市动员大会的主要精神" in text_of(speech)
    assert facets(speech).meeting_types == ("工作会议",)
    # The title says 工作会议, the opening names the kind: 推进会.
    speech = speech_by_sections(generated, 6)
    assert speech.title == "创建省级文明城市工作会议讲话"
    assert facets(speech).meeting_types == ("推进会",)


@pytest.mark.parametrize(
    ("title", "opening", "expected"),
    [
        ("创建市级卫生城市工作动员会上的讲话", [], ("动员大会",)),
        ("在全县脱贫攻坚誓师大会上的讲话", [], ("动员大会",)),
        ("在全市安全生产工作会议上的讲话", [], ("工作会议",)),
        ("在全区重点项目建设推进会议上的讲话", [], ("推进会",)),
        ("在老干部座谈会上的讲话", [], ("座谈会",)),
        ("在年度总结表彰大会上的讲话", [], ("总结表彰大会",)),
        ("在县委常委班子民主生活会上的发言", [], ("民主生活会",)),
        ("讲话稿", ["同志们：", "今天，我们召开全市防汛工作调度会议，主要任务是……"], ("调度会",)),
        ("讲话稿", ["根据会议安排，我传达市里动员大会的精神。"], ()),
        ("讲话稿", ["这项工作会同有关部门办理。"], ()),
    ],
)
def test_meeting_types(title, opening, expected):
    assert find_meeting_types(title, opening) == expected


# Speaker roles ------------------------------------------------------------------


def test_seed_states_one_speaker_role(generated):
    stated = {s.title: facets(s).speaker_roles for s in generated.speeches if facets(s).speaker_roles}
    assert list(stated.values()) == [("指挥长",)]
    # Officials a speech quotes or thanks are not its speaker.
    speech = speech_by_sections(generated, 1, 3)
    assert "市委书记林树森作了重要讲话" in text_of(speech) and facets(speech).speaker_roles == ()
    speech = speech_by_sections(generated, 2)
    assert "我与饶局长" in text_of(speech) and facets(speech).speaker_roles == ()


@pytest.mark.parametrize(
    ("title", "paragraphs", "expected"),
    [
        ("讲话稿", ["我作为县委书记，首先代表县委向大家表示感谢。"], ("县委书记",)),
        ("讲话稿", ["作为局长，我要带头抓落实。"], ("局长",)),
        ("讲话稿", ["由我担任领导小组组长。"], ("组长",)),
        ("县委书记在全县经济工作会议上的讲话", [], ("县委书记",)),
        ("讲话稿", ["xx市市长 张三", "同志们："], ("市长",)),
        ("讲话稿", ["刚才，张县长作了部署。县委书记李四同志将作重要讲话。"], ()),
        ("讲话稿", ["我代表市委、市政府，向大家表示感谢。"], ()),
        ("讲话稿", ["我是在座各位局长的老朋友。"], ()),
    ],
)
def test_speaker_roles_only_when_stated(title, paragraphs, expected):
    assert find_speaker_roles(title, paragraphs) == expected


# Places ------------------------------------------------------------------------


def test_generic_words_are_not_places():
    for word in GENERIC_PLACE_WORDS:
        assert find_places(f"{word}，{word}，{word}") == (), word
    assert find_places("全市上下、本市各区、城区和新区、郊区、矿区、老城区、东区、西区") == ()
    assert find_places("xx市创建文明城市，我市、我县、xx县城") == ()


@pytest.mark.parametrize(
    "text",
    [
        "隆重庆祝建党一百周年，隆重庆祝大会",  # 重庆
        "幸福建设，幸福建设",  # 福建
        "沿海城市要发展",  # 海城市
        "要顺应城市发展规律，适应城市发展",  # 应城市
        "长江西岸，长江西岸",  # 江西
        "推广州里的经验",  # 广州
        "科教兴县、工业富县、农业强县",  # 兴县, 富县
        "各工作组和县区，政府办和县纪检监察部门",  # 和县
        "上海路街道、上海路特色街，北京银行贷款，北京路",  # 上海, 北京
        "创建示范县，振兴县域经济",  # 范县, 兴县
        "孙中山先生，孙中山",  # 中山
        "各位来宾，长治久安，幸福安康，文山会海，朝阳产业",
    ],
)
def test_words_that_contain_a_place_name_are_not_places(text):
    assert find_places(text) == ()


def test_places_at_the_level_the_text_names():
    assert find_places("中共广州市天河区委") == ("广州市", "天河区")  # no 广东省
    assert find_places("江西南昌，江西南昌") == ("江西省", "南昌市")
    assert find_places("广州作为省会城市") == ()  # one short mention
    assert find_places("广州作为省会城市，广州") == ("广州市",)
    assert find_places("浦东新区") == ("浦东新区",)
    assert find_places("攀枝花市东区") == ("攀枝花市", "攀枝花市东区")
    assert find_places("延安市富县") == ("延安市", "富县")


def test_cities_a_speech_compares_itself_with_are_not_its_places(generated):
    speech = speech_by_sections(generated, 4)
    assert "青岛、济南、威海、烟台等市" in text_of(speech)
    assert not {"青岛市", "济南市", "威海市", "烟台市", "聊城市", "潍坊市"} & set(facets(speech).places)
    # …and a street named after a city is no city.
    speech = speech_by_sections(generated, 5, 5)
    assert "上海路街道" in text_of(speech) and "上海市" not in facets(speech).places


def test_shared_names_need_their_city():
    assert find_places("鼓楼区") == ()
    assert find_places("南京市鼓楼区") == ("南京市", "南京市鼓楼区")
    assert find_places("福州市的鼓楼区") == ("福州市", "福州市鼓楼区")
    assert place_division("南京市鼓楼区").code == "320106"


def test_gazetteer():
    with open(DIVISIONS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    levels = {}
    for r in rows:
        levels[r["level"]] = levels.get(r["level"], 0) + 1
    assert levels["province"] == 34 and 330 <= levels["city"] <= 340 and 2800 <= levels["county"] <= 2900
    gaz = gazetteer()
    for d in gaz.divisions.values():
        assert len(d.code) == {"province": 2, "city": 4, "county": 6}[d.level]
        assert not d.parent or d.parent in gaz.divisions
    shorts = {d.short for d in gaz.divisions.values() if d.short}
    assert {"广州", "四川", "衢州", "南昌", "攀枝花", "内蒙古", "广西", "恩施"} <= shorts
    assert not shorts & {"吉林", "海南", "中山", "大同", "长治", "安康", "来宾"}  # ambiguous or everyday words
    assert not GENERIC_PLACE_WORDS & set(gaz.keys)
    assert len(gaz.by_label) == len(gaz.divisions)
