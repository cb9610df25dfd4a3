"""Hostile text renders literally, writer by writer (property tests).

The data stays raw; each writer encodes what it writes for its own format,
where it writes it: the front matter as YAML, the page text as Markdown, the
templates as HTML text or attribute values (rendered here through the Jinja
environment MkDocs itself builds from mkdocs.yml and the Material theme), the
feed and the .docx as XML, the catalogue and the search records as JSON; the
.txt carries the text as it is. For hostile strings in every field (see
tests/hostile.py) each output parses, has no element, attribute or URL scheme
that harmless strings in the same places do not give, and reads back as the
original text (in HTML, runs of white space read as one space, as HTML shows
them). SECURITY.md says what this promises.
"""

from __future__ import annotations

import dataclasses
import io
import json
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from build_scripts.publishing.build_site import redirect_page, root_404, root_index
from build_scripts.editions.convert import Converter
from build_scripts.editions.registry import editions_for
from build_scripts.fast.zip import zip_files
from build_scripts.render.downloads import BOM, INDENT, download_properties, shown, speech_docx, speech_txt
from build_scripts.render.json_text import lined_json
from build_scripts.errors import SourceError
from build_scripts.settings import read_settings
from build_scripts.render.catalog import catalog
from build_scripts.render.edition import search_records
from build_scripts.render.feed import FEED_SUMMARY_CHARACTERS, render_feed
from build_scripts.publishing.search_index import build_index, read_doc
from build_scripts.corpus.find_facets import TOPIC_SLUGS, facets
from build_scripts.render.indexes import FACETS, render_indexes
from build_scripts.render.paths import corpus_zip_url, indexes_path, source_page_path, value_path
from build_scripts.render.source_pages import chrome_words, render_source_page
from build_scripts.parse.knowledge import library
from build_scripts.render.speech_page import (
    LONG_READING,
    MAX_VARIANTS,
    CollectionIndex,
    description,
    render_speech,
    speech_facts,
)
from build_scripts.render.paths import (
    collection_path,
    collections_index_path,
    speech_path,
)
from build_scripts.render.markdown import (
    escape_markdown,
    front_matter,
)
from build_scripts.render.collection_pages import (
    render_collection,
    render_collections_index,
    render_home,
)
from build_scripts.editions.convert import same_script
from build_scripts.corpus.contexts import speech_contexts

from . import dom
from .hostile import ATTACKS, FILE_ATTACKS, ROOT, MkDocsSite, Substitution, file_names, hostile, page_structure

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,  # no .hypothesis folder left in the project
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Where pages are rendered by MkDocs for each example, a failing example is
# reported as found: shrinking it would take minutes.
QUICK_PHASES = (Phase.explicit, Phase.reuse, Phase.generate)

EDITIONS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}
SITE_URL = "https://example.org/library/"
HANT = Converter().convert


def script(edition: str):
    return same_script if edition == "zh-Hans" else HANT


@pytest.fixture(scope="module")
def docs_dir():
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        yield docs


@pytest.fixture(scope="module", params=list(EDITIONS))
def site(request, docs_dir) -> MkDocsSite:
    """An edition as deployed (with a site URL), with navigation.tabs and
    navigation.path switched on as well, so their partials render too."""
    edition = request.param
    return MkDocsSite(
        EDITIONS[edition], docs_dir, SITE_URL + edition + "/", features=("navigation.tabs", "navigation.path")
    )


# ---------------------------------------------------------------------------
# Front matter


@SETTINGS
@given(title=hostile(), description=hostile(), tags=st.lists(hostile(3), max_size=3))
def test_front_matter_reads_back_as_mkdocs_reads_it(title, description, tags):
    from mkdocs.utils import meta

    data = {"id": "x", "title": title, "description": description, "tags": tags, "copies": 1, "site": None}
    text = front_matter(data)
    assert text.startswith("---\n") and text.endswith("\n---\n")
    assert yaml.safe_load(text[4:-4]) == data
    body, read = meta.get_data(text + "正文\n")
    assert read == data and body == "正文\n"


# ---------------------------------------------------------------------------
# Templates: titles, descriptions, link previews, header, navigation, footer


def nav_pages(titles: list[str], description: str, heading: str, section: str) -> tuple[dict[str, str], list]:
    """Pages whose every title, description and navigation label is given:
    index.md, a.md (in the navigation), b.md (in a section), c.md (no
    front-matter title: MkDocs takes it from its heading) and a speech page
    outside the navigation, with no heading (content.html writes it)."""
    home, first, second, speech = titles
    pages = {
        "index.md": front_matter({"title": home}) + "正文\n",
        "a.md": front_matter({"title": first, "description": description}) + "正文\n\n## 小节\n\n正文\n",
        "b.md": front_matter({"title": second}) + "正文\n",
        "c.md": f"# {escape_markdown(heading)}\n\n正文\n",
        "speeches/s.md": front_matter({"title": speech, "description": description, "id": "s", "collection_id": "c"})
        + "正文\n",
    }
    return pages, ["index.md", "a.md", {section: ["b.md", "c.md"]}]


