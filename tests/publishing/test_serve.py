"""The site served as GitHub Pages serves a project's site (build_scripts/
serve.py, which `make serve` and the browser tests use), and the site's 404
page under that sub-path, in Chromium."""

from __future__ import annotations

import http.client
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from build_scripts.publishing.serve import repository_name, site_prefix

from ..browser import Server, browsing
from ..conftest import speech_path

EDITIONS = ("zh-Hans", "zh-Hant")
# What each edition's 404 page says, in its own script only.
NOT_FOUND = {
    "zh-Hans": {"title": "找不到页面", "lead": "这个网址没有对应的页面", "search": "搜索讲话", "home": "首页", "other": "頁"},
    "zh-Hant": {"title": "找不到頁面", "lead": "這個網址沒有對應的頁面", "search": "搜尋講話", "home": "首頁", "other": "页"},
}


def get(server: Server, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection(server.origin.removeprefix("http://"), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(built_site):
    server = Server(built_site, "repo/").start()
    yield server
    server.stop()


def test_the_site_is_served_under_its_path_with_its_404_page(server, built_site):
    status, _, body = get(server, "/repo/zh-Hans/")
    assert status == 200 and body == (built_site / "zh-Hans" / "index.html").read_bytes()
    assert get(server, "/repo/zh-Hant/about/")[0] == 200
    # As GitHub Pages: a folder without its slash is redirected to it, the
    # root of the origin to the site.
    status, headers, _ = get(server, "/repo/zh-Hans?x=1")
    assert status == 301 and headers["Location"] == "/repo/zh-Hans/?x=1"
    assert get(server, "/")[1]["Location"] == "/repo/" and get(server, "/repo")[1]["Location"] == "/repo/"
    # A missing page, at any depth, and a folder without index.html (no
    # listing): the site's own 404 page, with status 404.
    root_404 = (built_site / "404.html").read_bytes()
    for path in ("/repo/nothing", "/repo/zh-Hans/speeches/nope/", "/repo/zh-Hans/a/b/c.html", "/repo/zh-Hans/assets/"):
        status, headers, body = get(server, path)
        assert (status, body) == (404, root_404), path
        assert headers["Content-Type"].startswith("text/html")
    # Nothing outside the site's folder, nothing outside its path.
    assert get(server, "/repo/../README.md")[0] == 404 and get(server, "/repo/%2e%2e/%2e%2e/etc/passwd")[2] == root_404
    status, _, body = get(server, "/other/zh-Hans/")
    assert status == 404 and body != root_404


def test_the_path_is_the_repositorys_name(tmp_path):
    project = tmp_path / "checkout-folder"
    project.mkdir()
    assert repository_name(project) == "checkout-folder"  # not a git repository
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    assert repository_name(project) == "checkout-folder"  # no origin
    for url, name in (
        ("https://github.com/owner/speech-library.git", "speech-library"),
        ("git@github.com:owner/speeches.git", "speeches"),
        ("https://github.com/owner/library/", "library"),
        (".", "checkout-folder"),  # a clone of a local checkout
        ("../..", "checkout-folder"),
    ):
        subprocess.run(["git", "remote", "remove", "origin"], cwd=project, capture_output=True)
        subprocess.run(["git", "remote", "add", "origin", url], cwd=project, check=True)
        assert repository_name(project) == name
    assert site_prefix("speech-library") == "/speech-library/" and site_prefix("/a/b/") == "/a/b/"
    assert site_prefix("") == "/" and site_prefix("讲话") == "/" + quote("讲话") + "/"
    with pytest.raises(ValueError):
        site_prefix("../x")


def test_make_serve_serves_the_site_under_the_repositorys_path(built_site, tmp_path):
    """The command `make serve` runs, on a free port, until stopped."""
    import socket
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "build_scripts.publishing.serve", "--site", str(built_site), "--port", str(port)]
    command += ["--path", "library"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    try:
        line = process.stdout.readline()
        assert line.startswith(f"serving {built_site}/ at http://127.0.0.1:{port}/library/")
        deadline = time.monotonic() + 10
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/library/zh-Hant/nope")
                response = connection.getresponse()
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.status == 404 and response.read() == (built_site / "404.html").read_bytes()
    finally:
        process.terminate()
        process.wait(timeout=10)
    bad = subprocess.run([*command[:3], "--site", str(tmp_path)], capture_output=True, text=True)
    assert bad.returncode == 2 and "holds no built site" in bad.stderr


# ---------------------------------------------------------------------------
# The 404 page in Chromium


def visible_text(page) -> str:
    return page.locator("article").inner_text()


@pytest.mark.browser
@pytest.mark.parametrize(
    "path, locale, edition",
    [
        ("zh-Hans/speeches/no-such-speech/", "zh-TW", "zh-Hans"),  # the path's edition wins
        ("zh-Hant/a/b/c.html", "zh-CN", "zh-Hant"),
        ("no-such-page", "zh-TW", "zh-Hant"),  # else the reader's languages
        ("x/y/", "en-US", "zh-Hans"),
    ],
)
def test_a_missing_page_shows_the_sites_404_page_in_the_readers_edition(browser, site_url, path, locale, edition):
    """Under the sub-path, from a local build (no SITE_URL): the site's
    header, search and typography, one language, links that work."""
    words = NOT_FOUND[edition]
    with browsing(browser, site_url, locale=locale) as page:
        response = page.goto(site_url + path)
        assert response.status == 404
        page.locator("h1#title").wait_for()
        assert page.url == site_url + path  # the address stays
        assert page.locator("html").get_attribute("lang") == edition
        assert page.title().startswith(words["title"]) and page.locator("h1").inner_text() == words["title"]
        text = visible_text(page)
        assert words["lead"] in text and "/" + site_url.split("/", 3)[3] + path in text
        assert words["other"] not in text + page.locator(".md-header").inner_text()
        # The site's typography: its stylesheet, its fonts.
        font = page.locator(".md-typeset p").first.evaluate("e => getComputedStyle(e).fontFamily")
        assert font.startswith('"PingFang SC"' if edition == "zh-Hans" else '"PingFang TC"')
        assert page.locator(".md-header").is_visible()
        # Its links lead into the edition, under the sub-path.
        hrefs = page.locator("article a").evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [site_url + edition + "/", site_url + edition + "/collections/", site_url + edition + "/indexes/"]
        other = "zh-Hant" if edition == "zh-Hans" else "zh-Hans"
        assert page.locator(f"a[data-edition={other}]").evaluate("a => a.href") == site_url + other + "/"
        page.get_by_role("link", name=words["home"], exact=True).first.click()
        page.wait_for_url(site_url + edition + "/")
        assert page.locator("h1").first.inner_text().strip().startswith("讲话稿文库" if edition == "zh-Hans" else "講話稿文庫")
    assert [e for e in page.errors if "404" not in e] == [] and page.external == []
    # The only errors are the missing page's own status, and where the path
    # names no edition, the folders of the path tried as the site's root,
    # nearest first, until one has it (x/y/, then x/, then the root).
    assert len(page.errors) == (1 if path.startswith("zh-") else 1 + path.count("/"))


@pytest.mark.browser
@pytest.mark.parametrize("edition", EDITIONS)
def test_the_404_page_searches(browser, site_url, generated, edition):
    words = NOT_FOUND[edition]
    with browsing(browser, site_url) as page:
        page.goto(site_url + edition + "/speeches/gone/")
        page.get_by_role("button", name=words["search"]).click()
        page.keyboard.type("穗字")
        result = page.locator(".site-search__result a").first
        result.wait_for()
        result.click()
        page.wait_for_url("**/speeches/**#*")
        assert page.url.startswith(site_url + speech_path(generated, edition, 3, 1))
        assert "穗字" in page.locator("mark.search-hit").first.inner_text()


@pytest.mark.browser
def test_the_deployed_404_page_and_without_javascript(browser, deployed_site):
    """Built with SITE_URL, the root 404 page knows the site's root; without
    JavaScript it is a short note in both scripts with absolute links."""
    url = deployed_site.url
    with browsing(browser, url, locale="zh-HK") as page:
        assert page.goto(url + "speeches/x").status == 404
        page.locator("h1#title").wait_for()
        assert page.locator("html").get_attribute("lang") == "zh-Hant"
        assert page.locator("article a").first.evaluate("a => a.href") == url + "zh-Hant/"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        assert page.goto(url + "zh-Hant/nothing").status == 404
        assert "找不到页面" in page.locator("h1").inner_text() and "找不到頁面" in page.locator("h1").inner_text()
        assert page.locator("a").evaluate_all("links => links.map(a => a.href)") == [url + "zh-Hans/", url + "zh-Hant/"]
    finally:
        context.close()
