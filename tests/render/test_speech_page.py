"""A speech's page: front matter, anchors, reading aids, collation, in both editions.

The Markdown is the speech's data and text; what a reader sees around the
text is drawn by the theme from the front matter: those assertions read the
page as MkDocs renders it (tests/hostile.py's MkDocsSite: mkdocs.yml, the
Material theme and docs/overrides), before it is minified."""

from __future__ import annotations

import html
import json
import re

import markdown
import pytest
import yaml

from build_scripts.corpus.find_facets import facets
from build_scripts.editions.convert import Converter
from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.editions.registry import SPEECH_PAGE_STRINGS
from build_scripts.render.markdown import escape_markdown, script_memo
from build_scripts.render.opening import PREVIEW_CHARACTERS
from build_scripts.render.paths import SEARCH_WORDS_PLACEHOLDER as SEARCH_PLACEHOLDER
from build_scripts.render.paths import WORDS_SCRIPT
from build_scripts.render.speech_page import (
    READING_SPEED,
    CollectionIndex,
    facet_front_matter,
    reading_minutes,
    render_speech,
    section_label,
)

from ..conftest import speech_by_sections
from ..hostile import MkDocsSite
from .test_markdown import EXTENSIONS

EDITION_CONFIGS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}


def page_of(generated, edition, *sections):
    speech = speech_by_sections(generated, *sections)
    page = generated.files[f"{edition}/speeches/{speech.id}.md"].decode()
    _, meta, body = page.split("---\n", 2)
    return yaml.safe_load(meta), body


@pytest.fixture(scope="module")
def rendered(generated, tmp_path_factory) -> dict[str, dict[str, str]]:
    """Every speech page of each edition as MkDocs renders it: edition → speech id → HTML."""
    out = {}
    for edition, config in EDITION_CONFIGS.items():
        docs = tmp_path_factory.mktemp(edition) / "docs"
        docs.mkdir()
        prefix = f"{edition}/speeches/"
        pages = {
            path[len(edition) + 1 :]: content.decode()
            for path, content in generated.files.items()
            if path.startswith(prefix) and path.endswith(".md")
        }
        # The theme's markup, before mkdocs.yml's hooks minify it (that
        # minifying keeps it is tests/publishing/test_minify_pages.py's).
        html_pages = MkDocsSite(config, docs).render(pages, [], post_page=False)
        out[edition] = {path[len("speeches/") : -len(".md")]: page for path, page in html_pages.items()}
    return out


def article_of(rendered, generated, edition, *sections) -> str:
    """The <article> of a speech's rendered page."""
    page = rendered[edition][speech_by_sections(generated, *sections).id]
    return page[page.index("<article") : page.index("</article>")]


def collation_html(article: str) -> str:
    return article[article.index('id="provenance"') : article.index('id="cite"')]


def words_of(generated, edition) -> dict:
    """The strings of a speech page's scripts in ``edition``: its javascripts/words.js."""
    script, search = generated.files[f"{edition}/{WORDS_SCRIPT}"].decode().splitlines()
    assert script.startswith("window.SPEECH_WORDS = ") and script.endswith(";")
    # The search's words are the MkDocs hook's (publishing/header_words.py).
    assert search == f"window.SEARCH_WORDS = {SEARCH_PLACEHOLDER};"
    return json.loads(script[len("window.SPEECH_WORDS = ") : -1])


def skeleton(body: str) -> list[str]:
    """The structure of a page: its tags, classes, ids, links and anchors."""
    return re.findall(r"<[a-z0-9]+|</[a-z0-9]+>|(?:class|id|href|rel)=\"[^\"]*\"", body)


def test_pages_made_with_one_converter_keep_nothing_for_another(generated):
    """Pieces made once per converter: a second converter makes its own."""
    collections = {c.id: c for c in generated.collections}
    speech = speech_by_sections(generated, 1, 3)
    plain = render_speech(speech, collections)
    first = render_speech(speech, collections, lambda s: s.replace("讲话", "〔甲〕"))
    second = render_speech(speech, collections, lambda s: s.replace("讲话", "〔乙〕"))
    assert "〔甲〕" in first and "〔乙〕" not in first
    assert "〔乙〕" in second and "〔甲〕" not in second
    assert second == first.replace("〔甲〕", "〔乙〕")
    assert render_speech(speech, collections) == plain
    # A function that carries no memo keeps nothing, and works.
    assert script_memo(str.upper) == {} and script_memo(str.upper) is not script_memo(str.upper)
    assert render_speech(speech, collections, str.upper) == render_speech(speech, collections, lambda s: s.upper())


