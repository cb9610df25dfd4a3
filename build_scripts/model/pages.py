"""A source page and what reading it makes: its lines, its label, the
copies of speeches it holds, their cleaned text and outline; then the
distinct speeches and the collections they are published in."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line number in the source file
    text: str


@dataclass(frozen=True)
class SourcePage:
    """One scraped web page, decoded into lines."""

    file: str  # path relative to the sources directory, with "/" separators
    lines: tuple[SourceLine, ...]
    encoding: str
    site: str | None = None  # its folder under sources/, else its URL's host (parse/sites.py)
    url: str | None = None  # where it was found, when its folder's pages.tsv says
    retrieved: str | None = None  # the day it was saved (ISO date), when known


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself, read from its chrome."""

    title: str  # e.g. "城市工作讲话稿(9篇)"
    site: str | None  # e.g. "管理者范文网"
    categories: tuple[str, ...]  # breadcrumb below the site name
    date: str | None  # ISO date of "更新时间"
    tag: str | None  # topic tag printed after the last speech
    url: str | None = None  # where the page was found (its folder's pages.tsv), when known


@dataclass(frozen=True)
class LineVerdict:
    """What one source line turned out to be, and which rule said so."""

    line: int
    kind: str  # chrome | marker | title | body | blank
    rule: str


@dataclass(frozen=True)
class SpeechCopy:
    """One occurrence of a speech on a page: a run of body lines under a title."""

    file: str
    section: int  # N of "第N篇"
    title: str  # the speech's title, the site's additions taken off ("" when the page gives none)
    lines: tuple[SourceLine, ...]  # body lines only, blank lines dropped (a piece of a line: its text)
    truncated: bool = False  # the site cut the text (a paywall note, a teaser's end)

    @property
    def line_range(self) -> tuple[int, int]:
        return (self.lines[0].number, self.lines[-1].number)


@dataclass(frozen=True)
class SplitPage:
    page: SourcePage
    meta: PageMeta
    copies: tuple[SpeechCopy, ...]
    verdicts: tuple[LineVerdict, ...]
    # Pieces of lines that are not a speech's (a blurb glued to its first
    # sentence): what was taken out, by which rule.
    removed: tuple[Repair, ...] = ()
    traditional: bool = False  # the page is in Traditional script
    # How the page names its site (its welcome line, breadcrumb, addresses in
    # its chrome): found inside a speech's sentence, it was put there.
    site_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Repair:
    """A piece of scraping damage that was mended (kept for the build report)."""

    rule: str
    line: int
    before: str
    after: str
    source: str = ""  # the knowledge rule that fired, for a repair a data file decides


@dataclass(frozen=True)
class Paragraph:
    text: str
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Damage:
    """Damage a copy shows that cannot be repaired (kept for the report and the reader)."""

    kind: str  # "digits-missing"
    line: int
    context: str  # the words around it


@dataclass(frozen=True)
class CleanCopy:
    copy: SpeechCopy
    paragraphs: tuple[Paragraph, ...]
    repairs: tuple[Repair, ...]
    damage: tuple[Damage, ...] = ()
    # The copy's source script (source_script.py). A Traditional or mixed
    # copy's paragraphs (and title) are Simplified, made by parse/traditional.py:
    # ``originals`` keeps each paragraph as the source wrote it, character
    # for character, and ``title_original`` its title, for the Traditional edition.
    script: str = "hans"
    originals: tuple[str, ...] = ()
    title_original: str = ""


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph of a speech body."""

    kind: str  # heading | paragraph
    text: str
    level: int = 0  # 2 for "一、", 3 for "(一)"; 0 for paragraphs
    number: str = ""  # outline numeral of a heading, e.g. "三"


@dataclass(frozen=True)
class StructuredCopy:
    clean: CleanCopy
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class DistinctSpeech:
    """A speech after duplicate copies were merged: ``copies[0]`` is published."""

    copies: tuple[StructuredCopy, ...]

    @property
    def best(self) -> StructuredCopy:
        return self.copies[0]


@dataclass(frozen=True)
class Collection:
    """A source page as published: its speeches in page order."""

    id: str
    title: str  # the page title with its typography mended: "城市工作讲话稿（9篇）"
    file: str
    meta: PageMeta
    speech_ids: tuple[str, ...]


@dataclass(frozen=True)
class Speech:
    """A speech ready to render: title, id and anchors decided."""

    id: str
    title: str
    collection_id: str
    meta: PageMeta
    blocks: tuple[Block, ...]
    anchors: tuple[str, ...]  # one per block, "" for paragraphs without an id
    distinct: DistinctSpeech = field(repr=False)

    @cached_property
    def characters(self) -> int:
        """字数 as Chinese editors count it: every character but whitespace.
        (Cached: the page, the lists and the catalogue all show it.)"""
        return sum(len("".join(b.text.split())) for b in self.blocks)