HARMLESS_NAV = nav_pages(["首页", "甲", "乙", "丙"], "描述", "丁", "节")
_harmless: dict[int, dict] = {}


def harmless_structure(site: MkDocsSite) -> dict:
    if id(site) not in _harmless:
        _harmless[id(site)] = {
            path: dom.structure(dom.parse(html)) for path, html in site.render(*HARMLESS_NAV).items()
        }
    return _harmless[id(site)]


def link_texts(root: dom.Element, class_: str) -> list[str]:
    return [dom.squash(a.text()) for a in root.find_all("a", class_=class_)]


@settings(SETTINGS, phases=QUICK_PHASES)
@given(titles=st.lists(hostile(), min_size=4, max_size=4), description=hostile(), heading=hostile(), section=hostile())
def test_templates_print_titles_and_descriptions_as_text(site, titles, description, heading, section):
    pages, nav = nav_pages(titles, description, heading, section)
    harmless = harmless_structure(site)
    rendered = site.render(pages, nav)
    plain = dict(zip(["index.md", "a.md", "b.md", "speeches/s.md"], titles), **{"c.md": dom.squash(heading)})
    for path, html in rendered.items():
        root = dom.parse(html)
        assert dom.structure(root) == harmless[path], path
        title = plain[path]
        assert root.find("title").text() == f"{title} - {site.site_name}", path
        assert root.find("meta", property="og:title").attrs["content"] == title
        header = root.find("div", class_="md-header__topic", data_md_component="header-topic")
        assert dom.squash(header.text()) == dom.squash(title)
        if path in ("a.md", "speeches/s.md"):
            for attrs in ({"name": "description"}, {"property": "og:description"}):
                assert root.find("meta", **attrs).attrs["content"] == description
        if path == "speeches/s.md":  # no heading of its own: content.html writes the title
            assert dom.squash(root.find("article").find("h1").text()) == dom.squash(title)
        # The navigation, its tabs and the path name every page and the section.
        names = link_texts(root, "md-nav__link") + texts(root.find_all("label", class_="md-nav__title"))
        for label in (titles[0], titles[1], titles[2], dom.squash(heading), section):
            assert dom.squash(label) in names, (path, label)
        assert dom.squash(titles[0]) in link_texts(root, "md-tabs__link")
        if path in ("b.md", "c.md"):
            assert dom.squash(section) in link_texts(root, "md-path__link")
    # The footer leads from a.md to its neighbours, by their titles.
    root = dom.parse(rendered["a.md"])
    previous = root.find("a", class_="md-footer__link--prev")
    following = root.find("a", class_="md-footer__link--next")
    assert dom.squash(previous.find("div", class_="md-ellipsis").text()) == dom.squash(titles[0])
    assert dom.squash(following.find("div", class_="md-ellipsis").text()) == dom.squash(titles[2])
    assert previous.attrs["aria-label"].endswith(": " + titles[0])
    assert following.attrs["aria-label"].endswith(": " + titles[2])


# ---------------------------------------------------------------------------
# Markdown pages: speeches, collections, the home page, 文集, the indexes


class Corpus(tuple):
    """The seed's speeches, collections and what each speech page shows
    besides its text (related speeches, neighbours, collation, facets)."""

    def __repr__(self) -> str:  # as a failing example shows it
        return "<the seed corpus>"


@pytest.fixture(scope="module")
def corpus(generated) -> Corpus:
    contexts = speech_contexts(generated.speeches, generated.collections)
    contexts = {s.id: dataclasses.replace(contexts[s.id], facets=facets(s)) for s in generated.speeches}
    return Corpus((generated.speeches, generated.collections, contexts))


def shown_speeches(speeches, contexts):
    """Two speech pages that show everything: merged copies with readings
    that differ, related speeches, a previous and a next speech."""
    rich = [s for s in speeches if contexts[s.id].previous and contexts[s.id].next and contexts[s.id].related]
    merged = [s for s in speeches if any(c.variants for c in contexts[s.id].collation)]
    assert rich and merged
    return [merged[0].id, rich[0].id] if merged[0] is not rich[0] else [merged[0].id]


