"""Pages of other 范文 sites, rebuilt around the seed's speeches: every kind
of layout, chrome and damage the parser must read, each with its exact
result (which speeches, under which titles, holding exactly their text).

The chrome phrases are the kinds real sites print (breadcrumbs, blurbs,
paywall notes, share blocks …), written here; the speeches are the seed's.
"""

from __future__ import annotations

import pytest

from build_scripts.corpus.build_report import comparable
from build_scripts.parse.clean import clean_copy
from build_scripts.model import SourcePage
from build_scripts.parse.knowledge import library
from build_scripts.parse.split import split_page
from build_scripts.parse.decode import parse_lines

from ..conftest import read_seed_lines

SEED = read_seed_lines()
TITLE_A = "创建全国文明城市工作推进会讲话稿"
TITLE_B = "创建省级文明城市工作会议讲话"
TITLE_C = "在城市工作领导小组会议上讲话"
# Three speeches of the seed: a salutation and the first paragraphs of 第2篇
# and 第6篇, and 第9篇, which opens without one.
SPEECH_A = ["同志们：", SEED[34], SEED[36], SEED[38]]
SPEECH_B = ["各位领导、同志们：", SEED[270], SEED[272], SEED[274]]
SPEECH_C = [SEED[488], SEED[490], SEED[494]]
BUNDLE = "城市工作讲话稿"


def parse(*lines: str, file: str = "page.txt"):
    """The page's split and its cleaned copies."""
    page = SourcePage(file, parse_lines("\n".join(lines)), "utf-8")
    split = split_page(page, library().for_site(None))
    return split, [clean_copy(c, site_words=split.site_words) for c in split.copies]


def published(*lines: str) -> list[tuple[str, str]]:
    """(title, letters and digits of the text) of each speech copy of the page."""
    _, cleaned = parse(*lines)
    return [(c.copy.title, comparable("".join(p.text for p in c.paragraphs))) for c in cleaned]


def speech(title: str, lines: list[str]) -> tuple[str, str]:
    return (title, comparable("".join(lines)))


def spaced(lines: list[str]) -> list[str]:
    """Lines with a blank line after each, as most sites print paragraphs."""
    return [x for line in lines for x in (line, "")]


# Speech markers ------------------------------------------------------------------------

MARKERS = {
    "第N篇 title": lambda n, cn, title: f"第{n}篇 {title}",
    "第一篇：title": lambda n, cn, title: f"第{cn}篇：{title}",
    "【第N篇】title": lambda n, cn, title: f"【第{n}篇】{title}",
    "title 篇N": lambda n, cn, title: f"{title} 篇{n}",
    "title篇一": lambda n, cn, title: f"{title}篇{cn}",
    "篇一：title": lambda n, cn, title: f"篇{cn}：{title}",
    "【篇一：title (unclosed)": lambda n, cn, title: f"【篇{cn}：{title}",
    "【篇一】title": lambda n, cn, title: f"【篇{cn}】{title}",
    "title（精选篇N）": lambda n, cn, title: f"{title}（精选篇{n}）",
    "title范文N": lambda n, cn, title: f"{title}范文{n}",
    "keyword 第一篇_title": lambda n, cn, title: f"城市工作 第{cn}篇_{title}",
}


@pytest.mark.parametrize("form", sorted(MARKERS))
def test_every_marker_form_opens_its_speech_under_its_title(form):
    mark = MARKERS[form]
    page = [f"{BUNDLE}（通用2篇）", "", mark(1, "一", TITLE_A), *SPEECH_A, mark(2, "二", TITLE_B), *SPEECH_B]
    assert published(*page) == [speech(TITLE_A, SPEECH_A), speech(TITLE_B, SPEECH_B)]


def test_a_number_after_the_title_word_marks_the_speeches_of_a_bundle():
    # "……讲话稿1", "……讲话稿2": a bundle's items, the bundle's title printed on each.
    page = [f"{BUNDLE}2篇", f"{BUNDLE}1", *SPEECH_A, f"{BUNDLE}2", *SPEECH_B]
    assert published(*page) == [speech(BUNDLE, SPEECH_A), speech(BUNDLE, SPEECH_B)]


def test_a_marker_run_into_the_first_sentence_is_cut_off():
    page = [f"{BUNDLE}（精选2篇）", f"{BUNDLE}1{SEED[488]}", SEED[490], f"{BUNDLE}2{SEED[34]}", SEED[36]]
    assert published(*page) == [speech(BUNDLE, [SEED[488], SEED[490]]), speech(BUNDLE, [SEED[34], SEED[36]])]


