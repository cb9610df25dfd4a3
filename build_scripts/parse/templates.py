"""A site's template, learned from its pages: the rows every page of the
site prints around its speeches (header, menus, footer, notices).

When a corpus holds several pages of one site (the common case: people
scrape many pages of a site), a row that most of them print is the site's
furniture, whatever its words: no rule has to be written for it. Rows are
compared by their view with digits masked (dates and counts change from
page to page) and with the page's own title masked ("下面是小编为大家整理的
{title}，供大家参考" repeats on every page with a different title).

What a speech is made of never counts as furniture, even when two pages
share it (a site may print one speech on two pages): a salutation, a
closing, an outline heading, a title, a marker, or a sentence that does not
name its page's title.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from ..model import SourcePage
from .decode import line_view
from .knowledge import Knowledge, Library
from .rows import reads_traditional, view_of
from .titles import COLLECTION_COUNT, is_title_view

_DIGITS = re.compile(r"\d+")
TITLE_MASK = "〈T〉"
# A row is the site's when at least this share of its pages print it (and at least two).
MIN_SHARE = 0.5
# Rows of a page looked at for its title.
_TITLE_ROWS = 15
_SENTENCE = re.compile(r"[。!?;]")
_STRUCTURE = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.])|篇\d|第\d+篇")


@dataclass(frozen=True)
class SiteTemplate:
    site: str
    rows: frozenset[str]  # masked views of the rows most of the site's pages print

    def holds(self, view: str, title_view: str = "") -> bool:
        return mask(view, title_view) in self.rows

    @property
    def digest(self) -> str:
        """Changes when the template does (part of a parsed page's cache key)."""
        return hashlib.sha256("\n".join(sorted(self.rows)).encode("utf-8")).hexdigest()


def mask(view: str, title_view: str = "") -> str:
    if title_view and len(title_view) >= 4 and title_view in view:
        view = view.replace(title_view, TITLE_MASK)
    return _DIGITS.sub("#", view)


def page_views(page: SourcePage) -> list[str]:
    """Each non-blank line's view (a cheap reading: no hard wraps joined)."""
    traditional = reads_traditional(page.lines)
    return [v for line in page.lines if (v := view_of(line_view(line.text), traditional))]


def title_view(views: list[str], knowledge: Knowledge) -> str:
    """The page's title as its first lines print it (to mask it)."""
    for view in views[:_TITLE_ROWS]:
        if COLLECTION_COUNT.search(view) or is_title_view(view, knowledge):
            return COLLECTION_COUNT.sub("", view)
    return ""


def candidate_rows(views: list[str], knowledge: Knowledge) -> set[str]:
    """The masked rows of one page that may be its site's furniture."""
    title = title_view(views, knowledge)
    found = set()
    for view in views:
        masked = mask(view, title)
        if masked == TITLE_MASK or len(masked) < 2:
            continue
        if knowledge.first("salutation", view) or _STRUCTURE.search(view) or is_title_view(view, knowledge):
            continue
        if _SENTENCE.search(view[:-1] or view) and TITLE_MASK not in masked:
            continue  # a sentence that does not name its page: speech text, maybe shared
        found.add(masked)
    return found


def learn_template(site: str, pages: list[set[str]]) -> SiteTemplate | None:
    """The template of a site from its pages' candidate rows; None for a site of one page."""
    if len(pages) < 2:
        return None
    counts: Counter[str] = Counter()
    for rows in pages:
        counts.update(rows)
    needed = max(2, -(-len(pages) * MIN_SHARE // 1))
    return SiteTemplate(site, frozenset(view for view, n in counts.items() if n >= needed))


def learn_templates(pages: list[SourcePage], library: Library) -> dict[str, SiteTemplate]:
    """The template of every site that has two pages or more."""
    by_site: dict[str, list[SourcePage]] = {}
    for page in pages:
        if page.site:
            by_site.setdefault(page.site, []).append(page)
    templates = {}
    for site, group in sorted(by_site.items()):
        knowledge = library.for_site(library.site_for(site))
        template = learn_template(site, [candidate_rows(page_views(p), knowledge) for p in group])
        if template is not None:
            templates[site] = template
    return templates
