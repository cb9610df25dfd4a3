"""The real build: `mkdocs build --strict` of both editions, the one
search index both read, and the site root."""

import html
import json
import re
import xml.etree.ElementTree as ET
import zipfile
from urllib.parse import urlsplit

import pytest

from build_scripts.publishing.build_site import WITHOUT_DOWNLOADS_URL
from build_scripts.publishing.search_index import FORMAT, decode_doc
from build_scripts.render.downloads import docx_template
from build_scripts.render.paths import CORPUS_DOWNLOADS_DIR, corpus_zip_name, corpus_zip_path

from . import dom
from .conftest import copy_project, run_build


ATOM = "{http://www.w3.org/2005/Atom}"


def parsed(path) -> dom.Element:
    return dom.parse(path.read_text(encoding="utf-8"))


def hrefs(root: dom.Element) -> set[str]:
    return {a.attrs["href"] for a in root.find_all("a") if "href" in a.attrs}


def head_links(root: dom.Element, rel: str) -> list[dict]:
    return [e.attrs for e in root.find("head").find_all("link", rel=rel)]


def page_text(path) -> str:
    """Visible text of the article, tags stripped and entities decoded."""
    source = path.read_text(encoding="utf-8")
    article = source[source.index("<article") : source.index("</article>")]
    return html.unescape(re.sub(r"<[^>]+>", "", article))


@pytest.fixture(scope="module")
def catalog(built_site):
    return json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))


def test_every_catalog_url_is_a_built_page_in_both_editions(built_site, catalog):
    assert (built_site / "index.html").is_file() and (built_site / "404.html").is_file()
    for entry in catalog["speeches"] + catalog["collections"]:
        for edition in (entry, entry["variants"]["zh-Hant"]):
            assert (built_site / edition["url"] / "index.html").is_file(), edition["url"]


def test_the_site_stores_no_file_per_speech_and_the_corpus_download_holds_the_markdown(built_site, catalog):
    """A speech's .docx and .txt are made in the reader's browser
    (tests/test_downloads_browser.py): the site holds each edition's
    template, and the corpus download (outside the site) every speech's Markdown."""
    stored = [p for p in built_site.rglob("*") if p.suffix in (".docx", ".txt") and p.name != "robots.txt"]
    assert sorted(str(p.relative_to(built_site)) for p in stored) == [
        f"{edition}/downloads/speech-template.docx" for edition in ("zh-Hans", "zh-Hant")
    ]
    for edition in ("zh-Hans", "zh-Hant"):
        assert (built_site / edition / "downloads" / "speech-template.docx").read_bytes() == docx_template(edition)
    docs = built_site.parent / "docs"
    for entry in catalog["speeches"]:
        for edition in (entry, entry["variants"]["zh-Hant"]):
            code, markdown_path = edition["markdown"].split("/", 1)
            with zipfile.ZipFile(docs / corpus_zip_path(code)) as corpus:
                names = corpus.namelist()
                markdown = corpus.read(markdown_path).decode("utf-8")
            assert not [n for n in names if n.endswith((".docx", ".txt"))]
            assert markdown == (docs / edition["markdown"]).read_text(encoding="utf-8")


def test_each_edition_declares_its_language(built_site):
    hans, hant = (parsed(built_site / edition / "index.html") for edition in ("zh-Hans", "zh-Hant"))
    assert hans.find("html").attrs["lang"] == "zh-Hans" and hant.find("html").attrs["lang"] == "zh-Hant"
    assert hans.find("title").text().endswith("讲话稿文库") and hant.find("title").text().endswith("講話稿文庫")
    hans, hant = (dom.squash(page.text()) for page in (hans, hant))
    assert "關於本站" in hant and "关于本站" in hans  # navigation in each script


