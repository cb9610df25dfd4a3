"""Downloads: .docx after GB/T 9704-2012, .txt, and the corpus zip, on the real seed corpus."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import subprocess
import sys
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from docx.shared import Pt

from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.editions.convert import Converter
from build_scripts.render.downloads import (
    BOM,
    INDENT,
    LINE_PITCH,
    LINES_PER_PAGE,
    ONE_CHAR,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    speech_docx,
    speech_txt,
)
from build_scripts.model import Block
from build_scripts.render.speech_page import speech_facts

from ..conftest import ROOT
from build_scripts.fast.zip import zip_files

NASTY = [
    "穗字[****]6号文件",
    "力争我市****年跨入_____*年",
    "xx市、20xx年、xxxx指出",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)"> & &amp; \'引号\'',
    "# 不是标题 | 1. 不是列表 `代码` {{ config }} ]]> <![CDATA[",
]


def same(text: str) -> str:
    return text


@pytest.fixture(scope="module")
def hant():
    """The Traditional edition's ``t`` (the pipeline wraps the same converter)."""
    return Converter(DEFAULT_HANT).convert


@pytest.fixture(scope="module")
def corpus(generated):
    collections = {c.id: c for c in generated.collections}
    return [(s, collections[s.collection_id]) for s in generated.speeches]


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def east_asia(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def expected_paragraphs(speech, collection, t) -> list[str]:
    return [t(speech.title), " · ".join(speech_facts(speech, collection, t))] + [t(b.text) for b in speech.blocks]


def nasty_speech(speech):
    blocks = (Block("heading", "一、" + NASTY[0], level=2, number="一"),) + tuple(
        Block("paragraph", text) for text in NASTY[1:]
    )
    return dataclasses.replace(
        speech, title="关于<b>xx</b>的[讲话]*稿*", blocks=blocks, anchors=tuple("" for _ in blocks)
    )


# --- .docx ------------------------------------------------------------------


def test_docx_holds_the_title_and_every_block_in_order(corpus):
    for speech, collection in corpus:
        document = open_docx(speech_docx(speech, collection, same))
        assert [p.text for p in document.paragraphs] == expected_paragraphs(speech, collection, same)
        styles = [p.style.name for p in document.paragraphs]
        assert styles[:2] == ["公文标题", "出处"]
        wanted = [{0: "公文正文", 2: "一级标题", 3: "二级标题"}[b.level] for b in speech.blocks]
        assert styles[2:] == wanted


def test_docx_styles_follow_gb_t_9704(corpus):
    speech, collection = corpus[0]
    styles = open_docx(speech_docx(speech, collection, same)).styles
    title, body = styles["公文标题"], styles["公文正文"]
    assert title.font.size == Pt(22) and east_asia(title) == "方正小标宋简体"
    assert body.font.size == Pt(16) and east_asia(body) == "仿宋_GB2312"
    assert east_asia(styles["一级标题"]) == "黑体" and styles["一级标题"].font.size == Pt(16)
    assert east_asia(styles["二级标题"]) == "楷体_GB2312" and styles["二级标题"].font.size == Pt(16)
    assert east_asia(styles["出处"]) == "楷体_GB2312"
    # 每个自然段左空二字: a first-line indent of two characters.
    for name in ("公文正文", "一级标题", "二级标题"):
        ind = styles[name].element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200" and int(ind.get(qn("w:firstLine"))) == 2 * ONE_CHAR
        assert styles[name].paragraph_format.first_line_indent == Pt(32)
    assert title.paragraph_format.alignment == 1  # centred
    # Exact 28.95 pt lines for everything on the grid (document defaults).
    spacing = styles.element.find(qn("w:docDefaults")).find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    assert spacing.get(qn("w:line")) == "579" and spacing.get(qn("w:lineRule")) == "exact"
    # Headings show in Word's navigation pane.
    levels = {n: styles[n].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) for n in ("一级标题", "二级标题")}
    assert levels == {"一级标题": "1", "二级标题": "2"}


