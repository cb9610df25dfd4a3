"""Stage 2: page metadata, chrome and speech copies of the real seed page."""

import pytest

from build_scripts.errors import SourceError
from build_scripts.model import LineVerdict, SourceLine, SourcePage
from build_scripts.parse.rows import view_of
from build_scripts.parse.split import split_page


@pytest.fixture(scope="module")
def split(seed_page):
    return split_page(seed_page)


def test_page_metadata(split):
    assert split.meta.title == "城市工作讲话稿(9篇)"
    assert split.meta.site == "管理者范文网"
    assert split.meta.categories == ("书信稿件", "稿件范文", "讲话稿")
    assert split.meta.date == "2024-11-20"
    assert split.meta.tag == "城建环保"


def test_every_line_has_a_verdict(split, seed_page):
    assert [v.line for v in split.verdicts] == [line.number for line in seed_page.lines]


def test_chrome_before_first_and_after_last_speech(split, seed_lines):
    kinds = {v.line: v for v in split.verdicts}
    # Header: welcome, breadcrumb, title, update time, repeated title.
    for n in (1, 2, 4, 6, 8):
        assert kinds[n].kind == "chrome", seed_lines[n]
    assert kinds[2].rule == "breadcrumb" and kinds[6].rule == "date-time"
    # Trailer: topic tag, repeated page title, a teaser, download, related lists.
    last_marker = max(v.line for v in split.verdicts if v.kind == "marker")
    trailer = [v for v in split.verdicts if v.line > last_marker and v.kind == "chrome"]
    rules = {v.rule for v in trailer}
    assert {"topic-tag", "repeated-title", "guanlizhe/recommend", "guanlizhe/download-format", "related-list", "teaser"} <= rules
    body_text = "".join(line.text for c in split.copies for line in c.lines)
    for chrome in ("推荐度", "点击下载", "相关城市工作信息", "人关注", "热门信息", "[更多]", "城建环保", "当前位置"):
        assert chrome not in body_text


def test_teaser_after_the_speeches_is_chrome(split, seed_lines):
    teaser = next(n for n, text in enumerate(seed_lines) if text.startswith("同志们:今天这次会议"))
    verdict = next(v for v in split.verdicts if v.line == teaser)
    assert verdict.kind == "chrome"


def test_sections_and_copies(split):
    sections = [c.section for c in split.copies]
    assert sorted(set(sections)) == list(range(1, 10))
    # 第5篇 holds three copies (two of one speech, one other), 第8篇 holds two speeches.
    assert sections.count(5) == 3 and sections.count(8) == 2
    assert len(split.copies) == 12


def test_title_lines_are_not_body_text(split, seed_lines):
    title_lines = [v.line for v in split.verdicts if v.kind == "title"]
    texts = {seed_lines[n].strip() for n in title_lines}
    assert "在创建全国文明城市工作会议上的讲话稿" in texts  # repeated after 第1篇, and under 第3篇
    assert "创建文明城市工作调度会讲话" in texts  # standing alone after 第4篇's last paragraph
    assert "创建市级卫生城市工作动员会上的讲话稿二:" in texts
    body_lines = {line.number for c in split.copies for line in c.lines}
    assert not body_lines & set(title_lines)


def test_copy_titles_come_from_their_own_title_line(split):
    eighth = [c for c in split.copies if c.section == 8]
    # Each from its own title line ("……讲话稿一:", "……讲话稿二:"), the numbering taken off.
    assert [c.title for c in eighth] == ["创建市级卫生城市工作动员会上的讲话稿", "创建市级卫生城市工作动员会上的讲话稿"]
    assert [c.line_range[0] for c in eighth] == [370, 430]
    ninth = next(c for c in split.copies if c.section == 9)
    assert ninth.title == "在城市工作领导小组会议上讲话"


def test_page_without_markers_is_one_speech():
    page = SourcePage(
        "odd.txt",
        (SourceLine(1, "欢迎光临管理者范文网"), SourceLine(2, "在全市城市工作会议上的讲话"), SourceLine(3, "同志们：今天开会。")),
        "utf-8",
    )
    split = split_page(page)
    assert [(c.section, c.title, c.line_range) for c in split.copies] == [(1, "在全市城市工作会议上的讲话", (3, 3))]
    assert [v.kind for v in split.verdicts] == ["chrome", "title", "body"]