def edition_pages(speeches, collections, contexts, t, lang="zh-Hans") -> dict[str, str]:
    """The generated Markdown of one edition (no downloads, no hand-written pages).
    The seed's source page is Simplified: the Traditional edition links across to it."""
    by_id = {s.id: s for s in speeches}
    by_collection = CollectionIndex((c.id, c) for c in collections)
    across = {c.id: "zh-Hans" for c in collections} if lang == "zh-Hant" else {}
    pages = {
        "index.md": render_home(collections, by_id, t),
        collections_index_path(): render_collections_index(collections, t),
    }
    for c in collections:
        pages[collection_path(c.id)] = render_collection(c, by_id, t, across.get(c.id))
    for s in speeches:
        pages[speech_path(s.id)] = render_speech(s, by_collection, t, contexts[s.id], across=across)
    pages.update(render_indexes(speeches, {s.id: contexts[s.id].facets for s in speeches}, t))
    return pages


NAV = ["index.md", collections_index_path(), indexes_path()]


def wanted_pages(speeches, collections, contexts) -> list[str]:
    topics = next(f for f in FACETS if f.field == "topics")
    topic = next(v for s in speeches for v in contexts[s.id].facets.topics)
    return [
        "index.md",
        collections_index_path(),
        collection_path(collections[0].id),
        *(speech_path(i) for i in shown_speeches(speeches, contexts)),
        value_path(topics, topic),
    ]


_harmless_pages: dict[int, dict] = {}


def harmless_pages(site: MkDocsSite, corpus, t, lang) -> dict:
    if id(site) not in _harmless_pages:
        speeches, collections, contexts = Substitution().rewrite(corpus)
        pages = edition_pages(speeches, collections, contexts, t, lang)
        wanted = wanted_pages(speeches, collections, contexts)
        _harmless_pages[id(site)] = {
            path: page_structure(dom.parse(html)) for path, html in site.render(pages, NAV, wanted).items()
        }
    return _harmless_pages[id(site)]


def front(markdown: str) -> dict:
    """A page's front matter, read as MkDocs reads it."""
    from mkdocs.utils import meta

    return meta.get_data(markdown)[1]


def texts(elements, *skip) -> list[str]:
    return [dom.squash(e.text(*skip)) for e in elements]


def check_head(root: dom.Element, data: dict, site_name: str) -> None:
    """What the page says of itself reads back as its front matter says it."""
    assert root.find("title").text() == f"{data['title']} - {site_name}"
    assert root.find("meta", property="og:title").attrs["content"] == data["title"]
    if "description" in data:
        for attrs in ({"name": "description"}, {"property": "og:description"}):
            assert root.find("meta", **attrs).attrs["content"] == data["description"]
    header = root.find("div", class_="md-header__topic", data_md_component="header-topic")
    assert dom.squash(header.text()) == dom.squash(data["title"])


