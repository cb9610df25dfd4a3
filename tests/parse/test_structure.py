"""Stage 4: headings and paragraphs."""

import pytest

from build_scripts.parse.structure import blocks_of

from ..conftest import speech_by_sections


def headings(speech):
    return [(b.level, b.text) for b in speech.blocks if b.kind == "heading"]


def test_outline_markers_become_headings(generated):
    sixth = speech_by_sections(generated, 6)
    assert headings(sixth)[:2] == [(2, "一、统一思想，达成创建共识"), (3, "（一）创建省级文明城市，是提高城市品位的重要途径。")]
    assert sum(1 for level, _ in headings(sixth) if level == 2) == 3
    assert sum(1 for level, _ in headings(sixth) if level == 3) == 9


def test_heading_glued_to_its_body_without_punctuation_is_split(generated):
    fourth = speech_by_sections(generated, 4)
    assert (2, "一、肯定成绩，正视不足，正确估价当前创城工作形势") in headings(fourth)
    assert (2, "三、统筹兼顾，强化措施，确保创城各项任务落到实处") in headings(fourth)
    after = fourth.blocks[[b.text for b in fourth.blocks].index("三、统筹兼顾，强化措施，确保创城各项任务落到实处") + 1]
    assert after.kind == "paragraph" and after.text.startswith("创建文明城市是一项系统的社会工程")


def test_heading_glued_to_the_next_sentence_is_split(generated):
    seventh = speech_by_sections(generated, 7, 8)
    i = [b.text for b in seventh.blocks].index("（一）组织领导到位。")
    assert seventh.blocks[i].level == 3
    assert seventh.blocks[i + 1].text.startswith("我县要始终坚持把加强组织领导")


def test_run_in_enumerations_salutation_and_closing_stay_paragraphs(generated):
    for speech in generated.speeches:
        for block in speech.blocks:
            if block.text.startswith(("一是", "二要", "第一，", "同志们：", "谢谢大家")):
                assert block.kind == "paragraph", block.text
    ninth = speech_by_sections(generated, 9)
    assert headings(ninth) == []
    assert ninth.blocks[0].text.startswith("一要增强‘走在前列’的意识。")


def test_structure_keeps_every_character(generated):
    for copy in generated.copies:
        assert "".join(b.text for b in copy.blocks) == "".join(p.text for p in copy.clean.paragraphs)


@pytest.mark.parametrize(
    "text, kinds",
    [
        ("（二）关于《中共广州市委、广州市人民政府关于广州市创建全国文明城市工作的意见》（穗字[****]6号）的主要精神", ["heading"]),
        ("一、" + "很长的一段正文，" * 12 + "结束。", ["paragraph"]),
        ("第一，认真学习中央、省委决策部署，牢牢把准城市工作方向。", ["paragraph"]),
    ],
)
def test_block_kinds(text, kinds):
    assert [b.kind for b in blocks_of(text)] == kinds


def test_a_list_of_months_is_not_a_heading():
    assert [b.kind for b in blocks_of("三、四月份要全面铺开，五月底前完成验收。")] == ["paragraph"]
