"""Hostile strings and the means to render pages as the site does, shared by
the tests that show text rendering literally (test_hostile_text.py,
test_hostile_site.py).

A hostile string is what a scraped page or a pull request may put in any
field a source reaches: HTML and script that would break out of text, of an
attribute or of <title>; entities; javascript: URLs; Markdown, attr_list and
YAML syntax; Jinja delimiters; bidirectional and zero-width characters. The
pipeline drops control characters (TAB aside) and a title or paragraph is
never blank, so neither are the strings drawn here; lone surrogates cannot be
written as UTF-8 at all.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from pathlib import Path

from hypothesis import strategies as st

from . import dom

ROOT = Path(__file__).resolve().parent.parent

# Each would change a page if a writer let it through.
ATTACKS = (
    # out of HTML text, an attribute, <title>, <textarea> or <script>
    "</title><script>alert(1)</script>",
    '"><script>alert(2)</script><meta http-equiv="refresh" content="0;url=http://evil.example/">',
    "'><img src=x onerror=alert(3)>",
    '" autofocus onfocus="alert(4)',
    "</textarea></script></style><svg/onload=alert(5)>",
    "<!--", "<![CDATA[ ]]>",
    # entities, that must not be decoded once too often
    "&lt;script&gt;alert(6)&lt;/script&gt;", "&amp;&quot;&#39;&#x3C;&nosuch;&copy",
    # links, in Markdown and in HTML
    "[点我](javascript:alert(7))", "![图](x.png)", "<http://evil.example>", "<a href=//evil.example>x</a>",
    "[x]: javascript:alert(8)", "JaVaScRiPt:alert(9)",
    # Markdown, attr_list, md_in_html
    "`<b>code</b>`", "``", "**粗**", "__下__", "*斜*", "# ", "- ", "1. ", "> ", "---", "    ",
    "{: onclick=alert(10) }", "{#forged .cls}", '<div markdown="1">*x*</div>', "\\*", "|",
    # Jinja and YAML
    "{{ config }}", "{% include 'x' %}", "{# #}",
    ": ", " #", "&anchor *alias", "!!python/object/apply:os.system ['true']", "null", "2024-01-01",
    # bidi, zero-width, line separators, wide spaces
    "\u202e\u2066", "\u200b\ufeff", "\u2028\u2029", "\xa0\u3000\t",
)
# Single characters and pieces of syntax, to put around them.
PIECES = tuple("<>&\"'`=/\\*_[](){}#!|:-+.~^@,%?;$") + ("讲话", "「引」", "“引”", "第1篇", "同志们：")

# Any character but a lone surrogate, a control character (TAB aside: the
# pipeline keeps it), a private-use or an unassigned code point.
_CHARACTERS = st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn")) | st.just("\t")


def hostile(max_pieces: int = 3) -> st.SearchStrategy[str]:
    """Text holding an attack, among other pieces and any characters; never blank."""
    piece = st.sampled_from(ATTACKS) | st.sampled_from(PIECES) | st.text(_CHARACTERS, min_size=1, max_size=6)
    around = st.lists(piece, max_size=max_pieces).map("".join)
    return st.tuples(around, st.sampled_from(ATTACKS), around).map("".join).filter(lambda s: s.split())


# File names as the sources may have them: no control or format character,
# line separator or comma (the ledger cannot hold them), anything else.
_FILE_CHARACTERS = st.characters(
    exclude_categories=("Cs", "Cc", "Co", "Cn", "Cf", "Zl", "Zp"), exclude_characters=",/\\"
)
FILE_ATTACKS = tuple(
    a for a in ATTACKS if "/" not in a and "," not in a and "\\" not in a and a.isprintable()
) + ("`<img src=x onerror=alert(11)>`", "a`b", "#frag", "?q=1&x=2", "%2e%2e", "%3Cb%3E", "x y")


def file_names() -> st.SearchStrategy[str]:
    """A source page's name relative to sources/: "<name>.txt", maybe in a folder."""
    around = st.text(_FILE_CHARACTERS, max_size=4)
    part = (
        st.tuples(around, st.sampled_from(FILE_ATTACKS), around)
        .map("".join)
        .filter(lambda s: s.strip() and s not in (".", "..") and not s.startswith("."))
    )
    return st.lists(part, min_size=1, max_size=2).map(lambda parts: "/".join(parts) + ".txt")


# ---------------------------------------------------------------------------
# The corpus with other strings in every text field


TEXT_FIELDS = frozenset({"title", "text", "site", "tag", "before", "after"})


def rewrite(obj, text, file, memo: dict | None = None):
    """``obj`` (a dataclass of the model, or a list, tuple or dict of them) with
    every text field — titles, body text, site, breadcrumb, tag, collation
    readings — put through ``text`` and every source file name through ``file``."""
    memo = {} if memo is None else memo
    key = id(obj)
    if key in memo:
        return memo[key][1]
    if isinstance(obj, list | tuple):
        out = type(obj)(rewrite(x, text, file, memo) for x in obj)
    elif isinstance(obj, dict):
        out = {k: rewrite(v, text, file, memo) for k, v in obj.items()}
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name in TEXT_FIELDS and isinstance(value, str):
                changes[f.name] = text(value)
            elif f.name == "categories":
                changes[f.name] = tuple(text(v) for v in value)
            elif f.name == "file":
                changes[f.name] = file(value)
            elif isinstance(value, tuple | dict) or dataclasses.is_dataclass(value):
                changes[f.name] = rewrite(value, text, file, memo)
        out = dataclasses.replace(obj, **changes)
    else:
        out = obj
    memo[key] = (obj, out)  # obj kept alive, so its id is not reused meanwhile
    return out


