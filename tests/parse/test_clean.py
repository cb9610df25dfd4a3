"""Stage 3: scraping damage mended on real seed copies."""

import re

import pytest

from build_scripts.parse.clean import clean_copy, repair_characters, split_run_on
from build_scripts.model import SourceLine, SpeechCopy
from build_scripts.parse.split import split_page


@pytest.fixture(scope="module")
def cleaned(seed_page):
    return {(c.section, i): clean_copy(c) for i, c in enumerate(split_page(seed_page).copies)}


def texts(cleaned, section):
    return [p.text for (s, _), c in cleaned.items() if s == section for p in c.paragraphs]


def all_text(cleaned):
    return "\n".join(p.text for c in cleaned.values() for p in c.paragraphs)


def test_watermark_is_removed_without_losing_the_sentence(cleaned):
    text = all_text(cleaned)
    assert "本文来自" not in text and "百度" not in text
    assert "在着力解决资金、土地等要素问题时，要同步考虑人才、科技问题" in text


def test_mojibake_is_repaired(cleaned):
    text = all_text(cleaned)
    assert "燉" not in text
    assert "10人/万台车" in text and "13.18人/万台车" in text
    assert "美丽乡村·文明城镇·幸福商城" in text
    assert "钱从哪来？" in text  # a real question keeps its question mark


def test_no_half_width_punctuation_or_stray_space_in_chinese_text(cleaned):
    text = all_text(cleaned)
    assert not re.search(r"[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]", text)
    assert not re.search(r"[\u4e00-\u9fff，。、“”] | [\u4e00-\u9fff，。、“”]", text)
    assert "今年2月25日" in text and "互联网+”" in text
    assert "107.17万平方米" in text  # decimals keep their point


def test_placeholders_are_kept(cleaned):
    text = all_text(cleaned)
    assert "****年" in text and "穗字[****]6号" in text and "_____*年" in text
    assert "xx市" in text and "xxxx指出" in text


def test_run_on_speech_is_split_into_paragraphs(cleaned):
    third = texts(cleaned, 3)  # the whole speech sits on one source line
    assert third[0] == "各位领导、同志们："
    assert "一、市创建全国文明城市动员大会的主要精神" in third
    assert third[third.index("一、市创建全国文明城市动员大会的主要精神") + 1].startswith("11月29日上午")
    assert len(third) > 15


def test_paragraph_cut_mid_sentence_is_joined(cleaned):
    first = texts(cleaned, 1)
    assert any(p.startswith("林树森书记指出，按照中央文明委的统一部署，明年5、6月中央文明办") for p in first)


def test_heading_glued_after_a_sentence_is_split_off(cleaned):
    eighth = texts(cleaned, 8)
    assert "三、加强领导，落实责任，确保“创卫”工作圆满完成" in eighth
    assert any(p.endswith("加快推进创建卫生县的步伐。") for p in eighth)


def test_repairs_are_recorded_with_their_lines(cleaned):
    rules = {r.rule for c in cleaned.values() for r in c.repairs}
    assert {"watermark-removed", "mojibake-slash", "mojibake-middle-dot", "paragraph-breaks-restored",
            "split-paragraph-joined", "stray-space-removed", "punctuation-full-width"} <= rules
    watermark = next(r for c in cleaned.values() for r in c.repairs if r.rule == "watermark-removed")
    assert watermark.line == 492


@pytest.mark.parametrize(
    "damaged, mended",
    [
        ("时间是8:30,地点在礼堂", "时间是8:30，地点在礼堂"),
        ("完成1,000 万元投资", "完成1,000万元投资"),
        ("他说:'走在前列'", "他说：‘走在前列’"),
        ("(1)思想认识不适应", "（1）思想认识不适应"),
        ("访问 example.com 了解", "访问example.com了解"),
    ],
)
def test_character_repairs_keep_numbers_and_latin(damaged, mended):
    assert repair_characters(damaged, 1, []) == mended


def test_split_run_on_keeps_a_single_paragraph_whole():
    assert split_run_on("同志们，今天的会很重要。") == ["同志们，今天的会很重要。"]


def copy_of(*texts: str, first: int = 1) -> SpeechCopy:
    return SpeechCopy("x.txt", 1, "标题", tuple(SourceLine(first + i, t) for i, t in enumerate(texts)))


