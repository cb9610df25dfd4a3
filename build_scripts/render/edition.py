"""An edition's docs tree, rendered: every page of the edition, the
template its speeches' .docx are made from, the index pages and the
hand-written files in the edition's script; each speech's downloads, for
the corpus download; what its search index holds of each speech; the
search's query map as the pages load it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ..editions.convert import Script
from ..editions.usage import site_words
from ..model import Collection, Edition, SearchRecord, Speech, SpeechContext
from .collection_pages import render_collection, render_collections_index, render_home
from .downloads import docx_template
from .indexes import render_indexes
from .paths import SPEECH_TEMPLATE, WORDS_SCRIPT, collection_path, collections_index_path, speech_path, speech_url
from .speech_page import CollectionIndex, render_speech, speech_facts, words_script

_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def convert_handwritten_markdown(text: str, t) -> str:
    """A hand-written Simplified page in the edition's script and usage
    (site_words). Headings get an explicit id taken from the Simplified
    text, so anchors match across editions."""
    out = []
    fenced = False
    for line in text.split("\n"):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _ATX_HEADING.match(line)
        if m and not m.group(2).endswith("}"):
            slug = re.sub(r"[^\w-]+", "-", m.group(2).lower()).strip("-")
            out.append(f"{m.group(1)} {site_words(t(m.group(2)))} {{#{slug}}}")
        else:
            out.append(site_words(t(line)) if not fenced else line)
    return "\n".join(out)


def render_edition(
    edition: Edition,
    t: Script,
    speeches: list[Speech],
    collections: list[Collection],
    handwritten: dict[str, bytes],
    contexts: dict[str, SpeechContext],
    track=lambda items, total=None: items,
    source_editions: Mapping[str, str] = {},
    corpus_url: str | None = None,
) -> dict[str, str | bytes]:
    """One edition's docs tree: generated pages plus the hand-written files.
    ``contexts`` (related speeches, neighbours, collation, facets) is
    script-neutral: computed once by ``generate`` for both editions;
    ``source_editions``: the edition that publishes each collection's source
    page (render/source_pages.py), by collection id; ``corpus_url`` is where
    the edition's corpus download is published (paths.corpus_zip_url), None
    for no link to it."""
    by_id = {s.id: s for s in speeches}
    # The collections whose source page the other edition publishes: their links go across.
    across = {cid: code for cid, code in source_editions.items() if code != edition.code}
    by_collection = CollectionIndex((c.id, c) for c in collections)
    root = edition.code
    files: dict[str, str | bytes] = {
        f"{root}/index.md": render_home(collections, by_id, t, corpus_url),
        f"{root}/{collections_index_path()}": render_collections_index(collections, t),
        # A speech's .docx is made in the reader's browser from its page and this.
        f"{root}/{SPEECH_TEMPLATE}": docx_template(edition.code),
        # The strings of a speech page's scripts, once for the edition.
        f"{root}/{WORDS_SCRIPT}": words_script(t, edition.code),
    }
    for c in collections:
        files[f"{root}/{collection_path(c.id)}"] = render_collection(c, by_id, t, across.get(c.id))
    for s in track(speeches, total=len(speeches)):
        files[f"{root}/{speech_path(s.id)}"] = render_speech(
            s, by_collection, t, contexts[s.id], across=across, corpus_url=corpus_url
        )
    facets_by_id = {sid: c.facets for sid, c in contexts.items() if c.facets}
    if facets_by_id:
        files.update({f"{root}/{rel}": text for rel, text in render_indexes(speeches, facets_by_id, t).items()})
    for rel, data in handwritten.items():
        if rel.endswith(".md"):
            files[f"{root}/{rel}"] = convert_handwritten_markdown(data.decode("utf-8"), t)
        elif rel.endswith((".yml", ".yaml")):
            files[f"{root}/{rel}"] = t(data.decode("utf-8"))
        else:
            files[f"{root}/{rel}"] = data
    return files



def search_records(t: Script, speeches: list[Speech], collections: list[Collection]) -> list[SearchRecord]:
    """What the search index holds for each speech, in the edition's script."""
    by_collection = {c.id: c for c in collections}
    return [
        SearchRecord(
            url="/" + speech_url(s.id),
            title=t(s.title),
            provenance=" · ".join(speech_facts(s, by_collection[s.collection_id], t)),
            text="\n".join(t(b.text) for b in s.blocks),
            headings=tuple((i, a) for i, (b, a) in enumerate(zip(s.blocks, s.anchors)) if b.kind == "heading"),
        )
        for s in speeches
    ]


def query_map_script(mapping: dict, display: dict | None = None) -> str:
    """The search's query-conversion map (a query typed in Traditional made
    Simplified, as the index is), and in the Traditional edition the map
    that shows the index's text in its script, as a script the pages load."""
    out = "window.SCRIPT_QUERY_MAP = " + json.dumps(mapping, ensure_ascii=False, sort_keys=True) + ";\n"
    if display is not None:
        out += "window.SCRIPT_DISPLAY_MAP = " + json.dumps(display, ensure_ascii=False, sort_keys=True) + ";\n"
    return out