def test_speech_page_shows_text_literally_with_provenance(built_site, catalog):
    entry = next(s for s in catalog["speeches"] if s["title"] == "在创建全国文明城市工作会议上的讲话稿")
    text = page_text(built_site / entry["url"] / "index.html")
    assert "穗字[****]6号" in text and "力争我市****年" in text
    assert "第3篇" in text and "第1篇" in text and "2024-11-20" in text
    assert "林树森书记指出，按照中央文明委的统一部署，明年5、6月中央文明办" in text
    hant = page_text(built_site / entry["variants"]["zh-Hant"]["url"] / "index.html")
    assert "穗字[****]6號" in hant and "創建全國文明城市" in hant
    quoted = next(s for s in catalog["speeches"] if "创卫" in s["title"])
    assert "「創衛」" in page_text(built_site / quoted["variants"]["zh-Hant"]["url"] / "index.html")


def test_no_page_carries_chrome_watermark_or_external_fonts(built_site):
    for path in built_site.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in source and "fonts.gstatic.com" not in source, path
        if "/speeches/" in path.as_posix():
            text = page_text(path)
            for bad in ("本文来自", "百度", "燉", "推荐度", "点击下载", "人关注", "热门信息"):
                assert bad not in text, (path, bad)


def test_heading_and_paragraph_anchors_are_the_same_in_both_editions(built_site, catalog):
    entry = next(s for s in catalog["speeches"] if s["title"] == "创建省级文明城市工作会议讲话")
    ids = []
    for url in (entry["url"], entry["variants"]["zh-Hant"]["url"]):
        article = parsed(built_site / url / "index.html").find("article")
        ids.append([e.attrs["id"] for e in article.iter() if e is not article and e.attrs.get("id")])
    assert ids[0] == ids[1]
    assert {"二", "二-三", "p1", "provenance"} <= set(ids[0])
    assert not any(re.fullmatch(r"_\d+", i) for i in ids[0])


def test_language_selector_links_the_same_page(built_site, catalog):
    entry = catalog["speeches"][0]
    page = parsed(built_site / entry["url"] / "index.html")
    # One link, to the other edition's copy of the page, named in its script.
    (switch,) = [a for a in page.find("header").find_all("a") if "data-edition" in a.attrs]
    assert switch.attrs["hreflang"] == switch.attrs["lang"] == switch.attrs["data-edition"] == "zh-Hant"
    assert switch.attrs["title"] == "繁體中文"
    assert switch.attrs["href"].endswith("/../zh-Hant/" + entry["url"].split("/", 1)[1])


def test_a_source_page_is_published_once_and_its_switch_leads_to_its_collection(built_site, catalog):
    """The seed's source page is Simplified: the Simplified edition alone
    publishes it; the language switch opens the Traditional edition's page of
    its collection, the reader's place left behind (header.js)."""
    collection = catalog["collections"][0]["id"]
    assert (built_site / "zh-Hans" / "source-pages" / collection / "index.html").is_file()
    assert not (built_site / "zh-Hant" / "source-pages").exists()
    page = parsed(built_site / "zh-Hans" / "source-pages" / collection / "index.html")
    (switch,) = [a for a in page.find("header").find_all("a") if "data-edition" in a.attrs]
    assert switch.attrs["href"] == f"../../../zh-Hant/collections/{collection}/"
    assert switch.attrs["hreflang"] == switch.attrs["data-edition"] == "zh-Hant"
    assert "data-other-page" in switch.attrs


def test_home_and_collection_pages_list_every_speech(built_site, catalog):
    home = parsed(built_site / "zh-Hans" / "index.html")
    collection = parsed(built_site / catalog["collections"][0]["url"] / "index.html")
    for entry in catalog["speeches"]:
        path = entry["url"].split("/", 1)[1]
        assert path in hrefs(home)
        assert f"../../{path}" in hrefs(collection)
    assert "城市工作讲话稿（9篇）" in home.text()


