"""Reading aids of the built site: placeholder switch, links to paragraphs,
citation, collation note, related and neighbouring speeches, link previews,
typography and print. The browser tests drive Debian's Chromium through
Playwright, like tests/test_browser.py."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from . import dom
from .browser import Server, browsing, origin
from .conftest import speech_by_sections, speech_path

browser_test = pytest.mark.browser

EDITIONS = ("zh-Hans", "zh-Hant")
# The strings each edition shows, in its own script.
STRINGS = {
    "zh-Hans": {
        "hide": "隐藏待填写处",
        "show": "显示待填写处",
        "placeholders_title": "范文模板中留待填写的占位符，如 xx、20xx、****",
        "paragraph": "链接到第{n}段",
        "heading": "链接到本节：（三）强化服务",
        "copied_link": "已复制本段链接",
        "copy_citation": "复制引用",
        "copied_citation": "已复制引用",
        "accessed": "访问日期：",
        "toc": ["一、统一思想，达成创建共识", "二、突出重点，落实创建任务", "来源", "引用本文", "相关讲话"],
        "next": "下一篇",
        "locale": "zh_CN",
    },
    "zh-Hant": {
        "hide": "隱藏待填寫處",
        "show": "顯示待填寫處",
        "placeholders_title": "範文模板中留待填寫的佔位符，如 xx、20xx、****",
        "paragraph": "連結到第{n}段",
        "heading": "連結到本節：（三）強化服務",
        "copied_link": "已複製本段連結",
        "copy_citation": "複製引用",
        "copied_citation": "已複製引用",
        "accessed": "訪問日期：",
        "toc": ["一、統一思想，達成創建共識", "二、突出重點，落實創建任務", "來源", "引用本文", "相關講話"],
        "next": "下一篇",
        "locale": "zh_TW",
    },
}


def clipboard(page) -> str:
    return page.evaluate("() => navigator.clipboard.readText()")


def style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el).getPropertyValue({prop!r})")


# ---------------------------------------------------------------------------
# Link previews (the built HTML; no browser needed)


def head_meta(path: Path) -> dict[str, str]:
    """The head's <meta> by name and by property (one element may have both:
    the description is search engines' and link previews' at once)."""
    head = dom.parse(path.read_text(encoding="utf-8")).find("head")
    return {
        meta.attrs[key]: meta.attrs["content"]
        for meta in head.find_all("meta")
        if "content" in meta.attrs
        for key in ("property", "name")
        if key in meta.attrs
    }


@pytest.mark.parametrize("edition", EDITIONS)
def test_speech_pages_carry_link_previews(built_site, generated, edition):
    for speech in generated.speeches:
        page = built_site / edition / "speeches" / speech.id / "index.html"
        meta = head_meta(page)
        front = yaml.safe_load(generated.files[f"{edition}/speeches/{speech.id}.md"].decode().split("---\n")[1])
        assert meta["description"] == meta["og:description"] == front["description"]
        # One element for both (search engines read name, link previews property).
        assert dom.parse(page.read_text(encoding="utf-8")).find("meta", name="description").attrs["property"] == "og:description"
        assert meta["og:title"] == front["title"]
        assert meta["og:type"] == "article" and meta["twitter:card"] == "summary"
        # X (Twitter) falls back to og:title and og:description: no copy of them.
        assert "twitter:title" not in meta and "twitter:description" not in meta
        assert meta["og:locale"] == STRINGS[edition]["locale"]
        assert meta["og:site_name"] == ("讲话稿文库" if edition == "zh-Hans" else "講話稿文庫")
        assert "og:url" not in meta  # built_site has no site URL: no absolute address to give
    home = head_meta(built_site / edition / "index.html")
    assert home["og:type"] == "website" and home["og:locale"] == STRINGS[edition]["locale"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_canonical_url_feeds_og_url(deployed_site, generated, edition):
    """Built with a site URL (as the Pages workflow does), pages have canonical URLs."""
    speech = speech_by_sections(generated, 1, 3)
    meta = head_meta(deployed_site.site / edition / "speeches" / speech.id / "index.html")
    assert meta["og:url"] == f"{deployed_site.url}{edition}/speeches/{speech.id}/"


# ---------------------------------------------------------------------------
# Placeholders


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_placeholder_switch_hides_and_shows_the_highlighting(page, site_url, generated, edition):
    words = STRINGS[edition]
    page.goto(site_url + speech_path(generated, edition, 1, 3))
    button = page.locator("[data-placeholder-toggle]")
    marks = page.locator("article mark:not(.search-hit)")
    assert marks.count() == 8 and marks.first.inner_text() == "****"
    assert button.is_visible() and button.inner_text() == words["hide"]
    # reader.js's, in the edition's words (javascripts/words.js), before the marks' status line.
    assert button.get_attribute("title") == words["placeholders_title"]
    assert page.locator(".reader-tools > :first-child").get_attribute("data-placeholder-toggle") == ""
    highlighted = style(marks.first, "background-color")
    assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")
    button.click()
    assert button.inner_text() == words["show"]
    assert style(marks.first, "background-color") == "rgba(0, 0, 0, 0)"
    assert "穗字[****]6" in page.locator("article").inner_text()  # the text itself stays
    # The choice is remembered, on this page and the next.
    page.reload()
    assert page.locator("html").get_attribute("class").split().count("placeholders-hidden") == 1
    assert button.inner_text() == words["show"]
    assert style(marks.first, "background-color") == "rgba(0, 0, 0, 0)"
    button.click()
    assert button.inner_text() == words["hide"] and style(marks.first, "background-color") == highlighted
    # A speech without blanks has no switch.
    page.goto(site_url + speech_path(generated, edition, 6))
    assert page.locator("[data-placeholder-toggle]").count() == 0


# ---------------------------------------------------------------------------
# Links to paragraphs and headings


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_paragraph_link_goes_to_its_anchor_and_copies_it(page, site_url, generated, edition):
    words = STRINGS[edition]
    url = site_url + speech_path(generated, edition, 9)
    page.goto(url)
    first = page.locator('[id="p1"] .para-link')
    second = page.locator('[id="p2"] .para-link')
    assert style(second, "opacity") == "0"  # shown on hover and focus only
    page.locator('[id="p2"]').hover()
    page.wait_for_function("() => getComputedStyle(document.querySelector('#p2 .para-link')).opacity === '1'")
    assert second.get_attribute("aria-label") == words["paragraph"].format(n=2)
    # Keyboard only: from the first paragraph's link, Tab reaches the second's.
    first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#p2"
    assert style(second, "opacity") == "1"
    page.keyboard.press("Enter")
    page.wait_for_url(url + "#p2")
    assert 0 <= page.locator('[id="p2"]').evaluate("el => el.getBoundingClientRect().top") < 200
    assert page.locator(".reader-status").inner_text() == words["copied_link"]
    assert clipboard(page) == url + "#p2"


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_reader_script_draws_a_link_on_every_paragraph_and_heading(page, browser, site_url, generated, edition):
    """The ¶ links come from reader.js: one on each paragraph of the text
    and on each heading of the page (the title, the speech's sections, 来源,
    引用本文 …), to its own anchor, named in the page's script; without
    JavaScript there is none, and the anchors still work."""
    words = STRINGS[edition]
    speech = speech_by_sections(generated, 1, 3)
    url = site_url + speech_path(generated, edition, 1, 3)
    page.goto(url)
    paragraphs = [a for a in speech.anchors if a.startswith("p")]
    links = page.locator("article .para-link")
    assert links.count() == len(paragraphs)
    for n, anchor in enumerate(paragraphs):
        link = page.locator(f'[id="{anchor}"] > a.para-link')
        assert link.count() == 1 and links.nth(n).get_attribute("href") == f"#{anchor}"
        label = words["paragraph"].format(n=anchor[1:])
        assert link.get_attribute("aria-label") == label == link.get_attribute("title")
        assert link.inner_text() == "¶"
    headings = page.evaluate(
        """() => [...document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)[id]')].map(h => {
             const links = h.querySelectorAll('a.headerlink');
             const link = links[0];
             return [h.id, links.length, link && link.parentElement === h && !link.nextSibling,
                     link && link.getAttribute('href'), link && link.title, link && link.getAttribute('aria-label'),
                     link && link.textContent, h.textContent.slice(0, -1).trim()];
           })"""
    )
    prefix = words["heading"].split("：")[0]
    sections = [a for a in speech.anchors if not a.startswith("p")]
    assert [h[0] for h in headings] == ["title", *sections, "provenance", "cite", "related"]
    for id_, count, last, href, title, label, sign, text in headings:
        assert (count, last, href, title, label, sign) == (1, True, f"#{id_}", prefix, f"{prefix}：{text}", "¶"), id_
    # Reached with the keyboard, it shows (Material's look, as before).
    page.locator('[id="cite"] .headerlink').focus()
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    assert page.evaluate("() => document.activeElement.closest('h2').id") == "cite"
    page.locator('[id="p3"]').hover()
    page.locator('[id="p3"] .para-link').click()
    page.wait_for_url(url + "#p3")
    assert page.evaluate("() => document.querySelector(':target').id") == "p3"
    context = browser.new_context(java_script_enabled=False)
    try:
        bare = context.new_page()
        bare.goto(url + "#p3")
        assert bare.locator(".para-link").count() == 0 and "¶" not in bare.locator('[id="p3"]').inner_text()
        assert bare.evaluate("() => document.querySelector(':target').id") == "p3"
        bare.goto(url + "#cite")
        assert bare.locator(".headerlink").count() == 0 and "¶" not in bare.locator("article").inner_text()
        assert bare.evaluate("() => document.querySelector(':target').id") == "cite"
    finally:
        context.close()


@browser_test
def test_headings_of_other_pages_have_their_links_and_the_404_page_none(page, browser, site_url):
    """reader.js draws the heading links on every page (here 关于本站),
    not on the 404 page, whose address is of no page."""
    page.goto(site_url + "zh-Hans/about/")
    headings = page.locator("article :is(h1, h2)[id]")
    assert headings.count() > 1 and page.locator("article :is(h1, h2) > a.headerlink").count() == headings.count()
    context = browser.new_context()  # the 404 status is a console error the page fixture refuses
    try:
        missing = context.new_page()
        assert missing.goto(site_url + "zh-Hans/speeches/no-such-speech/").status == 404
        # The site root's 404 shows the edition's: wait for it, scripts run.
        missing.wait_for_selector("h1#title")
        missing.wait_for_function("() => document.readyState === 'complete' && document.querySelector('.site-search')")
        assert missing.locator("h1#title").count() == 1 and missing.locator(".headerlink").count() == 0
        assert missing.locator(".md-search, .site-search").count() >= 1  # the site's own 404, scripts loaded
    finally:
        context.close()


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_heading_link_has_a_name_and_goes_to_the_heading(page, site_url, generated, edition):
    url = site_url + speech_path(generated, edition, 6)
    page.goto(url)
    link = page.locator('[id="二-三"] .headerlink')
    assert link.get_attribute("aria-label").startswith(STRINGS[edition]["heading"])
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**#*")
    assert page.url == url + "#%E4%BA%8C-%E4%B8%89"
    assert clipboard(page) == url + "#%E4%BA%8C-%E4%B8%89"


# ---------------------------------------------------------------------------
# Citation


def today() -> str:
    d = datetime.date.today()
    return f"{d.year}年{d.month}月{d.day}日"


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_copy_citation_puts_it_on_the_clipboard(page, site_url, generated, edition):
    words = STRINGS[edition]
    url = site_url + speech_path(generated, edition, 1, 3)
    page.goto(url)
    text = page.locator(".citation__text").inner_text()
    title = page.locator("article h1").inner_text().replace("¶", "").strip()
    assert text.startswith(f"《{title}》") and f"，{url}，{words['accessed']}" in text
    page.get_by_role("button", name=words["copy_citation"]).click()
    page.wait_for_function("() => document.querySelector('.reader-status').textContent.length > 0")
    assert page.locator(".reader-status").inner_text() == words["copied_citation"]
    copied = clipboard(page)
    assert copied == text and url in copied and copied.endswith(words["accessed"] + today() + "。")


@browser_test
def test_copy_citation_without_the_clipboard_api(browser, site_url, generated):
    """No navigator.clipboard (an old browser, an insecure origin): the
    fallback copies, or leaves the citation selected and says so."""
    url = site_url + speech_path(generated, "zh-Hans", 6)
    with browsing(browser, site_url) as page:
        # Another page of the same browser, with the Clipboard API, to read
        # back what the fallback copies; it first puts something else there.
        reader = page.context.new_page()
        reader.goto(site_url + "zh-Hans/")
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin(site_url))
        reader.evaluate("() => navigator.clipboard.writeText('nothing copied yet')")
        assert clipboard(reader) == "nothing copied yet"
        page.context.clear_permissions()  # none while the page copies
        page.add_init_script("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
        page.goto(url)
        text = page.locator(".citation__text").inner_text()
        title = page.locator("article h1").inner_text().replace("¶", "").strip()
        assert text.startswith(f"《{title}》") and f"，{url}，访问日期：" in text
        page.get_by_role("button", name="复制引用").click()
        page.wait_for_function("() => document.querySelector('.reader-status').textContent.length > 0")
        status = page.locator(".reader-status").inner_text()
        assert status in ("已复制引用", "无法自动复制，引文已选中，请按 Ctrl+C 复制")
        if status == "已复制引用":
            page.context.grant_permissions(["clipboard-read"], origin=origin(site_url))
            copied = clipboard(reader)
            assert copied == text and copied.startswith(f"《{title}》") and url in copied
            assert copied.endswith("访问日期：" + today() + "。")
        else:
            assert page.evaluate("() => getSelection().toString()") == text
        assert page.errors == [] and page.external == []


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_citation_uses_the_canonical_url_when_the_site_has_one(browser, deployed_site, generated, edition):
    """The deployed build read at another address than its own: the citation
    and the paragraph links give the canonical address, not the one read at."""
    server = Server(deployed_site.site).start()
    url = server.url
    try:
        with browsing(browser, url, clipboard=True) as page:
            speech = speech_by_sections(generated, 1, 3)
            page.goto(f"{url}{edition}/speeches/{speech.id}/")
            canonical = f"{deployed_site.url}{edition}/speeches/{speech.id}/"
            assert not canonical.startswith(url)
            assert page.locator(".citation__url").inner_text() == canonical
            page.locator('[id="p3"]').hover()
            page.locator('[id="p3"] .para-link').click()
            assert clipboard(page) == canonical + "#p3"
    finally:
        server.stop()


# ---------------------------------------------------------------------------
# Collation, related speeches, neighbours, outline


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_collation_note_opens_and_leads_to_the_paragraph(page, site_url, generated, edition):
    url = site_url + speech_path(generated, edition, 1, 3)
    page.goto(url)
    note = page.locator("details.collation")
    assert note.get_attribute("open") is None
    rows = note.locator(".collation__variants li")
    assert not rows.first.is_visible()
    note.locator("summary").click()
    assert rows.count() == 6 and rows.nth(2).is_visible()
    assert "2010" in rows.nth(2).inner_text() and "2022" in rows.nth(2).inner_text()
    # Each copy's reading names its line, a link to it on the source page as published.
    lines = rows.nth(2).locator("a[href*='source-pages/']")
    assert [a.get_attribute("href").split("#")[1] for a in lines.all()] == ["L58", "L28"]
    rows.nth(2).locator("a").first.click()
    page.wait_for_url(url + "#p5")


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_outline_related_and_next_speech(page, site_url, generated, edition):
    words = STRINGS[edition]
    page.goto(site_url + speech_path(generated, edition, 6))
    toc = page.locator(".md-sidebar--secondary")
    assert toc.is_visible()
    entries = [t.strip() for t in toc.locator(".md-nav__link").all_inner_texts()]
    assert all(entry in entries for entry in words["toc"]), entries
    related = page.locator('[id="related"] + .speech-list li > a')
    assert 3 <= related.count() <= 5
    order = generated.collections[0].speech_ids
    current = speech_by_sections(generated, 6).id
    following = order[order.index(current) + 1]
    page.locator('.speech-pager [rel="next"]').click()
    page.wait_for_url(f"**/{edition}/speeches/{following}/")
    assert words["next"] in page.locator(".speech-pager").inner_text()


# ---------------------------------------------------------------------------
# Typography and print


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_body_text_measure_leading_and_fonts(page, site_url, generated, edition):
    page.goto(site_url + speech_path(generated, edition, 4))
    paragraph = page.locator('[id="p3"]')
    width, size, leading = paragraph.evaluate(
        "el => [el.getBoundingClientRect().width, parseFloat(getComputedStyle(el).fontSize),"
        " parseFloat(getComputedStyle(el).lineHeight)]"
    )
    assert 35 <= width / size <= 40  # characters per line on a wide screen
    assert 1.7 <= leading / size <= 1.9
    assert style(paragraph, "text-align") == "justify"
    font = style(paragraph, "font-family")
    assert font.startswith('"PingFang SC"' if edition == "zh-Hans" else '"PingFang TC"'), font
    assert page.locator("html").get_attribute("lang") == edition


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_print_shows_only_the_text(page, site_url, generated, edition):
    page.goto(site_url + speech_path(generated, edition, 1, 3))
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".reader-tools",
        "[data-placeholder-toggle]",
        "[data-citation-copy]",
        ".speech-pager",
        '[id="related"]',
        '[id="related"] + .speech-list',
    ):
        assert not page.locator(selector).first.is_visible(), selector
    assert not page.locator('[id="p3"] .para-link').is_visible()
    assert page.locator("article h1").is_visible() and page.locator(".citation__text").is_visible()
    paragraph = page.locator('[id="p3"]')
    assert style(paragraph, "color") == "rgb(0, 0, 0)"
    assert style(page.locator("article h2").first, "break-after") == "avoid"
    assert style(paragraph, "orphans") == "3" and style(paragraph, "widows") == "3"
    assert style(paragraph, "font-family").startswith('"Songti')
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()


# ---------------------------------------------------------------------------
# The outline on every width (issue: a long speech on a phone had no way to
# reach a section)

# The speech with the most headings (26), and screens that readers use.
LONG_SPEECH = (7, 8)
WIDTHS = {"phone": (390, 844), "tablet": (768, 1024), "small laptop": (1024, 768), "desktop": (1280, 900)}


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_outline_is_at_hand_on_every_width(browser, site_url, generated, edition, device):
    """Every heading of the speech is one tap away: in the sidebar on a wide
    screen, in a drawer the header's outline button opens below 60em (the
    drawer closes once a section is chosen)."""
    width, height = WIDTHS[device]
    with browsing(browser, site_url, viewport={"width": width, "height": height}) as page:
        page.goto(site_url + speech_path(generated, edition, *LONG_SPEECH))
        headings = page.locator("article :is(h2, h3)[id]").evaluate_all("hs => hs.map(h => h.id)")
        assert len(headings) >= 25
        outline = page.locator("#__outline_panel")
        button = page.locator(".outline-button")
        if width >= 960:
            assert outline.is_visible() and not button.is_visible()
        else:
            assert not outline.is_visible() and button.is_visible()
            assert button.get_attribute("title") == ("目录" if edition == "zh-Hans" else "目錄")
            button.click()
            assert outline.is_visible()
            box = outline.bounding_box()
            assert box["x"] > 0 and abs(box["x"] + box["width"] - width) < 1 and box["height"] == height
        links = outline.locator("a.md-nav__link")
        assert links.evaluate_all("links => links.map(a => decodeURIComponent(a.hash.slice(1)))") == headings
        chosen = links.nth(20)
        chosen.click()
        page.wait_for_url("**#*")
        target = page.locator(f'[id="{headings[20]}"]')
        assert unquote(page.url.split("#")[1]) == headings[20]
        page.wait_for_function("id => Math.abs(document.getElementById(id).getBoundingClientRect().top) < 200", arg=headings[20])
        assert target.is_visible()
        if width < 960:
            assert not outline.is_visible()
            # Opened again, where the reader is: the page stays, the drawer
            # shows the section being read.
            scrolled = page.evaluate("scrollY")
            button.click()
            assert outline.is_visible() and page.evaluate("scrollY") == scrolled
            current = outline.locator(".md-nav__link--active")
            assert current.count() == 1
            top = current.evaluate("a => a.getBoundingClientRect().top")
            assert 0 < top < height - 40
            page.locator(".outline-close").click()
            assert not outline.is_visible() and page.evaluate("scrollY") == scrolled
    assert page.errors == [] and page.external == []


@browser_test
def test_the_outline_drawer_with_the_keyboard_and_without_javascript(browser, site_url, generated):
    url = site_url + speech_path(generated, "zh-Hans", *LONG_SPEECH)
    phone = {"width": 390, "height": 844}
    with browsing(browser, site_url, viewport=phone) as page:
        page.goto(url)
        outline = page.locator("#__outline_panel")
        toggle = page.locator("#__outline")
        assert toggle.get_attribute("aria-label") == "目录"
        toggle.focus()
        page.keyboard.press("Space")
        assert outline.is_visible()
        page.keyboard.press("Tab")  # on into the outline
        assert page.evaluate("() => !!document.activeElement.closest('#__outline_panel')")
        page.keyboard.press("Escape")
        assert not outline.is_visible()
        assert page.evaluate("() => document.activeElement.id") == "__outline"
    context = browser.new_context(viewport=phone, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        outline = page.locator("#__outline_panel")
        page.locator(".outline-button").click()
        assert outline.is_visible()
        outline.locator("a.md-nav__link").nth(3).click()
        page.wait_for_url("**#*")
        page.mouse.click(20, 400)  # the page behind the drawer
        assert not outline.is_visible()
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Small defects: the page never scrolls sideways, a hidden ¶ takes no line,
# the facts line wraps between facts, no button that needs JavaScript
# without it


@browser_test
@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_no_page_scrolls_sideways_and_no_hidden_link_takes_a_line(browser, site_url, generated, width):
    """On every speech page of both editions: nothing reaches past the
    window's right edge (the ¶ links fit in the margin), and no heading's
    hidden ¶ wraps onto a line of its own."""
    with browsing(browser, site_url, viewport={"width": width, "height": 900}) as page:
        for edition in EDITIONS:
            for speech in generated.speeches:
                page.goto(f"{site_url}{edition}/speeches/{speech.id}/")
                found = page.evaluate(
                    """() => {
                      const width = document.documentElement.clientWidth;
                      const past = [...document.querySelectorAll('.md-content *')]
                        .filter(e => e.getBoundingClientRect().right > width + 0.5)
                        .map(e => e.tagName + '.' + e.className);
                      const alone = [...document.querySelectorAll('.md-typeset :is(h1, h2, h3, h4) > .headerlink')]
                        .filter(link => {
                          const text = document.createRange();
                          text.selectNodeContents(link.parentElement);
                          text.setEndBefore(link);
                          const bottom = Math.max(...[...text.getClientRects()].map(r => r.bottom));
                          return link.getBoundingClientRect().top >= bottom - 2;
                        })
                        .map(link => link.parentElement.id);
                      return {scroll: document.documentElement.scrollWidth - width, past, alone};
                    }"""
                )
                assert found == {"scroll": 0, "past": [], "alone": []}, (edition, speech.id)
    assert page.errors == [] and page.external == []


@browser_test
@pytest.mark.parametrize("width", [390, 1280])
def test_an_index_page_lists_a_speech_a_line(browser, site_url, generated, width):
    """An index page of each facet, both editions: on a wide screen every
    entry is one line (title, place, date, length, as much of the opening
    as fits, at most 15em), or the opening under a long title; on a phone the title and, under it, one line of the rest; the
    page never scrolls sideways."""
    with browsing(browser, site_url, viewport={"width": width, "height": 900}) as page:
        for edition in EDITIONS:
            for facet in ("topics", "places", "dates"):
                assert page.goto(f"{site_url}{edition}/indexes/{facet}/").ok
                first_value = page.evaluate("document.querySelector('.md-content :is(.speech-list, .index-values) a').href")
                assert first_value.endswith("/"), first_value
                assert page.goto(first_value).ok
                found = page.evaluate(
                    """() => [...document.querySelectorAll('.speech-list--index li')].map(li => {
                      const box = e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.width]; };
                      const opening = li.querySelector(':scope > span');
                      return {title: box(li.querySelector('a')), meta: box(li.querySelector(':scope > small')),
                              opening: box(opening), full: opening.scrollWidth + parseFloat(getComputedStyle(opening).fontSize) > opening.clientWidth,
                              scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth};
                    })"""
                )
                assert found, (edition, facet)

                def same_line(x, y):  # boxes whose middles are on one line
                    return abs((x[0] + x[1]) / 2 - (y[0] + y[1]) / 2) < min(x[1] - x[0], y[1] - y[0]) / 2

                for entry in found:
                    title, meta, opening = entry["title"], entry["meta"], entry["opening"]
                    assert entry["scroll"] == 0 and opening[2] > 0, (edition, facet, entry)
                    assert opening[1] - opening[0] < 1.5 * (meta[1] - meta[0]), (edition, facet, entry)  # one line
                    if width < 960:  # the title its line, the rest the next one
                        assert meta[0] >= title[1] - 1 and same_line(meta, opening), (edition, facet, entry)
                    else:  # the facts beside the title, the opening there too when it has room
                        assert same_line(title, meta) and opening[0] >= title[0] - 1, (edition, facet, entry)
                        one_line = [same_line(e["title"], e["opening"]) for e in found]
                        assert any(one_line) or len(found) == 1, (edition, facet, found)
                    # The opening words fill their box (to the last character's
                    # width; at most 15em), cut by the ellipsis: the page
                    # carries about as many as the box shows.
                    assert entry["full"], (edition, facet, entry)
    assert page.errors == [] and page.external == []


@browser_test
@pytest.mark.parametrize("width", [320, 390])
def test_the_facts_lines_wrap_between_facts(browser, site_url, generated, width):
    """Under the title (facts, facets, downloads): no line starts with "·",
    and a link breaks only when its fact is longer than a line."""
    with browsing(browser, site_url, viewport={"width": width, "height": 900}) as page:
        wrapped = 0
        for edition in EDITIONS:
            for speech in generated.speeches:
                page.goto(f"{site_url}{edition}/speeches/{speech.id}/")
                found = page.evaluate(
                    """() => {
                      const lines = [...document.querySelectorAll('.speech-meta, .speech-facets, .speech-downloads')];
                      // Each "·": on the line of the fact's text before it (the space
                      // before it aside), or else it starts a line.
                      const starts = [];
                      for (const line of lines) {
                        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
                        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                          for (let i = node.data.indexOf('·'); i >= 0; i = node.data.indexOf('·', i + 1)) {
                            const dot = document.createRange();
                            dot.setStart(node, i);
                            dot.setEnd(node, i + 1);
                            const before = document.createRange();
                            before.setStart(node.parentElement.closest(':is(.speech-meta, .speech-facets, .speech-downloads) > span') || line, 0);
                            before.setEnd(node, node.data[i - 1] === ' ' ? i - 1 : i);
                            const rects = [...before.getClientRects()].filter(r => r.width > 0);
                            const last = rects[rects.length - 1];
                            if (!last || dot.getBoundingClientRect().top > last.top + 2) starts.push(node.data);
                          }
                        }
                      }
                      const broken = [...document.querySelectorAll(':is(.speech-meta, .speech-facets, .speech-downloads) > span a')]
                        .filter(a => new Set([...a.getClientRects()].map(r => Math.round(r.top))).size > 1)
                        .map(a => [a.textContent, a.closest(':is(.speech-meta, .speech-facets, .speech-downloads) > span').getBoundingClientRect().width >= a.closest('p').clientWidth - 1]);
                      return {starts, facts: document.querySelectorAll(':is(.speech-meta, .speech-facets, .speech-downloads) > span').length, broken};
                    }"""
                )
                assert found["starts"] == [] and found["facts"] >= 6, (edition, speech.id, found)
                assert all(longer for _, longer in found["broken"]), (edition, speech.id, found["broken"])
                wrapped += page.locator(".speech-meta").evaluate("p => p.getClientRects().length > 0 && p.offsetHeight > 40")
        assert wrapped > 0  # the lines do wrap at this width
    assert page.errors == [] and page.external == []


@browser_test
@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_no_button_that_needs_it_shows(browser, site_url, generated, width):
    """Material marks the page no-js until its script runs: the search
    button, the copy and placeholder buttons are hidden without it; what
    shows works without it (the language switch is a link, the drawers are
    checkboxes; the colour scheme toggle is built by its script)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        for path in (f"{EDITIONS[0]}/", speech_path(generated, "zh-Hans", 1, 3), speech_path(generated, "zh-Hant", 1, 3)):
            page.goto(site_url + path)
            # Shown: laid out, not transparent (Material's back-to-top button
            # waits, transparent and out of reach, for a scroll).
            shown = page.locator("button, [role=button]").evaluate_all(
                "bs => bs.filter(b => b.checkVisibility({opacityProperty: true, visibilityProperty: true}))"
                ".map(b => b.outerHTML.slice(0, 80))"
            )
            assert shown == [], (path, shown)
            # The language switch is a link, and the colour scheme toggle,
            # which needs JavaScript, is not there.
            assert page.locator("header a[data-edition]").is_visible()
            assert page.locator("[data-md-component=palette], .md-option").count() == 0
    finally:
        context.close()
    with browsing(browser, site_url, viewport={"width": width, "height": 900}) as page:
        page.goto(site_url + speech_path(generated, "zh-Hans", 1, 3))
        assert page.locator("[data-site-search-open]").is_visible()
        assert page.locator("[data-citation-copy]").is_visible() and page.locator("[data-placeholder-toggle]").is_visible()


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_credit_line_and_the_themes_words_are_the_editions(page, site_url, generated, edition):
    # The credit line to the theme: in the about page's text, not on every page.
    page.goto(site_url + edition + "/about/")
    credit = page.locator("article a[href*=mkdocs-material]")
    assert credit.inner_text() == "Material for MkDocs" and credit.get_attribute("lang") == "en"
    assert " ".join(credit.locator("xpath=..").inner_text().split()).startswith(
        "本站的网页以 Material for MkDocs 主题制作" if edition == "zh-Hans" else "本站的網頁以 Material for MkDocs 主題製作"
    )
    page.goto(site_url + speech_path(generated, edition, 1, 3))
    assert page.locator(".md-copyright, a[href*=mkdocs-material]").count() == 0
    assert page.locator("html").get_attribute("lang") == edition
    assert page.locator(".md-header nav").get_attribute("aria-label") == ("页眉" if edition == "zh-Hans" else "頁首")
    # The readings of merged copies, quoted as the edition quotes.
    page.locator("details.collation summary").click()
    reading = page.locator(".collation__variants li").first.inner_text()
    assert ("“" in reading and "「" not in reading) if edition == "zh-Hans" else ("「" in reading and "“" not in reading)
    # Material's words: the footer of a page of the navigation (頁尾 in Taiwan's usage).
    page.goto(site_url + edition + "/about/")
    footer = page.locator("nav.md-footer__inner")
    assert footer.get_attribute("aria-label") == ("页脚" if edition == "zh-Hans" else "頁尾")


