"""The link gate (build_scripts/publishing/link_gate.py) on the real seed build: it passes
the build as it is, and fails a copy of it that drops a published page or
breaks an anchor, naming what broke."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from build_scripts.publishing.link_gate import GateError, catalog_urls, check, main, remove_dot_segments, scan_page

# The built_site fixture builds without a site URL (whatever the environment
# says), as a developer's machine and the test step of CI do; the gate reads
# it the same way. The deployed_site fixture has one.
SITE_URL = None


@pytest.fixture(autouse=True)
def no_site_url_from_the_environment(monkeypatch):
    """The gate's --site-url defaults to the environment's SITE_URL: these
    tests say which they mean."""
    monkeypatch.delenv("SITE_URL", raising=False)


@pytest.fixture
def site_copy(built_site, tmp_path) -> Path:
    """A copy of the seed build that a test may damage."""
    return Path(shutil.copytree(built_site, tmp_path / "site"))


def catalog(site: Path) -> dict:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


def run_gate(capsys, *args: str, site_url: str | None = SITE_URL) -> tuple[int, list[str]]:
    code = main([*args] + (["--site-url", site_url] if site_url else []))
    return code, capsys.readouterr().out.splitlines()


def add_link(page: Path, href: str) -> None:
    html = page.read_text(encoding="utf-8")
    assert "</body>" in html
    page.write_text(html.replace("</body>", f'<a href="{href}">test</a></body>', 1), encoding="utf-8")


def test_seed_build_passes(built_site, capsys):
    code, out = run_gate(capsys, "--site", str(built_site), "--previous", str(built_site / "catalog.json"))
    summary = out[-1]
    assert summary.startswith("link gate: ") and summary.endswith(f"; {len(out) - 1} problems")
    result = check(built_site, built_site / "catalog.json", SITE_URL)
    assert result.pages >= 20 and result.links > 500 and result.anchors > 100, summary
    assert out[:-1] == result.problems  # the same lines, sorted, every run
    assert result.problems == [] and code == 0, "\n".join(result.problems)


def test_deployed_build_passes(deployed_site, capsys):
    """The build with its site URL (absolute feed links, canonical URLs, the
    root 404 page's links), read at that URL as the workflow's link gate does."""
    site = deployed_site.site
    code, out = run_gate(capsys, "--site", str(site), "--previous", str(site / "catalog.json"), site_url=deployed_site.url)
    result = check(site, site / "catalog.json", deployed_site.url)
    assert result.pages >= 20 and result.links > 500 and result.anchors > 100, out[-1]
    assert out[:-1] == result.problems
    assert result.problems == [] and code == 0, "\n".join(result.problems)


def test_previous_catalog_url_deleted_from_the_site(built_site, site_copy, capsys):
    previous = built_site / "catalog.json"
    speech = catalog(built_site)["speeches"][0]
    url = speech["url"]
    # The speech is withdrawn: its page and its catalogue entry are gone.
    shutil.rmtree(site_copy / url)
    current = catalog(site_copy)
    current["speeches"] = [s for s in current["speeches"] if s["url"] != url]
    (site_copy / "catalog.json").write_text(json.dumps(current, ensure_ascii=False), encoding="utf-8")

    code, out = run_gate(capsys, "--site", str(site_copy), "--previous", str(previous))
    assert code == 1
    missing = [line for line in out if line.startswith("MISSING")]
    assert missing == [f"MISSING {url} (published in the previous catalog)"]
    # The pages that linked to it are reported too.
    assert any(line.startswith("BROKEN ") and speech["id"] in line for line in out)

    # Without the previous catalog, nothing says the page was ever published.
    _, out = run_gate(capsys, "--site", str(site_copy))
    assert not any(line.startswith("MISSING") for line in out)


def test_new_catalog_must_resolve(site_copy, capsys):
    url = catalog(site_copy)["collections"][0]["url"]
    shutil.rmtree(site_copy / url)
    code, out = run_gate(capsys, "--site", str(site_copy))
    assert code == 1
    assert f"MISSING {url} (listed in the new catalog.json)" in out


def test_broken_anchor_names_page_and_anchor(site_copy, capsys):
    data = catalog(site_copy)
    speech_url = data["speeches"][0]["url"]
    collection_url = data["collections"][0]["url"]
    speech_page = speech_url + "index.html"
    collection_page = collection_url + "index.html"
    # A link within the page, and one from the collection page to the speech.
    add_link(site_copy / speech_page, "#不存在的段落")
    to_speech = posixpath.relpath(speech_url, collection_url) + "/#p99999"
    add_link(site_copy / collection_page, to_speech)

    code, out = run_gate(capsys, "--site", str(site_copy))
    assert code == 1
    anchor = "不存在的段落"
    assert f'BROKEN {speech_page} -> #{anchor}: no element with id "{anchor}" in {speech_page}' in out
    assert f'BROKEN {collection_page} -> {to_speech}: no element with id "p99999" in {speech_page}' in out


def test_a_provenance_link_to_a_line_the_source_page_lacks_is_broken(site_copy, capsys):
    collection = catalog(site_copy)["collections"][0]
    source_page = f"{collection['url'].split('/')[0]}/source-pages/{collection['id']}/index.html"
    html = (site_copy / source_page).read_text(encoding="utf-8")
    # The line's anchor taken away (the page is minified: the id unquoted).
    html, found = re.subn(r"<li id=(\"?)L58\1>", "<li>", html)
    assert found == 1
    (site_copy / source_page).write_text(html, encoding="utf-8")
    code, out = run_gate(capsys, "--site", str(site_copy))
    assert code == 1
    broken = [line for line in out if line.startswith("BROKEN ")]
    # The speech published from line 58, and the one whose collation names
    # it, in both editions: the page is published in the Simplified edition
    # only (the seed is Simplified), which the Traditional edition links across to.
    assert source_page.startswith("zh-Hans/")
    ends = {
        edition: f'-> {up}source-pages/{collection["id"]}/#L58: no element with id "L58" in {source_page}'
        for edition, up in (("zh-Hans", "../../"), ("zh-Hant", "../../../zh-Hans/"))
    }
    by_edition = {edition: [line for line in broken if line.startswith(f"BROKEN {edition}/")] for edition in ends}
    assert sorted(broken) == sorted(by_edition["zh-Hans"] + by_edition["zh-Hant"])
    for edition, end in ends.items():
        assert by_edition[edition] and all(line.endswith(end) for line in by_edition[edition]), broken
    assert len(by_edition["zh-Hans"]) == len(by_edition["zh-Hant"])


def test_missing_asset_is_reported_on_every_page_that_uses_it(built_site, site_copy, capsys):
    assets = sorted((site_copy / "zh-Hans" / "assets" / "stylesheets").glob("main.*.css"))
    assert assets
    assets[0].unlink()
    code, out = run_gate(capsys, "--site", str(site_copy))
    assert code == 1
    name = assets[0].relative_to(site_copy).as_posix()
    pages = {line.split(" -> ")[0].removeprefix("BROKEN ") for line in out if line.endswith(f"no file {name}")}
    zh_hans = {p.relative_to(built_site).as_posix() for p in (built_site / "zh-Hans").rglob("*.html")}
    assert pages >= zh_hans


def test_unreadable_previous_catalog_is_an_error(built_site, tmp_path, capsys):
    bad = tmp_path / "previous-catalog.json"
    bad.write_text("<html>not a catalog</html>", encoding="utf-8")
    assert main(["--site", str(built_site), "--previous", str(bad)]) == 2
    assert "cannot read the catalog" in capsys.readouterr().err
    with pytest.raises(GateError):
        check(tmp_path)  # no site there


# --- the page scanner ------------------------------------------------------------


class ReferenceParser(HTMLParser):
    """The standard library's parser, collecting what scan_page collects."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        wanted = {"a": "href", "link": "href", "script": "src", "img": "src"}.get(tag)
        seen = set()
        for name, value in attrs:
            if name in seen or value is None:
                seen.add(name)
                continue
            seen.add(name)
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name == wanted:
                self.links.append(value)
            elif tag == "base" and name == "href" and self.base is None:
                self.base = value

    handle_startendtag = handle_starttag


def test_scanner_agrees_with_html_parser_on_every_built_page(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        reference = ReferenceParser()
        reference.feed(text)
        reference.close()
        page = scan_page(text)
        assert (page.ids, page.links, page.base) == (reference.ids, reference.links, reference.base), path


def test_scanner_follows_the_html_tokenizer():
    page = scan_page(
        """<!doctype html><html><head><title>a <a href="no-title"></title>
        <script>var s = "<a href='no-script'>"; "</style>"; </script><STYLE>a{}</style >
        <!-- <a href="no-comment"> --><link rel=stylesheet href=x.css><base href="/b/">
        </head><body><A HREF="Up&amp;Down" id=one ID=dup><div title="x > <a href=no-attr>" id='two'></div>
        <a name="three" href>t</a><img src="" alt><a href="#p&#49;">q</a><SCRIPT SRC="s.js"></SCRIPT>
        <textarea><a href="no-textarea"></textarea><a href='last' id = "four"></body></html>"""
    )
    assert page.ids == {"one", "two", "three", "four"}
    assert page.links == ["x.css", "Up&Down", "", "#p1", "s.js", "last"]
    assert page.base == "/b/"


# --- URL resolution -----------------------------------------------------------------


@pytest.mark.parametrize(
    "path, resolved",
    [
        ("/zh-Hans/speeches/a/../..", "/zh-Hans/"),
        ("/zh-Hans/speeches/a/../../about/", "/zh-Hans/about/"),
        ("/zh-Hans/./../zh-Hant/", "/zh-Hant/"),
        ("/repo/zh-Hans//../zh-Hant/", "/repo/zh-Hans/zh-Hant/"),  # what browsers do with "//.."
        ("/../../x", "/x"),
        ("/a/b/.", "/a/b/"),
    ],
)
def test_remove_dot_segments(path, resolved):
    assert remove_dot_segments(path) == resolved


def test_links_resolve_as_served_under_a_base_path(tmp_path):
    """A site served at /repo/: root-relative and same-host links are internal, others are not."""
    site = tmp_path / "site"
    (site / "zh-Hans" / "about").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="zh-Hans/">ok</a><a href="https://example.org/repo/zh-Hans/about/">ok</a>'
        '<a href="https://elsewhere.example/x">external</a><a href="mailto:a@example.org">mail</a>'
        '<a href="javascript:void(0)">js</a><img src="data:image/png;base64,AA==">'
        '<a href="/repo/zh-Hans/about/#top">ok</a><a href="/zh-Hans/">outside</a>'
        '<a href="//../zh-Hans/">host</a><a href="zh-Hans//about/">double</a><a href="sitemap.xml">absent</a>',
        encoding="utf-8",
    )
    (site / "zh-Hans" / "index.html").write_text('<a href="about">ok</a><a href="../">ok</a>', encoding="utf-8")
    (site / "zh-Hans" / "about" / "index.html").write_text("<h1 id=x>x</h1>", encoding="utf-8")
    (site / "404.html").write_text('<a href="/repo/zh-Hans/">ok</a><a href="zh-Hans/">relative</a>', encoding="utf-8")

    result = check(site, site_url="https://example.org/repo/")
    assert result.problems == [
        "BROKEN 404.html -> zh-Hans/: relative link in the root 404 page, served at any path",
        "BROKEN index.html -> //../zh-Hans/: no valid host ('..')",
        "BROKEN index.html -> /zh-Hans/: outside the site, which is served at /repo/",
        "BROKEN index.html -> sitemap.xml: no file sitemap.xml",
        "BROKEN index.html -> zh-Hans//about/: empty path segment ('//')",
    ]
    assert (result.pages, result.links, result.anchors) == (4, 11, 1)


def test_catalog_urls_cover_speeches_variants_and_collections(built_site):
    data = catalog(built_site)
    urls = catalog_urls(data)
    assert urls == sorted(set(urls))
    for speech in data["speeches"]:
        for edition in (speech, *speech["variants"].values()):
            assert edition["url"] in urls
    assert all(c["url"] in urls for c in data["collections"])
    assert len(urls) == 2 * (len(data["speeches"]) + len(data["collections"]))
    # A version 1 catalog still reads; the per-speech files it listed beside
    # the pages are retired, so not asked of the site; nor are a version 2
    # catalog's corpus zips, published outside the site since version 3.
    pages = {"speeches": [{"url": "zh-Hans/speeches/a/", "markdown": "zh-Hans/speeches/a.md",
                           "variants": {"zh-Hant": {"url": "zh-Hant/speeches/a/", "markdown": "zh-Hant/speeches/a.md"}}}],
             "collections": [{"url": "zh-Hans/collections/c/"}]}
    retired = {1: {"docx": "zh-Hans/speeches/a.docx", "txt": "zh-Hans/speeches/a.txt"},
               2: {"zip": "zh-Hans/downloads/corpus-markdown.zip"},
               3: {"zip": "https://example.org/releases/download/corpus/corpus-markdown.zh-Hans.zip"}}
    for version, downloads in retired.items():
        old = {"version": version, **pages}
        old["speeches"] = [dict(pages["speeches"][0], downloads=downloads)]
        assert catalog_urls(old) == ["zh-Hans/collections/c/", "zh-Hans/speeches/a/", "zh-Hant/speeches/a/"]
