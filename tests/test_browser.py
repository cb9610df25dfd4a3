"""The built site in a real browser: Debian's Chromium driven by Playwright."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    reason = "Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)"
    if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(f"browser tests are required here but {reason}")
    pytest.skip(reason)


def visible(text: str) -> str:
    """Text as a reader sees it: without zero-width word breaks or permalink signs."""
    return text.replace("\u200b", "").replace("¶", "").strip()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def site_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    external: list[str] = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(site_url) else None)
    yield page
    context.close()
    assert errors == [], errors
    assert external == [], external


def test_reader_goes_from_home_to_a_speech(page, site_url):
    page.goto(site_url)
    assert visible(page.locator("h1").first.inner_text()) == "讲话稿文库"
    page.get_by_role("link", name="创建省级文明城市工作会议讲话").first.click()
    page.wait_for_url("**/speeches/**")
    assert page.locator("article h1").inner_text().startswith("创建省级文明城市工作会议讲话")
    meta = page.locator(".speech-meta").first.inner_text()
    assert "第6篇" in meta and "2024-11-20" in meta
    page.locator(".speech-meta a").first.click()
    page.wait_for_url("**/collections/**")
    assert "城市工作讲话稿（9篇）" in page.locator("article h1").inner_text()


def test_heading_anchor_scrolls_to_the_heading(page, site_url):
    page.goto(site_url)
    page.get_by_role("link", name="创建省级文明城市工作会议讲话").first.click()
    page.wait_for_url("**/speeches/**")
    page.goto(page.url + "#二-三")
    heading = page.locator('[id="二-三"]')
    assert heading.inner_text().startswith("（三）强化服务")
    heading.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= heading.evaluate("el => el.getBoundingClientRect().top") < 300


def test_search_finds_a_phrase_with_the_keyboard(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")  # Material's shortcut opens the search box
    query = page.locator("input.md-search__input")
    query.wait_for(state="visible")
    page.keyboard.type("穗字")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert "在创建全国文明城市工作会议上的讲话稿" in visible(page.locator(".md-search-result").inner_text())
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/speeches/**")
    assert "穗字" in page.locator("article").inner_text()


def test_chinese_text_renders_with_a_cjk_font(page, site_url, tmp_path):
    page.goto(site_url)
    page.get_by_role("link", name="在城市工作领导小组会议上讲话").first.click()
    page.wait_for_url("**/speeches/**")
    paragraph = page.locator('[id="p1"]')
    style = paragraph.evaluate("el => [getComputedStyle(el).lineHeight, getComputedStyle(el).fontSize]")
    line_height, font_size = (float(v.rstrip("px")) for v in style)
    assert 1.6 <= line_height / font_size <= 2.0
    page.screenshot(path=str(tmp_path / "speech.png"), full_page=False)
