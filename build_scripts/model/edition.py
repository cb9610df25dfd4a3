"""An edition of the site: the speeches in one script, and what it takes to
print them (see editions/registry.py for the editions there are)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Font:
    """What word/fontTable.xml says of a face, for a reader who lacks it:
    Word and WPS take ``alternate`` if it is installed, else the installed
    font nearest by ``panose`` (PANOSE 1.0, ten bytes in hex), ``family``
    and ``pitch``, and ``charset`` (86 GB2312, 88 Big5) keeps a substitute
    Chinese. LibreOffice reads none of these: it asks the system for the
    name (fontconfig, on Linux: Noto CJK or whatever Chinese font is there).
    Every Chinese face is one em wide, so the grid holds whichever it gets."""

    alternate: str = ""
    charset: str = "00"
    family: str = "auto"
    pitch: str = "variable"
    panose: str = ""


@dataclass(frozen=True)
class Faces:
    """The typefaces of one edition's Word documents: East Asian font names,
    as Word and WPS know them, with what a reader lacking one gets instead."""

    title: str
    body: str
    heading2: str  # "一、"
    heading3: str  # "（一）", and the line under the title
    page_number: str
    title_bold: bool  # a heavy face the system lacks, made with bold
    heading3_bold: bool  # set apart from a body in the same face
    lang: str  # w:lang eastAsia: proofing and font fallback
    fonts: dict[str, Font]  # name → its font table entry


@dataclass(frozen=True)
class Edition:
    """One script edition of the site."""

    code: str  # BCP 47 tag used in URLs, folders and html lang: "zh-Hans", "zh-Hant"
    name: str  # how the language selector names it, in its own script
    config: str | None  # OpenCC config from Simplified; None for the Simplified text itself
    mkdocs_config: str  # its MkDocs configuration, in the project folder
    faces: Faces  # the typefaces of its .docx downloads
    moved_title: str  # the title of the page at a speech's old URL (a redirect)


@dataclass(frozen=True)
class SearchRecord:
    """What the search index holds of one speech, in its edition's script."""

    url: str  # from the edition's root, e.g. "/speeches/<id>/"
    title: str
    provenance: str
    text: str  # the speech as readers see it, one line per paragraph or heading
    # The lines that are headings, with their ids ((3, "一"), (9, "一-二")):
    # every other line is a paragraph, "p1", "p2" … in order, so a result
    # can open the speech at the paragraph that holds the match (passage).
    headings: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class RenderedEdition:
    """An edition's every file, and what the site build and the report need of it."""

    edition: Edition
    files: dict[str, bytes]  # by path in the docs folder
    search: list[SearchRecord]
    query_map_back: dict | None = None  # for the other edition: queries typed in this script
    conversion: dict | None = None  # the review of the conversion (build report)
    display_map: dict | None = None  # how the search shows Simplified text in this edition (editions/review.py)