def test_docx_page_setup_is_a4_with_the_type_area_of_gb_t_9704(corpus):
    speech, collection = corpus[0]
    document = open_docx(speech_docx(speech, collection, same))
    (section,) = document.sections
    measured = {
        "width": section.page_width.mm,
        "height": section.page_height.mm,
        "top": section.top_margin.mm,
        "bottom": section.bottom_margin.mm,
        "left": section.left_margin.mm,
        "right": section.right_margin.mm,
    }
    wanted = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
    assert measured == pytest.approx(wanted, abs=0.05)
    assert (TEXT_WIDTH / 1440 * 25.4, TEXT_HEIGHT / 1440 * 25.4) == pytest.approx((156, 225), abs=0.05)
    # 22 lines of 28.95 pt fill the 225 mm type area; a 23rd would not fit.
    assert LINE_PITCH == 579 and LINES_PER_PAGE * LINE_PITCH <= TEXT_HEIGHT < (LINES_PER_PAGE + 1) * LINE_PITCH
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars" and grid.get(qn("w:linePitch")) == "579"
    # 28 characters a line: the grid's character cell is 16 pt + charSpace/4096 pt.
    cell = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert 28 * cell <= TEXT_WIDTH / 20 < 29 * cell
    # Page numbers "— n —", odd pages on the right, even on the left.
    assert document.settings.odd_and_even_pages_header_footer
    for footer, align in ((section.footer, 2), (section.even_page_footer, 0)):
        (p,) = footer.paragraphs
        assert p.alignment == align
        assert p._p.find(qn("w:fldSimple")).get(qn("w:instr")).strip() == "PAGE"
        assert p.text.startswith("— ") and p.text.endswith(" —")


def test_docx_core_properties_have_the_title_and_no_varying_time(corpus):
    speech, collection = corpus[0]
    properties = open_docx(speech_docx(speech, collection, same)).core_properties
    assert properties.title == speech.title
    assert properties.subject == collection.title
    assert properties.identifier == speech.id
    assert properties.language == "zh-Hans"
    assert properties.created is None and properties.modified is None and properties.last_printed is None
    assert properties.author == "" and properties.last_modified_by == ""


def test_docx_is_a_clean_zip_with_fixed_dates(corpus):
    speech, collection = corpus[0]
    with zipfile.ZipFile(io.BytesIO(speech_docx(speech, collection, same))) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        names = {i.filename for i in infos}
        for name in names:  # every part well-formed, the ones python-docx never reads too
            etree.fromstring(archive.read(name))
    # Only what a document needs: no thumbnail, app.xml or python-docx leftovers.
    assert not {n for n in names if "thumbnail" in n or "customXml" in n or "stylesWithEffects" in n}


def test_docx_and_txt_are_byte_identical_on_every_call(corpus, hant):
    for speech, collection in corpus:
        assert speech_docx(speech, collection, same) == speech_docx(speech, collection, same)
        assert speech_txt(speech, collection, same) == speech_txt(speech, collection, same)
    speech, collection = corpus[0]
    assert speech_docx(speech, collection, hant, lang="zh-Hant") == speech_docx(
        speech, collection, hant, lang="zh-Hant"
    )


SEPARATE_PROCESS = """
import hashlib, pathlib, sys
from build_scripts.editions.convert import Converter
from build_scripts.fast.zip import zip_files
from build_scripts.render.downloads import speech_docx, speech_txt
from build_scripts.pipeline import generate, read_pages
g = generate(read_pages(pathlib.Path(sys.argv[1])), {}, hant=None)
by_id = {c.id: c for c in g.collections}
hant = Converter().convert
out = []
for s in g.speeches:
    c = by_id[s.collection_id]
    out.append(speech_docx(s, c, lambda x: x) + speech_docx(s, c, hant, lang="zh-Hant"))
    out.append(speech_txt(s, c, hant).encode("utf-8"))
out.append(zip_files({"b.md": b"b", "a/c.md": "中".encode(), "catalog.json": b"{}"}))
print(hashlib.sha256(b"".join(out)).hexdigest())
"""


