"""The script of a source text: Simplified, Traditional (Taiwan, Hong Kong) or mixed."""

import pytest

from build_scripts.editions.source_script import (
    HANS,
    HANT,
    HANT_HK,
    HANT_TW,
    MIXED,
    detect_script,
    evidence,
    regional_forms,
    simplified_only,
)

from ..traditional_pages import one_character_at_a_time, opencc_traditional


@pytest.fixture(scope="module")
def seed_text(seed_lines):
    return "\n".join(seed_lines[1:])


def test_the_seed_is_simplified(seed_text):
    assert detect_script(seed_text) == HANS


@pytest.mark.parametrize("config, script", [("s2tw", HANT_TW), ("s2hk", HANT_HK), ("s2t", HANT)])
def test_the_seed_converted_is_traditional_of_its_region(seed_text, config, script):
    converted = opencc_traditional(seed_text, config)
    assert detect_script(converted) == script
    # Each region's own forms are counted; OpenCC's standard forms are neither's.
    found = regional_forms(converted)
    assert (found["taiwan"] > 100) == (script == HANT_TW) and (found["hong_kong"] > 100) == (script == HANT_HK)


def test_each_speech_of_the_seed_converted_keeps_its_region(generated):
    """Short texts too: every speech of the seed, converted for each region."""
    for speech in generated.speeches:
        text = "".join(b.text for b in speech.blocks)
        assert detect_script(text) == HANS
        assert detect_script(opencc_traditional(text, "s2tw")) == HANT_TW
        assert detect_script(opencc_traditional(text, "s2hk")) == HANT_HK


def test_characters_of_both_scripts_are_no_evidence():
    # 后, 干, 面, 里 are written in both scripts: a text of such characters is Simplified.
    assert evidence("皇后若干面子公里") == {"simplified": 0, "traditional": 0}
    assert detect_script("皇后若干面子公里") == HANS
    assert evidence("發展头发") == {"simplified": 2, "traditional": 1}  # 發; 头, 发


def test_a_few_characters_of_the_other_script_do_not_make_a_text_mixed(seed_text):
    converted = opencc_traditional(seed_text, "s2tw")
    # A Simplified speech quoting a Traditional name, a Traditional page with
    # characters its converter left (最后, 干部 are no evidence; 们 is).
    assert detect_script(seed_text[:2000] + "臺灣") == HANS
    assert detect_script(converted[:2000] + "我们") == HANT_TW


def test_half_and_half_is_mixed(seed_text):
    converted = opencc_traditional(seed_text, "s2tw")
    half = len(seed_text) // 2
    assert detect_script(seed_text[:half] + converted[half:]) == MIXED
    # A one-character-at-a-time conversion is Traditional, not mixed.
    assert detect_script(one_character_at_a_time(seed_text, keep_own_form=True)) != MIXED


def test_no_evidence_is_simplified():
    assert detect_script("") == HANS and detect_script("2024 PPP") == HANS


def test_simplified_only_marks_each_character():
    assert simplified_only("发發后们").tolist() == [True, False, False, True]
