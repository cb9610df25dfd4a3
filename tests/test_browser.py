"""The built site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import json
import random
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from build_scripts.editions.convert import Converter
from build_scripts.editions.review import convert_query
from build_scripts.publishing.search_index import decode_doc, edition_passage, edition_record, normalize, search, terms

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
    page.locator(f"header a[data-edition={edition}]").click()
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


@pytest.mark.parametrize("edition, words", [
    ("zh-Hans", ("搜索", "搜索（按 / 或 s）", "搜索讲话", "输入词语，简体繁体皆可", "关闭", "搜索结果", "没有找到相符的讲话")),
    ("zh-Hant", ("搜尋", "搜尋（按 / 或 s）", "搜尋講話", "輸入詞語，簡體繁體皆可", "關閉", "搜尋結果", "沒有找到相符的講話")),
])
def test_the_page_holds_the_search_button_and_the_script_builds_the_dialog(page, site_url, generated, edition, words):
    """The page as served holds the search button only, none of its words
    (they are the edition's javascripts/words.js); search.js gives the
    button its ARIA and builds the dialog with the edition's words, labelled,
    the input a combobox of the results listbox; the dialog returns focus to
    the button when it closes."""
    label, title, name, placeholder, close, results, none = words
    url = speech_url(site_url, generated, edition, (1, 3))
    served = page.request.get(url).text()
    assert "<dialog" not in served and served.count("data-site-search-open") == 1
    assert all(word not in served for word in (title, placeholder, results, none))
    page.goto(url)
    button = page.locator("header [data-site-search-open]")
    assert button.get_attribute("aria-label") == label and button.get_attribute("title") == title
    assert button.get_attribute("aria-haspopup") == "dialog" and button.get_attribute("aria-keyshortcuts") == "/ s"
    assert page.get_by_role("button", name=label, exact=True).count() == 1
    button.click()
    dialog = page.get_by_role("dialog", name=name)
    assert dialog.is_visible()
    field = dialog.get_by_role("combobox", name=name)
    assert field.evaluate("e => e === document.activeElement")
    assert field.get_attribute("placeholder") == placeholder
    assert field.get_attribute("aria-controls") == "site-search-results"
    assert field.get_attribute("aria-expanded") == "false"
    assert dialog.get_by_role("listbox", name=results).count() == 1
    field.fill("量子计算")
    status = dialog.get_by_role("status")
    status.filter(has_text=none).wait_for()
    field.fill("文明")
    dialog.get_by_role("option").first.wait_for()
    assert field.get_attribute("aria-expanded") == "true"
    assert field.get_attribute("aria-activedescendant") == "site-search-result-0"
    page.keyboard.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "site-search-result-1"
    dialog.get_by_role("button", name=close, exact=True).click()
    assert not dialog.is_visible()
    assert button.evaluate("e => e === document.activeElement")


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


def test_each_edition_shows_the_one_index_in_its_own_script(page, site_url, generated, built_site):
    """Every doc of the site's one index, as search.js shows it in each
    edition, is that edition's text exactly (the Traditional one: the map's
    conversion and the stored lines); and a speech's lines are its page's."""
    count = json.loads((built_site / "search" / "meta.json").read_text(encoding="utf-8"))["docs"]
    for edition in ("zh-Hans", "zh-Hant"):
        page.goto(site_url + edition + "/")
        shown = page.evaluate("async (n) => { const out = []; for (let i = 0; i < n; i++) out.push(await window.siteSearch.record(i)); return out; }", count)
        for record, own in zip(shown, generated.search[edition], strict=True):
            assert (record["url"], record["title"], record["provenance"], record["text"]) == (own.url, own.title, own.provenance, own.text)
            assert [tuple(h) for h in record.get("headings", [])] == list(own.headings)
        assert not page.errors and not page.external
        # The lines of a speech as its page prints them.
        speech = generated.speeches[3]
        page.goto(f"{site_url}{edition}/speeches/{speech.id}/")
        printed = page.evaluate(
            "ids => ids.map(id => { const e = document.getElementById(id).cloneNode(true);"
            " e.querySelectorAll('.para-link, .headerlink').forEach(x => x.remove()); return e.textContent.trim(); })",
            list(speech.anchors),
        )
        assert printed == shown[3]["text"].split("\n")


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


def index_files(built_site):
    """The site's one search index, which both editions read."""
    root = built_site / "search"
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
    by_edition = {}
    for edition in ("zh-Hans", "zh-Hant"):
        page.goto(site_url + edition + "/")
        found = by_edition[edition] = page.evaluate(
            "async (qs) => { const out = []; for (const q of qs) out.push(await window.siteSearch.urls(q)); return out; }",
            [q for q, _ in queries],
        )
        files = index_files(built_site)
        mapping = page.evaluate("() => window.SCRIPT_QUERY_MAP")
        for (query, sid), urls in zip(queries, found):
            if not any(u.rstrip("/").endswith(f"/speeches/{sid}") for u in urls):
                misses.append((edition, query, sid))
            reference = search(files, convert_query(mapping, query))
            assert [site_url + edition + u for u in reference] == urls, (edition, query)
    # One index: both editions find the same speeches in the same order.
    assert [[u.removeprefix(site_url + "zh-Hans") for u in urls] for urls in by_edition["zh-Hans"]] == [
        [u.removeprefix(site_url + "zh-Hant") for u in urls] for urls in by_edition["zh-Hant"]
    ]
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
    # meta.json, three shards (文明, 明城, 城市) at most, the speeches' lengths
    # (lengths.bin), the docs' characters (chars.bin), one text per result.
    assert 1 + 1 + 2 + len(holding) <= len(fetched) <= 1 + 3 + 2 + len(holding)
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_icons_are_painted_by_the_stylesheet(browser, site_url, generated, scheme):
    """The theme's icons are empty <svg> elements that the stylesheet paints
    (the icon's shape as a mask over the text colour): no page carries their
    drawings, and each header button shows its icon at Material's size, in
    the button's colour, in either colour scheme (on a phone, where the
    outline button shows too)."""
    with browsing(browser, site_url, viewport={"width": 390, "height": 844}, color_scheme=scheme) as page:
        page.goto(speech_url(site_url, generated, "zh-Hans", (9,)))
        icons = page.evaluate(
            """() => [...document.querySelectorAll("svg")].map(e => {
                const r = e.getBoundingClientRect(), s = getComputedStyle(e);
                return {cls: e.getAttribute("class") || "", drawn: e.childElementCount,
                        header: !!e.closest(".md-header__button"), width: r.width, height: r.height,
                        mask: s.maskImage || s.webkitMaskImage, paint: s.backgroundColor, color: s.color};
            })"""
        )
        search = page.evaluate(
            """() => {
                const b = document.querySelector(".md-header__button[data-site-search-open]");
                const s = getComputedStyle(b, "::before");
                return {cls: "search", drawn: b.querySelectorAll("svg").length, header: true,
                        width: parseFloat(s.width), height: parseFloat(s.height),
                        mask: s.maskImage || s.webkitMaskImage, paint: s.backgroundColor, color: s.color};
            }"""
        )
    assert page.errors == [] and page.external == []
    assert len(icons) >= 10
    for icon in icons:
        assert icon["drawn"] == 0 and icon["cls"].startswith("icon icon-"), icon
        assert icon["mask"].startswith('url("data:image/svg+xml'), icon
    shown = [icon for icon in icons if icon["header"] and icon["width"]]
    # The drawer, palette, language and outline buttons; the search button's
    # icon is its ::before, with no <svg> at all.
    assert {icon["cls"] for icon in shown} >= {"icon icon-menu", "icon icon-translate", "icon icon-table-of-contents"}
    assert search["drawn"] == 0 and search["mask"].startswith('url("data:image/svg+xml'), search
    for icon in shown + [search]:
        assert icon["width"] == icon["height"] == 24 and icon["paint"] == icon["color"], icon