def test_speech_page_front_matter(generated):
    speech = speech_by_sections(generated, 1, 3)
    page = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode()
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["id"] == speech.id and meta["title"] == speech.title
    assert meta["date"] == "2024-11-20" and meta["collection"] == "城市工作讲话稿（9篇）"
    assert meta["tags"] == ["城建环保"] and meta["category"] == ["书信稿件", "稿件范文", "讲话稿"]
    assert [(s["section"], s["published"]) for s in meta["sources"]] == [(3, True), (1, False)]
    assert meta["sources"][0]["lines"] == [58, 58]
    # Each copy's first line on the source page as published, from this page.
    source = "../../source-pages/chengshi-gongzuo-jianghuagao/"
    assert [s["url"] for s in meta["sources"]] == [source + "#L58", source + "#L14"]
    assert meta["characters"] > 2000
    assert meta["description"].startswith("根据会议安排")


def test_description_is_what_a_search_result_shows(generated):
    """The opening past the salutation, cut where search results and link
    previews cut it, in the edition's script; the feed keeps a longer one."""
    speech = speech_by_sections(generated, 1, 3)
    text = "".join(b.text for b in speech.blocks if b.kind == "paragraph")
    for edition in ("zh-Hans", "zh-Hant"):
        page = generated.files[f"{edition}/speeches/{speech.id}.md"].decode()
        described = yaml.safe_load(page.split("---\n")[1])["description"]
        assert len(described) == PREVIEW_CHARACTERS + len("……") and described.endswith("……")
    hans = yaml.safe_load(generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode().split("---\n")[1])
    assert hans["description"][:-2] in text and not hans["description"].startswith("同志们")
    summaries = re.findall(r"<summary>([^<]*)</summary>", generated.files["zh-Hans/feed.xml"].decode())
    assert html.unescape(hans["description"][:-2]) in [html.unescape(s)[:PREVIEW_CHARACTERS] for s in summaries]
    assert all(len(html.unescape(s)) > PREVIEW_CHARACTERS + 2 for s in summaries if s.endswith("……"))


def test_provenance_links_each_copy_to_its_lines_on_the_source_page(rendered, generated):
    # The seed page is Simplified: published in the Simplified edition only,
    # which the Traditional edition's pages link across to, relative to their
    # own address (speeches/<id>/), so that any sub-path the site is served at works.
    for edition, source in (
        ("zh-Hans", "../../source-pages/chengshi-gongzuo-jianghuagao/"),
        ("zh-Hant", "../../../zh-Hans/source-pages/chengshi-gongzuo-jianghuagao/"),
    ):
        article = article_of(rendered, generated, edition, 1, 3)
        provenance = article[article.index('id="provenance"') :]
        provenance = provenance[: provenance.index("</ul>")]
        links = re.findall(r'<a href="([^"]*#L\d+)">(.*?)</a>', provenance)
        assert [url for url, _ in links] == [source + "#L58", source + "#L14"], edition
        assert "第 58 行" in links[0][1] and "第 14–30 行" in links[1][1], edition


def test_headings_carry_outline_anchors(generated):
    speech = speech_by_sections(generated, 6)
    page = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode()
    assert "\n## 二、突出重点，落实创建任务 {#二}\n" in page
    assert "\n### （三）强化服务，加大监督管理力度。 {#二-三}\n" in page


