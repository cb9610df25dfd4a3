"""Link gate: refuse a built site that breaks a link.

    python -m build_scripts.publishing.link_gate --site site [--previous previous-catalog.json]
                                      [--site-url URL]

Two checks, both on the files of the built site (no server, no network):

1. Published URLs keep working. Every URL in ``--previous`` (the
   ``catalog.json`` of the site as it is published now) must still resolve in
   the new build: ``speeches[].url``, ``speeches[].variants[*].url`` and
   ``collections[].url``, relative to the site root. Other sites and readers
   link to these pages, so a build that drops one must not be deployed by
   accident. The new build's own ``catalog.json`` is held to the same rule:
   it is a public interface, and every URL it lists must exist.
2. Every internal link in every built HTML page resolves: ``<a href>``,
   ``<link href>``, ``<script src>``, ``<img src>``, resolved as a browser
   does (RFC 3986: dot segments removed, empty segments kept) against the URL
   the page is served at. A path resolves to a file of the site, a path
   ending in ``/`` to its ``index.html`` (a folder without the slash also
   counts: the host redirects to it). A ``#fragment`` on a link to an HTML
   page must name an element ``id`` (or an ``<a name>``) in that page.

Links to other hosts and non-web schemes (``mailto:``, ``javascript:``,
``data:`` …) are not checked. Root-relative links (``/repo/zh-Hans/…``) and
absolute links to the site's own host are internal: ``--site-url`` (default:
the ``SITE_URL`` environment variable, as for the build) says where the site
root is served; without it the site is taken to be served at ``/``. The root
``404.html`` is special: GitHub Pages serves it for a missing path at any
depth, so a relative link in it is reported too.

Nothing is relaxed to make a build pass: a link to a file the build did not
produce (a sitemap, a feed) is broken unless the file is there; a path with an
empty segment (``a//b``) is reported, since not every static host merges
slashes; ``//..`` is a link to a host named "..", not to a parent folder.

Output: one line per problem, sorted, then a summary line; exit status 1 when
there is any problem, 2 when the input cannot be read.

Speed: each page is read and scanned once. ``html.parser`` takes about 3 ms
for a page of the seed build (19 kB on average), a minute or more for 20,000
pages, almost all of it spent building the attributes of every tag. The
scanner below leaves the scanning to compiled regular expressions (comments
and raw text out, then every start tag) and parses attributes only of the
tags that can hold a link or an id: about 0.7 ms a page, and 20 s of CPU for
the whole gate on 20,000 speech pages. It follows the HTML tokenizer where
that matters here (comments, quoted attribute values that contain ``>``, the
raw text of ``<script>``, ``<style>``, ``<textarea>`` and ``<title>``,
character references, the first of duplicated attributes), and
tests/test_link_gate.py checks that it finds exactly what ``html.parser``
finds in every page of the real build.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import SourceError
from ..settings import read_settings
from urllib.parse import SplitResult, unquote, urlsplit

# The attribute that holds the URL, per element that the gate checks.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src"}
WEB_SCHEMES = ("http", "https")

# The attributes of a start tag (quoted values may contain ">").
_ATTRIBUTES = r"""(?:[^>"']+|"[^"]*"|'[^']*')*"""
# What is not markup: comments, and the content of the elements whose content
# is text (<script>, <style>, <textarea>, <title>: up to the end tag of the
# same name). Matched from "<", with runs of other characters consumed at
# once: a quarter of the time of a lazy ".*?" with IGNORECASE.
_NOT_MARKUP = re.compile(
    r"<(?:!--.*?(?:-->|\Z)|"
    + "|".join(
        rf"(?i:{tag})(?=[\s/>]){_ATTRIBUTES}>[^<]*(?:<(?!/(?i:{tag})[\s/>])[^<]*)*"
        for tag in ("script", "style", "textarea", "title")
    )
    + ")",
    re.S,
)
# A start tag: its name and its attributes.
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)(" + _ATTRIBUTES + ")>")
# One attribute: its name, then (group 2, empty when there is none) its value,
# double-quoted, single-quoted or unquoted.
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Whether a tag that holds no link may define an id (a false hit only costs time).
_ID_HINT = re.compile(r"(?:^|\s)id\s*=", re.I)
_WANTED = dict(LINK_ATTRIBUTES, base="href")


def _keep_start_tag(match: re.Match) -> str:
    """What replaces a comment (nothing) or a raw-text element (its start tag: a <script src> is a link)."""
    text = match.group(0)
    return "" if text.startswith("<!--") else _START_TAG.match(text).group(0)


class GateError(Exception):
    """An input the gate cannot read (no site folder, an unreadable catalog)."""


@dataclass
class Page:
    """What the gate needs of one HTML page."""

    ids: frozenset[str]
    links: list[str]
    base: str | None = None


def scan_page(text: str) -> Page:
    """The ids a page defines, the URLs it links to (in order), and its ``<base href>``."""
    ids: set[str] = set()
    links: list[str] = []
    base = None
    # Compiled expressions do the scanning (comments and raw text out, then
    # every start tag); Python code looks only at the attributes of the tags
    # that can hold a link or an id.
    for name, attributes in _START_TAG.findall(_NOT_MARKUP.sub(_keep_start_tag, text)):
        if not attributes:
            continue
        tag = name.lower()
        wanted = _WANTED.get(tag)
        if wanted is None and not _ID_HINT.search(attributes):
            continue
        seen = set()
        for key, has_value, double_quoted, single_quoted, unquoted in _ATTRIBUTE.findall(attributes):
            key = key.lower()
            if key in seen:  # the first of duplicated attributes wins
                continue
            seen.add(key)
            if not has_value:
                continue
            value = double_quoted or single_quoted or unquoted
            if "&" in value:
                value = html.unescape(value)
            if key == "id" or (key == "name" and tag == "a"):
                # Interned: the same ids (__nav_1, p1, p2 …) recur in every
                # page, so a large site keeps one copy of each.
                ids.add(sys.intern(value))
            elif key == wanted:
                if tag != "base":
                    links.append(value)
                elif base is None:
                    base = value
    return Page(frozenset(ids), links, base)


@dataclass
class Result:
    """What the gate found: the problem lines (sorted) and what it checked."""

    problems: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    anchors: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"link gate: {self.pages} pages, {self.links} internal links, {self.anchors} anchors checked; "
            f"{len(self.problems)} problems"
        )


