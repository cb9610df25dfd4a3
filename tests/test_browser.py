"""The built site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import random
import re
from urllib.parse import unquote

import pytest

from build_scripts.editions.convert import Converter
from build_scripts.editions.review import convert_query
from build_scripts.publishing.search_index import search

from .browser import browsing
from .conftest import speech_path

pytestmark = pytest.mark.browser

def visible(text: str) -> str:
    """Text as a reader sees it: without zero-width word breaks or permalink signs."""
    return text.replace("\u200b", "").replace("¶", "").strip()


def speech_url(site_url, generated, edition, sections):
    return site_url + speech_path(generated, edition, *sections)


@pytest.mark.parametrize("locale, edition", [("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-CN", "zh-Hans"), ("en-US", "zh-Hans")])
def test_site_root_sends_readers_to_their_edition(browser, site_url, locale, edition):
    with browsing(browser, site_url, locale=locale) as page:
        page.goto(site_url)
        page.wait_for_url(f"{site_url}{edition}/")
        assert page.locator("html").get_attribute("lang").lower().startswith("zh")
    assert page.errors == [] and page.external == []


def test_reader_goes_from_home_to_a_speech(page, site_url):
    page.goto(site_url + "zh-Hans/")
    assert visible(page.locator("h1").first.inner_text()) == "讲话稿文库"
    page.get_by_role("link", name="创建省级文明城市工作会议讲话").first.click()
    page.wait_for_url("**/speeches/**")
    assert page.locator("article h1").inner_text().startswith("创建省级文明城市工作会议讲话")
    meta = page.locator(".speech-meta").first.inner_text()
    assert "第6篇" in meta and "2024-11-20" in meta
    page.locator(".speech-meta a").first.click()
    page.wait_for_url("**/collections/**")
    assert "城市工作讲话稿（9篇）" in page.locator("article h1").inner_text()


def test_traditional_edition_reads_in_traditional(page, site_url, generated):
    page.goto(speech_url(site_url, generated, "zh-Hant", (6,)))
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.locator("article h1").inner_text().startswith("創建省級文明城市工作會議講話")
    assert page.locator(".md-header__topic").first.inner_text().strip() == "講話稿文庫"
    assert "「" in page.locator("article").inner_text()


def test_heading_anchor_scrolls_to_the_heading(page, site_url, generated):
    page.goto(speech_url(site_url, generated, "zh-Hans", (6,)) + "#二-三")
    heading = page.locator('[id="二-三"]')
    assert heading.inner_text().startswith("（三）强化服务")
    assert 0 <= heading.evaluate("el => el.getBoundingClientRect().top") < 300


def switch_edition(page, edition):
    page.locator(".md-header__option .md-select").hover()
    page.locator(f"a[data-edition={edition}]").click()
    page.wait_for_url(f"**/{edition}/**")


def test_switching_edition_keeps_page_and_anchor(page, site_url, generated):
    page.goto(speech_url(site_url, generated, "zh-Hans", (6,)) + "#二-三")
    switch_edition(page, "zh-Hant")
    assert page.url == speech_url(site_url, generated, "zh-Hant", (6,)) + "#%E4%BA%8C-%E4%B8%89"
    assert page.locator('[id="二-三"]').inner_text().startswith("（三）強化服務")
    # Without an anchor in the address, the reader's place is kept all the same.
    page.goto(speech_url(site_url, generated, "zh-Hant", (4,)))
    page.locator('[id="p20"]').evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 100)")
    switch_edition(page, "zh-Hans")
    assert page.url.startswith(speech_url(site_url, generated, "zh-Hans", (4,)) + "#")
    anchor = unquote(page.url.split("#")[1])
    assert anchor in {"p19", "p20", "p21"} or re.fullmatch(r"[一二三四五六七八九十-]+", anchor)


def test_search_with_the_keyboard_only(page, site_url):
    page.goto(site_url + "zh-Hans/")
    page.keyboard.press("/")  # the shortcut opens the search dialog
    dialog = page.locator("dialog.site-search")
    assert dialog.is_visible()
    page.keyboard.type("穗字")
    first = page.locator(".site-search__result").first
    first.wait_for()
    assert visible(first.locator(".site-search__title").inner_text()) == "在创建全国文明城市工作会议上的讲话稿"
    assert "第3篇" in first.locator(".site-search__provenance").inner_text()
    marked = first.locator(".site-search__excerpt mark").all_inner_texts()
    assert marked and all(m in "穗字" for m in marked)
    page.keyboard.press("Enter")
    page.wait_for_url("**/speeches/**")
    assert "穗字" in page.locator("article").inner_text()
    page.keyboard.press("s")
    assert dialog.is_visible()
    page.keyboard.press("Escape")
    assert not dialog.is_visible()


@pytest.mark.parametrize("edition, query, title", [
    ("zh-Hant", "头发", None),  # a Simplified query on the Traditional edition
    ("zh-Hant", "穗字", "在創建全國文明城市工作會議上的講話稿"),
    ("zh-Hans", "衛生城市", "创建市级卫生城市工作动员会上的讲话（全县“创卫”工作动员大会）"),
])
def test_search_across_scripts_in_the_dialog(page, site_url, edition, query, title):
    page.goto(site_url + edition + "/")
    page.locator("[data-site-search-open]").click()
    page.keyboard.type(query)
    status = page.locator(".site-search__status")
    status.wait_for()
    page.wait_for_function("() => document.querySelector('.site-search__status').textContent.length > 0")
    if title:
        titles = [visible(t) for t in page.locator(".site-search__title").all_inner_texts()]
        assert title in titles


def sample_queries(generated, count_per_speech=12, seed=7):
    """Words of two to four Han characters from each speech's own text."""
    import jieba

    rng = random.Random(seed)
    samples = []
    for speech in generated.speeches:
        text = "".join(b.text for b in speech.blocks)
        words = sorted({w for w in jieba.cut(text) if re.fullmatch(r"[\u4e00-\u9fff]{2,4}", w)})
        for word in rng.sample(words, count_per_speech):
            samples.append((word, speech.id))
    return samples


