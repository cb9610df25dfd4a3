"""A small DOM of an HTML page, parsed by the standard library's HTML parser,
for the tests that show hostile text rendering literally: what elements,
attributes and URL schemes a page has, and the text of an element."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html import parser as html_parser
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Elements that have no end tag.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Start tags that end an open <p> (the HTML standard's "close a p element").
_CLOSES_P = frozenset(
    "address article aside blockquote details dialog div dl fieldset figcaption figure footer form h1 h2 h3 h4"
    " h5 h6 header hgroup hr li main menu nav ol p pre search section table ul".split()
)
# Elements past which neither looks for a <p> or a <li> to end (a table's
# cell, a button, …); a <li> ends no <li> outside its own list.
_SCOPE = frozenset("applet button caption html marquee object table td template th".split())
_LISTS = frozenset("ol ul menu".split())
# Attributes whose value a browser follows or loads as a URL.
URL_ATTRIBUTES = frozenset("action cite data formaction href icon manifest poster src srcset xlink:href".split())


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    children: list[Element | str] = field(default_factory=list)

    def text(self, *skip: str) -> str:
        """The element's text content, as the DOM's textContent; without the
        elements of the classes ``skip`` (a heading's ¶ link: "headerlink")."""
        return "".join(
            c if isinstance(c, str) else "" if any(_matches(c, "class", k) for k in skip) else c.text(*skip)
            for c in self.children
        )

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        """Elements by tag and attribute values (``class_`` for class: one of its classes)."""
        out = []
        for e in self.iter():
            if tag and e.tag != tag:
                continue
            if all(_matches(e, name.rstrip("_").replace("_", "-"), value) for name, value in attrs.items()):
                out.append(e)
        return out

    def find(self, tag: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]


def _matches(e: Element, name: str, value: str) -> bool:
    if name == "class":
        return value in (e.attrs.get("class") or "").split()
    return e.attrs.get(name) == value


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        self._end_omitted(tag)
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def _end_omitted(self, tag):
        """End the elements whose end tag a page may leave out, as browsers
        do (a source page's markup does: overrides/source-page.html): a <li>
        at the next <li> of its list, a <p> at the next block."""
        for i in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[i].tag
            if tag == "li" and open_tag == "li" or tag in _CLOSES_P and open_tag == "p":
                del self.stack[i:]
                return
            if open_tag in _SCOPE or tag == "li" and open_tag in _LISTS:
                return

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


# The HTML standard ends an unquoted attribute value (title=标题) at ASCII
# white space only; the parser of older Pythons (3.11.7 among them) at any
# Unicode space too (U+3000, U+2028), which a minified page leaves unquoted
# as the standard allows. The page is read as browsers read it: its patterns
# with ASCII white space.
_ASCII_SPACE_PATTERNS = {
    name: re.compile(getattr(html_parser, name).pattern, (getattr(html_parser, name).flags & ~re.UNICODE) | re.ASCII)
    for name in ("attrfind_tolerant", "locatestarttagend_tolerant")
    if hasattr(html_parser, name)
}


def parse(source: str) -> Element:
    saved = {name: getattr(html_parser, name) for name in _ASCII_SPACE_PATTERNS}
    vars(html_parser).update(_ASCII_SPACE_PATTERNS)
    try:
        builder = _Builder()
        builder.feed(source)
        builder.close()
    finally:
        vars(html_parser).update(saved)
    return builder.root


_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def scheme(value: str) -> str:
    """The scheme a browser reads in a URL attribute ("" for a relative URL):
    it drops leading and trailing whitespace and control characters, and tabs
    and line breaks anywhere ("java\\tscript:" is javascript:)."""
    value = re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE)
    try:
        return urlsplit(value).scheme.lower()
    except ValueError:
        return "?"


def structure(root: Element, *skip: str) -> Counter:
    """What a page is made of, whatever its text: each element with its
    attribute names, and each URL attribute with its scheme; not counting
    the elements of the classes ``skip``."""
    out = Counter()
    for e in root.iter():
        if e is root or any(_matches(e, "class", k) for k in skip):
            continue
        out[(e.tag, tuple(sorted(e.attrs)))] += 1
        for name, value in e.attrs.items():
            if name in URL_ATTRIBUTES and value is not None:
                out[(e.tag, name, scheme(value))] += 1
            if e.tag == "meta" and name == "http-equiv":
                out[("meta", "http-equiv", (value or "").lower())] += 1
    return out


def squash(text: str) -> str:
    """Text as HTML shows it: runs of white space as one space, none at the ends."""
    return " ".join(text.split())