def test_a_separate_process_makes_the_same_bytes(corpus, hant):
    out = []
    for speech, collection in corpus:
        out.append(speech_docx(speech, collection, same) + speech_docx(speech, collection, hant, lang="zh-Hant"))
        out.append(speech_txt(speech, collection, hant).encode("utf-8"))
    out.append(zip_files({"b.md": b"b", "a/c.md": "中".encode(), "catalog.json": b"{}"}))
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED="4321")
    result = subprocess.run(
        [sys.executable, "-c", SEPARATE_PROCESS, str(ROOT / "sources")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == hashlib.sha256(b"".join(out)).hexdigest()


def test_traditional_docx_is_in_traditional_characters_and_fonts(corpus, hant):
    speech, collection = corpus[0]
    document = open_docx(speech_docx(speech, collection, hant, lang="zh-Hant"))
    texts = [p.text for p in document.paragraphs]
    assert texts == expected_paragraphs(speech, collection, hant)
    assert texts != expected_paragraphs(speech, collection, same)
    assert "讲话" in speech.title and "講話" in texts[0] and "讲" not in "".join(texts)
    assert document.core_properties.title == hant(speech.title)
    assert document.core_properties.language == "zh-Hant"
    # GB2312 fonts lack most Traditional glyphs: Big5 faces instead.
    styles = document.styles
    assert east_asia(styles["公文標題"]) == "新細明體" and styles["公文標題"].font.bold
    assert east_asia(styles["公文正文"]) == "標楷體"
    assert east_asia(styles["一級標題"]) == "微軟正黑體"
    lang = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-TW"


def test_unknown_edition_is_refused(corpus):
    speech, collection = corpus[0]
    with pytest.raises(ValueError, match="zh-Hant"):
        speech_docx(speech, collection, same, lang="zh-TW")


def test_markup_and_placeholders_come_through_literally(corpus):
    speech, collection = corpus[0]
    nasty = nasty_speech(speech)
    data = speech_docx(nasty, collection, same)
    document = open_docx(data)
    assert [p.text for p in document.paragraphs][2:] == ["一、" + NASTY[0], *NASTY[1:]]
    assert document.paragraphs[0].text == nasty.title
    assert document.core_properties.title == nasty.title
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml and "<script>" not in xml
    assert "&amp;amp;" in xml and "]]&gt; &lt;![CDATA[" in xml
    text = speech_txt(nasty, collection, same)
    for line in NASTY[1:]:
        assert INDENT + line + "\n" in text
    assert "\n一、" + NASTY[0] + "\n" in text
    assert text.startswith(BOM + nasty.title + "\n")


def test_characters_xml_cannot_hold_are_dropped_not_fatal(corpus):
    speech, collection = corpus[0]
    broken = dataclasses.replace(
        speech, blocks=(Block("paragraph", "控制\x00字符\x0b与\ufffe换行\n之后"),), anchors=("",)
    )
    document = open_docx(speech_docx(broken, collection, same))
    assert document.paragraphs[-1].text == "控制字符与换行 之后"


def test_source_url_ends_both(corpus):
    speech, collection = corpus[0]
    url = "https://example.org/zh-Hans/speeches/x/?a=1&b=2"
    assert speech_txt(speech, collection, same, source_url=url).endswith("\n\n来源：" + url + "\n")
    document = open_docx(speech_docx(speech, collection, same, source_url=url))
    assert document.paragraphs[-1].text == f"（来源：{url}）"


# --- .txt -------------------------------------------------------------------


def test_txt_holds_the_title_facts_and_every_block(corpus, hant):
    for t in (same, hant):
        for speech, collection in corpus:
            text = speech_txt(speech, collection, t)
            lines = text.split("\n")
            assert text.startswith(BOM) and text.endswith("\n") and "\r" not in text
            assert lines[0] == BOM + t(speech.title)
            assert lines[1] == " · ".join(speech_facts(speech, collection, t))
            assert lines[2] == ""
            body = [line for line in lines[3:] if line]
            wanted = [(INDENT if b.kind == "paragraph" else "") + t(b.text) for b in speech.blocks]
            assert body == wanted
            # A heading stands after a blank line; paragraphs follow one another.
            for i, line in enumerate(lines[3:], start=3):
                if line and not line.startswith(INDENT):
                    assert lines[i - 1] == ""


def test_txt_in_traditional(corpus, hant):
    speech, collection = corpus[0]
    text = speech_txt(speech, collection, hant)
    assert "講話" in text and "讲" not in text
