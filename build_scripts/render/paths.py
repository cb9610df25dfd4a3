"""Where every generated file goes and every URL points: the one place
that knows the site's paths, in an edition's docs folder and on the site.

A speech is ``speeches/<id>.md`` and ``speeches/<id>/`` (its .docx and
.txt are made in the reader's browser from the page), a collection
``collections/<id>.md``, its source page as scraped ``source-pages/<id>.md``
(a line N at ``#L<N>``), an index value ``indexes/<facet>/<slug>.md``; every
edition has the same paths, so the language selector keeps the page (but a
source page, which one edition only publishes: render/source_pages.py).
"""

from __future__ import annotations

from functools import lru_cache

from ..corpus import speech_dates
from ..corpus.assign_ids import slugify
from ..corpus.find_facets import MEETING_SLUGS, ROLE_SLUGS, TOPIC_SLUGS, place_division


def speech_url(speech_id: str) -> str:
    return f"speeches/{speech_id}/"


def speech_path(speech_id: str) -> str:
    return f"speeches/{speech_id}.md"


# Each edition's Markdown pages and the catalog, as one zip, beside the
# editions in the generated docs folder (no edition's docs_dir, so MkDocs
# publishes none: GitHub Pages' 1 GB holds the site alone). The deploy
# workflow publishes them as release assets, side by side, at DOWNLOADS_URL
# (settings.py), which is what the pages and the catalog link to.
CORPUS_DOWNLOADS_DIR = "corpus-downloads"


def corpus_zip_name(edition_code: str) -> str:
    return f"corpus-markdown.{edition_code}.zip"


def corpus_zip_path(edition_code: str) -> str:
    """From the docs folder."""
    return f"{CORPUS_DOWNLOADS_DIR}/{corpus_zip_name(edition_code)}"


def corpus_zip_url(downloads_url: str | None, edition_code: str) -> str | None:
    """Where the edition's corpus download is published; None when the build
    does not know (no DOWNLOADS_URL): then nothing links to it."""
    return f"{downloads_url}{corpus_zip_name(edition_code)}" if downloads_url else None


# The edition's .docx with no text, which the reader's browser fills with a
# speech's (render/downloads.py: docx_template).
SPEECH_TEMPLATE = "downloads/speech-template.docx"

# Beside the editions in the generated docs folder (no edition's docs_dir,
# so MkDocs publishes neither): what the site build reads besides the pages,
# each edition's search records and the redirects of merged speeches.
SEARCH_RECORDS_DIR = "search-records"
REDIRECTS = "redirects.json"


def search_records_path(edition_code: str) -> str:
    """From the docs folder."""
    return f"{SEARCH_RECORDS_DIR}/{edition_code}.json"


def collection_url(collection_id: str) -> str:
    return f"collections/{collection_id}/"


def collection_path(collection_id: str) -> str:
    return f"collections/{collection_id}.md"


def source_page_path(collection_id: str) -> str:
    """The source page a collection was read from, as scraped, line by line."""
    return f"source-pages/{collection_id}.md"


def source_line_anchor(line: int) -> str:
    """The anchor of a source page's line (1-based, as the build report counts)."""
    return f"L{line}"


def collections_index_path() -> str:
    return "collections/index.md"


# Browse indexes (render/indexes.py): a facet's values, each on pages of its own.
INDEX_DIR = "indexes"
# The fixed slugs of the vocabularies' values; places and dates make theirs.
FIXED_SLUGS = {"topics": TOPIC_SLUGS, "meeting_types": MEETING_SLUGS, "speaker_roles": ROLE_SLUGS}


def indexes_path() -> str:
    """The landing page, relative to the edition's docs folder (for the navigation)."""
    return f"{INDEX_DIR}/index.md"


def facet_path(facet) -> str:
    """A facet's page (render/indexes.py: ``Facet``), listing all its values."""
    return f"{INDEX_DIR}/{facet.folder}/index.md"


@lru_cache(maxsize=None)
def value_slug(facet, value: str) -> str:
    if facet.field == "speech_date":
        return speech_dates.value_slug(value)
    if facet.field == "places" and (division := place_division(value)):
        return f"{slugify(division.name)}-{division.code}"
    return FIXED_SLUGS.get(facet.field, {}).get(value) or slugify(value)


def value_path(facet, value: str, page: int = 1) -> str:
    """A value's page: ``indexes/topics/wenming-chengshi.md``, page 2 ``…-2.md``.
    No slug ends in "-<page>" of another: vocabulary slugs have no digits, place
    slugs end in a code of 2, 4 or 6 digits, date slugs are a year or end in
    one after a word ("from-2016")."""
    suffix = "" if page == 1 else f"-{page}"
    return f"{INDEX_DIR}/{facet.folder}/{value_slug(facet, value)}{suffix}.md"


# Each edition's Atom feed of newly added speeches (render/feed.py).
FEED_PATH = "feed.xml"
# Where each edition's pages find the map that converts a query typed in the
# other script (see docs/javascripts/search.js).
QUERY_MAP = "javascripts/query-map.js"
# The words of the edition's scripts, one file every page loads from the
# browser's cache: the speech page's (render/speech_page.py, words_script)
# and, where the placeholder stands, the search's, which the MkDocs hook
# publishing/header_words.py writes in from the edition's configuration.
WORDS_SCRIPT = "javascripts/words.js"
SEARCH_WORDS_PLACEHOLDER = "/* search words */ null"


def url_from_page(path: str, edition: str | None = None) -> str:
    """An address from a page two folders below its edition's root (a
    speech's speeches/<id>/, a collection's collections/<id>/, with
    use_directory_urls), given the path under the edition's root of a
    Markdown page or a file (under the root of the other edition
    ``edition``, when given: relative still, so that it works under any
    sub-path the site is served at)."""
    if path.endswith(".md"):
        path = path[: -len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
    return "../../" + (f"../{edition}/" if edition else "") + path