def check_speech_page(root: dom.Element, data: dict, speech, collections, context, t, lang) -> None:
    s = dom.squash
    assert data["title"] == t(speech.title) and data["collection"] == t(collections[speech.collection_id].title)
    assert [row["file"] for row in data["sources"]] == [c.clean.copy.file for c in speech.distinct.copies]
    article = root.find("article")
    assert s(article.find("h1").text("headerlink")) == s(t(speech.title))
    for block, anchor in zip(speech.blocks, speech.anchors):
        assert s(article.find(id=anchor).text("para-link", "headerlink")) == s(t(block.text)), anchor
    assert len(article.find_all("mark")) == data["placeholders"]
    # The switch that hides them is the reader script's, on a page whose facts count them.
    assert bool(article.find_all("span", class_="fact--placeholders")) == bool(data["placeholders"])
    # The table of contents (MkDocs' toc: the headings' HTML, tags stripped) names the outline.
    toc = texts(root.find("nav", class_="md-nav--secondary").find_all("a"))
    assert all(s(t(b.text)) in toc for b in speech.blocks if b.kind == "heading")
    collection = collections[speech.collection_id]
    assert s(t(collection.title)) in s(article.find("p", class_="speech-meta").text())
    # 来源: each copy's collection and source file.
    assert texts(article.find_all("code")) == [s(c.clean.copy.file) for c in speech.distinct.copies]
    by_file = {c.file: c for c in collections.values()}
    provenance = [li for li in article.find_all("li") if li.find_all("code")]
    assert texts(li.find_all("a")[0] for li in provenance) == [
        s(t(by_file[c.clean.copy.file].title)) for c in speech.distinct.copies
    ]
    # …and its lines, a link to them on the source page as published.
    assert [li.find_all("a")[1].attrs["href"] for li in provenance] == [row["url"] for row in data["sources"]]
    to_sources = "../../source-pages/" if lang == "zh-Hans" else "../../../zh-Hans/source-pages/"
    assert [row["url"] for row in data["sources"]] == [
        f"{to_sources}{by_file[c.clean.copy.file].id}/#L{c.clean.copy.line_range[0]}" for c in speech.distinct.copies
    ]
    # 引用本文, 相关讲话, the readings of merged copies, 上一篇 and 下一篇
    citation = s(article.find("p", class_="citation__text").text())
    assert citation.startswith(s(f"《{t(speech.title)}》")) and s(t(collection.title)) in citation
    related = article.find("ul", class_="speech-list")
    assert texts(related.find_all("a")) == [s(t(r.title)) for r in context.related]
    assert texts(related.find_all("small")) == [
        s(f"《{t(collections[r.collection_id].title)}》 · {r.characters:,} {t('字')}") for r in context.related
    ]
    readings = [
        r for cc in context.collation for v in cc.variants[:MAX_VARIANTS] for r in (v.published, v.other) if r.text
    ]
    assert texts(article.find_all("span", class_="collation__reading")) == [
        s(t(r.text) if len(r.text) <= LONG_READING else t(r.text[:20]) + "……") for r in readings
    ]
    # The downloads, made in the browser from the page and the line's data
    # attributes, which read back as they were given whatever the text (the
    # script writes their links and names them from the title: tests/
    # test_downloads_browser.py).
    line = article.find("p", class_="speech-downloads")
    assert [a for a in line.find_all("a") if "download" in a.attrs] == []
    properties = download_properties(speech, collection, t)
    assert {name.removeprefix("data-"): value for name, value in line.attrs.items() if name.startswith("data-")} == properties
    pager = article.find("nav", class_="speech-pager")
    assert s(pager.attrs["aria-label"]) == s(t(f"《{collection.title}》中的上一篇、下一篇"))
    for neighbour, rel, label in ((context.previous, "prev", "上一篇"), (context.next, "next", "下一篇")):
        links = pager.find_all("a", rel=rel)
        assert texts(links) == ([s(f"{t(label)} {t(neighbour.title)}")] if neighbour else [])


def check_lists(root: dom.Element, path: str, speeches, collections, contexts, t) -> None:
    """The home page, 文集, a collection and an index page list their
    speeches and collections by their titles."""
    s = dom.squash
    article = root.find("article")
    listed = texts(a for div in article.find_all("div", class_="speech-list") for a in div.find_all("a"))
    by_id = {x.id: x for x in speeches}
    collection = collections[0]
    titles = [s(t(by_id[i].title)) for i in collection.speech_ids]
    if path == "index.md":
        assert texts(article.find_all("h2"), "headerlink") == [s(t(c.title)) for c in collections]
        assert listed == titles
    elif path == collections_index_path():
        assert listed == [s(t(c.title)) for c in collections]
    elif path == collection_path(collection.id):
        assert s(article.find("h1").text("headerlink")) == s(t(collection.title))
        meta = s(article.find("p", class_="speech-meta").text())
        for field in (collection.meta.site, *collection.meta.categories, collection.meta.tag):
            assert s(t(field)) in meta
        assert listed == titles
    else:  # an index page: its speeches, newest first
        topic = front_value(path)
        assert sorted(listed) == sorted(s(t(x.title)) for x in speeches if topic in contexts[x.id].facets.topics)


def front_value(path: str) -> str:
    topics = next(f for f in FACETS if f.field == "topics")
    return next(v for v, slug in TOPIC_SLUGS.items() if value_path(topics, v) == path)


def rotated(items: tuple, by: int) -> list:
    """``items`` from the one at ``by`` on, and round; none blank (no title or paragraph is)."""
    return [x for x in items[by:] + items[:by] if x.split()]


@settings(SETTINGS, max_examples=25, phases=QUICK_PHASES)
@given(pool=st.lists(hostile(), min_size=8, max_size=16), files=st.lists(file_names(), min_size=1, max_size=3))
# Every attack in many of the fields, whatever the draws.
@example(pool=rotated(ATTACKS, 0), files=[f"{a}.txt" for a in rotated(FILE_ATTACKS, 0)])
@example(pool=rotated(ATTACKS, 7), files=[f"{a}.txt" for a in rotated(FILE_ATTACKS, 5)])
@example(pool=rotated(ATTACKS, 20), files=[f"{a}.txt" for a in rotated(FILE_ATTACKS, 11)])
def test_generated_pages_render_every_field_as_text(site, corpus, pool, files):
    edition = site.config.theme["language"]
    edition = "zh-Hant" if edition == "zh-Hant" else "zh-Hans"
    t = script(edition)
    harmless = harmless_pages(site, corpus, t, edition)
    speeches, collections, contexts = Substitution(pool, files).rewrite(corpus)
    pages = edition_pages(speeches, collections, contexts, t, edition)
    by_collection = {c.id: c for c in collections}
    for path, html in site.render(pages, NAV, list(harmless)).items():
        root = dom.parse(html)
        assert page_structure(root) == harmless[path], path
        data = front(pages[path])
        check_head(root, data, site.site_name)
        if path.startswith("speeches/"):
            speech = next(x for x in speeches if speech_path(x.id) == path)
            check_speech_page(root, data, speech, by_collection, contexts[speech.id], t, edition)
        else:
            check_lists(root, path, speeches, collections, contexts, t)