def test_a_bare_numbered_label_under_the_page_title_is_a_marker():
    assert published(TITLE_C, "讲稿一", *SPEECH_C) == [speech(TITLE_C, SPEECH_C)]


def test_speeches_without_markers_each_open_with_their_own_title_and_salutation():
    page = [TITLE_A, *SPEECH_A, TITLE_B, *SPEECH_B]
    assert published(*page) == [speech(TITLE_A, SPEECH_A), speech(TITLE_B, SPEECH_B)]


def test_speeches_without_titles_each_open_with_their_own_greeting():
    first = ["敬爱的老师，亲爱的同学们：早上好！" + SEED[34], SEED[36], SEED[38]]
    second = ["老师们，同学们，大家好：" + SEED[270][:40] + "。", SEED[272], SEED[274]]
    assert published(*first, *second) == [("", comparable("".join(first))), ("", comparable("".join(second)))]


def test_a_sentence_that_starts_like_a_marker_is_text():
    line = "第一篇文章写得好，第二篇更好，大家都要认真学习。"
    assert published(TITLE_A, "同志们：", line, SEED[34]) == [speech(TITLE_A, ["同志们：", line, SEED[34]])]


# Titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed",
    [f"{TITLE_A}（通用11篇）", f"{TITLE_A}(汇总16篇)", f"{TITLE_A}15篇", f"{TITLE_A}【优秀3篇】", f"{TITLE_A}如何写?",
     f"{TITLE_A}范文", f"本文标题：{TITLE_A}", f"{TITLE_A}(精选文档)"],
)
def test_a_title_is_published_without_the_sites_additions(printed):
    assert published(printed, *SPEECH_A) == [speech(TITLE_A, SPEECH_A)]


def test_a_title_with_a_subtitle_keeps_it():
    title = "安全公众演讲稿：关爱生命，安全生产"
    assert published(title, *SPEECH_A)[0][0] == title


def test_the_title_nearest_the_text_wins_over_a_blog_name():
    page = ["清风随笔寄语", "2023-04-22 12:47:26", "", TITLE_B, "", *SPEECH_B]
    assert published(*page) == [speech(TITLE_B, SPEECH_B)]


def test_a_title_named_only_by_the_editors_blurb():
    page = [f"下面是小编为大家整理的{TITLE_A}，供大家参考。", *SPEECH_A]
    assert published(*page) == [speech(TITLE_A, SPEECH_A)]


def test_a_page_with_no_title_gives_none():
    # Not the file's name: the page is published as 无题 and the report says so.
    assert published(*SPEECH_A) == [speech("", SPEECH_A)]


# Header chrome -----------------------------------------------------------------------------

HEADERS = {
    "breadcrumb": ["当前位置：首页 > 专题范文 > 讲话稿 > 正文"],
    "your position": ["您的当前位置：首页 > 范文大全 > 领导讲话"],
    "spaced breadcrumb": ["首页 实用范文 讲话稿"],
    "arrows only": ["首页>文秘写作>讲话稿>"],
    "date and views": ["时间：2022-02-16 03:25:39 浏览量：128"],
    "source and author": ["来源：文稿网 作者：佚名", "发布时间：2023-11-15 19:00:06"],
    "view count": ["阅读(2.47W)"],
    "login": ["注册 | 登录"],
    "upload": ["会员上传 分享"],
    "search": ["搜索：", "热门搜索"],
    "welcome": ["欢迎来到文稿网！"],
    "contents": ["目录", f"1.{TITLE_A}. 3", f"2.{TITLE_B}. 7"],
}


@pytest.mark.parametrize("kind", sorted(HEADERS))
def test_header_chrome_is_not_published(kind):
    page = [*HEADERS[kind], "", TITLE_A, "", *spaced(SPEECH_A)]
    split, cleaned = parse(*page)
    assert [(c.copy.title, comparable("".join(p.text for p in c.paragraphs))) for c in cleaned] == [speech(TITLE_A, SPEECH_A)]
    assert all(v.kind == "chrome" for v in split.verdicts[: len(HEADERS[kind])] if v.kind != "blank")


# Editorial blurbs ---------------------------------------------------------------------------

