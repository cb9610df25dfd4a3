"""A source page as scraped: every line once, numbered, with the build
report's verdict beside it and the speech its text became, the text
literal and unconverted, published once, in the edition of its own script
(render/source_pages.py)."""

from __future__ import annotations

import pytest
import yaml

from build_scripts.editions.convert import Converter
from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.parse.decode import read_pages, source_page
from build_scripts.parse.sites import read_origins, with_origins
from build_scripts.pipeline import generate
from build_scripts.parse.knowledge import library
from build_scripts.render.source_pages import chrome_words, line_groups, rule_words, source_edition

from ..conftest import SEED, new_page, speech_by_sections, verdict_at
from ..hostile import ATTACKS
from ..traditional_pages import opencc_traditional

EDITIONS = ("zh-Hans", "zh-Hant")
SEED_PAGE = "source-pages/chengshi-gongzuo-jianghuagao.md"


def front_and_body(markdown: str) -> tuple[dict, str]:
    """The page's data and its Markdown, as MkDocs reads them."""
    from mkdocs.utils import meta

    body, data = meta.get_data(markdown)
    return data, body


def lines_of(data: dict) -> dict[int, tuple[str, dict]]:
    """Each line number → (its text, its group), checking that the groups
    follow one another without a gap or an overlap."""
    out: dict[int, tuple[str, dict]] = {}
    expected = 1
    for group in data["groups"]:
        assert group["first"] == expected and group["lines"], group
        for i, text in enumerate(group["lines"]):
            out[group["first"] + i] = (text, group)
        expected = group["first"] + len(group["lines"])
    return out


def test_every_seed_line_once_numbered_with_its_verdict(generated):
    split = next(p for p in generated.pages if p.page.file == SEED.name)
    report = next(p for p in generated.report["pages"] if p["file"] == SEED.name)
    runs = verdict_at(report, split.page.lines)  # each non-blank line's run in the build report
    # A Simplified page: published in the Simplified edition only.
    assert f"zh-Hant/{SEED_PAGE}" not in generated.files
    hans, _ = front_and_body(generated.files[f"zh-Hans/{SEED_PAGE}"].decode())
    lines = lines_of(hans)
    # Every line of the page once, in order, as scraped.
    assert [lines[n][0] for n in sorted(lines)] == [line.text for line in split.page.lines]
    assert sorted(lines) == list(range(1, len(split.page.lines) + 1)) == list(range(1, hans["lines_total"] + 1))
    for number, (text, group) in lines.items():
        run = runs.get(number)
        if run is None:  # a blank line: between runs, in a group of its own, or inside one
            inside = [r for r in report["verdicts"] if r["lines"][0] < number < r["lines"][1]]
            assert not text.strip(), number
            assert (group["kind"], group["label"]) == ("blank", "") or group["first"] == inside[0]["lines"][0], number
        else:
            assert group["kind"] == run["kind"] and group.get("rule", run["rule"]) == run["rule"], number
            assert group["first"] == run["lines"][0], number  # the group is the report's run

    by_line = lines
    welcome = by_line[1][1]
    assert welcome["kind"] == "chrome" and welcome["rule"] == "welcome"
    assert welcome["label"] == "网站杂项，未收录：欢迎语"
    assert by_line[10][1]["label"] == "篇目标记（第N篇）" and by_line[12][1]["kind"] == "title"
    # 第3篇 (line 58) is the published copy of the speech of 第1篇 and 第3篇,
    # lines 14–30 the copy merged into it.
    speech = speech_by_sections(generated, 1, 3)
    published, merged = by_line[58][1], by_line[14][1]
    assert published["label"] == "正文，收入" and published["speech"] == speech.title
    assert merged["label"] == "正文，重复稿，已合并到" and merged["speech"] == speech.title
    assert published["href"] == merged["href"] == f"../../speeches/{speech.id}/"
    # The repairs made in a group's lines, by rule, with the lines they were made in.
    assert "接上断开的段落（第26行）" in merged["notes"]
    assert any(n.startswith("标点改为全角（第") for n in merged["notes"])
    teaser = by_line[519][1]
    assert "删去网站杂项：文章摘要（第519行）" in teaser["notes"]


