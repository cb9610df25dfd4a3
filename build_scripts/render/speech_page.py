"""A speech's page: its front matter and its text.

The Markdown is the speech's data (front matter) and its text: title,
headings and paragraphs with their ids, nothing else. What a reader sees
around the text (the facts line, facets, downloads, reading tools, damage
notes, provenance, collation, citation, related speeches, the previous and
next speech of its collection) is data in the front matter, every string in
the edition's script ``t``, drawn by the theme (docs/overrides/partials/
speech.html); docs/javascripts/reader.js adds the ¶ links and makes the
buttons work; build_scripts/render/placeholder_marks.py marks the template
placeholders when MkDocs renders the text.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cached_property

from ..editions.convert import Script, same_script
from ..editions.registry import SPEECH_PAGE_STRINGS
from ..editions.usage import site_words
from ..model import CleanCopy, Collection, CopyCollation, Facets, Reading, Speech, SpeechContext
from .download_names import EDITION_LABELS
from .opening import description
from .markdown import escape_markdown, front_matter, placeholders, script_memo
from .paths import SEARCH_WORDS_PLACEHOLDER, collection_path, source_line_anchor, source_page_path, url_from_page
from .indexes import facet_links


# As mkdocs.yml names the site (each edition converts it).
SITE_NAME = "讲话稿文库"


def characters(speech: Speech) -> int:
    """字数 as Chinese editors count it: every character but whitespace."""
    return speech.characters


# How many copies one section holds, as a label reads it: "第5篇（两份）".
_COPIES = dict(enumerate("两三四五六七八九十", start=2))


def section_label(sections: list[int]) -> str:
    """The sections a speech's copies come from, in the copies' order (the
    published copy first), a section named once with how many copies it holds."""
    counts: dict[int, int] = {}
    for n in sections:
        counts[n] = counts.get(n, 0) + 1
    return "、".join(
        f"第{n}篇" + (f"（{_COPIES.get(k, str(k))}份）" if k > 1 else "") for n, k in counts.items()
    )


def provenance(
    speech: Speech, collections: dict[str, Collection] | None = None, across: Mapping[str, str] = {}
) -> list[dict]:
    """Every place the speech appeared, the published copy first; with
    ``collections``, each with the ``url`` of its first line on its source
    page as published (render/source_pages.py), relative to the speech page
    (``across``: the collections whose source page the other edition
    publishes, by id, to that edition's code)."""
    by_file = _by_file(collections) if collections is not None else {}
    rows = []
    for i, copy in enumerate(speech.distinct.copies):
        first, last = copy.clean.copy.line_range
        row = {
            "file": copy.clean.copy.file,
            "section": copy.clean.copy.section,
            "lines": [first, last],
            "title": copy.clean.copy.title,
            "published": i == 0,
        }
        if copy.clean.copy.file in by_file:
            collection_id = by_file[copy.clean.copy.file].id
            row["url"] = source_line_url(collection_id, first, across.get(collection_id))
        rows.append(row)
    return rows


def source_line_url(collection_id: str, line: int, edition: str | None = None) -> str:
    """A line of a source page as published, from a speech page; ``edition``:
    the other edition's code when that edition publishes the page (each
    source page is published in one edition only: source_pages.py)."""
    return f"{url_from_page(source_page_path(collection_id), edition)}#{source_line_anchor(line)}"


def speech_facts(speech: Speech, collection: Collection, t: Script) -> list[str]:
    """What the line under a speech's title says, as text (the .docx's
    properties, the .txt, the search records): where it is from, the source
    page's date, its length."""
    return [f.get("before", "") + f["text"] + f.get("after", "") for f in _source_facts(speech, collection, t)]


def _source_facts(speech: Speech, collection: Collection, t: Script) -> list[dict]:
    sections = [c.clean.copy.section for c in speech.distinct.copies if c.clean.copy.file == collection.file]
    facts = [
        {
            "before": t("出自") + "《",
            "text": t(collection.title),
            "url": url_from_page(collection_path(collection.id)),
            "after": "》" + t(section_label(sections)),
        }
    ]
    if speech.meta.date:
        facts.append({"text": t("来源页更新于") + f" {speech.meta.date}"})
    facts.append({"text": f"{characters(speech):,} " + t("字")})
    return facts


# Silent reading of Chinese runs at about 300–500 characters a minute; the
# pages count 400, a middle figure, rounded up to whole minutes.
READING_SPEED = 400


def reading_minutes(chars: int) -> int:
    """阅读时间: minutes to read ``chars`` characters at READING_SPEED, at least one."""
    return max(1, math.ceil(chars / READING_SPEED))


def facet_front_matter(facets: Facets, t: Script = same_script) -> dict:
    """A speech page's front-matter fields of its facets, in the edition's script."""
    return {
        "topics": [t(x) for x in facets.topics],
        "places": [t(x) for x in facets.places],
        "meeting_types": [t(x) for x in facets.meeting_types],
        "speaker_roles": [t(x) for x in facets.speaker_roles],
        "date": facets.date,
        "speech_date": facets.speech_date.front_matter(t),
    }


def _paragraph_label(anchor: str) -> str:
    # "p" and digits (\d: Unicode decimal digits, as str.isdecimal).
    return f"第{anchor[1:]}段" if anchor[:1] == "p" and anchor[1:].isdecimal() else "本段"


def page_strings(t: Script) -> dict:
    """The strings the theme shows around a speech (editions/registry.py), in
    the edition's script; made once per converter."""
    memo = script_memo(t)
    strings = memo.get("page strings")
    if strings is None:
        strings = memo["page strings"] = {k: site_words(t(v)) for k, v in SPEECH_PAGE_STRINGS.items()}
    return strings


# The strings only a speech page's scripts show (javascripts/reader.js, the
# ¶ links, placeholder switch and citation's copy button; downloads.js, the
# download links), in one file per edition that every page loads once from
# the browser's cache (mkdocs.yml, extra_javascript; paths.WORDS_SCRIPT),
# not in every page.
SCRIPT_STRINGS = (
    "download", "paragraph_link", "link_copied", "link_copy_failed", "hide_placeholders", "show_placeholders",
    "placeholders_title", "copy_citation", "citation_copied", "citation_copy_failed", "accessed",
)


def words_script(t: Script, lang: str) -> str:
    """javascripts/words.js of the edition ``lang`` (its code), whose script
    is ``t``: window.SPEECH_WORDS, the strings of SCRIPT_STRINGS, the labels
    of the download links, and how the edition names itself in a download's
    file name (download_names.py, which downloads.js follows); then
    window.SEARCH_WORDS, the search's words, which the MkDocs hook
    publishing/header_words.py writes in from the edition's configuration."""
    strings = page_strings(t)
    words = {k: strings[k] for k in SCRIPT_STRINGS}
    words.update(
        docx="Word（.docx）", txt=site_words(t("纯文本")) + "（.txt）", edition=EDITION_LABELS[lang],
    )
    return (
        "window.SPEECH_WORDS = " + json.dumps(words, ensure_ascii=False, sort_keys=True) + ";\n"
        f"window.SEARCH_WORDS = {SEARCH_WORDS_PLACEHOLDER};\n"
    )


def render_speech(
    speech: Speech,
    collections: dict[str, Collection],
    t: Script = same_script,
    context: SpeechContext | None = None,
    across: Mapping[str, str] = {},
    corpus_url: str | None = None,
) -> str:
    """A speech page: its front matter (all its data, and what the theme
    draws around the text: docs/overrides/partials/speech.html) and its text,
    nothing else; ``t`` converts every human-readable string to the edition's
    script; ``across``: the collections whose source page the other edition
    publishes, by id, to that edition's code (source_pages.py:
    source_editions); ``corpus_url`` is where the edition's corpus download
    is published (None: no link to it)."""
    context = context or SpeechContext()
    meta = speech.meta
    sources = provenance(speech, collections, across)
    collection = collections[speech.collection_id]
    body, marked = [], 0
    for block, anchor in zip(speech.blocks, speech.anchors):
        text = t(block.text)
        marked += len(placeholders(" ".join(text.split())))
        if block.kind == "heading":
            body += [f"{'#' * block.level} {escape_markdown(text)} {{#{anchor}}}", ""]
        else:
            body += [escape_markdown(text), f"{{: #{anchor} }}", ""]
    chars = characters(speech)
    by_file = _by_file(collections)
    data = {
        "id": speech.id,
        "title": t(speech.title),
        "description": t(description(speech)),
        "date": meta.date,
        "collection": t(collection.title),
        "collection_id": speech.collection_id,
        "site": t(meta.site) if meta.site else None,
        "category": [t(c) for c in meta.categories],
        "tags": [t(meta.tag)] if meta.tag else [],
        "characters": chars,
        "reading_minutes": reading_minutes(chars),
        "placeholders": marked,
        "copies": len(sources),
        "sources": [
            dict(row, title=t(row["title"]), **_source_furniture(row, by_file[row["file"]], t)) for row in sources
        ],
    }
    best = speech.distinct.best.clean
    if best.script != "hans":  # a Traditional or mixed source (source_script.py)
        data["source_script"] = best.script
    if best.copy.truncated:
        data["truncated"] = True  # the source site showed only part of the text
    damage = sorted({d.kind for d in best.damage})
    if damage:
        data["damage"] = damage
    if context.facets:
        data.update(facet_front_matter(context.facets, t))
    data.update(_furniture(speech, collection, collections, context, t, chars, marked, across, corpus_url))
    return "\n".join([front_matter(data), f"# {escape_markdown(t(speech.title))} {{#title}}", "", *body])


def _furniture(
    speech: Speech,
    collection: Collection,
    collections: dict[str, Collection],
    context: SpeechContext,
    t: Script,
    chars: int,
    marked: int,
    across: Mapping[str, str],
    corpus_url: str | None,
) -> dict:
    """What the theme draws around a speech's text (partials/speech.html),
    every string in the edition's script."""
    out: dict = {}
    out["facts"] = _facts(speech, collection, t, chars, marked)
    if context.facets:
        out["facet_links"] = facet_links(context.facets, t)
    # The speech's .docx and .txt, made in the reader's browser (docs/
    # javascripts/downloads.js) from the page and ``download_data`` (the
    # document's properties), saved under the title (download_names.py):
    # the script writes their links, so without JavaScript there are none
    # and the corpus download (every speech's Markdown) stands in for them,
    # when the build knows where it is published.
    from .downloads import download_properties  # here: downloads imports this module

    out["download_data"] = download_properties(speech, collection, t)
    if corpus_url:
        out["corpus_url"] = corpus_url
    notes = _damage_notes(speech.distinct.best.clean, t)
    if notes:
        out["notes"] = notes
    collation = _collation(speech, context.collation, collections, t, across)
    if collation:
        out["collation"] = collation
    out["citation"] = _citation(speech, collection, t)
    if context.related:
        out["related"] = _related(context.related, collections, t)
    for key, s in (("previous", context.previous), ("next", context.next)):
        if s:
            out[key] = {"title": t(s.title), "url": f"../{s.id}/"}
    if context.previous or context.next:
        out["pager_label"] = t(f"《{collection.title}》中的上一篇、下一篇")
    out["strings"] = page_strings(t)
    return out


def _facts(speech: Speech, collection: Collection, t: Script, chars: int, marked: int) -> list[dict]:
    """The line under the title: where the speech is from (its collection
    linked), the source page's date, its length, its reading time, its blanks."""
    facts = _source_facts(speech, collection, t)
    facts.append({"text": t(f"阅读约 {reading_minutes(chars)} 分钟")})
    if marked:
        facts.append({"text": t(f"{marked} 处待填写"), "kind": "fact--placeholders"})
    return facts


def _source_furniture(row: dict, collection: Collection, t: Script) -> dict:
    """What the provenance list shows of a copy besides its row's data."""
    first, last = row["lines"]
    where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
    out = {
        "collection": t(collection.title),
        "collection_url": url_from_page(collection_path(collection.id)),
        "label": t(f"第{row['section']}篇"),
        "where": t(where),
        "role": t("本页所用文本" if row["published"] else "重复稿，已合并"),
    }
    if collection.meta.url:
        out["original_url"] = collection.meta.url
    return out


def _damage_notes(copy: CleanCopy, t: Script) -> list[str]:
    """What the reader must know of the text before reading it: the site cut
    it, or stripped digits from it (the build report lists each place)."""
    notes = []
    if copy.copy.truncated:
        notes.append(t("来源网站只展示了本文的一部分，此处所载不是全文。"))
    missing = [d for d in copy.damage if d.kind == "digits-missing"]
    if missing:
        notes.append(t("来源网站删去了本文中的一些数字（如“") + t(missing[0].context) + t("”），引用时请核对原文。"))
    return notes


def _citation(speech: Speech, collection: Collection, t: Script) -> str:
    """A ready-made citation up to the page's address (filled in by
    reader.js: the canonical URL when the site has one, else the address the
    reader is at) and the access date."""
    sections = [c.clean.copy.section for c in speech.distinct.copies if c.clean.copy.file == collection.file]
    origin = t("原载") + (t(speech.meta.site) if speech.meta.site else "")
    origin += f"《{t(collection.title)}》{t(section_label(sections))}"
    if speech.meta.date:
        origin += t(f"（来源页更新于 {speech.meta.date}）")
    return f"《{t(speech.title)}》，{t(SITE_NAME + '整理')}，{origin}，"


def _related(related: tuple[Speech, ...], collections: dict[str, Collection], t: Script) -> list[dict]:
    return [
        {
            "title": t(s.title),
            "url": f"../{s.id}/",
            "meta": " · ".join([f"《{t(collections[s.collection_id].title)}》", f"{s.characters:,} {t('字')}"]),
        }
        for s in related
    ]


# Variants listed per merged copy; the rest are counted.
MAX_VARIANTS = 10


# A reading longer than this is shown by its start and its length.
LONG_READING = 40


def _copy_label(copy, published_file: str, collections: dict[str, Collection]) -> str:
    c = copy.clean.copy
    page = ""
    if c.file != published_file:
        page = f"《{_by_file(collections)[c.file].title}》"
    return f"{page}第{c.section}篇{_lines_label(c.line_range)}"


def _reading(before: str, reading: Reading, after: str, t: Script) -> dict:
    """One copy's reading at a variant, quoted as the edition quotes (“” in
    Simplified, 「」 in Traditional), with the text around it."""
    out = {
        "before": t("“") + ("……" if before else "") + t(before),
        "after": t(after) + ("……" if after else "") + t("”"),
    }
    if not reading.text:
        out["gap"] = t(f"（{'无，此份到此为止' if reading.at_end else '无，此份从此处开始' if reading.at_start else '无'}）")
    elif len(reading.text) > LONG_READING:
        out["reading"] = t(reading.text[:20]) + "……"
        out["length"] = t(f"（共 {len(reading.text):,} 字）")
    else:
        out["reading"] = t(reading.text)
    return out


def _collation(
    speech: Speech,
    collation: tuple[CopyCollation, ...],
    collections: dict[str, Collection],
    t: Script,
    across: Mapping[str, str] = {},
) -> list[dict]:
    """For each merged copy: a note that it is identical, or the readings
    that differ from the published text (the theme shows them in a
    collapsible note)."""
    copies = speech.distinct.copies
    published = copies[0].clean.copy
    pub_label = _copy_label(copies[0], published.file, collections)
    out: list[dict] = []
    for cc in collation:
        other = copies[cc.copy].clean.copy
        label = _copy_label(copies[cc.copy], published.file, collections)
        if cc.same_text:
            how = "文字完全相同" if cc.same_blocks else "文字相同，只是分段不同"
            out.append({"id": f"collation-{cc.copy}", "note": t(f"{label}与本页所用的{pub_label}{how}。")})
            continue
        n = len(cc.variants)
        variants = []
        for v in cc.variants[:MAX_VARIANTS]:
            block = speech.blocks[v.block]
            anchor = speech.anchors[v.block]
            heading = block.text if len(block.text) <= 12 else block.text[:12] + "……"
            where = _paragraph_label(anchor) if block.kind == "paragraph" else f"“{heading}”"
            variants.append(
                {
                    "anchor": anchor,
                    "where": t(where),
                    "readings": [
                        {**_lines_of(published, v.published.lines, collections, t, across), **_reading(v.before, v.published, v.after, t)},
                        {**_lines_of(other, v.other.lines, collections, t, across), **_reading(v.before, v.other, v.after, t)},
                    ],
                }
            )
        entry = {"id": f"collation-{cc.copy}", "summary": t(f"{label}与本页所用的{pub_label}有 {n} 处异文"), "variants": variants}
        if n > MAX_VARIANTS:
            entry["more"] = t(f"另有 {n - MAX_VARIANTS} 处异文未列出。")
        out.append(entry)
    return out


def _lines_of(
    copy, lines: tuple[int, int], collections: dict[str, Collection], t: Script, across: Mapping[str, str] = {}
) -> dict:
    """Which copy a reading is from ("第5篇") and its lines ("（第58–76行）"),
    with the address of the first of them on the source page as published."""
    out = {"label": t(f"第{copy.section}篇"), "lines": t(_lines_label(lines))}
    if (collection := _by_file(collections).get(copy.file)) is not None:
        out["lines_url"] = source_line_url(collection.id, lines[0], across.get(collection.id))
    return out


def _lines_label(lines: tuple[int, int]) -> str:
    first, last = lines
    return f"（第{first}行）" if first == last else f"（第{first}–{last}行）"


class CollectionIndex(dict):
    """The collections by id, which also finds them by source file: a speech
    page names the collections of all its copies, and building that lookup
    for every page would make rendering grow with the square of the corpus."""

    @cached_property
    def by_file(self) -> dict[str, Collection]:
        return {c.file: c for c in self.values()}


def _by_file(collections: dict[str, Collection]) -> dict[str, Collection]:
    if isinstance(collections, CollectionIndex):
        return collections.by_file
    return {c.file: c for c in collections.values()}