def test_speech_html_keeps_markdown_specials(generated):
    speech = speech_by_sections(generated, 1, 3)
    page = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode().split("---\n", 2)[2]
    marks = "build_scripts.render.placeholder_marks"  # as mkdocs.yml names it
    out = html.unescape(markdown.markdown(page, extensions=EXTENSIONS + [marks]))
    assert '穗字[<mark>****</mark>]6号' in out
    text = re.sub(r"</?mark[^>]*>", "", out)
    assert "穗字[****]6号" in text and "力争我市****年" in text
    assert "<em>" not in out and "<strong>" not in out


def test_reading_time_at_400_characters_a_minute(generated, rendered):
    assert READING_SPEED == 400
    assert [reading_minutes(n) for n in (1, 400, 401, 2167, 9503)] == [1, 1, 2, 6, 24]
    meta, body = page_of(generated, "zh-Hans", 1, 3)
    assert meta["characters"] == 2167 and meta["reading_minutes"] == 6
    assert {"text": "阅读约 6 分钟"} in meta["facts"]
    assert "2,167 字 ·</span> <span>阅读约 6 分钟" in article_of(rendered, generated, "zh-Hans", 1, 3)
    assert "2,167 字 ·</span> <span>閱讀約 6 分鐘" in article_of(rendered, generated, "zh-Hant", 1, 3)


def test_every_paragraph_has_its_anchor_and_the_label_of_its_link(generated, rendered):
    """Each paragraph keeps its id (links to #p3 work without JavaScript);
    reader.js draws its ¶ link, labelled from the edition's words.js."""
    for speech in generated.speeches:
        for edition, word in (("zh-Hans", "链接到第"), ("zh-Hant", "連結到第")):
            body = generated.files[f"{edition}/speeches/{speech.id}.md"].decode()
            ids = re.findall(r"\n\{: #(p\d+) \}\n", body)
            assert ids == [a for a in speech.anchors if a.startswith("p")]
            page = rendered[edition][speech.id]
            assert re.findall(r'<p id="(p\d+)">', page) == ids
            assert "para-link" not in page  # drawn by the reader script
            assert "data-paragraph-link" not in page  # its label is the edition's, once
            assert words_of(generated, edition)["paragraph_link"] == f"{word}{{n}}段"


def test_previous_and_next_follow_the_collection_order(generated, rendered):
    order = generated.collections[0].speech_ids
    for k, sid in enumerate(order):
        meta = yaml.safe_load(generated.files[f"zh-Hans/speeches/{sid}.md"].decode().split("---\n")[1])
        assert meta.get("previous", {}).get("url") == (f"../{order[k - 1]}/" if k else None)
        assert meta.get("next", {}).get("url") == (f"../{order[k + 1]}/" if k + 1 < len(order) else None)
        page = rendered["zh-Hans"][sid]
        prev = re.findall(r'href="\.\./([^/"]+)/" rel="prev"><span>上一篇</span>', page)
        nxt = re.findall(r'href="\.\./([^/"]+)/" rel="next"><span>下一篇</span>', page)
        assert prev == ([order[k - 1]] if k else [])
        assert nxt == ([order[k + 1]] if k + 1 < len(order) else [])
        assert ('rel="prev"' in page) == bool(k)


def test_citation_names_title_collection_and_provenance(generated, rendered):
    body = article_of(rendered, generated, "zh-Hans", 1, 3)
    citation = re.search(r'<p class="citation__text">(.*?)</p>', body).group(1)
    text = re.sub(r"<[^>]+>", "", citation)
    assert text.startswith("《在创建全国文明城市工作会议上的讲话稿》，讲话稿文库整理，")
    assert "原载管理者范文网《城市工作讲话稿（9篇）》第3篇、第1篇（来源页更新于 2024-11-20）" in text
    # The address, filled in by reader.js, which adds the access date and the
    # copy button in the edition's words.
    assert '<span class="citation__url">本页网址</span>' in citation and "<button" not in body
    assert words_of(generated, "zh-Hans")["citation_copied"] == "已复制引用"
    hant = article_of(rendered, generated, "zh-Hant", 1, 3)
    assert "《在創建全國文明城市工作會議上的講話稿》，講話稿文庫整理，原載管理者範文網" in hant
    assert words_of(generated, "zh-Hant")["citation_copied"] == "已複製引用"