BLURBS = {
    "小编": [f"下面是小编为大家整理的{TITLE_A}，供大家参考。"],
    "genre": ["讲话稿是一种在会议上发表的文稿，具有鲜明的观点和很强的针对性。大家知道讲话稿怎么写吗？"],
    "how-to": [f"{TITLE_A}怎么写？你准备好了吗？如果不知道，就一起看看小编整理的内容吧！"],
    "site": ["本站为您精心整理了多篇相关的讲话稿，希望对您的工作有所帮助，欢迎阅读与收藏。"],
    "narrative": ["偶然看到网友上传的一段讲话，感动无数网友。下面我们就一起来看看这段讲话吧。"],
}


@pytest.mark.parametrize("kind", sorted(BLURBS))
def test_an_editors_blurb_before_the_speech_is_not_published(kind):
    assert published(TITLE_A, *BLURBS[kind], *SPEECH_A) == [speech(TITLE_A, SPEECH_A)]


def test_a_blurb_glued_to_the_salutation_is_cut_off():
    page = [TITLE_A, BLURBS["小编"][0] + SPEECH_A[0] + SPEECH_A[1], *SPEECH_A[2:]]
    assert published(*page) == [speech(TITLE_A, SPEECH_A)]


def test_courtesy_phrases_and_interface_words_used_as_prose_stay():
    said = [
        "同志们：",
        "要把学习材料下载下来，分享给身边的同志，供大家参考。" + SEED[34],
        SEED[36],
        "以上几点意见，仅供大家参考。谢谢大家！",
    ]
    assert published(TITLE_A, *said) == [speech(TITLE_A, said)]


# Paywalls and teasers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note", ["……（开头部分已省略436字）", "仅展示698字，全文共15119字", "预览结束", "（想阅读全部图文内容，您需要先登录！）"]
)
def test_a_paywall_note_is_chrome_and_the_speech_is_marked_cut(note):
    split, cleaned = parse(TITLE_A, *SPEECH_A, note)
    assert [comparable("".join(p.text for p in c.paragraphs)) for c in cleaned] == [speech(TITLE_A, SPEECH_A)[1]]
    assert [c.truncated for c in split.copies] == [True]


def test_text_after_a_paywall_gap_is_not_glued_to_the_speech():
    # "……此处隐藏15872个字……" then the middle of some other speech of the bundle.
    cut = SEED[36][:30]
    page = [f"{BUNDLE}（通用2篇）", f"{BUNDLE}1", "同志们：", SEED[34], cut + "……此处隐藏15872个字……" + SEED[274]]
    split, cleaned = parse(*page)
    assert [comparable("".join(p.text for p in c.paragraphs)) for c in cleaned] == [comparable("同志们：" + SEED[34] + cut)]
    assert split.copies[0].truncated
    assert [r.rule for r in split.removed if "paywall" in r.rule or "after-paywall" in r.rule]


def test_a_speech_cut_with_an_ellipsis_at_the_pages_end_is_marked_cut():
    split, _ = parse(TITLE_A, *SPEECH_A[:-1], SPEECH_A[-1][:40] + "……")
    assert split.copies[0].truncated


# Footers -------------------------------------------------------------------------------------

FOOTERS = {
    "share": ["微信扫一扫在手机阅读、分享本文", f"本文标题：{TITLE_A}", "链接地址：http://www.example.com/a/1.html"],
    "copyright": ["版权声明", "作者原创，不允许二次传播，一经发现追究法律责任。", "联系客服"],
    "related": ["相关推荐", f"• {TITLE_B}", f"• {TITLE_C}"],
    "download": ["点击下载文档", "文档为doc格式"],
    "comments": ["3 则留言:", "路人甲 提到...", "写得真好，学习了！"],
    "tags": ["标签：讲话稿 文明城市", "上一篇：某某工作会议讲话", "下一篇：另一篇讲话"],
    "contact": ["投稿邮箱：wengao@example.com", "扫左侧二维码关注我们"],
}


@pytest.mark.parametrize("kind", sorted(FOOTERS))
def test_footer_chrome_after_the_speech_is_not_published(kind):
    assert published(TITLE_A, *SPEECH_A, "", *FOOTERS[kind]) == [speech(TITLE_A, SPEECH_A)]