def test_the_site_has_one_search_index_for_both_editions(built_site, generated):
    """At the site's root, of the Simplified text: GitHub Pages publishes at
    most 1 GB, and a second index of the same speeches would take as much
    again (README: search)."""
    index = built_site / "search"
    meta = json.loads((index / "meta.json").read_text(encoding="utf-8"))
    assert meta["docs"] == 9 and meta["format"] == FORMAT
    assert len(list((index / "shards").glob("*.bin"))) == meta["shards"]
    assert sorted(p.name for p in (index / "docs").glob("*.bin")) == sorted(f"{i}.bin" for i in range(9))
    assert sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("meta.json")) == ["search/meta.json"]
    for edition in ("zh-Hans", "zh-Hant"):
        assert not (built_site / edition / "search").exists()
    # Of the Simplified text.
    for n, record in enumerate(generated.search["zh-Hans"]):
        doc = decode_doc((index / "docs" / f"{n}.bin").read_bytes(), (index / "chars.bin").read_bytes())
        assert (doc["url"], doc["title"], doc["text"]) == (record.url, record.title, record.text)


def test_site_root_offers_both_editions(built_site):
    # The site root is written by the build (not MkDocs), as it was.
    root = parsed(built_site / "index.html")
    assert {"zh-Hans/", "zh-Hant/"} <= hrefs(root)
    assert json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))["version"] == 3


def test_navigation_stays_the_same_size_as_the_corpus_grows(built_site, catalog):
    """Four entries (home, 文集, 浏览, about): no page carries a list of every collection or speech."""
    speech = parsed(built_site / catalog["speeches"][0]["url"] / "index.html")
    primary = speech.find("nav", class_="md-nav--primary")
    assert [a.text().strip() for a in primary.find_all("a", class_="md-nav__link")] == ["首页", "文集", "浏览", "关于本站"]
    collections = parsed(built_site / "zh-Hans" / "collections" / "index.html")
    for entry in catalog["collections"]:
        assert entry["url"].split("/", 2)[2] in hrefs(collections)


def test_speech_pages_link_their_facets_both_ways(built_site, catalog):
    """A speech links the index page of its meeting type, which lists it back."""
    speech = next(s for s in catalog["speeches"] if s["title"] == "创建文明城市工作调度会讲话")
    for edition in ("zh-Hans", "zh-Hant"):
        path = speech["url"] if edition == "zh-Hans" else speech["variants"]["zh-Hant"]["url"]
        page = parsed(built_site / path / "index.html")
        assert "../../indexes/meetings/diaodu-hui/" in hrefs(page)
        index = parsed(built_site / edition / "indexes" / "meetings" / "diaodu-hui" / "index.html")
        assert f"../../../speeches/{speech['id']}/" in hrefs(index)
        assert (built_site / edition / "feed.xml").is_file()


def files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_the_same_sources_give_the_same_site(deployed_site, tmp_path, catalog):
    """Two builds with a site URL (as deployed), byte for byte the same: pages,
    search index, downloads, and the corpus zips beside them. The shared
    deployed build is one; this test makes the other, independently, in
    another copy of the project. MkDocs dates the sitemaps with the build
    date; the build gives it the newest source page's date instead
    (run_build keeps the environment's SOURCE_DATE_EPOCH out of both)."""
    project = copy_project(tmp_path / "project")
    result = run_build(project, "build", site_url=deployed_site.url, downloads_url=deployed_site.downloads_url)
    assert result.returncode == 0, result.stdout + result.stderr
    sites = [files(deployed_site.site), files(project / "site")]
    assert sites[0] == sites[1]
    assert files(deployed_site.docs / CORPUS_DOWNLOADS_DIR) == files(project / "docs" / CORPUS_DOWNLOADS_DIR)
    newest = max(c["date"] for c in catalog["collections"])
    for edition in ("zh-Hans", "zh-Hant"):
        sitemap = sites[0][f"{edition}/sitemap.xml"].decode("utf-8")
        assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {newest}
        # The sitemaps have absolute URLs: this build had its site URL.
        assert f"<loc>{deployed_site.url}{edition}/" in sitemap