# ---------------------------------------------------------------------------
# Source pages as scraped (render/source_pages.py): the lines are front-matter
# data the theme prints (overrides/source-page.html)


def source_page_of(generated, sub: Substitution, t, rules: list[str] | None = None) -> tuple[object, str]:
    """The seed's source page with every line, title and file name through
    ``sub``, each chrome rule one of ``rules`` in turn, and an original URL
    with text of ``sub`` in it: (the page as split, its Markdown)."""
    split, collection = sub.rewrite((generated.pages[0], generated.collections[0]))
    collection = dataclasses.replace(
        collection, meta=dataclasses.replace(collection.meta, url="https://example.org/" + sub.text("原网页"))
    )
    report = dict(generated.report["pages"][0], file=split.page.file)
    report["verdicts"] = [
        dict(run, rule=rules[i % len(rules)]) if rules and run["kind"] == "chrome" else run
        for i, run in enumerate(report["verdicts"])
    ]
    titles = {s.id: sub.text(s.title) for s in generated.speeches}
    return split, render_source_page(split, report, collection, titles, chrome_words(library().labels), t)


_harmless_source: dict[int, object] = {}


@settings(SETTINGS, max_examples=15, phases=QUICK_PHASES)
@given(pool=st.lists(hostile(), min_size=8, max_size=16), files=st.lists(file_names(), min_size=1, max_size=2))
@example(pool=rotated(ATTACKS, 0), files=[f"{a}.txt" for a in rotated(FILE_ATTACKS, 0)])
@example(pool=rotated(ATTACKS, 13), files=[f"{a}.txt" for a in rotated(FILE_ATTACKS, 7)])
def test_source_pages_render_every_line_and_verdict_as_text(site, generated, pool, files):
    edition = "zh-Hant" if site.config.theme["language"] == "zh-Hant" else "zh-Hans"
    t = script(edition)
    path = source_page_path(generated.collections[0].id)
    if id(site) not in _harmless_source:
        _, harmless = source_page_of(generated, Substitution(), t, ["甲规则"])
        _harmless_source[id(site)] = page_structure(dom.parse(site.render({path: harmless}, [], [path])[path]))
    split, markdown = source_page_of(generated, Substitution(pool, files), t, pool)
    root = dom.parse(site.render({path: markdown}, [], [path])[path])
    assert page_structure(root) == _harmless_source[id(site)]
    data = front(markdown)
    check_head(root, data, site.site_name)
    # Every line once, in order, its text as it was (white space too).
    lines = root.find("div", class_="src").find_all("li")
    assert [li.attrs["id"] for li in lines] == [f"L{line.number}" for line in split.page.lines]
    assert [li.text() for li in lines] == [line.text for line in split.page.lines]
    verdicts = root.find("div", class_="src").find_all("p")
    groups = [g for g in data["groups"] if g["label"]]
    assert [dom.squash(v.find("code").text()) for v in verdicts if v.find_all("code")] == [
        dom.squash(g["rule"]) for g in groups if "rule" in g
    ]
    assert [dom.squash(v.find("a").text()) for v in verdicts if v.find_all("a")] == [
        dom.squash(f"《{g['speech']}》") for g in groups if "speech" in g
    ]
    # What the page is: its file's name, and its links (collection, original page) as links.
    intro = root.find("article").find_all("p")[0]
    assert dom.squash(split.page.file) in dom.squash(intro.text())


def test_every_hand_written_page_has_a_plain_text_title():
    """partials/title.html prints a front-matter title as plain text and
    reduces one MkDocs takes from a heading to its text: both read back."""
    site = MkDocsSite("mkdocs.yml", ROOT / "docs")
    pages = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
    assert pages
    for path, html in site.render(pages, list(pages)).items():
        root = dom.parse(html)
        heading = dom.squash(root.find("article").find("h1").text("headerlink"))
        assert root.find("title").text() == f"{front(pages[path]).get('title', heading)} - {site.site_name}"


# ---------------------------------------------------------------------------
# The feed, the search records, the catalogue


class Ledger(tuple):
    def __repr__(self) -> str:  # as a failing example shows it
        return "<the seed's ledger>"


