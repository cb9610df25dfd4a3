"""A speech's page: its front matter, its text and its reading aids.

A speech page carries its reading aids: reading time, a ¶ link on every
paragraph, the placeholder switch, what merged copies say differently
(corpus/collate.py), a citation, related speeches (corpus/related.py) and
the previous and next speech of its collection. Every string of them goes
through the edition's script ``t``; docs/javascripts/reader.js makes the
buttons work.
"""

from __future__ import annotations

import html
import math
from functools import cached_property

from ..editions.convert import Script, same_script
from ..editions.usage import site_words
from ..model import CleanCopy, Collection, CopyCollation, Facets, Reading, Speech, SpeechContext
from .download_names import download_name
from .opening import description
from .markdown import (
    converted_markdown,
    escape_markdown,
    fact_line,
    link_destination,
    marked_markdown,
    md_in_html_attribute,
    page_head,
    script_memo,
)
from .paths import CORPUS_ZIP, collection_path
from .indexes import facet_links


# As mkdocs.yml names the site (each edition converts it).
SITE_NAME = "讲话稿文库"


def characters(speech: Speech) -> int:
    """字数 as Chinese editors count it: every character but whitespace."""
    return speech.characters


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


def render_speech(
    speech: Speech,
    collections: dict[str, Collection],
    t: Script = same_script,
    context: SpeechContext | None = None,
    lang: str = "zh-Hans",
) -> str:
    """A speech page; ``t`` converts every human-readable string to the
    edition's script, ``lang`` (its code) names its downloads."""
    context = context or SpeechContext()
    memo = script_memo(t)
    meta = speech.meta
    sources = provenance(speech)
    collection = collections[speech.collection_id]
    body, marked = [], 0
    for block, anchor in zip(speech.blocks, speech.anchors):
        text, n = marked_markdown(t(block.text))
        marked += n
        if block.kind == "heading":
            body += [f"{'#' * block.level} {text} {{#{anchor}}}", ""]
        else:
            # A link to the paragraph itself, shown on hover and focus (extra.css).
            link = memo.get(("¶", anchor))
            if link is None:
                label = html.escape(site_words(t(f"链接到{_paragraph_label(anchor)}")))
                link = memo[("¶", anchor)] = (
                    f'<a class="para-link" href="#{anchor}" aria-label="{label}" title="{label}">¶</a>',
                    f"{{: #{anchor} }}",
                )
            body += [text + link[0], link[1], ""]
    chars = characters(speech)
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
        "sources": [dict(row, title=t(row["title"])) for row in sources],
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
    link = f"[{converted_markdown(collection.title, t, memo)}](../{collection_path(collection.id)})"
    facts = speech_facts(speech, collection, t, link) + [t(f"阅读约 {reading_minutes(chars)} 分钟")]
    if marked:
        facts.append((t(f"{marked} 处待填写"), "fact--placeholders"))
    out = [
        *page_head(data, t(speech.title), facts),
        *_facet_lines(context.facets, t),
        *_download_line(speech, collection, t, lang),
        *_reader_tools(marked, t, memo),
        "",
        *_damage_notes(best, t),
        *body,
        f"## {t('来源')} {{#provenance}}",
        "",
        *_provenance_lines(sources, collections, t),
        "",
        *_collation_lines(speech, context.collation, collections, t),
        f"## {t('引用本文')} {{#cite}}",
        "",
        *_citation_lines(speech, collection, t),
        "",
    ]
    if context.related:
        out += [f"## {t('相关讲话')} {{#related}}", "", *_related_lines(context.related, collections, t, memo), ""]
    out += _pager_lines(context, collection, t, memo)
    return "\n".join(out)


def _download_line(speech: Speech, collection: Collection, t: Script, lang: str) -> list[str]:
    """下载: the speech's .docx and .txt, made in the reader's browser
    (docs/javascripts/downloads.js) from the page and the document
    properties this line's data attributes give; saved under the title
    (download_names.py). Without JavaScript the links stay hidden and the
    corpus download, which holds every speech's files, stands in for them."""
    from .downloads import download_properties  # downloads imports this module

    attributes = "".join(f' data-{name}="{_attribute(value)}"' for name, value in download_properties(speech, collection, t, lang).items())
    corpus = f"../../{CORPUS_ZIP}"
    links = [
        f'<span class="fact" hidden data-needs-script>{t("下载：") if i == 0 else ""}'
        f'<a download="{_attribute(download_name(t(speech.title), lang, ext, speech.id))}" href="{corpus}"'
        f' data-format="{ext}">{label}（.{ext}）</a>{" ·" if i == 0 else ""}</span>'
        for i, (label, ext) in enumerate((("Word", "docx"), (site_words(t("纯文本")), "txt")))
    ]
    without_script = (
        f'<span class="fact" data-without-script>{t("下载：")}<a href="{corpus}">{site_words(t("全部讲话的压缩包"))}</a>'
        f'{site_words(t("（含每篇的 Word 和纯文本文件）"))}</span>'
    )
    return [f'<p class="speech-downloads"{attributes}>{" ".join(links)}{without_script}</p>', ""]


