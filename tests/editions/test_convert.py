"""Stage 8: the Traditional edition, converted with the real OpenCC."""

import re

import pytest
import yaml

from build_scripts.editions.convert import Converter
from build_scripts.editions.usage import SITE_WORDS, site_words
from build_scripts.render.edition import convert_handwritten_markdown
from build_scripts.editions.review import (
    convert_query,
    one_to_many_characters,
    query_map,
    review_from_traditional,
)
from build_scripts.editions.phrase_tables import load_phrase_table
from build_scripts.editions.registry import traditional

from ..conftest import speech_by_sections


@pytest.fixture(scope="module")
def converter():
    return Converter("s2tw")


@pytest.mark.parametrize(
    "simplified, expected",
    [
        ("干部", "幹部"), ("头发", "頭髮"), ("里面", "裡面"), ("后来", "後來"), ("面条", "麵條"),
        ("联系", "聯繫"), ("系统", "系統"), ("发展", "發展"), ("台湾", "臺灣"), ("创建", "創建"),
        ("干净", "乾淨"), ("手表", "手錶"), ("复杂", "複雜"), ("恢复", "恢復"), ("项链", "項鍊"),
    ],
)
def test_known_hard_words(converter, simplified, expected):
    assert converter.convert(simplified) == expected


@pytest.mark.parametrize(
    "simplified, expected",
    [
        # OpenCC alone gets these wrong (命名錶彰, 街麵, 指明瞭, 隻爭朝夕, 時松時緊, 資金鍊條).
        ("市委将命名表彰首批全国文明城市", "市委將命名表彰首批全國文明城市"),
        ("牌匾、街面店招等", "牌匾、街面店招等"),
        ("为工作指明了实施路径", "為工作指明了實施路徑"),
        ("没有只争朝夕的精神", "沒有只爭朝夕的精神"),
        ("时松时紧、前松后紧", "時鬆時緊、前鬆後緊"),
        ("确保项目资金链条不断", "確保項目資金鏈條不斷"),
        ("要划行归市", "要劃行歸市"),
    ],
)
def test_phrase_table_fixes_opencc(converter, simplified, expected):
    assert converter.convert(simplified) == expected


def test_phrase_table_is_well_formed():
    table = load_phrase_table()
    assert table and all(len(k) == len(v) for k, v in table.items())
    converter = Converter("s2tw", phrases={})
    # Each Traditional phrase reads back as its Simplified phrase: the table
    # fixes character forms, it never changes the words.
    assert all(converter.back(v) == k for k, v in table.items())


def test_quotes_become_corner_brackets_and_placeholders_survive(converter):
    assert converter.convert("“创卫”工作与‘走在前列’") == "「創衛」工作與『走在前列』"
    text = "力争我市****年、20xx年、_____*年跨入，穗字[****]6号，xx县"
    assert converter.convert(text) == "力爭我市****年、20xx年、_____*年跨入，穗字[****]6號，xx縣"


def test_hong_kong_option():
    hk = Converter("s2hk")
    assert hk.convert("里面") == "裏面"
    assert traditional("s2hk").config == "s2hk"
    with pytest.raises(ValueError):
        traditional("s2twp")  # rewrites vocabulary: 创建 → 建立


def test_one_to_many_characters_come_from_opencc():
    table = one_to_many_characters()
    assert set(table["发"]) == {"發", "髮"} and set(table["干"]) >= {"幹", "乾"}
    assert {"表", "面", "链", "复"} <= set(table)


def test_traditional_pages_are_converted_but_keep_their_structure(generated):
    speech = speech_by_sections(generated, 6)
    hans = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode()
    hant = generated.files[f"zh-Hant/speeches/{speech.id}.md"].decode()
    meta_hans, meta_hant = (yaml.safe_load(p.split("---\n")[1]) for p in (hans, hant))
    assert list(meta_hans) == list(meta_hant)  # keys are not converted
    assert meta_hant["title"] == "創建省級文明城市工作會議講話"
    assert meta_hant["id"] == meta_hans["id"] and meta_hant["sources"][0]["file"] == meta_hans["sources"][0]["file"]
    anchors = re.compile(r"\{[:#][^}]*\}")
    assert anchors.findall(hans) == anchors.findall(hant)  # same heading and paragraph ids
    # Its downloads are named by the page's script from the title it shows
    # and the edition's label (tests/test_downloads_browser.py).
    assert '"edition": "繁體"' in generated.files["zh-Hant/javascripts/words.js"].decode()
    assert "\n## 二、突出重點，落實創建任務 {#二}\n" in hant


