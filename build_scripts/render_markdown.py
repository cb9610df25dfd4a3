"""Stage 7 — render speeches, collections and the home page as Markdown.

Speech text is escaped so that whatever a scraped page contains ("穗字[****]6号",
"_____*年", "<script>") shows literally and never becomes markup. Front matter
is written by a YAML library, never by string formatting.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from .model import Collection, Speech

# Turns Simplified text into the edition's script; identity for Simplified.
Script = Callable[[str], str]


def same_script(text: str) -> str:
    return text

# Characters Python-Markdown gives meaning to anywhere in a line, and their
# literal forms. "<", ">" and "&" become entities so no HTML gets through; the
# others take the backslash escapes Python-Markdown knows.
_INLINE_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "[": "\\[",
    "]": "\\]",
    "#": "\\#",
    "!": "\\!",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
}
_INLINE = re.compile("|".join(re.escape(c) for c in _INLINE_ESCAPES))
# Line starts that would open a list, a numbered list or a rule ("---").
_LIST_START = re.compile(r"^([-+])|^(\d+)([.)])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """Text that renders as itself: no emphasis, link, heading, list or HTML."""
    text = " ".join(text.split())  # no line breaks or indentation inside a block
    text = _INLINE.sub(lambda m: _INLINE_ESCAPES[m.group(0)], text)
    return _LIST_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def front_matter(data: dict) -> str:
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


def speech_url(speech_id: str) -> str:
    return f"speeches/{speech_id}/"


def speech_path(speech_id: str) -> str:
    return f"speeches/{speech_id}.md"


def collection_url(collection_id: str) -> str:
    return f"collections/{collection_id}/"


def collection_path(collection_id: str) -> str:
    return f"collections/{collection_id}.md"


def characters(speech: Speech) -> int:
    """字数 as Chinese editors count it: every character but whitespace."""
    return sum(len("".join(b.text.split())) for b in speech.blocks)


def description(speech: Speech, limit: int = 120) -> str:
    """The opening of the speech, past its salutation, for previews and <meta>."""
    paragraphs = [b.text for b in speech.blocks if b.kind == "paragraph"]
    body = [p for p in paragraphs if not re.fullmatch(r".{1,16}[：:]", p)] or paragraphs
    text = "".join(body)
    return text if len(text) <= limit else text[:limit] + "……"


def section_label(sections: list[int]) -> str:
    return "、".join(f"第{n}篇" for n in sections)


def provenance(speech: Speech) -> list[dict]:
    """Every place the speech appeared, the published copy first."""
    rows = []
    for i, copy in enumerate(speech.distinct.copies):
        first, last = copy.clean.copy.line_range
        rows.append(
            {
                "file": copy.clean.copy.file,
                "section": copy.clean.copy.section,
                "lines": [first, last],
                "title": copy.clean.copy.title,
                "published": i == 0,
            }
        )
    return rows


def speech_facts(speech: Speech, collection: Collection, t: Script, link: str | None = None) -> list[str]:
    """What the line under a speech's title says: where it is from, the source
    page's date, its length. ``link`` is the collection title as a link."""
    sections = [c.clean.copy.section for c in speech.distinct.copies if c.clean.copy.file == collection.file]
    facts = [t("出自") + f"《{link or t(collection.title)}》" + t(section_label(sections))]
    if speech.meta.date:
        facts.append(t("来源页更新于") + f" {speech.meta.date}")
    facts.append(f"{characters(speech):,} " + t("字"))
    return facts


def render_speech(speech: Speech, collections: dict[str, Collection], t: Script = same_script) -> str:
    """A speech page; ``t`` converts every human-readable string to the edition's script."""
    meta = speech.meta
    sources = provenance(speech)
    collection = collections[speech.collection_id]
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
        "characters": characters(speech),
        "copies": len(sources),
        "sources": [dict(row, title=t(row["title"])) for row in sources],
    }
    link = f"[{escape_markdown(t(collection.title))}](../{collection_path(collection.id)})"
    out = [
        front_matter(data),
        # The title's id is fixed: a slug of it would differ between editions.
        f"# {escape_markdown(t(speech.title))} {{#title}}",
        "",
        " · ".join(speech_facts(speech, collection, t, link)),
        "{: .speech-meta }",
        "",
    ]
    for block, anchor in zip(speech.blocks, speech.anchors):
        text = escape_markdown(t(block.text))
        if block.kind == "heading":
            out += [f"{'#' * block.level} {text} {{#{anchor}}}", ""]
        else:
            out += [text, f"{{: #{anchor} }}", ""]
    out += [f"## {t('来源')} {{#provenance}}", "", *_provenance_lines(sources, collections, t), ""]
    return "\n".join(out)


