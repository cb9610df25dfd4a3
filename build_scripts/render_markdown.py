"""Stage 7 — render speeches, collections and the home page as Markdown.

Speech text is escaped so that whatever a scraped page contains ("穗字[****]6号",
"_____*年", "<script>") shows literally and never becomes markup. Front matter
is written by a YAML library, never by string formatting.
"""

from __future__ import annotations

import re

import yaml

from .model import Collection, Speech

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


def render_speech(speech: Speech, collections: dict[str, Collection]) -> str:
    meta = speech.meta
    sources = provenance(speech)
    collection = collections[speech.collection_id]
    data = {
        "id": speech.id,
        "title": speech.title,
        "description": description(speech),
        "date": meta.date,
        "collection": collection.title,
        "collection_id": speech.collection_id,
        "site": meta.site,
        "category": list(meta.categories),
        "tags": [meta.tag] if meta.tag else [],
        "characters": characters(speech),
        "copies": len(sources),
        "sources": sources,
    }
    sections = [s["section"] for s in sources if s["file"] == collection.file]
    facts = [f"出自《[{escape_markdown(collection.title)}](../{collection_path(collection.id)})》{section_label(sections)}"]
    if meta.date:
        facts.append(f"来源页更新于 {meta.date}")
    facts.append(f"{characters(speech):,} 字")
    out = [front_matter(data), f"# {escape_markdown(speech.title)}", "", " · ".join(facts), "{: .speech-meta }", ""]
    for block, anchor in zip(speech.blocks, speech.anchors):
        text = escape_markdown(block.text)
        if block.kind == "heading":
            out += [f"{'#' * block.level} {text} {{#{anchor}}}", ""]
        else:
            out += [text, f"{{: #{anchor} }}", ""]
    out += ["## 来源 {#provenance}", "", *_provenance_lines(sources, collections), ""]
    return "\n".join(out)


def _provenance_lines(sources: list[dict], collections: dict[str, Collection]) -> list[str]:
    by_file = {c.file: c for c in collections.values()}
    lines = []
    for row in sources:
        collection = by_file[row["file"]]
        first, last = row["lines"]
        where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        role = "本页所用文本" if row["published"] else "重复稿，已合并"
        lines.append(
            f"- 《[{escape_markdown(collection.title)}](../{collection_path(collection.id)})》"
            f"第{row['section']}篇（源文件 `{row['file']}` {where}）：{role}"
        )
    if len(sources) > 1:
        lines += ["", "同一篇讲话在来源页中出现多次时，只发布最完整、最干净的一份，其余各份记录于此。"]
    return lines


def _speech_list(speeches: list[Speech], prefix: str) -> list[str]:
    lines = []
    for s in speeches:
        sections = section_label(sorted({c.clean.copy.section for c in s.distinct.copies}))
        lines.append(
            f"- [{escape_markdown(s.title)}]({prefix}{speech_path(s.id)}) "
            f"<span class=\"speech-list__meta\">{sections} · {characters(s):,} 字</span>"
        )
    # md_in_html: a class on the list as a whole, which attr_list cannot give.
    return ['<div class="speech-list" markdown>', "", *lines, "", "</div>"]


def render_collection(collection: Collection, speeches: dict[str, Speech]) -> str:
    meta = collection.meta
    data = {"title": collection.title, "collection_id": collection.id, "source": collection.file, "date": meta.date}
    facts = []
    if meta.site:
        facts.append("来源：" + " › ".join(escape_markdown(x) for x in (meta.site, *meta.categories)))
    if meta.date:
        facts.append(f"更新于 {meta.date}")
    if meta.tag:
        facts.append(f"专题：{escape_markdown(meta.tag)}")
    facts.append(f"{len(collection.speech_ids)} 篇不同的讲话")
    out = [front_matter(data), f"# {escape_markdown(collection.title)}", "", " · ".join(facts), "{: .speech-meta }", ""]
    out += _speech_list([speeches[i] for i in collection.speech_ids], "../")
    return "\n".join(out) + "\n"


def render_home(collections: list[Collection], speeches: dict[str, Speech]) -> str:
    total = len(speeches)
    out = [
        front_matter({"title": "首页"}),
        "# 讲话稿文库",
        "",
        f"从范文网站收集的讲话稿，去掉网站附带的杂项，合并重复的稿子，修复抓取造成的损坏，"
        f"并为每一篇保留出处。现收 {len(collections)} 个来源页、{total} 篇不同的讲话。",
        "",
    ]
    for c in collections:
        out += [f"## [{escape_markdown(c.title)}]({collection_path(c.id)}) {{#{c.id}}}", ""]
        out += _speech_list([speeches[i] for i in c.speech_ids], "")
        out.append("")
    return "\n".join(out)