class Substitution:
    """Each distinct string of the corpus → another: the strings of ``pool``
    in turn (hostile ones), or made-up harmless ones ("甲1乙" …: no markup, no
    placeholder); each source file name → one of ``files`` in turn, or
    "page1.txt" …. The empty string stays empty (a reading that is missing)."""

    def __init__(self, pool: list[str] | None = None, files: list[str] | None = None):
        self.pool, self.file_pool = pool, files
        self.texts: dict[str, str] = {}
        self.files: dict[str, str] = {}

    def text(self, original: str) -> str:
        if not original:
            return original
        if original not in self.texts:
            n = len(self.texts)
            self.texts[original] = self.pool[n % len(self.pool)] if self.pool else f"甲{n + 1}乙"
        return self.texts[original]

    def file(self, original: str) -> str:
        if original not in self.files:
            n = len(self.files)
            # Distinct, as file names are: a suffix where the pool runs out.
            name = self.file_pool[n % len(self.file_pool)] if self.file_pool else f"page{n + 1}.txt"
            if name in self.files.values():
                name = name.removesuffix(".txt") + f"~{n}.txt"
            self.files[original] = name
        return self.files[original]

    def rewrite(self, obj):
        return rewrite(obj, self.text, self.file)


# ---------------------------------------------------------------------------
# Pages rendered as MkDocs renders them: its Markdown, its Jinja environment


class MkDocsSite:
    """An edition's MkDocs configuration (mkdocs.yml or mkdocs.zh-Hant.yml,
    loaded by MkDocs itself, with the Material theme and docs/overrides),
    rendering Markdown pages held in memory into the HTML the build writes."""

    def __init__(self, config_file: str, docs_dir: Path, site_url: str | None = None, features: tuple = ()):
        from mkdocs.config import load_config

        logging.getLogger("mkdocs").setLevel(logging.ERROR)  # links to pages left out are fine here
        options = {"docs_dir": str(docs_dir), "site_dir": str(docs_dir.parent / "site")}
        if site_url:
            options["site_url"] = site_url
        self.name = f"{config_file}, site_url={site_url}, features+={list(features)}"
        config = load_config(str(ROOT / config_file), **options)
        if features:
            config.theme["features"] = [*config.theme["features"], *features]
        config.plugins.on_startup(command="build", dirty=False)
        self.config = config.plugins.on_config(config)
        self.env = self.config.theme.get_env()  # the Jinja environment MkDocs renders every page with

    def __repr__(self) -> str:  # as a failing example shows it
        return f"<MkDocsSite {self.name}>"

    @property
    def site_name(self) -> str:
        return self.config.site_name

    def render(
        self, pages: dict[str, str], nav: list, wanted: list[str] | None = None, post_page: bool = True
    ) -> dict[str, str]:
        """HTML of the ``wanted`` pages (all by default) of a docs tree
        ``pages`` (path → Markdown), as ``mkdocs build`` writes them (through
        mkdocs.yml's hooks: minified), or as the theme renders them, before
        the hooks (not ``post_page``)."""
        from mkdocs.commands.build import get_context
        from mkdocs.structure.files import File, Files
        from mkdocs.structure.nav import get_navigation
        from mkdocs.structure.pages import Page

        config = self.config
        files = Files([File.generated(config, path, content=text) for path, text in pages.items()])
        config.nav = nav
        navigation = get_navigation(files, config)
        wanted = list(pages) if wanted is None else wanted
        nav_paths = {p.file.src_uri for p in navigation.pages}
        for file in files.documentation_pages():
            if file.src_uri in wanted or file.src_uri in nav_paths:
                if file.page is None:
                    Page(None, file, config)
                file.page.read_source(config)
                if file.src_uri in wanted:
                    file.page.render(config, files)
        out = {}
        for path in wanted:
            page = files.get_file_from_path(path).page
            page.active = True
            # The page's own template when its front matter names one, as MkDocs does.
            template = self.env.get_template(page.meta.get("template", "main.html"))
            try:
                out[path] = template.render(get_context(navigation, files, config, page))
                if post_page:
                    out[path] = config.plugins.on_post_page(out[path], page=page, config=config)
            finally:
                page.active = False
        self.files, self.navigation = files, navigation
        return out

    def sitemap(self) -> str:
        """sitemap.xml of the docs tree rendered last, as MkDocs writes it."""
        from mkdocs.commands.build import get_context

        return self.env.get_template("sitemap.xml").render(get_context(self.navigation, self.files, self.config))


# Elements there are because the text holds template placeholders ("xx",
# "****", "__"): the marks (<mark>, of no class) and the fact that counts them (the switch that
# hides them is the reader script's). Their number follows from the text (the front matter's
# ``placeholders`` counts them).
PLACEHOLDER_CLASSES = ("fact--placeholders",)


# On a source page as scraped, a group's notes of the repairs made in its
# lines: a string's ASCII punctuation or stray spaces are repaired where
# another's are not.
REPAIR_NOTE_CLASSES = ("src-n",)


def page_structure(root: dom.Element):
    counts = dom.structure(root, *PLACEHOLDER_CLASSES, *REPAIR_NOTE_CLASSES)
    # A placeholder's mark has no class: the marks of a page as built are theirs.
    return Counter({key: n for key, n in counts.items() if key[0] != "mark"})