def test_lookalikes_and_invisible_characters_are_mended_and_recorded():
    clean = clean_copy(copy_of("\u3000\u3000今天\u200b召开全市⼯作会议，⼈⼈参加。"))
    assert [p.text for p in clean.paragraphs] == ["今天召开全市工作会议，人人参加。"]
    rules = {r.rule: r for r in clean.repairs}
    assert (rules["lookalike-folded"].before, rules["lookalike-folded"].after) == ("⼯⼈⼈", "工人人")
    assert rules["invisible-removed"].before == "U+200B"


def test_lines_cut_by_a_hard_wrap_are_joined(seed_lines):
    paragraphs = [seed_lines[n] for n in (16, 20, 28, 30)]
    lines, n = [], 1
    for text in paragraphs:  # blank line between paragraphs, each cut every 20 characters
        for i in range(0, len(text), 20):
            lines.append(SourceLine(n, text[i : i + 20]))
            n += 1
        n += 1
    clean = clean_copy(SpeechCopy("x.txt", 1, "标题", tuple(lines)))
    reference = clean_copy(copy_of(*paragraphs))
    assert [p.text for p in clean.paragraphs] == [p.text for p in reference.paragraphs]
    assert any(r.rule == "hard-wrap-joined" for r in clean.repairs)


def test_watermark_with_stray_spaces_is_removed(seed_lines):
    line = seed_lines[492].replace("在百度中", "在 百度\u3000中")
    clean = clean_copy(copy_of(line, first=492))
    text = "".join(p.text for p in clean.paragraphs)
    assert "百度" not in text and "本文来自" not in text
    assert [r.line for r in clean.repairs if r.rule == "watermark-removed"] == [492]


def test_long_chain_of_headings_does_not_recurse():
    assert len(split_run_on("一、甲 " * 3000)) == 3000


@pytest.mark.parametrize(
    "line, paragraphs",
    [
        # A stray space after the marker is not the end of the heading (the
        # character repairs remove it later).
        ("一、 加强组织领导，确保工作落实。", ["一、 加强组织领导，确保工作落实。"]),
        # The bracket of "（一）" is no sentence end: the space after the heading still splits.
        ("（一）加强组织领导 全市上下要统一思想。", ["（一）加强组织领导", "全市上下要统一思想。"]),
        # The colon of a time is no sentence end.
        ("定于上午8: 30召开大会。", ["定于上午8: 30召开大会。"]),
        # "三、四月份" counts months; it opens no paragraph.
        ("要抓紧准备。三、四月份要全面铺开。", ["要抓紧准备。三、四月份要全面铺开。"]),
    ],
)
def test_split_run_on_edge_cases(line, paragraphs):
    assert split_run_on(line) == paragraphs


@pytest.mark.parametrize(
    "damaged, mended",
    [
        ("对不对?我看不对", "对不对？我看不对"),  # an A-not-A question
        ("钱从哪来?美丽乡村?文明城镇", "钱从哪来？美丽乡村·文明城镇"),
    ],
)
def test_question_marks(damaged, mended):
    assert repair_characters(damaged, 1, []) == mended


@pytest.mark.parametrize(
    "text, mended",
    [
        # The "?" → "·" repair knows Simplified question words: in Traditional
        # text a "?" between characters is a question mark or a lost character.
        ("錢從哪來?美麗鄉村?文明城鎮", "錢從哪來？美麗鄉村？文明城鎮"),
        ("你們知道嗎?義務?朔磺", "你們知道嗎？義務？朔磺"),
        # 燉 is a character of Traditional text, not a lost "/".
        ("燉肉10人燉萬台車", "燉肉10人燉萬台車"),
        # The rest works in both scripts.
        ('他說:"好,我們走"', "他說：“好，我們走”"),
    ],
)
def test_repairs_of_simplified_words_leave_traditional_text_alone(text, mended):
    repairs = []
    assert repair_characters(text, 1, repairs, "hant") == mended
    assert not any(r.rule.startswith("mojibake") for r in repairs)