@pytest.mark.parametrize("width", [390, 1280])
def test_the_colour_scheme_toggle_cycles_and_is_remembered(browser, site_url, generated, width):
    """javascripts/header.js builds Material's toggle in the header: system,
    light, dark, each button named after the scheme it switches to, in the
    edition's words, by mouse or keyboard; the choice is applied on the next
    page before Material's script runs, and the 404 page keeps it too."""
    with browsing(browser, site_url, viewport={"width": width, "height": 900}, color_scheme="light") as page:
        page.goto(speech_url(site_url, generated, "zh-Hans", (9,)))
        toggle = page.locator("form[data-md-component=palette] label:not([hidden])")

        def scheme():
            return page.locator("body").get_attribute("data-md-color-scheme")

        assert page.locator("form[data-md-component=palette] input[type=radio]").count() == 3
        assert toggle.count() == 1 and toggle.get_attribute("title") == "切换到浅色模式" and scheme() == "default"
        toggle.click()
        assert toggle.get_attribute("title") == "切换到深色模式" and scheme() == "default"
        toggle.click()
        assert toggle.get_attribute("title") == "跟随系统设置" and scheme() == "slate"
        # Remembered: set while the page is parsed, before Material's script
        # (which the page is made to fail to load) would.
        page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
        page.goto(speech_url(site_url, generated, "zh-Hans", (6,)))
        assert scheme() == "slate"
        page.unroute("**/assets/javascripts/bundle.*.js")
        page.goto(site_url + "zh-Hans/404.html")
        assert scheme() == "slate"
        page.goto(speech_url(site_url, generated, "zh-Hant", (6,)))
        assert toggle.get_attribute("title") == "切換到淺色模式"
        assert scheme() == "default"  # each edition keeps its own choice
        # The keyboard: on the toggle's (visually hidden) radio buttons, Enter switches.
        page.locator("#__palette_0").focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("title") == "切換到深色模式"
    assert [e for e in page.errors if "bundle" not in e and "ERR_FAILED" not in e] == [] and page.external == []