def _attribute(value: str) -> str:
    """An attribute value of raw HTML in the Markdown: escaped, with no line
    break (a blank line would end the HTML block) or tab (Markdown expands
    it to spaces) left as it is."""
    return html.escape(value, quote=True).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _damage_notes(copy: CleanCopy, t: Script) -> list[str]:
    """What the reader must know of the text before reading it: the site cut
    it, or stripped digits from it (the build report lists each place)."""
    notes = []
    if copy.copy.truncated:
        notes.append(t("来源网站只展示了本文的一部分，此处所载不是全文。"))
    missing = [d for d in copy.damage if d.kind == "digits-missing"]
    if missing:
        notes.append(t("来源网站删去了本文中的一些数字（如“") + escape_markdown(t(missing[0].context)) + t("”），引用时请核对原文。"))
    return [line for note in notes for line in (note, "{: .speech-note }", "")]


def _facet_lines(facets: Facets | None, t: Script) -> list[str]:
    """Topics, places, meeting type … each linked to its index page."""
    if not facets:
        return []
    line = facet_links(facets, t)
    return [line, "{: .speech-facets }", ""] if line else []


def _reader_tools(placeholder_count: int, t: Script, memo: dict) -> tuple[str, ...]:
    """The page's reading tools (docs/javascripts/reader.js): the switch for
    the placeholder highlighting, and the status line that confirms a copy.
    The strings the script shows are here, in the edition's script."""
    key = ("reader tools", bool(placeholder_count))
    if key not in memo:
        memo[key] = tuple(_make_reader_tools(placeholder_count, t))
    return memo[key]


def _make_reader_tools(placeholder_count: int, t: Script) -> list[str]:
    attrs = {
        "data-copied-link": site_words(t("已复制本段链接")),
        "data-copy-failed": site_words(t("无法复制，请从地址栏复制链接")),
    }
    lines = ['<div class="reader-tools" ' + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + ">"]
    if placeholder_count:
        hide, show = t("隐藏待填写处"), t("显示待填写处")
        lines.append(
            '<button type="button" class="md-button reader-tools__placeholders" hidden data-placeholder-toggle '
            f'data-label-hide="{html.escape(hide)}" data-label-show="{html.escape(show)}" '
            f'title="{html.escape(t("范文模板中留待填写的占位符，如 xx、20xx、****"))}">{html.escape(hide)}</button>'
        )
    lines += ['<p class="reader-status" role="status" aria-live="polite"></p>', "</div>"]
    return lines


def _citation_lines(speech: Speech, collection: Collection, t: Script) -> list[str]:
    """A ready-made citation: title, this library, where the text came from,
    the page's address (filled in by reader.js: the canonical URL when the
    site has one, else the address the reader is at) and the access date."""
    sections = [c.clean.copy.section for c in speech.distinct.copies if c.clean.copy.file == collection.file]
    origin = t("原载") + (t(speech.meta.site) if speech.meta.site else "")
    origin += f"《{t(collection.title)}》{t(section_label(sections))}"
    if speech.meta.date:
        origin += t(f"（来源页更新于 {speech.meta.date}）")
    e = html.escape
    text = (
        f"《{e(t(speech.title))}》，{e(t(SITE_NAME + '整理'))}，{e(origin)}，"
        f'<span class="citation__url" data-citation-url>{e(t("本页网址"))}</span>'
        f'<span data-citation-accessed hidden>，{e(t("访问日期："))}<span data-citation-date></span></span>。'
    )
    return [
        '<div class="citation">',
        f'<p class="citation__text" id="citation-text">{text}</p>',
        f'<button type="button" class="md-button citation__copy" hidden data-citation-copy '
        f'data-copied="{e(t("已复制引用"))}" data-copy-failed="{e(t("无法自动复制，引文已选中，请按 Ctrl+C 复制"))}">'
        f"{e(t('复制引用'))}</button>",
        "</div>",
    ]


def _related_lines(
    related: tuple[Speech, ...], collections: dict[str, Collection], t: Script, memo: dict
) -> list[str]:
    lines = []
    for s in related:
        collection_title = collections[s.collection_id].title
        chars = s.characters
        key = ("related", s.id, s.title, collection_title, chars)
        line = memo.get(key)
        if line is None:
            facts = [f"《{t(collection_title)}》", f"{chars:,} {t('字')}"]
            # Markdown between the span's tags, as anywhere in a line: escaped as Markdown.
            line = memo[key] = (
                f"- [{converted_markdown(s.title, t, memo)}]({s.id}.md) "
                f'<span class="speech-list__meta">{escape_markdown(" · ".join(facts))}</span>'
            )
        lines.append(line)
    return ['<div class="speech-list speech-list--related" markdown>', "", *lines, "", "</div>"]


