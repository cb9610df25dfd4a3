"""The search records: speech text only, every Han character a word."""

from build_scripts.search_index import phrase_query, spaced

from .conftest import speech_by_sections


def test_spaced_text_keeps_every_character():
    text = "穗字[****]6号，2022年 ppp 模式"
    assert spaced(text) == "穗 字 [****]6 号 ，2022 年 ppp 模 式"
    assert spaced(text).replace(" ", "") == text.replace(" ", "")


def test_queries_become_character_phrases():
    assert phrase_query("文明城市") == '"文 明 城 市"'
    assert phrase_query(" 卫生  2022年 pm2.5") == '"卫 生" "2022 年" pm2.5'


def test_one_record_per_speech_and_edition(generated):
    for edition in ("zh-Hans", "zh-Hant"):
        records = generated.search[edition]
        assert [r.url for r in records] == [f"/speeches/{s.id}/" for s in generated.speeches]
    speech = speech_by_sections(generated, 1, 3)
    hans = next(r for r in generated.search["zh-Hans"] if r.url.endswith(f"/{speech.id}/"))
    hant = next(r for r in generated.search["zh-Hant"] if r.url.endswith(f"/{speech.id}/"))
    assert hans.title == "在创建全国文明城市工作会议上的讲话稿" and hant.title == "在創建全國文明城市工作會議上的講話稿"
    assert hans.provenance.startswith("出自《城市工作讲话稿（9篇）》第3篇、第1篇")
    assert "穗字[****]6号" in hans.text and "穗字[****]6號" in hant.text
    # Speech text only: no page furniture, no provenance list.
    assert "来源" not in hans.text.split("\n")[-1] and "重复稿" not in hans.text