def _provenance_lines(sources: list[dict], collections: dict[str, Collection], t: Script) -> list[str]:
    by_file = {c.file: c for c in collections.values()}
    lines = []
    for row in sources:
        collection = by_file[row["file"]]
        first, last = row["lines"]
        where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        role = "本页所用文本" if row["published"] else "重复稿，已合并"
        lines.append(
            f"- 《[{escape_markdown(t(collection.title))}](../{collection_path(collection.id)})》"
            + t(f"第{row['section']}篇（源文件 ")
            + f"`{row['file']}` "
            + t(f"{where}）：{role}")
        )
    if len(sources) > 1:
        lines += ["", t("同一篇讲话在来源页中出现多次时，只发布最完整、最干净的一份，其余各份记录于此。")]
    return lines


def _speech_list(collection: Collection, speeches: dict[str, Speech], prefix: str, t: Script) -> list[str]:
    """The collection's speeches, each with the sections of this page it fills."""
    lines = []
    for s in (speeches[i] for i in collection.speech_ids):
        sections = section_label(
            sorted({c.clean.copy.section for c in s.distinct.copies if c.clean.copy.file == collection.file})
        )
        lines.append(
            f"- [{escape_markdown(t(s.title))}]({prefix}{speech_path(s.id)}) "
            f'<span class="speech-list__meta">{t(sections)} · {characters(s):,} {t("字")}</span>'
        )
    # md_in_html: a class on the list as a whole, which attr_list cannot give.
    return ['<div class="speech-list" markdown>', "", *lines, "", "</div>"]


def render_collection(collection: Collection, speeches: dict[str, Speech], t: Script = same_script) -> str:
    meta = collection.meta
    data = {"title": t(collection.title), "collection_id": collection.id, "source": collection.file, "date": meta.date}
    facts = []
    if meta.site:
        facts.append(t("来源：") + " › ".join(escape_markdown(t(x)) for x in (meta.site, *meta.categories)))
    if meta.date:
        facts.append(t("更新于") + f" {meta.date}")
    if meta.tag:
        facts.append(t("专题：") + escape_markdown(t(meta.tag)))
    facts.append(f"{len(collection.speech_ids)} " + t("篇不同的讲话"))
    out = [
        front_matter(data),
        f"# {escape_markdown(t(collection.title))} {{#title}}",
        "",
        " · ".join(facts),
        "{: .speech-meta }",
        "",
    ]
    out += _speech_list(collection, speeches, "../", t)
    return "\n".join(out) + "\n"


def collections_index_path() -> str:
    return "collections/index.md"


def render_collections_index(collections: list[Collection], t: Script = same_script) -> str:
    """文集: every collection (source page) with its date and number of speeches."""
    out = [front_matter({"title": t("文集")}), f"# {t('文集')} {{#title}}", ""]
    out.append(t(f"共 {len(collections)} 个来源页，每页收录的讲话见各页。"))
    out += ["", '<div class="speech-list" markdown>', ""]
    for c in collections:
        facts = [f"{len(c.speech_ids)} " + t("篇")] + ([c.meta.date] if c.meta.date else [])
        out.append(
            f"- [{escape_markdown(t(c.title))}]({c.id}.md) "
            f'<span class="speech-list__meta">{" · ".join(facts)}</span>'
        )
    return "\n".join(out + ["", "</div>", ""])


# The home page shows this many collections in full; the rest are on 文集.
HOME_COLLECTIONS = 10


def render_home(collections: list[Collection], speeches: dict[str, Speech], t: Script = same_script) -> str:
    out = [
        front_matter({"title": t("首页")}),
        f"# {t('讲话稿文库')} {{#title}}",
        "",
        t(
            "从范文网站收集的讲话稿，去掉网站附带的杂项，合并重复的稿子，修复抓取造成的损坏，"
            f"并为每一篇保留出处。现收 {len(collections)} 个来源页、{len(speeches)} 篇不同的讲话。"
        ),
        "",
    ]
    for c in collections[:HOME_COLLECTIONS]:
        out += [f"## [{escape_markdown(t(c.title))}]({collection_path(c.id)}) {{#{c.id}}}", ""]
        out += _speech_list(c, speeches, "", t)
        out.append("")
    if len(collections) > HOME_COLLECTIONS:
        out += [f"[{t('全部文集')}（{len(collections)}）]({collections_index_path()})", ""]
    return "\n".join(out)