def test_collation_lists_the_readings_of_the_merged_copy(generated, rendered):
    note = collation_html(article_of(rendered, generated, "zh-Hans", 1, 3))
    assert "<summary>第1篇（第14–30行）与本页所用的第3篇（第58行）有 6 处异文</summary>" in note
    rows = re.findall(r'<li><a href="#([^"]+)">', note)
    assert rows == ["p3", "p4", "p5", "p6", "p6", "一-二"]
    readings = re.findall(r'<span class="collation__reading">([^<]*)</span>', note)
    assert readings[:10] == ["****", "_____*", "全国文明城市", "‘全国文明城市’", "2010", "2022",
                             "牛皮癣", "‘牛皮癣’", "一把手", "‘一把手’"]
    # Which copy, which line: a link to the line on the source page as published.
    line_28 = '<a href="../../source-pages/chengshi-gongzuo-jianghuagao/#L28">'
    assert f"第1篇{line_28}（第28行）</a>“……魅力，也为我们在" in note
    # Readings quoted as each edition quotes: “” in Simplified, 「」 in Traditional.
    assert "「" not in note and "」" not in note
    hant = collation_html(article_of(rendered, generated, "zh-Hant", 1, 3))
    line_28 = '<a href="../../../zh-Hans/source-pages/chengshi-gongzuo-jianghuagao/#L28">'
    assert f"第1篇{line_28}（第28行）</a>「……魅力，也為我們在" in hant and "“" not in hant
    assert "（共 1,297 字）" in note and "（无，此份到此为止）" in note


def test_collation_says_when_copies_do_not_differ(generated, rendered):
    body = article_of(rendered, generated, "zh-Hans", 5, 5)
    assert "第5篇（第164–194行）与本页所用的第5篇（第198–228行）文字相同，只是分段不同。" in body
    assert "<details" not in body
    body = article_of(rendered, generated, "zh-Hans", 7, 8)
    assert "第8篇（第370–426行）与本页所用的第7篇（第306–364行）文字完全相同。" in body
    hant = article_of(rendered, generated, "zh-Hant", 7, 8)
    assert "第8篇（第370–426行）與本頁所用的第7篇（第306–364行）文字完全相同。" in hant
    # A speech found once has nothing to collate.
    single = article_of(rendered, generated, "zh-Hans", 6)
    assert "异文" not in single and "文字" not in collation_html(single)


def test_traditional_pages_have_everything_the_simplified_ones_have(generated, rendered):
    for speech in generated.speeches:
        hans = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode()
        hant = generated.files[f"zh-Hant/speeches/{speech.id}.md"].decode()
        pages = [rendered[edition][speech.id] for edition in EDITION_CONFIGS]
        articles = [page[page.index("<article") : page.index("</article>")] for page in pages]
        # The same, but that the links to the (Simplified) source page go across from the Traditional edition.
        across = skeleton(articles[1].replace('href="../../../zh-Hans/source-pages/', 'href="../../source-pages/'))
        assert skeleton(articles[0]) == across, speech.id
        for key in ("placeholders", "reading_minutes", "characters", "copies"):
            assert yaml.safe_load(hans.split("---\n")[1])[key] == yaml.safe_load(hant.split("---\n")[1])[key]
        # The interface strings are converted: no Simplified-only character left
        # in the reading aids of the Traditional page.
        furniture = "".join(re.findall(r'(?:aria-label|title|data-[a-z-]+)="([^"]*)"', articles[1]))
        furniture += "".join(words_of(generated, "zh-Hant").values())
        for simplified in "链复无隐显处钟读时间页载网录关话":
            assert simplified not in furniture, (speech.id, simplified)


