"""A MkDocs hook that minifies every HTML page the site is made of.

A speech page is mostly markup (the theme's header, navigation, outline and
furniture around the text), and GitHub Pages publishes at most 1 GB: the
pages are written minified, by minify-html, a Rust minifier that parses the
page as a browser does and keeps what renders. What it changes does not
change what a reader sees where the stylesheets collapse white space (all
text but a source page's lines): a run of spaces and newlines renders as one
space, and stays one (between two Han characters it is kept, never dropped);
attributes lose quotes the HTML standard does not need; inline scripts and
styles are minified. Closing tags and the <html> and <head> opening tags are
kept. Text inside <pre> and <textarea> is kept as it is.

Source pages as scraped are minified around their lines, which show their
own white space (``minified_around_lines``).

mkdocs.yml names this file under ``hooks``, so ``python -m build_scripts
build``, ``preview`` and a plain ``mkdocs build`` all write the same pages.
"""

from __future__ import annotations

import re

import minify_html

from build_scripts.render.source_pages import TEMPLATE as SOURCE_PAGE_TEMPLATE

# Scripts and styles, whose text no entity or escape reaches.
_SCRIPT_OR_STYLE = re.compile(r"(<(script|style)\b[^>]*>.*?</\2>)", re.DOTALL | re.IGNORECASE)
# A title or a textarea as minify-html writes it: no "<" in its text but
# the one that ends it.
_TITLE_OR_TEXTAREA = re.compile(r"(<(title|textarea)\b[^>]*>)(.*?)(</\2>)", re.DOTALL | re.IGNORECASE)
# An "&" that does not begin a character reference ending in ";".
_BARE_AMPERSAND = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")


def minified(html: str) -> str:
    """The page ``html``, minified (the same input gives the same output)."""
    small = minify_html.minify(
        html,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        minify_js=True,
        minify_css=True,
    )
    return _escaped(small)


def _escaped(html: str) -> str:
    """A page as minify-html writes it, with the escapes the HTML standard
    lets it drop written again. Browsers read the text the same either way,
    but other parsers do not: in a title only "</title" ends the text, so
    "&lt;/title><script>" is text there, and in an attribute "&copyk" is
    not "©k". Escaped, every parser reads the text a browser does
    (SECURITY.md). A title's "<" first: a "<script>" there is text."""
    html = _TITLE_OR_TEXTAREA.sub(lambda m: m[1] + m[3].replace("<", "&lt;") + m[4], html)
    parts = _SCRIPT_OR_STYLE.split(html)
    # split() gives the text between, then per script or style the element and its tag's name.
    return "".join(
        _BARE_AMPERSAND.sub("&amp;", part) if i % 3 == 0 else part if i % 3 == 1 else ""
        for i, part in enumerate(parts)
    )


# A source page's lines (source-page.html): the one element the minifier
# must not touch. Its lines are escaped, so no "<div" in them opens or
# closes one.
_LINES_START = '<div class="src">'
_DIV_TAG = re.compile(r"<(/?)div\b")
# What stands for the lines while the rest is minified: a "<" of its own
# can only come from here, never from escaped page text.
_LINES_HOLDER = "<div class=src>lines</div>"


def minified_around_lines(html: str) -> str:
    """A source page, minified but for its lines, which show their own white
    space (CSS white-space: pre-wrap, stylesheets/source-page.css): a
    minifier that does not read the stylesheet would collapse it. The
    template writes the lines compact itself."""
    start = html.find(_LINES_START)
    if start < 0:
        return minified(html)
    depth = 0
    for tag in _DIV_TAG.finditer(html, start):
        depth += -1 if tag[1] else 1
        if depth == 0:
            break
    else:
        raise ValueError("a source page whose lines' <div> is never closed")
    inner = html[start + len(_LINES_START) : tag.start()]
    small = minified(html[:start] + _LINES_HOLDER + html[html.index(">", tag.start()) + 1 :])
    if small.count(_LINES_HOLDER) != 1:
        raise ValueError("a source page's lines could not be set back after minifying")
    return small.replace(_LINES_HOLDER, _LINES_START + inner + "</div>")


def on_post_page(output: str, page, **kwargs) -> str:
    if page.meta.get("template") == SOURCE_PAGE_TEMPLATE:
        return minified_around_lines(output)
    return minified(output)


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    # The theme's static templates: 404.html is a page; sitemap.xml is not HTML.
    return minified(output_content) if template_name.endswith(".html") else output_content