# ---------------------------------------------------------------------------
# Source pages as scraped (render/source_pages.py)

SOURCE_WORDS = {
    "zh-Hans": {"published": "正文，收入", "from_collection": "查看来源页原文"},
    "zh-Hant": {"published": "正文，收入", "from_collection": "查看來源頁原文"},
}


@browser_test
@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", [390, 1280])
def test_provenance_opens_the_source_page_at_its_line_with_the_verdict_beside(browser, site_url, generated, edition, width):
    speech = speech_by_sections(generated, 1, 3)  # published from 第3篇, line 58
    # The seed page is Simplified: published in the Simplified edition only,
    # which the Traditional edition's links lead to.
    source = f"{site_url}zh-Hans/source-pages/{speech.collection_id}/"
    with browsing(browser, site_url, viewport={"width": width, "height": 844}) as page:
        page.goto(f"{site_url}{edition}/speeches/{speech.id}/")
        page.locator("#provenance ~ ul a[href$='#L58']").click()
        page.wait_for_url(source + "#L58")
        line = page.locator("li#L58")
        page.wait_for_timeout(200)  # the scroll to the line
        found = line.evaluate(
            """li => {
              const box = li.getBoundingClientRect(), header = document.querySelector('.md-header').getBoundingClientRect();
              const ol = li.parentElement, group = ol.parentElement;
              const verdict = group.querySelector(':scope > p').getBoundingClientRect();
              return {
                target: li.matches(':target'),
                number: ol.start + [...ol.children].indexOf(li),
                visible: box.top >= header.bottom - 1 && box.top < innerHeight - 40,  // its first line in sight (58 is a long line)
                verdictVisible: verdict.top >= header.bottom - 1 && verdict.bottom <= innerHeight,
                beside: verdict.left >= box.right, above: verdict.bottom <= box.top + 1,
                scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              };
            }"""
        )
        assert found["target"] and found["number"] == 58 and found["visible"] and found["scroll"] == 0, found
        # The verdict beside the line on a wide screen, above it (kept in sight) on a phone.
        assert found["verdictVisible"] and (found["beside"] if width > 800 else found["above"]), found
        assert style(line, "background-color") not in ("rgba(0, 0, 0, 0)", "transparent")
        verdict = page.locator(".src > div", has=line).locator(":scope > p")
        assert verdict.inner_text().startswith(SOURCE_WORDS["zh-Hans"]["published"])
        assert verdict.locator("a").get_attribute("href") == f"../../speeches/{speech.id}/"
        # Every line of the page once, in order, numbered by its list.
        numbers = page.evaluate(
            "() => [...document.querySelectorAll('.src li')].map(li => [li.id, li.parentElement.start + [...li.parentElement.children].indexOf(li)])"
        )
        lines = len(next(p for p in generated.pages if p.page.file == generated.collections[0].file).page.lines)
        assert numbers == [[f"L{n}", n] for n in range(1, lines + 1)]
        # The language switch opens the Traditional edition's page of the
        # collection (it has no copy of this page), without the line's anchor.
        page.locator("header a[data-edition='zh-Hant']").evaluate("a => a.click()")
        page.wait_for_url(f"{site_url}zh-Hant/collections/{speech.collection_id}/")
        # The collection page leads here too.
        page.goto(f"{site_url}{edition}/collections/{speech.collection_id}/")
        page.get_by_role("link", name=SOURCE_WORDS[edition]["from_collection"]).click()
        page.wait_for_url(source)
    assert page.errors == [] and page.external == []
