"""The corpus: distinct speeches with their ids, what their pages say of
them besides their text (related speeches, neighbours, collation, facets),
and the ids ledger."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .pages import Collection, Speech


@dataclass(frozen=True)
class LedgerEntry:
    id: str
    added: str  # ISO date
    fingerprint: str  # 16 hex digits
    copies: tuple[str, ...]  # "file#section"
    alias_of: str = ""


@dataclass(frozen=True)
class Changes:
    """What a build did to the ledger, for the pull request's summary."""

    new: tuple[str, ...]  # ids first published by this build
    joined: tuple[tuple[str, str], ...]  # (id, "file#section.k") copies added to published speeches
    aliased: tuple[tuple[str, str], ...]  # (old id, id it now redirects to)
    retired: tuple[str, ...]  # published ids no source holds any more
    # (id, published ids it holds) of each new text found to hold several
    # published speeches (see keep_published_apart)
    compilations: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Reading:
    """What one copy says at a variant: ``text`` ("" where the copy has nothing)."""

    text: str
    lines: tuple[int, int]  # source lines of the paragraph(s) holding it
    at_start: bool = False  # the copy begins right after this point
    at_end: bool = False  # the copy ends right before this point


@dataclass(frozen=True)
class Variant:
    block: int  # index of the published block where the variant is
    before: str  # common text just before (published copy)
    after: str  # common text just after
    published: Reading
    other: Reading


@dataclass(frozen=True)
class CopyCollation:
    """One merged copy compared with the published one."""

    copy: int  # index in ``DistinctSpeech.copies`` (1, 2, …)
    variants: tuple[Variant, ...]  # in text order
    same_blocks: bool  # identical paragraph by paragraph (whitespace aside)
    same_text: bool  # identical once paragraphing is set aside


# When a speech was given (corpus/speech_dates.py finds it) ------------------------

UNKNOWN = "unknown"

Years = tuple[int | None, int | None]  # first and last year; None: open at that end


@dataclass(frozen=True)
class Evidence:
    kind: str  # "text" | "event"
    rule: str  # text: the rule ("this-year" …); event: the table's phrase
    found: str  # the speech's words that say it
    years: Years
    at: str  # "title", or the anchor of the block ("p3", "二-一")
    day: str | None = None  # ISO day (dateline, today)

    def front_matter(self, t: Callable[[str], str]) -> dict:
        out: dict = {"kind": self.kind}
        out["rule" if self.kind == "text" else "phrase"] = self.rule if self.kind == "text" else t(self.rule)
        out["found"] = t(self.found)
        out["years"] = list(self.years)
        if self.day:
            out["date"] = self.day
        out["at"] = self.at
        return out


@dataclass(frozen=True)
class SpeechDate:
    years: Years | None  # None: unknown (no evidence, or evidence that contradicts itself)
    evidence: tuple[Evidence, ...] = ()
    day: str | None = None  # ISO day, when a dateline gives it

    @property
    def conflict(self) -> bool:
        return self.years is None and bool(self.evidence)

    @property
    def value(self) -> str:
        """The 按日期 value: "2016", "2015-2020", "2016-" (2016 or later), "-2005", "unknown"."""
        return years_value(self.years)

    def front_matter(self, t: Callable[[str], str] = str) -> str | dict:
        """``speech_date`` in a page's front matter, the evidence's words in the edition's script."""
        if not self.evidence:
            return UNKNOWN
        items = [e.front_matter(t) for e in self.evidence]
        if self.years is None:
            return {"conflict": True, "evidence": items}
        lo, hi = self.years
        out: dict = {"year": lo} if lo == hi else {"years": [lo, hi]}
        if self.day:
            out["date"] = self.day
        out["evidence"] = items
        return out


UNDATED = SpeechDate(None)


def years_value(years: Years | None) -> str:
    if years is None:
        return UNKNOWN
    lo, hi = years
    if lo == hi:
        return str(lo)
    return f"{'' if lo is None else lo}-{'' if hi is None else hi}"


@dataclass(frozen=True)
class Facets:
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    meeting_types: tuple[str, ...] = ()
    speaker_roles: tuple[str, ...] = ()
    date: str | None = None  # ISO date of the source page (speech.meta.date), not of the speech
    speech_date: SpeechDate = UNDATED  # when the speech was given, with the evidence (corpus/speech_dates.py)


@dataclass(frozen=True)
class SpeechContext:
    """What a speech page shows besides its own text. Script-neutral, so it is
    computed once and serves both editions."""

    related: tuple[Speech, ...] = ()  # the closest speeches, closest first
    previous: Speech | None = None  # neighbours in its collection's order
    next: Speech | None = None
    collation: tuple[CopyCollation, ...] = ()  # one per merged copy
    facets: Facets | None = None  # topics, places, meeting types, speaker roles (find_facets.py)


@dataclass(frozen=True)
class Corpus:
    """What every edition is rendered from (script-neutral)."""

    speeches: list[Speech]
    collections: list[Collection]
    handwritten: dict[str, bytes]  # the docs folder's hand-written files every edition carries
    contexts: dict[str, SpeechContext]
    ledger: list[LedgerEntry]
    site_url: str | None
    catalog_json: str
    page_scripts: dict[str, str] = field(default_factory=dict)  # by file (source_script.py)
    page_originals: dict[str, dict[str, str]] = field(default_factory=dict)  # ParsedPage.originals by file
    # The edition that publishes each collection's source page, by collection id (render/source_pages.py).
    source_editions: dict[str, str] = field(default_factory=dict)
    downloads_url: str | None = None  # where the corpus downloads are published (settings.py); None: not known