def test_facts_wrap_whole_with_their_separator(generated, rendered):
    """The facts under a title and the facets: each fact in a span that
    wraps as a whole (extra.css), its " ·" inside it, so that no line of
    them starts with "·"."""
    body = article_of(rendered, generated, "zh-Hans", 1, 3)
    lines = re.findall(r'<p class="speech-(?:meta|facets)">(.*?)</p>', body)
    assert len(lines) == 2 and lines[0].startswith('<span>出自《<a href="../../collections/chengshi-gongzuo-jianghuagao/">城市工作讲话稿（9篇）</a>')
    for line in lines:
        facts = re.findall(r'<span(?: class="[^"]*")?>(.*?)</span>', line)
        assert " ".join(f"<span>{f}</span>" for f in facts) == re.sub(r' class="[^"]*"', "", line)
        assert all(f.endswith(" ·") for f in facts[:-1]) and "·" not in facts[-1] and len(facts) >= 2
    # The downloads: the browser's script writes their links (in the
    # edition's words); built without DOWNLOADS_URL, no corpus download in
    # their place without JavaScript
    # (test_the_corpus_download_is_linked_where_it_is_published).
    downloads = re.search(r'<p class="speech-downloads"[^>]*>(.*?)</p>', body, re.S).group(1)
    assert downloads == ""
    words = words_of(generated, "zh-Hans")
    assert (words["download"], words["docx"], words["txt"], words["edition"]) == ("下载：", "Word（.docx）", "纯文本（.txt）", "简体")
    words = words_of(generated, "zh-Hant")
    assert (words["download"], words["docx"], words["txt"], words["edition"]) == ("下載：", "Word（.docx）", "純文字（.txt）", "繁體")
    # The count of placeholders is a fact of its own kind (the hostile-text
    # tests set it apart, reader.js offers the switch where it is).
    assert '<span class="fact--placeholders">8 处待填写</span>' in lines[0]


def test_the_corpus_download_is_linked_where_it_is_published(generated):
    """The corpus zips are published outside the site (DOWNLOADS_URL): a
    page given where its edition's zip is links it in place of the
    script's downloads; without it, nothing else of the page changes."""
    speech = speech_by_sections(generated, 1, 3)
    collections = CollectionIndex((c.id, c) for c in generated.collections)
    url = "https://example.org/owner/repo/releases/download/corpus/corpus-markdown.zh-Hans.zip"

    def meta(page: str) -> dict:
        return yaml.safe_load(page.split("---\n")[1])

    linked, unlinked = meta(render_speech(speech, collections, corpus_url=url)), meta(render_speech(speech, collections))
    assert linked["corpus_url"] == url and "corpus_url" not in unlinked
    del linked["corpus_url"]
    assert linked == unlinked


def test_facets_front_matter_in_both_scripts(generated):
    f = facets(speech_by_sections(generated, 7, 8))
    assert facet_front_matter(f) == {
        "topics": ["卫生城市"],
        "places": [],
        "meeting_types": ["动员大会"],
        "speaker_roles": ["指挥长"],
        "date": "2024-11-20",
        "speech_date": {
            "years": [1983, 2009],
            "evidence": [{"kind": "event", "phrase": "食品卫生法", "found": "食品卫生法", "years": [1983, 2009], "at": "p13"}],
        },
    }
    hant = facet_front_matter(facets(speech_by_sections(generated, 5, 5)), Converter(DEFAULT_HANT).convert)
    assert hant["topics"] == ["城市工作", "城市管理"] and hant["meeting_types"] == ["工作會議"]
    assert hant["places"] == ["南昌市", "青山湖區"]


def test_placeholders_are_marked_and_counted_in_both_editions(generated, rendered):
    for edition, hide, show in (("zh-Hans", "隐藏待填写处", "显示待填写处"), ("zh-Hant", "隱藏待填寫處", "顯示待填寫處")):
        meta, body = page_of(generated, edition, 1, 3)
        article = article_of(rendered, generated, edition, 1, 3)
        assert "<mark" not in body  # the Markdown is the text; the theme marks it
        assert meta["placeholders"] == 8 == article.count('<mark>')
        assert '穗字[<mark>****</mark>]6' in article
        # The switch is reader.js's, on a page whose facts count the
        # placeholders, in the edition's words.
        words = words_of(generated, edition)
        assert (words["hide_placeholders"], words["show_placeholders"]) == (hide, show) and "<button" not in article
        assert 'class="fact--placeholders"' in article
        # No blanks, no count (so no switch).
        meta, body = page_of(generated, edition, 6)
        assert meta["placeholders"] == 0 and "fact--placeholders" not in article_of(rendered, generated, edition, 6)
    assert "8 处待填写" in article_of(rendered, generated, "zh-Hans", 1, 3)
    assert "8 處待填寫" in article_of(rendered, generated, "zh-Hant", 1, 3)


