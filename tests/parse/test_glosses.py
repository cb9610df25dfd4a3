"""Pinyin glosses: found by the readings pypinyin knows, content left alone."""

import re

import pytest

from build_scripts.parse.glosses import find_glosses, is_glossed, readings, remove_glosses, toneless

from ..traditional_pages import GLOSS_STYLES, glossed, opencc_traditional

# Every bracketed run of Latin letters (what a reader would take for a gloss).
BRACKETED_LATIN = re.compile(r"[(（]\s*[a-zü][a-z0-9üāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ ]*[)）]")


@pytest.mark.parametrize(
    "text, plain",
    [
        ("召開會(huì)議", "召開會議"),
        ("創(chuàng)建文明城市", "創建文明城市"),
        ("領(lǐng)導(dǎo)同志", "領導同志"),
        ("會(hui4)議", "會議"),  # a tone number
        ("會(hui)議", "會議"),  # no tone
        ("中國人民解放軍(jun)(jun)的(de)(de)(de)光輝", "中國人民解放軍的光輝"),  # repeated
        ("會（huì）議", "會議"),  # full-width brackets
        ("會(huì）議", "會議"),  # one of each
        ("快樂(lè )", "快樂"),  # a space inside
        ("綠(lǜ)化", "綠化"),  # ü with its tone
        ("綠(lv4)化", "綠化"),  # ü written v
        ("綠(lü)化", "綠化"),
        ("成長(cháng)", "成長"),  # one of several readings
        ("会(huì)议", "会议"),  # a Simplified page glossed the same way
    ],
)
def test_glosses_are_removed(text, plain):
    assert remove_glosses(text)[0] == plain


@pytest.mark.parametrize(
    "text",
    [
        "采用政府和社会资本合作(PPP)模式",
        "地区生产总值(GDP)增长",
        "一是方案(a)，二是方案(b)",  # 案 is read àn
        "北京(Beijing)欢迎你",  # a romanised name
        "王(Wang)先生",  # a capital: written on purpose
        "全县(区)防汛",
        "(一)加强领导",
        "见附件(pdf)",
    ],
)
def test_content_in_brackets_stays(text):
    assert remove_glosses(text)[0] == text


def test_the_rule_is_the_reading():
    # A lone bracketed reading right after its character is a gloss …
    assert remove_glosses("安(an)全")[0] == "安全"
    # … each bracket of a run must be one, or none is taken …
    assert remove_glosses("会(hui)(GDP)")[0] == "会(GDP)"
    assert remove_glosses("会(hui)(xx)")[0] == "会(hui)(xx)"
    # … and any of the character's readings will do (会 is also kuài).
    assert remove_glosses("会(kuài)计(jì)")[0] == "会计"


def test_a_syllable_that_is_no_reading_of_its_character_stays():
    # 案 is read àn: "(a)" after it is a list label, not a gloss.
    assert remove_glosses("方案(a)和方案(b)")[0] == "方案(a)和方案(b)"
    # A toneless reading of another character stays, even in a glossed text.
    text = "會(huì)議召(zhào)開了學(xué)習(xí)會(ba)"
    assert remove_glosses(text)[0] == "會議召開了學習會(ba)"


def test_a_glossed_text_also_loses_glosses_after_mojibake_and_a_cut_one_at_its_end():
    # Mojibake replaced the character before "(fā)"; the excerpt cut the last gloss.
    text = "召開會(huì)議，學(xué)習(xí)文件，哀悼?;貞浧疖嚨湴l(fā)生的，部隊(duì)和("
    plain, glosses = remove_glosses(text)
    assert plain == "召開會議，學習文件，哀悼?;貞浧疖嚨湴l生的，部隊和"
    assert [g.shape for g in glosses].count("after-mojibake") == 1
    assert glosses[-1].shape == "cut-at-end"
    # Not in a text with too few glosses to be a glossed text.
    assert remove_glosses("湴l(fā)生的和(")[0] == "湴l(fā)生的和("
    assert remove_glosses("湴l(fā)生的和(", glossed=True)[0] == "湴l生的和"
    # A tone-marked syllable is needed after mojibake: a toneless one may be content.
    assert remove_glosses("湴l(fa)生", glossed=True)[0] == "湴l(fa)生"


def test_is_glossed_counts_plain_glosses():
    assert is_glossed("會(huì)議召(zhào)開學(xué)習")
    assert not is_glossed("会(huì)议，(PPP)模式")


def test_positions_and_characters_are_reported():
    text = "召開會(huì)議"
    (gloss,) = find_glosses(text)
    assert (gloss.start, gloss.end, gloss.char, gloss.shape) == (3, 8, "會", "reading")
    assert text[gloss.start - 1 : gloss.end] == "會(huì)"


def test_toneless_and_readings():
    assert toneless("huì") == "hui" and toneless("lǜ") == "lv" and toneless("hui4") == "hui" and toneless("ńg") == "ng"
    assert {"zhang", "chang"} <= readings("長") and "xue" in readings("學")


@pytest.mark.parametrize("style", sorted(GLOSS_STYLES))
@pytest.mark.parametrize("config", ["s2tw", "s2hk"])
def test_every_gloss_a_converting_site_adds_to_the_seed_is_removed(seed_lines, style, config):
    """The seed page converted as a site does and glossed after every
    converted character, in each style: removing the glosses gives the
    converted page back exactly (the seed's own brackets stay)."""
    simplified = "\n".join(seed_lines[1:])
    converted = opencc_traditional(simplified, config)
    page = glossed(simplified, converted, style)
    assert len(page) > len(converted) + 10_000
    lines = page.split("\n")
    assert "\n".join(remove_glosses(line, glossed=True)[0] for line in lines) == converted
    assert not BRACKETED_LATIN.findall(remove_glosses(page)[0])