# ---------------------------------------------------------------------------
# With and without the site's address (SITE_URL)


def test_a_build_without_the_sites_address_says_what_it_leaves_out(built_site_run):
    """A sitemap, canonical and hreflang links need absolute URLs: without
    SITE_URL they are left out, and the build says so; the feeds' links are
    relative (Atom allows it) and lead to the pages."""
    site, result = built_site_run
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning: SITE_URL is not set")]
    assert len(warning) == 1
    assert all(word in warning[0] for word in ("sitemap.xml", "canonical", "hreflang", "feeds"))
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap" not in robots
    for edition in ("zh-Hans", "zh-Hant"):
        assert not (site / edition / "sitemap.xml").exists() and not (site / edition / "sitemap.xml.gz").exists()
        for page in (site / edition).rglob("*.html"):
            links = [e.attrs for e in parsed(page).find_all("link")]
            assert not [a for a in links if a.get("rel") == "canonical" or "hreflang" in a], page
        feed = ET.parse(site / edition / "feed.xml").getroot()
        links = [e.attrib["href"] for e in feed.iter(f"{ATOM}link")]
        assert len(links) >= 10 and not any(urlsplit(href).scheme for href in links)
        for href in links[2:]:  # the entries: their pages, from the feed's folder
            assert (site / edition / href / "index.html").is_file(), href


def test_the_deployed_build_has_absolute_links_for_search_engines(deployed_site, catalog):
    """Built with SITE_URL: canonical links, each page's copies in both
    editions (hreflang, absolute; the same page, not the edition's home), the
    sitemaps listed in robots.txt."""
    site, url = deployed_site.site, deployed_site.url
    speech = catalog["speeches"][0]
    for edition, path in (("zh-Hans", speech["url"]), ("zh-Hant", speech["variants"]["zh-Hant"]["url"])):
        page = parsed(site / path / "index.html")
        assert [link["href"] for link in head_links(page, "canonical")] == [f"{url}{path}"]
        alternates = [(link["hreflang"], link["href"]) for link in head_links(page, "alternate") if "hreflang" in link]
        assert alternates == [("zh-Hans", url + speech["url"]), ("zh-Hant", url + speech["variants"]["zh-Hant"]["url"])]
        home = parsed(site / edition / "index.html")
        assert [(link["hreflang"], link["href"]) for link in head_links(home, "alternate") if "hreflang" in link] == [
            ("zh-Hans", url + "zh-Hans/"), ("zh-Hant", url + "zh-Hant/")]
        assert f"Sitemap: {url}{edition}/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
        assert f"<loc>{url}{path}</loc>" in (site / edition / "sitemap.xml").read_text(encoding="utf-8")
    # A source page is published in one edition (the seed's, Simplified): it
    # names no copy in the other, and the sitemaps list it once.
    source = f"zh-Hans/source-pages/{catalog['collections'][0]['id']}/"
    page = parsed(site / source / "index.html")
    assert [link["href"] for link in head_links(page, "canonical")] == [f"{url}{source}"]
    assert not [link for link in head_links(page, "alternate") if "hreflang" in link]
    sitemaps = [(site / edition / "sitemap.xml").read_text(encoding="utf-8") for edition in ("zh-Hans", "zh-Hant")]
    assert [sitemap.count(f"/source-pages/{catalog['collections'][0]['id']}/</loc>") for sitemap in sitemaps] == [1, 0]


# ---------------------------------------------------------------------------
# Each edition's words