@pytest.fixture(scope="module")
def ledger(generated) -> Ledger:
    return Ledger(generated.ledger)


ATOM = "{http://www.w3.org/2005/Atom}"


@SETTINGS
@given(pool=st.lists(hostile(), min_size=4, max_size=12), added=hostile(2), edition=st.sampled_from(list(EDITIONS)))
@example(pool=rotated(ATTACKS, 0), added="2024-01-01]]></updated><x>", edition="zh-Hans")
def test_feed_is_xml_that_reads_back(corpus, ledger, pool, added, edition):
    t = script(edition)
    speeches, collections, _ = Substitution(pool).rewrite(corpus)
    by_id = {s.id: s for s in speeches}
    by_collection = {c.id: c for c in collections}
    entries = [dataclasses.replace(e, added=added) for e in ledger]
    root = ET.fromstring(render_feed(entries, speeches, collections, edition, t, SITE_URL + edition + "/"))
    assert root.find(f"{ATOM}updated").text == f"{added}T00:00:00Z"
    shown = root.findall(f"{ATOM}entry")
    assert shown and len(list(root.iter())) == 8 + 8 * len(shown)  # no element of its own
    for entry in shown:
        href = entry.find(f"{ATOM}link").get("href")
        speech = by_id[href.removeprefix(SITE_URL + edition + "/speeches/").rstrip("/")]
        assert entry.find(f"{ATOM}title").text == t(speech.title)
        assert entry.find(f"{ATOM}summary").text == t(description(speech, FEED_SUMMARY_CHARACTERS))
        assert entry.find(f"{ATOM}category").get("term") == t(by_collection[speech.collection_id].title)
        assert entry.find(f"{ATOM}published").text == f"{added}T00:00:00Z"


@SETTINGS
@given(
    pool=st.lists(hostile(), min_size=4, max_size=12),
    files=st.lists(file_names(), min_size=1, max_size=2),
    edition=st.sampled_from(list(EDITIONS)),
)
def test_search_records_and_catalog_are_json_that_reads_back(corpus, pool, files, edition):
    t = script(edition)
    speeches, collections, _ = Substitution(pool, files).rewrite(corpus)
    records = search_records(t, speeches, collections)
    index = build_index(records)
    for n, record in enumerate(records):
        read = read_doc(index, n)
        headings = {"headings": [list(h) for h in record.headings]} if record.headings else {}
        assert read == {"url": record.url, "title": record.title, "provenance": record.provenance, "text": record.text,
                        **headings}
        assert record.title == t(speeches[n].title) and record.text == "\n".join(t(b.text) for b in speeches[n].blocks)
    hant = script("zh-Hant")
    titles = {"zh-Hans": str, "zh-Hant": hant}
    found = {s.id: facets(s) for s in speeches}
    read = json.loads(lined_json(catalog(speeches, collections, editions_for("s2tw"), titles, found, SITE_URL)))
    assert [c["title"] for c in read["collections"]] == [c.title for c in collections]
    assert [c["variants"]["zh-Hant"]["title"] for c in read["collections"]] == [hant(c.title) for c in collections]
    assert [s["variants"]["zh-Hant"]["title"] for s in read["speeches"]] == [hant(s.title) for s in speeches]
    assert [c["source"] for c in read["collections"]] == [c.file for c in collections]
    assert [s["title"] for s in read["speeches"]] == [s.title for s in speeches]
    assert [[r["file"] for r in s["sources"]] for s in read["speeches"]] == [
        [c.clean.copy.file for c in s.distinct.copies] for s in speeches
    ]


# ---------------------------------------------------------------------------
# Downloads: .txt as it is, .docx as XML


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@SETTINGS
@given(pool=st.lists(hostile(), min_size=4, max_size=12), edition=st.sampled_from(list(EDITIONS)))
@example(pool=rotated(ATTACKS, 0), edition="zh-Hans")
def test_txt_carries_the_text_and_docx_reads_back(corpus, pool, edition):
    t = script(edition)
    speeches, collections, _ = Substitution(pool).rewrite(corpus)
    by_collection = {c.id: c for c in collections}
    for speech in speeches[:3]:
        collection = by_collection[speech.collection_id]
        # The text as the page shows it: each block one line, its white space collapsed.
        txt = speech_txt(speech, collection, t).removeprefix(BOM).split("\n")
        assert txt[0] == shown(t(speech.title))
        body = [line for line in txt[3:] if line]
        assert body == [shown(t(b.text)) if b.kind == "heading" else INDENT + shown(t(b.text)) for b in speech.blocks]
        with zipfile.ZipFile(io.BytesIO(speech_docx(speech, collection, t, lang=edition))) as package:
            document = ET.fromstring(package.read("word/document.xml"))
            core = ET.fromstring(package.read("docProps/core.xml"))
        paragraphs = ["".join(x.text or "" for x in p.iter(f"{W}t")) for p in document.iter(f"{W}p")]
        # As the page shows them, from which the browser makes its copy.
        facts = " · ".join(shown(f) for f in speech_facts(speech, collection, t))
        # A TAB or line break inside a w:t would not show in Word: a space stands for it, as on the page.
        word = [shown(x) for x in (t(speech.title), *(t(b.text) for b in speech.blocks))]
        assert paragraphs[: len(word)] == word
        dc = "{http://purl.org/dc/elements/1.1/}"
        assert core.find(f"{dc}title").text == word[0]
        assert core.find(f"{dc}subject").text == shown(t(collection.title))
        assert core.find(f"{dc}description").text == facts.replace("\t", " ")