@pytest.mark.parametrize("edition, label, name", [("zh-Hans", "搜索", "搜索讲话"), ("zh-Hant", "搜尋", "搜尋講話")])
def test_the_404_pages_own_search_button_opens_the_dialog(browser, site_url, edition, label, name):
    """The 404 page has a search button of its own beside the header's: the
    dialog (built once, beside the header's button, with the edition's words
    from its words.js) opens from either."""
    with browsing(browser, site_url) as page:
        assert page.goto(site_url + edition + "/speeches/no-such-speech/").status == 404
        own = page.locator(".not-found__search [data-site-search-open]")
        own.wait_for()
        # Built by search.js, which runs after the page's own script shows the button.
        page.locator("dialog.site-search").wait_for(state="attached")
        assert own.inner_text() == name and page.locator("dialog.site-search").count() == 1
        assert page.locator("header [data-site-search-open]").get_attribute("aria-label") == label
        own.click()
        dialog = page.get_by_role("dialog", name=name)
        assert dialog.is_visible() and dialog.get_by_role("combobox", name=name).count() == 1
    # The one error: the missing page's own status.
    assert [e for e in page.errors if "404 (Not Found)" not in e] == [] and page.external == []


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


# ---------------------------------------------------------------------------
# A result opens the speech at its passage