def remove_dot_segments(path: str) -> str:
    """Resolve ``.`` and ``..`` in an absolute path as a browser does (RFC 3986 §5.2.4).

    Empty segments are kept, as browsers keep them: ``/a/b//../c`` is ``/a/b/c``.
    """
    segments = path.split("/")[1:]
    out: list[str] = []
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if segment == "..":
            if out:
                out.pop()
            if i == last:
                out.append("")
        elif segment == ".":
            if i == last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


@lru_cache(maxsize=65536)
def _split(href: str) -> SplitResult | None:
    """``urlsplit`` of a link as the browser reads it (surrounding whitespace dropped); None if malformed.

    Cached: the same few hundred hrefs (theme assets, navigation) recur in every page.
    """
    try:
        return urlsplit(href.strip(" \t\n\r\f"))
    except ValueError:
        return None


def _valid_host(host: str | None) -> bool:
    """A host name with no empty label ("//../x" names the host "..", not a parent folder)."""
    if not host:
        return False
    host = host[:-1] if host.endswith(".") else host
    return bool(host) and "" not in host.split(".")


class _Site:
    """The files of a built site, where it is served, and how a URL maps onto its files."""

    def __init__(self, root: Path, site_url: str | None) -> None:
        self.root = root
        self.host: str | None = None
        self.base = "/"
        if site_url:
            parts = urlsplit(site_url)
            self.host = parts.hostname
            self.base = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.files: set[str] = set()
        self.dirs: set[str] = set()
        for folder, dirnames, filenames in os.walk(root):
            rel = Path(folder).relative_to(root).as_posix()
            prefix = "" if rel == "." else rel + "/"
            self.dirs.update(prefix + d for d in dirnames)
            self.files.update(prefix + f for f in filenames)
        self._targets: dict[str, tuple[str | None, str]] = {}

    def resolve(self, href: str, page_url: str) -> tuple[str | None, str | None, str] | None:
        """Where an internal link leads: (absolute path, or None for the page itself; fragment; problem).

        None for a link the gate does not check (another host, a non-web scheme).
        """
        parts = _split(href)
        if parts is None:
            return None, None, "malformed URL"
        network_path = href.lstrip(" \t\n\r\f").startswith("//")
        if parts.scheme or network_path:
            if parts.scheme and parts.scheme.lower() not in WEB_SCHEMES:
                return None
            try:
                host = parts.hostname
            except ValueError:
                return None, None, "malformed host"
            if not _valid_host(host):
                return None, None, f"no valid host ({parts.netloc!r})"
            if self.host is None or host != self.host:
                return None
            path = parts.path or "/"
        elif parts.path.startswith("/"):
            path = parts.path
        elif parts.path:
            path = page_url[: page_url.rfind("/") + 1] + parts.path
        else:
            path = None  # "", "?query", "#fragment": this very page
        fragment = parts.fragment if "#" in href else None
        return (remove_dot_segments(path) if path is not None else None), fragment, ""

    def target(self, path: str) -> tuple[str | None, str]:
        """The file an absolute URL path is served from: (file, "") or (None, why not)."""
        found = self._targets.get(path)
        if found is None:
            found = self._targets[path] = self._target(path)
        return found

    def _target(self, path: str) -> tuple[str | None, str]:
        if path + "/" == self.base:
            path = self.base
        if not path.startswith(self.base):
            return None, f"outside the site, which is served at {self.base}"
        rel = unquote(path[len(self.base):])
        if rel.startswith("/") or "//" in rel:
            return None, "empty path segment ('//')"
        if rel == "" or rel.endswith("/"):
            candidate = rel + "index.html"
            return (candidate, "") if candidate in self.files else (None, f"no file {candidate}")
        if rel in self.files:
            return rel, ""
        if rel in self.dirs and rel + "/index.html" in self.files:
            return rel + "/index.html", ""
        return None, f"no file {rel}"


