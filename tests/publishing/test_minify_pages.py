"""The site's pages are written minified (build_scripts/publishing/minify_pages.py,
a hook of mkdocs.yml), and minifying changes nothing a reader reads: the
seed's pages, rendered by the theme, read the same before and after."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from build_scripts.publishing.minify_pages import minified, minified_around_lines

from .. import dom
from ..hostile import MkDocsSite

EDITIONS = {"zh-Hans": "mkdocs.yml", "zh-Hant": "mkdocs.zh-Hant.yml"}

# Elements a browser lays out as blocks (or not at all): white space next to
# their edges never renders, so a minifier may drop it there, and only there.
BLOCKS = frozenset(
    "address article aside blockquote body br details dialog dd div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 head header hr html li link main meta nav noscript ol p pre section summary "
    "table tbody td tfoot th thead title tr ul".split()
)


def text_runs(root: dom.Element) -> list[str]:
    """The page's text as runs between block edges, each as HTML shows it
    (white space collapsed to one space, none at its ends); scripts and
    styles are not text."""
    runs, run = [], []

    def walk(element: dom.Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                run.append(child)
            elif child.tag in ("script", "style"):
                continue
            elif child.tag in BLOCKS:
                runs.append("".join(run))
                run.clear()
                walk(child)
                runs.append("".join(run))
                run.clear()
            else:
                walk(child)

    walk(root)
    runs.append("".join(run))
    return [squashed for squashed in map(dom.squash, runs) if squashed]


def lines_block(page: str) -> str:
    """A source page's lines as written: from its lines' <div> to the page's
    end of content."""
    start = page.index('<div class="src">')
    return page[start : page.index("</article>", start)].rstrip()


@pytest.fixture(scope="module", params=list(EDITIONS))
def theme_pages(request, generated) -> dict[str, str]:
    """Every page of the seed's edition as the theme renders it, before the hooks."""
    edition = request.param
    pages = {
        rel[len(edition) + 1 :]: data.decode("utf-8")
        for rel, data in generated.files.items()
        if rel.startswith(f"{edition}/") and rel.endswith(".md")
    }
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        docs.mkdir()
        yield MkDocsSite(EDITIONS[edition], docs).render(pages, [], post_page=False)


def test_minifying_keeps_what_a_reader_reads(theme_pages):
    assert any(path.startswith("speeches/") for path in theme_pages)
    for path, page in theme_pages.items():
        source_page = path.startswith("source-pages/")
        small = minified_around_lines(page) if source_page else minified(page)
        if source_page:
            # The lines byte for byte as the template wrote them (their white
            # space shows: test_source_pages_keep_their_lines_white_space).
            assert lines_block(small) == lines_block(page), path
        assert len(small) < len(page), path
        before, after = dom.parse(page), dom.parse(small)
        # The same elements with the same attributes, the same text: a space
        # between two characters stays one (between two Han characters it
        # renders), none appears where there was none.
        assert dom.structure(after) == dom.structure(before), path
        assert text_runs(after) == text_runs(before), path
        assert "".join(after.find("article").text().split()) == "".join(before.find("article").text().split()), path
        for tag in ("pre", "textarea"):
            assert [e.text() for e in after.find_all(tag)] == [e.text() for e in before.find_all(tag)], path
        # Attribute values as they were (quotes dropped only where none was needed).
        assert [e.attrs for e in after.iter()] == [e.attrs for e in before.iter()], path


def test_speech_text_survives_minifying_byte_for_byte(theme_pages, generated):
    """A paragraph of a speech has no newline of its own: its text is the
    same string after minifying, not only the same modulo white space."""
    for path, page in theme_pages.items():
        if not path.startswith("speeches/"):
            continue
        before, after = dom.parse(page), dom.parse(minified(page))
        paragraphs = [e for e in before.find("article").find_all("p") if (e.attrs.get("id") or "").startswith("p")]
        assert paragraphs, path
        for paragraph in paragraphs:
            assert after.find("p", id=paragraph.attrs["id"]).text() == paragraph.text(), (path, paragraph.attrs["id"])


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_built_pages_are_minified(built_site, generated, edition):
    """Every page MkDocs writes (the build runs mkdocs.yml's hooks), its 404
    page too, is minified already: minifying it again changes nothing."""
    site = built_site / edition
    pages = [
        site / "index.html",
        site / "404.html",
        *(site / "speeches" / speech.id / "index.html" for speech in generated.speeches),
        *sorted(site.glob("collections/*/index.html")),
        *sorted(site.glob("indexes/*/*/index.html")),
    ]
    assert len(pages) > 20
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!doctype html><html "), path
        assert minified(page) == page, path
    # Source pages (published in one edition, that of their script) are
    # minified around their lines.
    source_pages = sorted(built_site.glob("*/source-pages/*/index.html"))
    assert source_pages
    for path in source_pages:
        page = path.read_text(encoding="utf-8")
        assert page.startswith("<!doctype html><html "), path
        assert minified_around_lines(page) == page, path


def test_source_pages_keep_their_lines_white_space(built_site, seed_lines):
    """A source page shows each line as scraped, its runs of spaces too
    (white-space: pre-wrap): the page is minified around its lines, which a
    minifier (that collapses them) would not keep. (The seed's page is
    published in one edition, that of its script.)"""
    (path,) = built_site.glob("*/source-pages/*/index.html")
    lines = dom.parse(path.read_text(encoding="utf-8")).find("div", class_="src").find_all("li")
    indented = [n for n in range(1, len(seed_lines)) if seed_lines[n].startswith("  ") and seed_lines[n].strip()]
    assert indented
    by_id = {li.attrs["id"]: li.text() for li in lines}
    for n in indented:
        assert by_id[f"L{n}"].startswith("  "), n


def test_minified_text_reads_the_same_to_a_parser_that_knows_less_than_a_browser():
    """minify-html writes "&lt;/title><script>" in a title and "&copyk" in an
    attribute, which a browser reads as the text they were; the standard
    library's parser reads an element and "©k". The page as written reads
    the same to both."""
    page = (
        "<!doctype html><html><head><title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title></head>"
        '<body><p title="&amp;copyk R&amp;D &amp;nosuch;">&amp;copyk &amp;lt;</p>'
        "<textarea>&lt;/textarea&gt;&lt;b&gt;</textarea><script>if(a&&b)c()</script></body></html>"
    )
    small = minified(page)
    before, after = dom.parse(page), dom.parse(small)
    assert dom.structure(after) == dom.structure(before)
    assert after.find("title").text() == "</title><script>alert(1)</script>"
    assert after.find("p").attrs["title"] == "&copyk R&D &nosuch;"
    assert after.find("p").text() == "&copyk &lt;"
    assert after.find("textarea").text() == "</textarea><b>"
    assert "a&&b" in after.find("script").text()
    assert len(small) < len(page)
