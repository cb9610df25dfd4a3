"""The search index: one Pagefind record per speech and edition.

Chinese has no spaces between words, and a word segmenter cuts the same word
differently in a sentence and in a two-character query, so a segmented index
misses words that are plainly in the text. The records therefore put a space
around every Han character, and the search page asks for the query as a
quoted phrase of characters: Pagefind then finds exactly the speeches that
contain the query's characters in a row, whatever a segmenter would say.
The records are made from the speeches themselves, so the index holds speech
text only, never navigation or page furniture.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .errors import BuildError
from .patterns import HAN, HAN_CAPTURED



@dataclass(frozen=True)
class SearchRecord:
    url: str  # from the edition's root, e.g. "/speeches/<id>/"
    title: str
    provenance: str
    text: str  # the speech as readers see it, paragraphs separated by newlines


def spaced(text: str) -> str:
    """"穗字[****]6号" → "穗 字 [****]6 号": each Han character a word of its own."""
    return " ".join(HAN_CAPTURED.sub(r" \1 ", text).split())


def phrase_query(query: str) -> str:
    """What search.js sends to Pagefind for a query (kept here as the reference
    the tests check the page against): Han runs become quoted character phrases."""
    parts = []
    for token in query.split():
        parts.append(f'"{spaced(token)}"' if HAN.search(token) else token)
    return " ".join(parts)


def record_html(record: SearchRecord) -> str:
    """The page Pagefind indexes for a record: title, provenance, spaced text."""
    return (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{escape(record.title)}</title></head><body>"
        f'<h1 data-pagefind-meta="title">{escape(record.title)}</h1>'
        f'<p data-pagefind-meta="provenance" data-pagefind-ignore>{escape(record.provenance)}</p>'
        f"<main data-pagefind-body>{escape(spaced(record.text))}</main></body></html>"
    )


def write_search_index(records: list[SearchRecord], output: Path) -> None:
    """Write the Pagefind bundle (index, fragments, pagefind.js) into ``output``.

    The records become small HTML files in a temporary folder for the
    Pagefind binary, which indexes files in parallel. Its language is "und"
    (undetermined): the characters are already words, and a Chinese language
    code would run Pagefind's segmenter over them again, at twice the cost."""
    with tempfile.TemporaryDirectory(prefix="search-records-") as tmp:
        root = Path(tmp)
        for record in records:
            page = root / record.url.strip("/") / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(record_html(record), encoding="utf-8")
        command = [
            sys.executable, "-m", "pagefind", "--site", str(root), "--output-path", str(output),
            "--force-language", "und", "--silent",
        ]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"pagefind failed: {result.stderr.strip()[-500:]}")