def _fragment_found(fragment: str, ids: frozenset[str]) -> bool:
    """Whether a browser scrolls to the fragment in a page with these ids (HTML's "indicated part")."""
    if fragment == "" or fragment.startswith(":~:"):  # the top of the page; a text fragment
        return True
    decoded = unquote(fragment)
    return fragment in ids or decoded in ids or decoded.lower() == "top"


def catalog_urls(catalog: dict) -> list[str]:
    """Every URL of the site a catalog publishes (its pages), in every
    edition, relative to the site root, sorted. Its downloads are not
    checked: the site stopped publishing a version 1 catalog's per-speech
    files and a version 2 catalog's corpus zips, and since version 3 the
    zips are published outside the site (README, catalog.json)."""
    urls = []
    for entry in [*(catalog.get("speeches") or []), *(catalog.get("collections") or [])]:
        for edition in [entry, *(entry.get("variants") or {}).values()]:
            urls.append(edition.get("url"))
    return sorted({u for u in urls if isinstance(u, str) and u})


def _read_catalog(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GateError(f"cannot read the catalog {path}: {error}") from error
    if not isinstance(data, dict):
        raise GateError(f"{path} is not a catalog (not a JSON object)")
    return data


def check(site_root: Path, previous: Path | None = None, site_url: str | None = None) -> Result:
    """Run both checks on the built site in ``site_root`` (see the module docstring)."""
    started = time.perf_counter()
    if not (site_root / "index.html").is_file():
        raise GateError(f"{site_root} holds no built site (no index.html)")
    site = _Site(site_root, site_url)
    result = Result()
    problems: set[str] = set()

    # 1. Published URLs: the previous catalog's, and the new catalog's own.
    catalogs = []
    if previous is not None:
        catalogs.append((_read_catalog(previous), "published in the previous catalog"))
    if "catalog.json" in site.files:
        catalogs.append((_read_catalog(site_root / "catalog.json"), "listed in the new catalog.json"))
    for catalog, where in catalogs:
        for url in catalog_urls(catalog):
            if site.target(remove_dot_segments(site.base + url))[0] is None:
                problems.add(f"MISSING {url} ({where})")

    # 2. Links and anchors. Every page is scanned before any link is checked,
    # since a link's anchor may be in a page scanned later.
    pages = {
        name: scan_page((site_root / name).read_bytes().decode("utf-8", errors="replace"))
        for name in sorted(f for f in site.files if f.endswith(".html"))
    }
    result.pages = len(pages)
    for name, page in pages.items():
        page_url = site.base + name
        if page.base is not None:
            base = site.resolve(page.base, page_url)
            if base is not None and base[0] is not None:
                page_url = base[0]
        for href in page.links:
            resolved = site.resolve(href, page_url)
            if resolved is None:
                continue
            result.links += 1
            path, fragment, problem = resolved
            if problem:
                problems.add(f"BROKEN {name} -> {href}: {problem}")
                continue
            if name == "404.html" and path is not None and not href.lstrip().startswith(("/", "http:", "https:")):
                problems.add(f"BROKEN {name} -> {href}: relative link in the root 404 page, served at any path")
                continue
            target = name
            if path is not None:
                target, why = site.target(path)
                if target is None:
                    problems.add(f"BROKEN {name} -> {href}: {why}")
                    continue
            if fragment and target in pages:
                result.anchors += 1
                if not _fragment_found(fragment, pages[target].ids):
                    problems.add(f'BROKEN {name} -> {href}: no element with id "{unquote(fragment)}" in {target}')

    broken = sorted(p for p in problems if p.startswith("BROKEN "))
    result.problems = broken + sorted(problems.difference(broken))
    result.seconds = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_scripts.publishing.link_gate",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--previous", type=Path, help="catalog.json of the site as it is published now")
    parser.add_argument(
        "--site-url",
        help="the URL the site root is served at (default: $SITE_URL; without it, /)",
    )
    args = parser.parse_args(argv)
    try:
        site_url = args.site_url or read_settings(Path.cwd()).site_url
        result = check(args.site, args.previous, site_url)
    except (GateError, SourceError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for line in result.problems:
        print(line)
    print(result.summary())
    # Timing goes to stderr, so that stdout is the same on every run.
    per_page = 1000 * result.seconds / max(result.pages, 1)
    print(f"[link gate] {result.seconds:.2f} s, {per_page:.2f} ms per page", file=sys.stderr)
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