def landing(url: str) -> tuple[str, str, str | None]:
    """A result's address: the page, the query it carries, the passage's id."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)["q"][0]
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query, unquote(parts.fragment) if parts.fragment else None


def records_by_url(built_site) -> dict[str, dict]:
    """The docs of the site's one index (Simplified text, with what the
    Traditional edition prints where its map would not make it)."""
    out = {}
    for path in (built_site / "search" / "docs").glob("*.bin"):
        record = decode_doc(path.read_bytes(), (built_site / "search" / "chars.bin").read_bytes())
        out[record["url"]] = record
    return out


def page_maps(page) -> tuple[dict, dict | None]:
    """The edition's query map (to the index's Simplified) and, in the
    Traditional edition, the map that shows results in its script."""
    return page.evaluate("() => window.SCRIPT_QUERY_MAP"), page.evaluate("() => window.SCRIPT_DISPLAY_MAP || null")


@pytest.mark.parametrize("edition, typed", [("zh-Hans", "穗字"), ("zh-Hant", "穗字"), ("zh-Hant", "卫生城市"), ("zh-Hans", "PPP 模式")])
def test_a_result_opens_the_speech_at_its_passage_with_the_query_marked(page, site_url, built_site, edition, typed):
    page.goto(site_url + edition + "/")
    page.keyboard.press("/")
    page.keyboard.type(typed)
    first = page.locator(".site-search__result a").first
    first.wait_for()
    url, query, anchor = landing(first.evaluate("a => a.href"))
    query_map, display_map = page_maps(page)
    # The excerpt from its first mark to the end of that paragraph (the
    # excerpt shows paragraph breaks as spaces).
    excerpt_runs = first.locator(".site-search__excerpt").evaluate(
        "p => [...p.childNodes].map(n => [n.textContent, n.nodeName === 'MARK'])"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**#*")
    assert landing(page.url) == (url, query, anchor) and anchor is not None
    # The passage the reference reader names, in view, the query's words marked there.
    record = records_by_url(built_site)[url.removeprefix(site_url + edition)]
    # The query the page marks is in the edition's script; the index's is Simplified.
    assert edition_passage(record, convert_query(query_map, typed), display_map) == anchor
    if display_map:
        assert not re.search("[卫们这说会]", query), query
    target = page.locator(f'[id="{anchor}"]')
    page.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 250", arg=anchor)
    marks = [normalize(m) for m in target.locator("mark.search-hit").all_inner_texts()]
    wanted = terms(query)
    # Each mark is the query's words (adjacent ones in one mark), each word marked.
    assert marks and all(re.fullmatch("(?:" + "|".join(map(re.escape, wanted)) + ")+", m) for m in marks), marks
    assert all(any(term in m for m in marks) for term in wanted)
    assert page.locator("mark.search-hit").count() == len(marks)  # there only
    # The excerpt the result showed is from that passage: its match and what follows it.
    shown = first_mark_on(excerpt_runs)
    assert shown in normalize(target.inner_text())
    # Its links and the citation give the page's address, without the query.
    assert "?" not in page.locator(".citation__url").inner_text()


def first_mark_on(runs: list[tuple[str, bool]]) -> str:
    """The text of an excerpt from its first mark to its paragraph's end
    (the speeches' text has no spaces: the excerpt shows line breaks so)."""
    start = next(i for i, (_, marked) in enumerate(runs) if marked)
    return normalize("".join(t for t, _ in runs[start:]).removesuffix("…").split(" ")[0])


def test_every_result_opens_where_the_reference_reader_says(page, site_url, generated, built_site):
    """The words of the recall test: each result's passage is the reference
    reader's (search_index.passage), and holds the query's words."""
    queries = [q for q, _ in sample_queries(generated)][::4]
    converter = Converter("s2tw")
    queries += [converter.convert(q) for q in queries[:20]]
    opened = 0
    records = records_by_url(built_site)
    for edition in ("zh-Hans", "zh-Hant"):
        page.goto(site_url + edition + "/")
        links = page.evaluate(
            "async (qs) => { const out = []; for (const q of qs) out.push(await window.siteSearch.links(q)); return out; }",
            queries,
        )
        query_map, display_map = page_maps(page)
        for typed, hrefs in zip(queries, links, strict=True):
            for href in hrefs:
                url, query, anchor = landing(href)
                record = records[url.removeprefix(site_url + edition)]
                assert edition_passage(record, convert_query(query_map, typed), display_map) == anchor
                if display_map:
                    record = edition_record(record, display_map)
                if anchor and anchor.startswith("p"):
                    lines = normalize(record["text"]).split("\n")
                    headings = {line for line, _ in record.get("headings", [])}
                    paragraphs = [line for line in range(len(lines)) if line not in headings]
                    assert any(term in lines[paragraphs[int(anchor[1:]) - 1]] for term in terms(query))
                    opened += 1
    assert opened > 100


def test_the_deployed_pages_list_both_editions_for_search_engines(browser, deployed_site, generated):
    """Built with SITE_URL: every page names its copy in each edition
    (<link rel="alternate" hreflang>, absolute), and no page view fetches a
    sitemap for them (Material's script would)."""
    url = deployed_site.url
    fetched = []
    with browsing(browser, url) as page:
        page.context.on("requestfinished", lambda r: fetched.append(r.url))
        page.goto(url + speech_path(generated, "zh-Hant", 9))
        page.wait_for_load_state("networkidle")
        alternates = page.locator('link[rel="alternate"][hreflang]').evaluate_all(
            "links => links.map(l => [l.hreflang, l.getAttribute('href')])"
        )
    assert alternates == [["zh-Hans", url + speech_path(generated, "zh-Hans", 9)],
                          ["zh-Hant", url + speech_path(generated, "zh-Hant", 9)]]
    assert page.errors == [] and page.external == []
    assert not [u for u in fetched if "sitemap" in u], fetched
