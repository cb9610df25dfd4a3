"""The pages that list speeches: a collection's (a source page as
published), 文集 (every collection) and the home page."""

from __future__ import annotations

import html

from ..editions.convert import Script, same_script
from ..model import Collection, Speech
from .markdown import converted_markdown, escape_markdown, fact_line, front_matter, script_memo
from .paths import collection_path, collections_index_path, source_page_path, speech_path, url_from_page
from .speech_page import SITE_NAME, characters, section_label


def _speech_list(collection: Collection, speeches: dict[str, Speech], prefix: str, t: Script) -> list[str]:
    """The collection's speeches, each with the sections of this page it fills
    (in the order of its copies, the published one first, as on its page)."""
    memo = script_memo(t)
    lines = []
    for s in (speeches[i] for i in collection.speech_ids):
        sections = section_label([c.clean.copy.section for c in s.distinct.copies if c.clean.copy.file == collection.file])
        lines.append(
            f"- [{converted_markdown(s.title, t, memo)}]({prefix}{speech_path(s.id)})"
            f'<small>{t(sections)} · {characters(s):,} {t("字")}</small>'
        )
    # md_in_html: a class on the list as a whole, which attr_list cannot give.
    return ['<div class="speech-list" markdown>', "", *lines, "", "</div>"]


def render_collection(
    collection: Collection, speeches: dict[str, Speech], t: Script = same_script, source_edition: str | None = None
) -> str:
    """A collection's page; ``source_edition``: the other edition's code when
    that edition publishes the collection's source page (source_pages.py)."""
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
    # The page as scraped, line by line, with what became of each line
    # (source_pages.py). In the other edition, a link in HTML: MkDocs checks
    # a Markdown link against its own edition's pages only.
    if source_edition is None:
        facts.append(f"[{t('查看来源页原文')}](../{source_page_path(collection.id)})")
    else:
        href = url_from_page(source_page_path(collection.id), source_edition)
        facts.append(f'<a href="{html.escape(href)}" hreflang="{html.escape(source_edition)}">{t("查看来源页原文")}</a>')
    out = [
        front_matter(data),
        f"# {escape_markdown(t(collection.title))} {{#title}}",
        "",
        fact_line(facts),
        "{: .speech-meta }",
        "",
    ]
    out += _speech_list(collection, speeches, "../", t)
    return "\n".join(out) + "\n"


def render_collections_index(collections: list[Collection], t: Script = same_script) -> str:
    """文集: every collection (source page) with its date and number of speeches."""
    out = [front_matter({"title": t("文集")}), f"# {t('文集')} {{#title}}", ""]
    out.append(t(f"共 {len(collections)} 个来源页，每页收录的讲话见各页。"))
    out += ["", '<div class="speech-list" markdown>', ""]
    for c in collections:
        facts = [f"{len(c.speech_ids)} " + t("篇")] + ([t("更新于") + f" {c.meta.date}"] if c.meta.date else [])
        out.append(
            f"- [{escape_markdown(t(c.title))}]({c.id}.md)"
            f'<small>{" · ".join(facts)}</small>'
        )
    return "\n".join(out + ["", "</div>", ""])


# The home page shows this many collections in full; the rest are on 文集.
HOME_COLLECTIONS = 10


def render_home(collections: list[Collection], speeches: dict[str, Speech], t: Script = same_script,
                corpus_url: str | None = None) -> str:
    """The home page; ``corpus_url``: where the edition's corpus download is
    published (paths.corpus_zip_url), None for no link to it."""
    # An HTML link, which Markdown leaves as it is: in a Markdown link an
    # entity of the address ("&amp;") would be read as its character.
    link = f'<a href="{html.escape(corpus_url)}">{t("下载")}</a>' if corpus_url else ""
    corpus = f" · {t('全部讲话的 Markdown 与目录（zip）：')}{link}" if corpus_url else ""
    out = [
        front_matter({"title": t("首页")}),
        f"# {t(SITE_NAME)} {{#title}}",
        "",
        t(
            "从范文网站收集的讲话稿，去掉网站附带的杂项，合并重复的稿子，修复抓取造成的损坏，"
            f"并为每一篇保留出处。现收 {len(collections)} 个来源页、{len(speeches)} 篇不同的讲话。"
        ),
        "",
        t("按主题、地区、会议类型浏览：") + f"[{t('索引')}](indexes/index.md)" + corpus
        + " · " + t("新增讲话订阅：") + "[Atom](feed.xml)",
        "",
    ]
    for c in collections[:HOME_COLLECTIONS]:
        out += [f"## [{escape_markdown(t(c.title))}]({collection_path(c.id)}) {{#{c.id}}}", ""]
        out += _speech_list(c, speeches, "", t)
        out.append("")
    if len(collections) > HOME_COLLECTIONS:
        out += [f"[{t('全部文集')}（{len(collections)}）]({collections_index_path()})", ""]
    return "\n".join(out)