def test_a_related_list_with_teasers_is_the_sites():
    teasers = ["相关城市工作信息", f"• {TITLE_B}", "    " + SPEECH_B[0] + SEED[270][:50] + " ...[更多]"]
    assert published(TITLE_A, *SPEECH_A, *teasers) == [speech(TITLE_A, SPEECH_A)]


# Injected text -------------------------------------------------------------------------------


def test_a_bracketed_site_tag_line_is_not_published():
    assert published(TITLE_A, "【www.example.com--讲话稿】", *SPEECH_A) == [speech(TITLE_A, SPEECH_A)]


def test_markers_and_anti_copy_marks_inside_words_are_removed():
    damaged = [SPEECH_A[0], SEED[34][:10] + "##paidbegin##" + SEED[34][10:], SEED[36][:12] + "`" + SEED[36][12:], SEED[38]]
    _, cleaned = parse(TITLE_A, *damaged)
    assert comparable("".join(p.text for p in cleaned[0].paragraphs)) == speech(TITLE_A, SPEECH_A)[1]
    assert {r.source for r in cleaned[0].repairs if r.source} >= {"paid-marker", "anti-copy-backtick"}


def test_the_sites_name_and_address_dropped_into_sentences_are_removed():
    """Known as something else on the page (its welcome line, its site tag),
    they are the site's, not the speaker's."""
    sentence = SEED[34].replace("召开", "召开文稿驿站网", 1)
    other = SEED[36].replace(",", "www.wengao.com,", 1)
    page = ["欢迎光临文稿驿站网", "【www.wengao.com--讲话稿】", TITLE_A, SPEECH_A[0], sentence, other, SPEECH_A[3]]
    split, cleaned = parse(*page)
    assert comparable("".join(p.text for p in cleaned[0].paragraphs)) == speech(TITLE_A, SPEECH_A)[1]
    removed = {r.before: r.source for r in cleaned[0].repairs if r.rule == "watermark-removed"}
    assert removed == {"文稿驿站网": "site-name", "www.wengao.com": "web-address"}  # the address is glued to a word


def test_a_link_to_another_page_dropped_into_a_sentence_is_removed():
    sentence = SEED[34].replace("。", f"xx年{TITLE_A}。", 1)
    _, cleaned = parse(TITLE_A, SPEECH_A[0], sentence, *SPEECH_A[2:])
    assert comparable("".join(p.text for p in cleaned[0].paragraphs)) == speech(TITLE_A, SPEECH_A)[1]


# Line damage ---------------------------------------------------------------------------------


def test_a_whole_page_on_one_line():
    line = "当前位置：首页 > 讲话稿 " + TITLE_A + "".join(SPEECH_A)
    assert published(line) == [speech(TITLE_A, SPEECH_A)]


def test_a_title_glued_to_the_salutation():
    assert published(TITLE_A + "".join(SPEECH_A)) == [speech(TITLE_A, SPEECH_A)]


def test_hard_wraps_with_a_blank_line_after_every_fragment():
    wrapped = [part for line in SPEECH_A for part in (line[i : i + 20] for i in range(0, len(line), 20))]
    assert published(TITLE_A, "", *spaced(wrapped))[0] == speech(TITLE_A, SPEECH_A)


def test_a_preview_then_the_full_text_give_two_copies_of_one_speech():
    split, cleaned = parse(TITLE_A, *SPEECH_A[:2], SPEECH_A[2][:30] + "……", TITLE_A, *SPEECH_A)
    assert [comparable("".join(p.text for p in c.paragraphs)) for c in cleaned][-1] == speech(TITLE_A, SPEECH_A)[1]


def test_document_preview_chunk_numbers_are_taken_out():
    # A preview cut into numbered chunks, each going on mid-sentence from the one before.
    page = ["1、" + TITLE_A + SPEECH_A[0] + SEED[34][:60], "2、" + SEED[34][60:] + SEED[38][:50], "3、" + SEED[38][50:]]
    assert published(*page) == [speech(TITLE_A, [SPEECH_A[0], SEED[34], SEED[38]])]


# Damage that cannot be repaired ---------------------------------------------------------------


def test_digits_stripped_by_the_site_are_reported():
    sentence = "今年以来，全市近名干部群众参加了第届文明城市创建活动。"
    _, cleaned = parse(TITLE_A, SPEECH_A[0], sentence, *SPEECH_A[1:])
    assert [(d.kind, d.line) for d in cleaned[0].damage] == [("digits-missing", 3), ("digits-missing", 3)]
