"""Stage 6: titles, ids and anchors."""

import re

from build_scripts.corpus.assign_ids import anchors_for, display_title, slugify
from build_scripts.model import Block

from ..conftest import speech_by_sections


def test_titles_are_clean_and_distinct(generated):
    titles = [s.title for s in generated.speeches]
    assert len(set(titles)) == len(titles)
    for title in titles:
        assert not re.search(r"第\d+篇|会议发言|[一二][:：]$", title)
    assert speech_by_sections(generated, 1, 3).title == "在创建全国文明城市工作会议上的讲话稿"
    assert speech_by_sections(generated, 7, 8).title.startswith("创建市级卫生城市工作动员会上的讲话（")


def test_same_title_is_told_apart_by_the_meeting(generated):
    fifth = {s.title for s in generated.speeches if s.title.startswith("城市工作会议上的讲话稿")}
    assert fifth == {"城市工作会议上的讲话稿（全区城市工作会议）", "城市工作会议上的讲话稿（建市以来首次城市工作会议）"}


def test_a_speech_the_page_gives_no_title_is_published_as_untitled():
    assert display_title("") == "无题"
    assert display_title("在全市 城市工作会议上的讲话(摘要)") == "在全市城市工作会议上的讲话（摘要）"


def test_ids_are_readable_unique_slugs(generated):
    ids = [s.id for s in generated.speeches]
    assert len(set(ids)) == len(ids)
    for sid in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", sid) and len(sid) <= 72
    assert slugify("城市工作会议") == "chengshi-gongzuo-huiyi"


def test_anchors_follow_the_outline():
    blocks = (
        Block("paragraph", "同志们："),
        Block("heading", "一、甲", 2, "一"),
        Block("heading", "（一）乙", 3, "一"),
        Block("paragraph", "正文。"),
        Block("heading", "二、丙", 2, "二"),
        Block("heading", "（三）丁", 3, "三"),
        Block("heading", "（三）丁", 3, "三"),
    )
    assert anchors_for(blocks) == ("p1", "一", "一-一", "p2", "二", "二-三", "二-三-2")