def test_the_traditional_edition_says_what_taiwan_says(built_site):
    """The theme's and the site's own strings: 連結 as the heading links say
    (not 鏈接: reader.js names them from the page's settings), 頁尾 (not
    頁脚), 複製 (not 拷貝); the credit line in Chinese in each edition."""
    for page in (built_site / "zh-Hant").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for word in ("鏈接", "頁脚", "頁腳", "拷貝", "Made with"):
            assert word not in text, (page, word)
        # The credit line to the theme: on the about page only (docs/about.md).
        assert ("Material for MkDocs</a>" in text) == (page.parent.name == "about"), page
    about = (built_site / "zh-Hant" / "about" / "index.html").read_text(encoding="utf-8")
    assert "Material for MkDocs</a> 主題製作" in about
    page = dom.parse(about)
    assert page.find_all(aria_label="頁尾") and "段落連結" in about
    assert json.loads(page.find(id="__config").text())["translations"]["section.link"] == "連結到本節"
    hans = (built_site / "zh-Hans" / "about" / "index.html").read_text(encoding="utf-8")
    assert dom.parse(hans).find_all(aria_label="页脚") and "段落链接" in hans and "主题制作" in hans and "Made with" not in hans
    assert json.loads(dom.parse(hans).find(id="__config").text())["translations"]["section.link"] == "链接到本节"
    for name in ("index.html", "404.html"):
        assert (built_site / name).read_text(encoding="utf-8").startswith('<!doctype html>\n<html lang="zh-Hans">')


