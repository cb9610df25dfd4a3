"""The corpus: distinct speeches with their ids, what their pages say of
them besides their text (related speeches, neighbours, collation, facets),
and the ids ledger."""

from __future__ import annotations

from dataclasses import dataclass

from .pages import Speech


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


@dataclass(frozen=True)
class Facets:
    topics: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    meeting_types: tuple[str, ...] = ()
    speaker_roles: tuple[str, ...] = ()
    date: str | None = None  # ISO date of the source page (speech.meta.date)


@dataclass(frozen=True)
class SpeechContext:
    """What a speech page shows besides its own text. Script-neutral, so it is
    computed once and serves both editions."""

    related: tuple[Speech, ...] = ()  # the closest speeches, closest first
    previous: Speech | None = None  # neighbours in its collection's order
    next: Speech | None = None
    collation: tuple[CopyCollation, ...] = ()  # one per merged copy
    facets: Facets | None = None  # topics, places, meeting types, speaker roles (find_facets.py)