def _pager_lines(context: SpeechContext, collection: Collection, t: Script, memo: dict) -> list[str]:
    """Previous and next speech in the collection's order."""
    links = []
    for s, label, rel in ((context.previous, "上一篇", "prev"), (context.next, "下一篇", "next")):
        if s:
            links.append(
                f'[<span class="speech-pager__label">{t(label)}</span> {converted_markdown(s.title, t, memo)}]({s.id}.md)'
                f'{{: .speech-pager__link .speech-pager__link--{rel} rel="{rel}" }}'
            )
    if not links:
        return []
    name = md_in_html_attribute(t(f"《{collection.title}》中的上一篇、下一篇"))
    return [f'<nav class="speech-pager" aria-label="{name}" markdown>', "", *links, "", "</nav>", ""]


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


def _reading_html(before: str, reading: Reading, after: str, t: Script) -> str:
    e = html.escape
    if not reading.text:
        gap = "无，此份到此为止" if reading.at_end else "无，此份从此处开始" if reading.at_start else "无"
        middle = f'<span class="collation__gap">（{e(t(gap))}）</span>'
    elif len(reading.text) > LONG_READING:
        middle = (
            f'<span class="collation__reading">{e(t(reading.text[:20]))}……</span>'
            f"{e(t(f'（共 {len(reading.text):,} 字）'))}"
        )
    else:
        middle = f'<span class="collation__reading">{e(t(reading.text))}</span>'
    lead = "……" if before else ""
    tail = "……" if after else ""
    # Quoted as the edition quotes: “” in Simplified, 「」 in Traditional.
    return f"{e(t('“'))}{lead}{e(t(before))}{middle}{e(t(after))}{tail}{e(t('”'))}"


def _collation_lines(
    speech: Speech, collation: tuple[CopyCollation, ...], collections: dict[str, Collection], t: Script
) -> list[str]:
    """For each merged copy: identical, or the readings that differ from the
    published text, in a collapsible note (raw HTML: the text is escaped)."""
    copies = speech.distinct.copies
    published = copies[0].clean.copy
    pub_label = _copy_label(copies[0], published.file, collections)
    e = html.escape
    lines: list[str] = []
    for cc in collation:
        other = copies[cc.copy].clean.copy
        label = _copy_label(copies[cc.copy], published.file, collections)
        if cc.same_text:
            how = "文字完全相同" if cc.same_blocks else "文字相同，只是分段不同"
            lines += [f"{escape_markdown(t(f'{label}与本页所用的{pub_label}{how}。'))}", "{: .collation-note }", ""]
            continue
        n = len(cc.variants)
        lines.append(f'<details class="collation" id="collation-{cc.copy}">')
        lines.append(f"<summary>{e(t(f'{label}与本页所用的{pub_label}有 {n} 处异文'))}</summary>")
        lines.append('<ol class="collation__variants">')
        for v in cc.variants[:MAX_VARIANTS]:
            block = speech.blocks[v.block]
            anchor = speech.anchors[v.block]
            heading = block.text if len(block.text) <= 12 else block.text[:12] + "……"
            where = _paragraph_label(anchor) if block.kind == "paragraph" else f"“{heading}”"
            pub = f"第{published.section}篇" + _lines_label(v.published.lines)
            oth = f"第{other.section}篇" + _lines_label(v.other.lines)
            lines.append(
                f'<li><a href="#{e(anchor)}">{e(t(where))}</a>'
                f'<span class="collation__row">{e(t(pub))}{_reading_html(v.before, v.published, v.after, t)}</span>'
                f'<span class="collation__row">{e(t(oth))}{_reading_html(v.before, v.other, v.after, t)}</span></li>'
            )
        lines.append("</ol>")
        if n > MAX_VARIANTS:
            lines.append(f'<p class="collation__more">{e(t(f"另有 {n - MAX_VARIANTS} 处异文未列出。"))}</p>')
        lines += ["</details>", ""]
    return lines


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


def _provenance_lines(sources: list[dict], collections: dict[str, Collection], t: Script) -> list[str]:
    by_file = _by_file(collections)
    memo = script_memo(t)
    lines = []
    for row in sources:
        collection = by_file[row["file"]]
        first, last = row["lines"]
        where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        role = "本页所用文本" if row["published"] else "重复稿，已合并"
        # The file name as code, escaped as Markdown: in a code span, a
        # backtick in the name would close the span and let the rest through.
        found = f" · [{t('原网页')}]({link_destination(collection.meta.url)})" if collection.meta.url else ""
        lines.append(
            f"- 《[{converted_markdown(collection.title, t, memo)}](../{collection_path(collection.id)})》"
            + t(f"第{row['section']}篇（源文件 ")
            + f"<code>{escape_markdown(row['file'])}</code> "
            + t(f"{where}）：{role}")
            + found
        )
    if len(sources) > 1:
        lines += ["", t("同一篇讲话在来源页中出现多次时，只发布最完整、最干净的一份，其余各份记录于此。")]
    return lines