def test_round_trip_and_review_lists_in_the_report(generated):
    conversion = generated.report["conversion"]
    trip = conversion["round_trip"]
    assert trip["han_characters"] > 40000
    assert trip["identical_ratio"] >= 0.999
    # Checked independently: convert every speech there and back.
    converter = Converter("s2tw")
    source = "".join(b.text for s in generated.speeches for b in s.blocks)
    back = converter.back(converter.convert(source))
    han = [i for i, ch in enumerate(source) if "\u4e00" <= ch <= "\u9fff"]
    same = sum(1 for i in han if source[i] == back[i]) / len(han)
    assert same >= 0.999
    for row in trip["differences"]:
        assert row["char"] != row["back"] and row["context"]
    chars = {row["char"] for row in conversion["one_to_many"]}
    assert {"发", "干", "面", "复", "表"} <= chars
    hair = [row for row in conversion["one_to_many"] if row["char"] == "发" and row["became"] == "髮"]
    assert hair and "理髮" in hair[0]["converted"]


def test_catalog_names_each_traditional_page(generated):
    import json

    catalog = json.loads(generated.files["catalog.json"])
    for entry in catalog["speeches"]:
        hant = entry["variants"]["zh-Hant"]
        assert hant["url"] == entry["url"].replace("zh-Hans/", "zh-Hant/", 1)
        assert hant["url"][: -len("/")] + ".md" in generated.files.keys()


def test_handwritten_pages_get_ids_from_the_simplified_heading(converter):
    page = "# 关于本站\n\n## 如何引用\n\n正文。\n\n```\n# 代码里的井号\n```"
    out = convert_handwritten_markdown(page, converter.convert)
    assert "# 關於本站 {#关于本站}" in out and "## 如何引用 {#如何引用}" in out
    assert "# 代码里的井号" in out  # code is left alone


def test_the_sites_own_words_are_taiwans(converter, generated):
    """The site's strings say 連結 as its heading links do (OpenCC writes the
    mainland's 鏈接), and so on; a speech's text keeps OpenCC's conversion,
    and Simplified text is left as it is."""
    import opencc

    page = "- **段落链接**：鼠标移到段落上，会出现 ¶ 链接，网址复制到剪贴板；纯文本文件。\n\n## 链接 {#x}"
    out = convert_handwritten_markdown(page, converter.convert)
    assert out == "- **段落連結**：滑鼠移到段落上，會出現 ¶ 連結，網址複製到剪貼簿；純文字文件。\n\n## 連結 {#x}"
    assert converter.convert("链接") == "鏈接"  # what OpenCC gives a speech's text
    # Each word is Traditional text (it changes back), so Simplified text passes.
    to_simplified = opencc.OpenCC("t2s")
    assert all(to_simplified.convert(word) != word for word in SITE_WORDS)
    assert site_words(page) == page
    about = generated.files["zh-Hant/about.md"].decode()
    assert "段落連結" in about and "鏈接" not in about and "滑鼠" in about and "剪貼簿" in about
    speech = speech_by_sections(generated, 6)
    hant = generated.files[f"zh-Hant/speeches/{speech.id}.md"].decode()
    strings = yaml.safe_load(hant.split("---\n")[1])["strings"]  # what the theme and reader.js show
    assert strings["paragraph_link"] == "連結到第{n}段" and strings["link_copied"] == "已複製本段連結"
    assert "網址列" in strings["link_copy_failed"]
    assert "鏈接" not in hant
    # What only the page's scripts show, once for the edition.
    words = generated.files["zh-Hant/javascripts/words.js"].decode()
    assert '"txt": "純文字（.txt）"' in words and "連結" in words and "鏈接" not in words


def test_query_map_converts_queries_as_the_corpus_was_converted(generated, converter):
    pairs = {t: converter.convert(t) for t in ("头发和发展", "理发", "出发发展", "干部乾净")}
    forward = query_map(pairs, reverse=False)
    assert convert_query(forward, "发展") == "發展"
    assert convert_query(forward, "理发") == "理髮"
    backward = query_map(pairs, reverse=True)
    assert convert_query(backward, "發展") == "发展" and convert_query(backward, "理髮") == "理发"
    # A query already in the edition's script is left alone.
    mixed = {t: converter.convert(t) for t in ("发布会", "布局", "分布")}
    assert convert_query(query_map(mixed, reverse=False), "發布") == "發布"
    assert convert_query(query_map(mixed, reverse=False), "布局") == "佈局"


def test_strings_from_traditional_sources_print_as_their_sources_wrote_them():
    converter = Converter("s2tw", originals={"头发和发展": "頭髮和發展"})
    assert converter.convert("头发和发展") == "頭髮和發展"
    assert converter.convert("理发") == "理髮"  # anything else is converted


def test_the_review_of_traditional_sources_lists_characters_and_where_opencc_differs():
    # A page's wording (乾淨 right; 頭發, 以后 a converter's wrong forms) and its Simplified text.
    review = review_from_traditional({"干净的头发，以后": "乾淨的頭發，以后"}, Converter("s2tw"))
    assert [(r["char"], r["became"], r["forms"]) for r in review["one_to_many"]] == [("乾", "干", "干/乾")]
    trip = review["round_trip"]
    assert trip["han_characters"] == 7 and trip["identical_ratio"] == round(1 - 2 / 7, 6)
    assert [(r["char"], r["opencc"]) for r in trip["differences"]] == [("后", "後"), ("發", "髮")]
    assert review["phrase_table_entries"] >= 2 and review["one_to_one_words"] > 500
