"""The editions of the site, in one place.

An edition is the speeches in one script: its code (the folder and URL
prefix, the pages' language), how the language selector names it, how its
text is made from the Simplified text (an OpenCC configuration, with the
configurations of the other directions the review and the Traditional
sources need), its MkDocs configuration, the strings its pages and the site
build print, and the fonts of its Word documents. Everything that differs
between editions is read from here: the generator (which pages, which
conversion), the downloads (which fonts), publishing (which folders it owns,
which MkDocs configuration builds which edition, the redirect pages' titles)
and the theme, through the edition's MkDocs configuration, whose ``extra.words``
hold the words its templates print (the speech page's come with each page:
SPEECH_PAGE_STRINGS).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Edition, Faces, Font


@dataclass(frozen=True)
class OpenccConfig:
    """An OpenCC configuration that makes an edition from Simplified text, and
    the configurations of the other directions it takes."""

    name: str  # Simplified → the edition: "s2tw" (character forms only; s2twp would rewrite words)
    back: str  # the edition → Simplified, for the review's round trip: "tw2s"
    from_standard: str  # OpenCC's standard Traditional forms → the edition's: "t2tw" (a Traditional source's wording)


# The configurations a Traditional edition can be made with: Taiwan's or Hong
# Kong's character forms, no vocabulary rewriting (s2twp turns 创建 into 建立,
# which changes what a speech says).
CONFIGS = {c.name: c for c in (OpenccConfig("s2tw", "tw2s", "t2tw"), OpenccConfig("s2hk", "hk2s", "t2hk"))}
# Taiwan character forms: the Traditional edition unless a setting says otherwise.
DEFAULT_HANT = "s2tw"

# GB/T 9704-2012's faces, by the names official templates use, first: the
# _GB2312 fonts and 方正小标宋 are installed where official documents are
# made. Chinese Windows ships 宋体, 黑体, 仿宋 and 楷体, which the font table
# names as their alternates, with the PANOSE classes of these faces.
SIMPLIFIED_FACES = Faces(
    title="方正小标宋简体",
    body="仿宋_GB2312",
    heading2="黑体",
    heading3="楷体_GB2312",
    page_number="宋体",
    title_bold=False,
    heading3_bold=False,
    lang="zh-CN",
    fonts={
        "方正小标宋简体": Font("宋体", "86"),
        "仿宋_GB2312": Font("仿宋", "86", "modern", "fixed", "02010609030101010101"),
        "楷体_GB2312": Font("楷体", "86", "modern", "fixed", "02010609030101010101"),
        "黑体": Font("SimHei", "86", "modern", "fixed", "02010609060101010101"),
        "宋体": Font("SimSun", "86", "auto", "variable", "02010600030101010101"),
    },
)
# The Traditional edition cannot keep those names: GB2312 fonts have no glyph
# for most Traditional characters (讓, 說, 與 …), so the text would come out in
# a jumble of fallback fonts. It takes the faces every Traditional-Chinese
# Windows and Office has, matched by design: 新細明體 (Ming, i.e. Song) in bold
# for the 小标宋 title, 標楷體 for the body as Taiwan's own official documents
# print it, 微軟正黑體 for 黑体, and 標楷體 in bold for the 楷体 headings.
TRADITIONAL_FACES = Faces(
    title="新細明體",
    body="標楷體",
    heading2="微軟正黑體",
    heading3="標楷體",
    page_number="新細明體",
    title_bold=True,
    heading3_bold=True,
    lang="zh-TW",
    fonts={
        "新細明體": Font("PMingLiU", "88", "roman", "variable", "02020500000000000000"),
        "標楷體": Font("DFKai-SB", "88", "script", "fixed", "03000509000000000000"),
        "微軟正黑體": Font("Microsoft JhengHei", "88", "swiss", "variable", "020B0604030504040204"),
    },
)

SIMPLIFIED = Edition(
    code="zh-Hans",
    name="简体中文",
    config=None,
    mkdocs_config="mkdocs.yml",
    faces=SIMPLIFIED_FACES,
    moved_title="此讲话已移至新地址",
)
TRADITIONAL = Edition(
    code="zh-Hant",
    name="繁體中文",
    config=DEFAULT_HANT,
    mkdocs_config="mkdocs.zh-Hant.yml",
    faces=TRADITIONAL_FACES,
    moved_title="此講話已移至新地址",
)
# Every edition there is, the Simplified one (the text every stage reads) first.
EDITIONS = (SIMPLIFIED, TRADITIONAL)


def traditional(config: str = DEFAULT_HANT) -> Edition:
    """The Traditional edition made with OpenCC configuration ``config``."""
    if config not in CONFIGS:
        raise ValueError(f"unsupported OpenCC config {config!r}: choose one of {sorted(CONFIGS)}")
    return replace(TRADITIONAL, config=config)


def editions_for(hant: str | None) -> list[Edition]:
    """The editions a build makes: Simplified, and Traditional with OpenCC
    config ``hant`` unless it is None."""
    return [SIMPLIFIED] + ([traditional(hant)] if hant else [])


def by_code(code: str) -> Edition:
    """The edition of that code (as the registry has it: its default configuration)."""
    for edition in EDITIONS:
        if edition.code == code:
            return edition
    raise ValueError(f"unknown edition {code!r}: expected one of {[e.code for e in EDITIONS]}")


def edition_url(site_url: str | None, edition: Edition) -> str | None:
    """The absolute URL of an edition's root ("…/zh-Hant/"), if the site's is known."""
    return f"{site_url.rstrip('/')}/{edition.code}/" if site_url else None


# The strings the theme shows around a speech's text (docs/overrides/
# partials/speech.html, javascripts/reader.js), in Simplified: each page's
# front matter carries them in its edition's script (render/speech_page.py
# converts them), so no template holds a string of its own. "{n}" is a
# paragraph's number.
SPEECH_PAGE_STRINGS = {
    "download": "下载：",
    # In place of the download links without JavaScript (javascripts/downloads.js).
    "download_corpus": "全部讲话的压缩包",
    "download_corpus_note": "（每篇讲话的 Markdown 原文）",
    "provenance": "来源",
    "source_file": "源文件",
    "original_page": "原网页",
    "copies_note": "同一篇讲话在来源页中出现多次时，只发布最完整、最干净的一份，其余各份记录于此。",
    "cite": "引用本文",
    "page_address": "本页网址",
    "accessed": "访问日期：",
    "copy_citation": "复制引用",
    "citation_copied": "已复制引用",
    "citation_copy_failed": "无法自动复制，引文已选中，请按 Ctrl+C 复制",
    "related": "相关讲话",
    "previous": "上一篇",
    "next": "下一篇",
    "section_link": "链接到本节",
    "paragraph_link": "链接到第{n}段",
    "link_copied": "已复制本段链接",
    "link_copy_failed": "无法复制，请从地址栏复制链接",
    "hide_placeholders": "隐藏待填写处",
    "show_placeholders": "显示待填写处",
    "placeholders_title": "范文模板中留待填写的占位符，如 xx、20xx、****",
}
