"""An edition of the site: the speeches in one script, and what it takes to
print them (see editions/registry.py for the editions there are)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Faces:
    """The typefaces of one edition's Word documents: East Asian font names,
    as Word and WPS know them, with the name a missing font may be replaced by."""

    title: str
    body: str
    heading2: str  # "一、"
    heading3: str  # "（一）", and the line under the title
    page_number: str
    title_bold: bool  # a heavy face the system lacks, made with bold
    heading3_bold: bool  # set apart from a body in the same face
    lang: str  # w:lang eastAsia: proofing and font fallback
    alternates: dict[str, tuple[str, str]]  # name → (altName, charset)


@dataclass(frozen=True)
class Edition:
    """One script edition of the site."""

    code: str  # BCP 47 tag used in URLs, folders and html lang: "zh-Hans", "zh-Hant"
    name: str  # how the language selector names it, in its own script
    config: str | None  # OpenCC config from Simplified; None for the Simplified text itself
    mkdocs_config: str  # its MkDocs configuration, in the project folder
    og_locale: str  # its pages' Open Graph locale: "zh_CN", "zh_TW"
    faces: Faces  # the typefaces of its .docx downloads
    moved_title: str  # the title of the page at a speech's old URL (a redirect)
    feed_title: str  # how its pages name its Atom feed, before the site's name


@dataclass(frozen=True)
class SearchRecord:
    """What the search index holds of one speech, in its edition's script."""

    url: str  # from the edition's root, e.g. "/speeches/<id>/"
    title: str
    provenance: str
    text: str  # the speech as readers see it, paragraphs separated by newlines