def test_no_page_carries_what_no_reader_or_script_uses(built_site):
    """Repeated on every page and used by nobody: heading links (reader.js
    draws them), Material's generator tag and its tabbed-content script (the
    site has no tabs). The headings keep their ids, and the script reading
    the page's settings finds them; of Material's settings, only what its
    script reads for what the site has."""
    pages = list(built_site.rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "headerlink" not in text and 'name=generator' not in text and "__tabbed_" not in text, page
    about = dom.parse((built_site / "zh-Hans" / "about" / "index.html").read_text(encoding="utf-8"))
    assert about.find("h1").attrs["id"] == "关于本站" and all(h.attrs.get("id") for h in about.find_all("h2"))
    assert json.loads(about.find(id="__config").text()) == {
        "base": "..",
        "features": ["toc.follow"],
        "translations": {"section.link": "链接到本节"},
    }
    # Nor the files of Material's built-in search, nor source maps, nor a link to one.
    for edition in ("zh-Hans", "zh-Hant"):
        assets = built_site / edition / "assets"
        assert not (assets / "javascripts" / "lunr").exists() and not (assets / "javascripts" / "workers").exists()
        assert not list(assets.rglob("*.map"))
        for path in assets.rglob("*.js"):
            assert b"sourceMappingURL" not in path.read_bytes(), path


def test_no_template_prints_a_missing_value(built_site):
    """Jinja prints None for a value set to none: no page carries one."""
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\sNone[\s>]", text), page


def test_speech_page_shows_the_furniture_its_front_matter_holds(built_site, catalog):
    """The theme draws what a speech page's front matter holds (the Markdown
    has only the text): facts, facet links, downloads, provenance, collation
    where copies differ, citation, related speeches and the pager, each with
    its text and its link as the front matter gives them."""
    import yaml

    from . import dom

    s = dom.squash
    merged = next(x for x in catalog["speeches"] if x["title"] == "在创建全国文明城市工作会议上的讲话稿")
    for edition in ("zh-Hans", "zh-Hant"):
        markdown = (built_site.parent / "docs" / edition / "speeches" / f"{merged['id']}.md").read_text(encoding="utf-8")
        meta = yaml.safe_load(markdown.split("---\n")[1])
        url = merged["url"] if edition == "zh-Hans" else merged["variants"]["zh-Hant"]["url"]
        article = dom.parse((built_site / url / "index.html").read_text(encoding="utf-8")).find("article")
        strings = meta["strings"]

        def links(element) -> list[tuple[str, str]]:
            return [(s(a.text()), a.attrs["href"]) for a in element.find_all("a")]

        facts = article.find("p", class_="speech-meta")
        assert [s(span.text()).removesuffix(" ·") for span in facts.find_all("span")] == [
            s(f.get("before", "") + f["text"] + f.get("after", "")) for f in meta["facts"]
        ]
        assert links(facts) == [(s(f["text"]), f["url"]) for f in meta["facts"] if "url" in f]
        facets = article.find("p", class_="speech-facets")
        assert links(facets) == [(s(link["text"]), link["url"]) for f in meta["facet_links"] for link in f["links"]]
        assert all(f["noun"] + "：" in facets.text() for f in meta["facet_links"])
        downloads = article.find("p", class_="speech-downloads")
        # The download links are the browser's (javascripts/downloads.js,
        # tests/test_downloads_browser.py); the line holds what it makes the
        # files with; a build that does not know
        # where the corpus download is published (this one) has no link to it
        # in their place without JavaScript (test_the_deployed_build_links_…).
        assert {k.removeprefix("data-"): v for k, v in downloads.attrs.items() if k.startswith("data-")} == meta["download_data"]
        # The facts line, the collection's title and the edition are read
        # from the page: the line says only how many facts make it (where
        # from, the source page's date, the length of this dated page).
        assert downloads.attrs["data-facts"] == "3" and not {"data-subject", "data-lang"} & set(downloads.attrs)
        assert "corpus_url" not in meta
        assert downloads.find_all("a") == [] and s(downloads.text()) == ""
        # Provenance: after its heading, a row per copy, the published one first.
        assert s(article.find("h2", id="provenance").text("headerlink")) == strings["provenance"]
        rows = [li for li in article.find_all("li") if li.find_all("code")]
        assert len(rows) == len(meta["sources"]) == 2
        for row, source in zip(rows, meta["sources"]):
            # Its collection, then its lines on the source page as published.
            assert links(row) == [
                (source["collection"], source["collection_url"]),
                (s(source["file"] + " " + source["where"]), source["url"]),
            ]
            assert s(row.find("code").text()) == source["file"]
            text = s(row.text())
            assert source["label"] in text and source["where"] in text and text.endswith(source["role"])
        # Collation: the copies differ, so a note with the readings.
        (entry,) = meta["collation"]
        details = article.find("details", id=entry["id"])
        assert s(details.find("summary").text()) == s(entry["summary"])
        # Each variant: its place in the text, then each reading's lines on the source page.
        assert [a.attrs["href"] for a in details.find_all("a")] == [
            url for v in entry["variants"] for url in ["#" + v["anchor"], *(r["lines_url"] for r in v["readings"])]
        ]
        # Citation, related speeches, pager.
        assert s(article.find("h2", id="cite").text("headerlink")) == strings["cite"]
        assert s(article.find("p", class_="citation__text").text()).startswith(s(meta["citation"]))
        related = article.find("ul", class_="speech-list")
        assert links(related) == [(s(r["title"]), r["url"]) for r in meta["related"]]
        assert [s(x.text()) for x in related.find_all("small")] == [s(r["meta"]) for r in meta["related"]]
        pager = article.find("nav", class_="speech-pager")
        assert pager.attrs["aria-label"] == meta["pager_label"]
        expected = [(s(f"{strings[k]} {meta[k]['title']}"), meta[k]["url"]) for k in ("previous", "next") if k in meta]
        assert links(pager) == expected and expected
    # Copies that do not differ: a note, no readings.
    same = next(x for x in catalog["speeches"] if x["title"].startswith("城市工作会议上的讲话稿（全区"))
    article = dom.parse((built_site / same["url"] / "index.html").read_text(encoding="utf-8")).find("article")
    assert not article.find_all("details")
    assert "文字相同，只是分段不同。" in s(article.find("p", class_="collation-note").text())
    assert "》第5篇（两份） ·" in s(article.find("p", class_="speech-meta").text())


def test_corpus_download_carries_the_clean_markdown(built_site):
    """The corpus zip of each edition holds the speech pages as generated:
    front matter and text, no markup of the site's; and the catalog."""
    import zipfile

    import yaml

    for edition in ("zh-Hans", "zh-Hant"):
        with zipfile.ZipFile(built_site.parent / "docs" / corpus_zip_path(edition)) as archive:
            assert archive.read("catalog.json") == (built_site.parent / "docs" / "catalog.json").read_bytes()
            speeches = [n for n in archive.namelist() if n.startswith("speeches/") and n.endswith(".md")]
            assert len(speeches) == 9
            for name in speeches:
                page = archive.read(name).decode("utf-8")
                assert page == (built_site.parent / "docs" / edition / name).read_text(encoding="utf-8")
                _, meta, body = page.split("---\n", 2)
                assert yaml.safe_load(meta)["id"] == name[len("speeches/") : -len(".md")]
                assert "<" not in body and "{: ." not in body and "](" not in body, name


# ---------------------------------------------------------------------------
# The corpus downloads: outside the site, linked where DOWNLOADS_URL says


def test_a_build_without_the_downloads_address_links_no_corpus_download(built_site_run, catalog):
    """The corpus zips are written beside the editions, never into the site
    (GitHub Pages' 1 GB holds the site alone); without DOWNLOADS_URL no page
    and not the catalog link to them, and the build says so, once."""
    site, result = built_site_run
    docs = site.parent / "docs"
    assert sorted(p.name for p in (docs / CORPUS_DOWNLOADS_DIR).iterdir()) == [
        "corpus-markdown.zh-Hans.zip", "corpus-markdown.zh-Hant.zip"
    ]
    assert [p for p in site.rglob("*.zip")] == []
    assert [line for line in result.stderr.splitlines() if line.startswith("warning: DOWNLOADS_URL")] == [WITHOUT_DOWNLOADS_URL]
    assert all("downloads" not in edition for s in catalog["speeches"] for edition in (s, *s["variants"].values()))
    for page in site.rglob("*.html"):
        assert "corpus-markdown" not in page.read_text(encoding="utf-8"), page


def test_the_deployed_build_links_the_corpus_downloads_where_they_are_published(deployed_site):
    """Built with DOWNLOADS_URL (as the workflow does, which puts the zips on
    a release): the catalog, the home page and every speech page link each
    edition's zip at that address, where it is served (here by the test's
    server, as a release serves its assets), and the site holds none."""
    import urllib.request

    from . import dom

    site = deployed_site.site
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["version"] == 3
    assert [p for p in site.rglob("*.zip")] == []
    for code in ("zh-Hans", "zh-Hant"):
        url = deployed_site.downloads_url + corpus_zip_name(code)
        for s in catalog["speeches"]:
            edition = s if code == "zh-Hans" else s["variants"][code]
            assert edition["downloads"] == {"zip": url}
            line = dom.parse((site / edition["url"] / "index.html").read_text(encoding="utf-8")).find("p", class_="speech-downloads")
            # The script writes its links in its place (tests/test_downloads_browser.py).
            assert [a.attrs["href"] for a in line.find_all("a")] == [url]
        home = dom.parse((site / code / "index.html").read_text(encoding="utf-8")).find("article")
        assert [a.attrs["href"] for a in home.find_all("a") if a.attrs.get("href") == url] == [url]
        with urllib.request.urlopen(url) as response:
            assert response.read() == (deployed_site.docs / corpus_zip_path(code)).read_bytes()


def test_pages_carry_no_words_of_materials_unused_components(built_site, catalog):
    """Material's page settings hold no words or worker of its own search,
    which this site does not use (they were about 1 kB on every page). (The
    browser tests fail on any script error, such as Material looking up a
    missing word.)"""
    speech = (built_site / catalog["speeches"][0]["url"] / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<script id="?__config"? type="?application/json"?>(.*?)</script>', speech, re.S)
    settings = json.loads(found.group(1))
    assert not [word for word in settings["translations"] if word.startswith("search.")] and "search" not in settings
    # Of the features, only those the script asks about: the back-to-top
    # button is the template's (navigation.top), and it is there.
    assert settings["base"] == "../.." and settings["features"] == ["toc.follow"]
    assert "data-md-component=top" in speech
