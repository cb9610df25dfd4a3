"""One source page read for the corpus: parsed (parse/), with what the
corpus stages need of each of its copies (fingerprints for merging and for
the ids, the build report's lossy ranges). Made page by page, so that
worker processes make it side by side; the corpus stages then only compare."""

from __future__ import annotations

from dataclasses import replace

from ..editions.source_script import detect_script
from ..model import ParsedPage, SourcePage
from ..parse.clean import clean_copy
from ..parse.knowledge import library
from ..parse.split import split_page
from ..parse.structure import find_structure
from ..parse.templates import SiteTemplate
from ..parse.traditional import deglossed_page, hans_copy, hans_meta, repairs_by_copy, with_repairs
from .build_report import lossy_ranges
from .merge_duplicates import fingerprint
from .stable_ids import copy_fingerprint


def parse_page(page: SourcePage, templates: dict[str, SiteTemplate] | None = None) -> ParsedPage:
    """The per-page stages: split the page, clean each copy, find its outline,
    with the knowledge files that apply to its site and the template learned
    from the site's pages. A Traditional source's text is made Simplified
    after cleaning (parse/traditional.py)."""
    page, glosses = deglossed_page(page)
    rules = library()
    knowledge = rules.for_site(rules.site_of_page(page))
    split = split_page(page, knowledge, (templates or {}).get(page.site or ""))
    script = detect_script("".join(line.text for line in page.lines))
    meta, originals = hans_meta(split.meta, script)
    if meta is not split.meta:
        split = replace(split, meta=meta)
    copies = [
        find_structure(hans_copy(with_repairs(clean_copy(c, knowledge, split.traditional, split.site_words), mine)))
        for c, mine in zip(split.copies, repairs_by_copy(split.copies, glosses))
    ]
    return ParsedPage(
        split,
        copies,
        [fingerprint(c) for c in copies],
        [copy_fingerprint(c) for c in copies],
        lossy_ranges(copies),
        script,
        originals,
    )


def page_file(page: SourcePage | ParsedPage) -> str:
    return page.file if isinstance(page, SourcePage) else page.split.page.file