def test_the_markdown_holds_the_title_and_what_the_page_is(generated):
    data, body = front_and_body(generated.files[f"zh-Hans/{SEED_PAGE}"].decode())
    assert data["template"] == "source-page.html" and data["source_page"] == "chengshi-gongzuo-jianghuagao"
    assert data["title"] == "来源页原文：城市工作讲话稿（9篇）" and data["file"] == SEED.name
    assert body.startswith("# 来源页原文：城市工作讲话稿（9篇） {#title}\n")
    assert "[城市工作讲话稿（9篇）](../collections/chengshi-gongzuo-jianghuagao.md)" in body
    assert "原网页" not in body and "url" not in data  # the seed's folder has no pages.tsv
    assert "当前位置" not in body  # the lines are data, drawn by the theme
    # The language switch opens the other edition's copy of the collection (partials/alternate.html).
    assert data["other_edition"] == "collections/chengshi-gongzuo-jianghuagao/"
    collection = generated.files["zh-Hans/collections/chengshi-gongzuo-jianghuagao.md"].decode()
    assert "[查看来源页原文](../source-pages/chengshi-gongzuo-jianghuagao.md)" in collection
    # The Traditional edition's collection page links across to the Simplified
    # edition's source page, relative to its own address (collections/<id>/).
    hant = generated.files["zh-Hant/collections/chengshi-gongzuo-jianghuagao.md"].decode()
    across = '<a href="../../../zh-Hans/source-pages/chengshi-gongzuo-jianghuagao/" hreflang="zh-Hans">查看來源頁原文</a>'
    assert across in hant and "](../source-pages/" not in hant


def hostile_page() -> str:
    """new_page() with an attack at the end of each of its body lines, a line
    of nothing but an attack among them, and attacks in its trailer."""
    out = []
    for line in new_page().split("\n"):
        out.append(line + ATTACKS[len(out) % len(ATTACKS)] if len(line) > 60 else line)
    return "\n".join(out + ["{{ config }} {: .x } <script>alert(1)</script>", "", "---", "...", "\t  缩进 "]) + "\n"


def test_lines_of_a_page_with_hostile_text_are_kept_literally():
    text = hostile_page()
    page = source_page("city.txt", text.encode("utf-8"))
    generated = generate([page])
    data, body = front_and_body(generated.files["zh-Hans/source-pages/city.md"].decode())
    lines = lines_of(data)
    assert [lines[n][0] for n in sorted(lines)] == text.split("\n")[: len(lines)] == [line.text for line in page.lines]
    kinds = {group["kind"] for _, group in lines.values()}
    assert {"chrome", "marker", "body", "blank"} <= kinds
    assert lines[1][1]["kind"] == "chrome"
    # The lines are data: none reaches the Markdown, where it would be read as Markdown or HTML.
    assert "<script>" not in body and "{{" not in body and "{:" not in body.replace("{#title}", "")
    for speech in generated.speeches:
        assert any(group.get("href") == f"../../speeches/{speech.id}/" for _, group in lines.values())


def test_a_traditional_page_is_published_in_the_traditional_edition_only_in_its_words():
    text = opencc_traditional(new_page(), "s2tw")
    page = source_page("taiwan.txt", text.encode("utf-8"))
    generated = generate([page])
    [collection] = generated.collections
    path = f"source-pages/{collection.id}.md"
    assert f"zh-Hans/{path}" not in generated.files
    data, body = front_and_body(generated.files[f"zh-Hant/{path}"].decode())
    # The lines as the page wrote them; the words around them Traditional.
    lines = lines_of(data)
    assert [lines[n][0] for n in sorted(lines)] == [line.text for line in page.lines]
    assert "當前位置" in lines[2][0] and lines[2][1]["label"] == "網站雜項，未收錄：導航路徑"
    to_hant = Converter(DEFAULT_HANT).convert
    assert data["title"] == to_hant("来源页原文：") + to_hant(collection.title)
    assert body.startswith(f"# {data['title']} {{#title}}\n") and "來源文件 taiwan.txt 共" in body
    bodies = [group for _, group in lines.values() if group["kind"] == "body"]
    assert bodies and {group["label"] for group in bodies} <= {"正文，收入", "正文，重複稿，已合併到"}
    assert {group["speech"] for group in bodies} <= {to_hant(s.title) for s in generated.speeches}
    assert data["other_edition"] == f"collections/{collection.id}/"
    # The Simplified edition links across: its collection page, and every
    # provenance row of its speeches, to the line of the Traditional page.
    across = f"../../../zh-Hant/source-pages/{collection.id}/"
    assert f'<a href="{across}" hreflang="zh-Hant">查看来源页原文</a>' in generated.files[
        f"zh-Hans/collections/{collection.id}.md"
    ].decode()
    for speech in generated.speeches:
        for edition, url in (("zh-Hans", across), ("zh-Hant", f"../../source-pages/{collection.id}/")):
            meta = yaml.safe_load(generated.files[f"{edition}/speeches/{speech.id}.md"].decode().split("---\n")[1])
            assert [s["url"] for s in meta["sources"]] == [f"{url}#L{s['lines'][0]}" for s in meta["sources"]], edition