@SETTINGS
@given(names=st.lists(file_names().map(lambda n: "zh-Hans/" + n), min_size=1, max_size=4, unique=True))
def test_corpus_zip_names_read_back(names):
    files = {name: name.encode("utf-8") for name in names}
    with zipfile.ZipFile(io.BytesIO(zip_files(files))) as archive:
        assert {i.filename: archive.read(i) for i in archive.infolist()} == files


@settings(SETTINGS, phases=QUICK_PHASES, max_examples=25)
@given(folder=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12))
@example(folder="a)b](c*d_e&amp;[x]")
def test_the_corpus_download_link_is_the_address_it_was_given(site, docs_dir, corpus, folder):
    """Whatever folder address DOWNLOADS_URL names (settings.py refuses what
    a URL must percent-encode), the home page and a speech page link the
    corpus zip at exactly that address: Markdown, YAML and HTML leave it as it is."""
    try:
        # docs_dir holds no pyproject.toml: the environment's setting alone.
        downloads_url = read_settings(docs_dir, {"DOWNLOADS_URL": f"https://example.org/{folder}/"}).downloads_url
    except SourceError:
        assume(False)
    speeches, collections, contexts = corpus
    url = corpus_zip_url(downloads_url, "zh-Hans")
    by_id = {s.id: s for s in speeches}
    speech = speeches[0]
    pages = edition_pages(speeches, collections, contexts, same_script)
    pages["index.md"] = render_home(collections, by_id, same_script, url)
    pages[speech_path(speech.id)] = render_speech(
        speech, CollectionIndex((c.id, c) for c in collections), same_script, contexts[speech.id], corpus_url=url
    )
    rendered = site.render(pages, NAV, ["index.md", speech_path(speech.id)])
    home = dom.parse(rendered["index.md"]).find("article")
    assert [a.attrs["href"] for a in home.find_all("a") if "corpus-markdown" in a.attrs.get("href", "")] == [url]
    line = dom.parse(rendered[speech_path(speech.id)]).find("p", class_="speech-downloads")
    assert [a.attrs["href"] for a in line.find_all("a")] == [url]


# ---------------------------------------------------------------------------
# The site root and redirects, the sitemaps


@SETTINGS
@given(
    prefix=st.sampled_from(["../", "https://example.org/zh-Hans/speeches/"]),
    tail=hostile(2),
    site_url=st.tuples(st.just("https://example.org/"), hostile(2)).map("".join),
)
@example(prefix="../", tail='x"></script><script>alert(1)</script>/', site_url='https://example.org/"><b>/')
def test_redirect_root_and_404_pages_read_back(prefix, tail, site_url):
    """What these pages hold comes from the ledger's ids and SITE_URL."""
    href = prefix + tail
    for edition in editions_for("s2tw"):
        root = dom.parse(redirect_page(edition, href))
        assert dom.structure(root) == dom.structure(dom.parse(redirect_page(edition, prefix + "x/")))
        assert root.find("link", rel="canonical").attrs["href"] == href
        assert root.find("a").attrs["href"] == href
        assert root.find("meta", http_equiv="refresh").attrs["content"] == f"0; url={href}"
        script_text = root.find("script").text()
        assert script_text == f"location.replace({json.dumps(href)} + location.hash);".replace("<", "\\u003c")
        assert json.loads(script_text.removeprefix("location.replace(").removesuffix(" + location.hash);")) == href
    editions = editions_for("s2tw")
    lost = dom.parse(root_404(editions, site_url))
    assert dom.structure(lost) == dom.structure(dom.parse(root_404(editions, "https://example.org/")))
    assert [a.attrs["href"] for a in lost.find_all("a")] == [site_url.rstrip("/") + f"/{e.code}/" for e in editions]
    assert dom.structure(dom.parse(root_index(editions))) == dom.structure(dom.parse(root_index(editions)))