def index_files(built_site, edition):
    root = built_site / edition / "search"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_search_recall_over_words_of_the_speeches(page, site_url, generated, built_site):
    """Words of each speech in both scripts, on both editions: each finds its
    speech in the top ten, and the page ranks exactly as the reference reader
    (search_index.search) does over the same index files."""
    converter = Converter("s2tw")
    queries = sample_queries(generated)
    queries += [(converter.convert(word), sid) for word, sid in queries]
    assert len(queries) >= 200
    misses = []
    for edition in ("zh-Hans", "zh-Hant"):
        page.goto(site_url + edition + "/")
        found = page.evaluate(
            "async (qs) => { const out = []; for (const q of qs) out.push(await window.siteSearch.urls(q)); return out; }",
            [q for q, _ in queries],
        )
        files = index_files(built_site, edition)
        mapping = page.evaluate("() => window.SCRIPT_QUERY_MAP")
        for (query, sid), urls in zip(queries, found):
            if not any(u.rstrip("/").endswith(f"/speeches/{sid}") for u in urls):
                misses.append((edition, query, sid))
            reference = search(files, convert_query(mapping, query))
            assert [site_url + edition + u for u in reference] == urls, (edition, query)
    recall = 1 - len(misses) / (2 * len(queries))
    # The figures, per edition and script of the query (shown with pytest -s).
    half = len(queries) // 2
    for edition in ("zh-Hans", "zh-Hant"):
        for script, words in (("Simplified", queries[:half]), ("Traditional", queries[half:])):
            missed = sum((edition, q, sid) in misses for q, sid in words)
            print(f"search recall: {edition} edition, {script} queries: {len(words) - missed}/{len(words)}")
    assert recall >= 0.98, misses


def test_a_query_downloads_little(browser, site_url, generated):
    fetched = []
    with browsing(browser, site_url) as page:
        page.context.on(
            "requestfinished", lambda r: fetched.append(r.sizes()["responseBodySize"]) if "/search/" in r.url else None
        )
        page.goto(site_url + "zh-Hant/")
        # Exactly the speeches whose text holds the phrase, found in the other script.
        holding = [s for s in generated.speeches if "文明城市" in "".join(b.text for b in s.blocks)]
        assert len(page.evaluate("() => window.siteSearch.urls('文明城市')")) == len(holding) > 0
        page.wait_for_timeout(200)
    # The context is closed: every request is counted.
    assert page.errors == [] and page.external == []
    # meta.json, three shards (文明, 明城, 城市) at most, one text per result.
    assert 1 + 1 + len(holding) <= len(fetched) <= 1 + 3 + len(holding)
    assert sum(fetched) < 300_000


def test_a_query_absent_from_the_corpus_finds_nothing(page, site_url):
    page.goto(site_url + "zh-Hans/")
    assert page.evaluate("() => window.siteSearch.urls('量子计算')") == []
    assert page.evaluate("() => window.siteSearch.urls('  ，。 ')") == []
    assert not page.errors


def test_chinese_text_renders_with_a_cjk_font(page, site_url, generated):
    page.goto(speech_url(site_url, generated, "zh-Hans", (9,)))
    paragraph = page.locator('[id="p1"]')
    style = paragraph.evaluate("el => [getComputedStyle(el).lineHeight, getComputedStyle(el).fontSize]")
    line_height, font_size = (float(v.rstrip("px")) for v in style)
    assert 1.6 <= line_height / font_size <= 2.0


def test_a_page_view_fetches_no_sitemap(browser, site_url, generated):
    """Material's script fetches a sitemap.xml beside every <link rel=alternate>;
    the sitemap grows with the corpus, so no page may carry such a link."""
    fetched = []
    with browsing(browser, site_url) as page:
        page.context.on("requestfinished", lambda r: fetched.append(r.url))
        page.goto(speech_url(site_url, generated, "zh-Hant", (9,)))
        page.wait_for_load_state("networkidle")
    assert page.errors == [] and page.external == []
    assert not [u for u in fetched if u.endswith("sitemap.xml")], fetched
    assert not any(u.endswith("/feed.xml") for u in fetched)  # discovered, not fetched


def test_han_and_latin_are_spaced_by_the_browser_not_the_text(page, site_url, generated):
    from .conftest import speech_by_sections

    speech = speech_by_sections(generated, 9)
    assert "20xx" in "".join(b.text for b in speech.blocks) and " " not in "".join(b.text for b in speech.blocks)
    page.goto(speech_url(site_url, generated, "zh-Hans", (9,)))
    spacing = page.locator('[id="p1"]').evaluate("el => getComputedStyle(el).textAutospace")
    assert spacing == "normal"