def test_a_copy_knows_its_script():
    lines = tuple(SourceLine(n, t) for n, t in enumerate(["同志們:", "錢從哪來?美麗鄉村?文明城鎮。"], start=3))
    clean = clean_copy(SpeechCopy("a.txt", 1, "講話", lines))
    assert clean.script == "hant" and clean.paragraphs[-1].text == "錢從哪來？美麗鄉村？文明城鎮。"
    simplified = tuple(SourceLine(n, t) for n, t in enumerate(["同志们:", "钱从哪来?美丽乡村?文明城镇。"], start=3))
    clean = clean_copy(SpeechCopy("a.txt", 1, "讲话", simplified))
    assert clean.script == "hans" and clean.paragraphs[-1].text == "钱从哪来？美丽乡村·文明城镇。"


# Edge cases of the character repairs, pinned down when they were made faster
# (one regex pass per kind of repair instead of a loop over characters).
@pytest.mark.parametrize(
    "damaged, mended, recorded",
    [
        ("中,;a", "中，;a", ["punctuation-full-width:1 marks"]),  # each mark judged on the damaged text
        ("a,;中", "a,；中", ["punctuation-full-width:1 marks"]),
        ("结束了,", "结束了，", ["punctuation-full-width:1 marks"]),  # last in the paragraph
        (",开头", "，开头", ["punctuation-full-width:1 marks"]),
        ("比例1,2,3:4", "比例1,2,3:4", []),
        ("(甲)(b)c(1)", "（甲）(b)c(1)", ["punctuation-full-width:2 marks"]),
        ("((中)", "(（中）", ["punctuation-full-width:2 marks"]),  # the inner pair
        (")中(", ")中(", []),  # no pair
        ("问题是什么?好", "问题是什么？好", ["punctuation-full-width:1 marks"]),
        ("他说。  (二)加强", "他说。（二）加强", ["punctuation-full-width:2 marks", "stray-space-removed:他说。  （二）加强"]),
        ("10人燉万台车", "10人/万台车", ["mojibake-slash:10人燉万台车"]),
    ],
)
def test_character_repairs_and_their_records(damaged, mended, recorded):
    repairs = []
    assert repair_characters(damaged, 1, repairs) == mended
    assert [f"{r.rule}:{r.before}" for r in repairs] == recorded


@pytest.mark.parametrize(
    "text, paragraphs",
    [
        ("甲。 乙", ["甲。", "乙"]),
        ("8: 30开会", ["8: 30开会"]),  # the colon of a time ends nothing
        ("时间: 明天", ["时间:", "明天"]),
        ("“好。” 下一句", ["“好。”", "下一句"]),
        ("任务。三、加强领导", ["任务。", "三、加强领导"]),
        ("三、四月份。三、四月份", ["三、四月份。三、四月份"]),  # numbers, not a marker
    ],
)
def test_paragraph_breaks_after_sentences(text, paragraphs):
    assert split_run_on(text) == paragraphs


def test_one_space_is_the_regex_it_replaces():
    import random

    from build_scripts.parse.clean import one_space

    rnd = random.Random(7)
    alphabet = ["中", "a", " ", "\t", "\u3000", "\u00a0", "\u2028", "\u2003", "\x1c", "\x85", "\u200b"]
    for _ in range(5000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8)))
        assert one_space(text) == re.sub(r"\s+", " ", text), repr(text)


def test_bidirectional_controls_are_taken_out_and_recorded(seed_page):
    """A right-to-left override (U+202E) would make a published line read
    backwards in a browser: no bidi control reaches the pages."""
    from build_scripts.model import SourcePage

    controls = "\u202e\u202d\u2066\u2069\u200f\u061c"
    lines = tuple(
        SourceLine(l.number, l.text[:10] + controls + l.text[10:]) if l.number == 16 else l for l in seed_page.lines
    )
    split = split_page(SourcePage(seed_page.file, lines, seed_page.encoding))
    copy = next(c for c in split.copies if 16 in [line.number for line in c.lines])
    clean = clean_copy(copy)
    text = "".join(p.text for p in clean.paragraphs)
    assert not any(ch in text for ch in controls)
    assert text == "".join(p.text for p in clean_copy(next(c for c in split_page(seed_page).copies if c.section == copy.section)).paragraphs)
    repair = next(r for r in clean.repairs if r.rule == "invisible-removed" and r.line == 16)
    assert "U+202E" in repair.before
