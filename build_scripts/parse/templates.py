"""A site's template, learned from its pages: the rows every page of the
site prints around its speeches (header, menus, footer, notices).

When a corpus holds several pages of one site, a row that most of them
print is the site's furniture, whatever its words: no rule has to be
written for it. Rows are compared by their view with digits masked (dates
and counts change from page to page) and with the page's own title masked
("下面是小编为大家整理的{title}，供大家参考" repeats on every page with a
different title). What a speech is made of never counts as furniture, even
when two pages share it: a salutation, a closing, an outline heading, or
prose that does not name its page's title (two pages of a site may print
the same speech).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_DIGITS = re.compile(r"\d+")
TITLE_MASK = "〈T〉"
# A row is the site's when at least this share of its pages print it (and at least two).
MIN_SHARE = 0.5


@dataclass(frozen=True)
class SiteTemplate:
    site: str
    rows: frozenset[str]  # masked views of the rows every page prints

    def holds(self, view: str, title_view: str = "") -> bool:
        return mask(view, title_view) in self.rows


def mask(view: str, title_view: str = "") -> str:
    if title_view and len(title_view) >= 4 and title_view in view:
        view = view.replace(title_view, TITLE_MASK)
    return _DIGITS.sub("#", view)


def learn_template(site: str, pages: list[list[tuple[str, bool]]]) -> SiteTemplate | None:
    """The template of a site from its pages, each given as its rows'
    (masked view, may be furniture) pairs; None for a site of one page."""
    if len(pages) < 2:
        return None
    counts: Counter[str] = Counter()
    for rows in pages:
        counts.update({view for view, eligible in rows if eligible and view})
    needed = max(2, int(MIN_SHARE * len(pages) + 0.999))
    return SiteTemplate(site, frozenset(view for view, n in counts.items() if n >= needed))