@settings(SETTINGS, max_examples=20)
@given(names=st.lists(file_names().map(lambda n: "speeches/" + n[:-4] + ".md"), min_size=1, max_size=3, unique=True))
def test_sitemap_lists_page_urls_as_xml(site, names):
    pages = {"index.md": front_matter({"title": "首页"}) + "正文\n"}
    pages.update({name: front_matter({"title": "甲"}) + "正文\n" for name in names})
    site.render(pages, ["index.md"])
    urls = [e.text for e in ET.fromstring(site.sitemap()).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    expected = [site.files.get_file_from_path(p).page.canonical_url for p in pages]
    assert sorted(urls) == sorted(expected)
    for url in urls:  # each a URL of the site, its characters encoded
        assert url.startswith(site.config.site_url) and not set(url) & set(" <>\"'`")


# ---------------------------------------------------------------------------
# A speech page's furniture (partials/speech.html): every field of its front
# matter the theme draws, hostile


# The front-matter fields partials/speech.html draws (sources: the fields of
# a row it shows), and the fields that say what kind a value is (never text).
FURNITURE = ("facts", "facet_links", "notes", "collation", "citation", "related", "previous", "next",
             "pager_label", "strings")
SHOWN_SOURCE_FIELDS = ("file", "collection", "collection_url", "label", "where", "role", "original_url", "url")


def furnished(data: dict, leaf) -> dict:
    """``data`` with every string the theme draws from it made by ``leaf(key)``
    (a URL "../../" and a path), and a damage note, a link to each copy's
    source lines and to its original page, so that every branch shows."""
    def fill(value, key):
        if isinstance(value, str):
            return "../../" + leaf(key) if key.endswith("url") else leaf(key)
        if isinstance(value, list):
            return [fill(v, key) for v in value]
        if isinstance(value, dict):
            return {k: fill(v, k) for k, v in value.items()}
        return value

    out = dict(data, notes=["", ""])
    out["sources"] = [dict(row, url="", original_url="") for row in data["sources"]]
    for key in FURNITURE:
        if key in out:
            out[key] = fill(out[key], key)
    out["sources"] = [
        {k: fill(v, k) if k in SHOWN_SOURCE_FIELDS else v for k, v in row.items()} for row in out["sources"]
    ]
    return out


def drawn_strings(value, key="") -> list[tuple[str, str]]:
    """Every (key, string) of a front-matter value."""
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, list):
        return [x for v in value for x in drawn_strings(v, key)]
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in drawn_strings(v, k)]
    return []


@settings(SETTINGS, max_examples=20, phases=QUICK_PHASES)
@given(pool=st.lists(hostile(), min_size=8, max_size=16))
@example(pool=rotated(ATTACKS, 0))
@example(pool=rotated(ATTACKS, 13))
def test_speech_furniture_prints_every_field_as_text(site, corpus, pool):
    edition = "zh-Hant" if site.config.theme["language"] == "zh-Hant" else "zh-Hans"
    t = script(edition)
    speeches, collections, contexts = corpus
    pages = edition_pages(speeches, collections, contexts, t, edition)
    path = speech_path(shown_speeches(speeches, contexts)[0])  # merged copies that differ
    data = front(pages[path])
    body = pages[path][pages[path].index("\n---\n", 3) + 5 :]
    harmless = furnished(data, lambda key: "甲乙")
    draws = iter(pool * 1000)
    hostile_data = furnished(data, lambda key: next(draws))
    shown = {}
    for name, fields in (("harmless", harmless), ("hostile", hostile_data)):
        rendered = site.render({path: front_matter(fields) + body}, [], [path])[path]
        shown[name] = dom.parse(rendered)
    assert page_structure(shown["hostile"]) == page_structure(shown["harmless"])
    root = shown["hostile"]
    article = root.find("article")
    text = dom.squash(article.text())
    attributes = {v for e in root.iter() for v in e.attrs.values() if v is not None}
    drawn = [x for key in FURNITURE for x in drawn_strings(hostile_data.get(key), key)]
    drawn += [(k, row[k]) for row in hostile_data["sources"] for k in SHOWN_SOURCE_FIELDS]
    assert len(drawn) > 60
    for key, value in drawn:
        if key.endswith("url"):
            assert value in attributes, (key, value)  # an href, as it is
        else:
            assert dom.squash(value) in text or value in attributes, (key, value)
    # The hostile strings stay text: no element the harmless page lacks (above),
    # and each of the speech's own blocks reads as it did.
    for anchor in ("p1", "p2"):
        assert article.find(id=anchor).text()
