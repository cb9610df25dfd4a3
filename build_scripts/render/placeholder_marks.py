"""A Markdown extension that marks a speech's template placeholders.

A speech page's Markdown is its text only (render/speech_page.py): the
blanks a 范文 leaves to fill in ("xx", "20xx", "****", see
``markdown.placeholders``) are highlighted when the page is rendered, each
wrapped in a ``<mark>`` of no class in its paragraph or heading (the only
marks of a page as built: stylesheets/extra.css draws them so, and those of
a search reader.js adds have a class), by the very rule that counts them in
the front matter (``placeholders``). Only a
speech's text is marked: the paragraphs whose id is ``p<N>`` and the headings
below the title of a page that has such paragraphs. It runs on the finished
tree, after the escapes are restored, so it sees the text as the reader
will (the ¶ links are drawn later, by the reader script). mkdocs.yml names it:
``build_scripts.render.placeholder_marks``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .markdown import placeholders

_PARAGRAPH_ID = re.compile(r"p\d+")
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


def _marked(text: str) -> tuple[str, list[etree.Element]]:
    """The text before the first placeholder, and a mark per placeholder
    (each with the text that follows it as its tail)."""
    spans = placeholders(text)
    if not spans:
        return text, []
    marks = []
    for i, (start, end) in enumerate(spans):
        mark = etree.Element("mark")
        mark.text = text[start:end]
        mark.tail = text[end : spans[i + 1][0] if i + 1 < len(spans) else len(text)]
        marks.append(mark)
    return text[: spans[0][0]], marks


def mark_placeholders(element: etree.Element) -> None:
    """Wrap each placeholder of ``element``'s text in a mark."""
    if element.text:
        element.text, marks = _marked(element.text)
        for i, mark in enumerate(marks):
            element.insert(i, mark)
    for child in list(element):
        if child.tag != "mark":
            mark_placeholders(child)
        if child.tail:
            child.tail, marks = _marked(child.tail)
            at = list(element).index(child) + 1
            for i, mark in enumerate(marks):
                element.insert(at + i, mark)


class PlaceholderMarks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        blocks = [e for e in root if e.tag == "p" and _PARAGRAPH_ID.fullmatch(e.get("id", ""))]
        if not blocks:
            return  # not a speech's text
        for element in root:
            if element.tag in _HEADINGS or element in blocks:
                mark_placeholders(element)


class PlaceholderMarksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (20), the ids (attr_list, 8), the outline
        # (toc, 5) and the restored escapes (0).
        md.treeprocessors.register(PlaceholderMarks(md), "placeholder_marks", -10)


def makeExtension(**kwargs) -> PlaceholderMarksExtension:
    return PlaceholderMarksExtension(**kwargs)