# Fields of a speech page's front matter: its data, and what the theme draws.
DATA_FIELDS = {
    "id", "title", "description", "date", "collection", "collection_id", "site", "category", "tags",
    "characters", "reading_minutes", "placeholders", "copies", "sources",
    "topics", "places", "meeting_types", "speaker_roles", "speech_date",
}
FURNITURE_FIELDS = {"facts", "facet_links", "download_data", "citation", "strings"}


def test_markdown_is_the_text_and_the_front_matter_all_the_rest(generated):
    """Each speech page's Markdown body is its title, its headings and its
    paragraphs with their ids, nothing else: no HTML, no class, no link; the
    front matter reads back as YAML with every field."""
    line = re.compile(r"# .+ \{#title\}|#{2,6} .+ \{#[^\s}]+\}|\{: #p\d+ \}|[^#{<\s].*")
    for edition in EDITION_CONFIGS:
        for speech in generated.speeches:
            page = generated.files[f"{edition}/speeches/{speech.id}.md"].decode()
            meta, body = page_of_text(page)
            assert DATA_FIELDS | FURNITURE_FIELDS <= set(meta), set(DATA_FIELDS | FURNITURE_FIELDS) - set(meta)
            assert set(meta) - DATA_FIELDS - FURNITURE_FIELDS <= {
                "related", "previous", "next", "pager_label", "collation", "notes", "source_script", "truncated", "damage",
                "corpus_url",  # with DOWNLOADS_URL (test_the_corpus_download_is_linked_where_it_is_published)
            }
            assert bool(meta.get("collation")) == (len(speech.distinct.copies) > 1)
            assert set(meta["strings"]) == set(SPEECH_PAGE_STRINGS)
            lines = [x for x in body.split("\n") if x]
            assert all(line.fullmatch(x) for x in lines), [x for x in lines if not line.fullmatch(x)]
            assert "<" not in body and "{: ." not in body and "](" not in body
            # Title, then the blocks in order: a heading, or a paragraph and its id.
            expected = [f"# {escape_markdown(meta['title'])} {{#title}}"]
            for block, anchor in zip(speech.blocks, speech.anchors):
                if block.kind == "heading":
                    expected.append(f"{'#' * block.level} {escape_markdown(block_text(edition, block))} {{#{anchor}}}")
                else:
                    expected += [escape_markdown(block_text(edition, block)), f"{{: #{anchor} }}"]
            assert lines == expected


_HANT = Converter(DEFAULT_HANT).convert


def block_text(edition: str, block) -> str:
    return block.text if edition == "zh-Hans" else _HANT(block.text)


def page_of_text(page: str) -> tuple[dict, str]:
    _, meta, body = page.split("---\n", 2)
    return yaml.safe_load(meta), body


def test_two_copies_in_one_section_read_as_two(generated):
    """The published copy first, and a section that holds two copies named once."""
    assert section_label([5, 5]) == "第5篇（两份）"
    assert section_label([3, 1]) == "第3篇、第1篇"
    assert section_label([7, 8, 7]) == "第7篇（两份）、第8篇"
    meta, _ = page_of(generated, "zh-Hans", 5, 5)
    assert meta["facts"][0]["after"] == "》第5篇（两份）" and "第5篇（两份）（来源页更新于" in meta["citation"]
    assert [s["published"] for s in meta["sources"]] == [True, False]
    assert meta["facts"][0]["after"] in "》" + meta["citation"].split("《城市工作讲话稿（9篇）》")[1]
    assert page_of(generated, "zh-Hant", 5, 5)[0]["facts"][0]["after"] == "》第5篇（兩份）"
    # The collection's page lists the sections in the same order, named alike.
    collection = generated.files[f"zh-Hans/collections/{generated.collections[0].id}.md"].decode()
    assert "第3篇、第1篇 · 2,167 字" in collection and "第5篇（两份） · 9,503 字" in collection