def test_without_a_traditional_edition_every_page_is_published_in_the_simplified():
    text = opencc_traditional(new_page(), "s2tw")
    generated = generate([source_page("taiwan.txt", text.encode("utf-8"))], hant=None)
    [collection] = generated.collections
    data, _ = front_and_body(generated.files[f"zh-Hans/source-pages/{collection.id}.md"].decode())
    lines = lines_of(data)
    assert "當前位置" in lines[2][0] and lines[2][1]["label"] == "网站杂项，未收录：导航路径"
    assert not [f for f in generated.files if f.startswith("zh-Hant/")]


def test_a_page_goes_to_the_edition_of_its_script():
    both = ("zh-Hans", "zh-Hant")
    assert [source_edition(s, both) for s in ("hant", "hant-tw", "hant-hk")] == ["zh-Hant"] * 3
    # Simplified and mixed pages, and any page of a build with no Traditional edition.
    assert [source_edition(s, both) for s in ("hans", "mixed")] == ["zh-Hans"] * 2
    assert source_edition("hant", ("zh-Hans",)) == "zh-Hans"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_original_pages_address_when_its_folder_says_it(tmp_path, edition):
    folder = tmp_path / "sources" / "www.example.com"
    folder.mkdir(parents=True)
    # A Simplified page, or a Traditional one (published in its own edition).
    text = new_page() if edition == "zh-Hans" else opencc_traditional(new_page(), "s2tw")
    (folder / "city.txt").write_text(text, encoding="utf-8")
    url = "https://www.example.com/a/1.html?x=(1)&y=[2]"
    (folder / "pages.tsv").write_text(f"# file\turl\tretrieved\ncity.txt\t{url}\t2025-03-04\n", encoding="utf-8")
    generated = generate(with_origins(read_pages(tmp_path / "sources"), read_origins(tmp_path / "sources")))
    [collection] = generated.collections
    words = {"zh-Hans": ("原网页", "保存于"), "zh-Hant": ("原網頁", "保存於")}[edition]
    data, body = front_and_body(generated.files[f"{edition}/source-pages/{collection.id}.md"].decode())
    assert data["url"] == url and data["retrieved"] == "2025-03-04" and data["file"] == "www.example.com/city.txt"
    # The address as a link destination, every character that could end it encoded.
    assert f"[{words[0]}](https://www.example.com/a/1.html?x=%281%29&y=%5B2%5D) · {words[1]} 2025-03-04" in body


def test_line_groups_cover_the_page_between_and_after_the_runs(generated):
    split = next(p for p in generated.pages if p.page.file == SEED.name)
    runs = [{"lines": [3, 4], "kind": "chrome", "rule": "x"}, {"lines": [8, 8], "kind": "title", "rule": "y"}]
    groups = line_groups(split, runs)
    assert [(a, b) for a, b, _ in groups] == [(1, 2), (3, 4), (5, 7), (8, 8), (9, len(split.page.lines))]
    assert [r is None for _, _, r in groups] == [True, False, True, False, True]


def test_rules_in_a_readers_words():
    # The knowledge files' rules by their labels, the parser's own by its table.
    words = chrome_words(library().labels)
    assert rule_words("view-count", words) == "浏览次数"
    assert rule_words("guanlizhe/recommend", words) == "推荐"  # a site's rule, by its name in the report
    assert rule_words("blurb-editor", words) == "编者的话"
    assert rule_words("teaser", words) == "文章摘要"
    assert rule_words("site-template:example", words) == "网站模板的固定内容"
    assert rule_words("no-such-rule", words) == ""
    # A rule a user adds says what its label says.
    assert rule_words("wengao/slogan", chrome_words({"wengao/slogan": "网站口号"})) == "网站口号"