def test_page_without_speech_text_is_an_error_naming_the_file():
    page = SourcePage("odd.txt", (SourceLine(1, "欢迎光临管理者范文网"), SourceLine(2, "第1篇 标题"), SourceLine(3, "")), "utf-8")
    with pytest.raises(SourceError, match=r"^odd\.txt:2: .*no speech text"):
        split_page(page)


def test_lines_cut_by_a_hard_wrap_share_one_verdict(seed_lines):
    marker = "第1篇 在创建全国文明城市工作会议上的讲话稿"
    body = [seed_lines[n] for n in (16, 20, 28)]
    lines = [marker[:14], marker[14:], ""]
    for text in body:  # each paragraph cut every 14 characters
        lines += [text[i : i + 14] for i in range(0, len(text), 14)] + [""]
    split = split_page(SourcePage("w.txt", tuple(SourceLine(n, t) for n, t in enumerate(lines, 1)), "utf-8"))
    assert [v.kind for v in split.verdicts[:2]] == ["marker", "marker"]
    assert split.copies[0].title == "在创建全国文明城市工作会议上的讲话稿"
    assert "".join(line.text for line in split.copies[0].lines) == "".join(body)


@pytest.mark.parametrize("closing", ["散会", "祝大家工作顺利"])
def test_a_short_closing_line_is_speech_text_not_a_topic_tag(seed_page, closing):
    from build_scripts.model import LineVerdict, SourceLine, SourcePage

    lines = tuple(SourceLine(l.number, closing if l.text == "城建环保" else l.text) for l in seed_page.lines)
    split = split_page(SourcePage(seed_page.file, lines, seed_page.encoding))
    assert split.meta.tag is None
    last = max(split.copies, key=lambda c: c.section)
    assert last.lines[-1].text == closing


def test_a_row_view_drops_every_kind_of_space_and_folds_full_width_ascii():
    text = " 第1篇\u3000在 全市\t工作\u00a0会议上的讲话：（一）\u2028"
    assert view_of(text, traditional=False) == "第1篇在全市工作会议上的讲话:(一)"


def test_a_traditional_row_reads_in_simplified_without_its_glosses():
    assert view_of("當前位置：首頁 > 講話(huà)稿", traditional=True) == "当前位置:首页>讲话稿"


def test_a_chrome_looking_line_inside_a_speech_never_ends_it(seed_page):
    """"点击下载文档" in the middle of 第9篇: one line of chrome, counted as
    dropped; the paragraphs after it stay in the speech (nothing is merged
    away as a shortened duplicate)."""
    from build_scripts.corpus.build_report import dropped_characters

    ninth = [l.number for l in seed_page.lines if l.text.startswith("第9篇")][0]
    body = [l for l in seed_page.lines if l.number > ninth and l.text.strip()][:9]
    at = body[1].number + 1  # the blank line after the first paragraph
    lines = tuple(SourceLine(l.number, "点击下载文档" if l.number == at else l.text) for l in seed_page.lines)
    split = split_page(SourcePage(seed_page.file, lines, seed_page.encoding))
    reference = split_page(seed_page)
    ninth_copy = [c for c in split.copies if c.section == 9]
    assert [c.line_range for c in ninth_copy] == [c.line_range for c in reference.copies if c.section == 9]
    assert {v.line: v for v in split.verdicts}[at] == LineVerdict(at, "chrome", "download")
    assert dropped_characters(split)["download"] == dropped_characters(reference).get("download", 0) + len("点击下载文档")
    # The seed's own trailer (its download line, then titles and teasers) stays chrome.
    assert not any(c.line_range[1] >= 496 for c in split.copies)


def test_the_end_of_a_sentence_a_hard_wrap_left_alone_stays_with_it():
    """A page too short for its hard wrap to show: the wrapped sentence's
    last characters, on a row of their own right before the trailer, are
    the speech's."""
    lines = [
        "创建市级卫生城市工作动员会上的讲话稿", "各位领导、同志们:",
        "根据会议安排,我在这里传达市创建全国文明城市动员大会的主要精神和区",
        "委常委会的有关精神。并就如何做好创建全国文明城市的宣传思想工作强调几",
        "点意见。", "", "上一篇：城市工作会议讲话",
    ]
    split = split_page(SourcePage("w.txt", tuple(SourceLine(n, t) for n, t in enumerate(lines, 1)), "utf-8"))
    text = "".join(line.text for c in split.copies for line in c.lines)
    assert text.endswith("强调几点意见。") and "上一篇" not in text
