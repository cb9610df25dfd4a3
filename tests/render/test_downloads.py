"""Downloads: .docx after GB/T 9704-2012, .txt, and the corpus zip, on the real seed corpus."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import io
import math
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from docx.shared import Pt

from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.editions.convert import Converter
from build_scripts.render.downloads import (
    BOM,
    CHARS_PER_LINE,
    FIRST_LINE_INDENT,
    INDENT,
    LINE_PITCH,
    LINES_PER_PAGE,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    docx_template,
    speech_docx,
    speech_txt,
)
from build_scripts.model import Block
from build_scripts.render.speech_page import speech_facts

from ..conftest import ROOT
from build_scripts.fast.zip import read_entries, zip_files

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


def expected_paragraphs(speech, t) -> list[str]:
    """The title, then the blocks: no line of facts in the text."""
    return [t(speech.title)] + [t(b.text) for b in speech.blocks]


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
        assert [p.text for p in document.paragraphs] == expected_paragraphs(speech, same)
        styles = [p.style.name for p in document.paragraphs]
        assert styles[0] == "公文标题"
        wanted = [{0: "公文正文", 2: "一级标题", 3: "二级标题"}[b.level] for b in speech.blocks]
        assert styles[1:] == wanted


def test_docx_styles_follow_gb_t_9704(corpus):
    speech, collection = corpus[0]
    styles = open_docx(speech_docx(speech, collection, same)).styles
    title, body = styles["公文标题"], styles["公文正文"]
    assert title.font.size == Pt(22) and east_asia(title) == "方正小标宋简体"
    assert body.font.size == Pt(16) and east_asia(body) == "仿宋_GB2312"
    assert east_asia(styles["一级标题"]) == "黑体" and styles["一级标题"].font.size == Pt(16)
    assert east_asia(styles["二级标题"]) == "楷体_GB2312" and styles["二级标题"].font.size == Pt(16)
    assert "出处" not in [s.name for s in styles]
    # 每个自然段左空二字: two cells of the grid (Word, WPS), and as many
    # twips as fit in two of them (LibreOffice reads only these).
    for name in ("公文正文", "一级标题", "二级标题"):
        ind = styles[name].element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200" and int(ind.get(qn("w:firstLine"))) == FIRST_LINE_INDENT
        assert Pt(31) < styles[name].paragraph_format.first_line_indent < Pt(32)
    assert title.paragraph_format.alignment == 1  # centred
    assert title.paragraph_format.space_after == Pt(LINE_PITCH / 20)  # 标题下空一行
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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def package_xml(data: bytes, part: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(part))


def twips(element, name: str) -> int:
    return int(element.get(W + name))


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_docx_grid_reads_back_from_the_file(corpus, hant, lang):
    """The page and the 28 × 22 grid, read from the package's XML as any
    word processor reads it, not from the constants that wrote it."""
    speech, collection = corpus[0]
    assert_grid_reads_back(speech_docx(speech, collection, same if lang == "zh-Hans" else hant, lang=lang))


def assert_grid_reads_back(data: bytes) -> None:
    """A .docx's page and its 28 × 22 grid, read from its XML (also for the
    .docx a reader's browser makes, tests/test_downloads_browser.py)."""
    sect = package_xml(data, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, margins, grid = sect.find(W + "pgSz"), sect.find(W + "pgMar"), sect.find(W + "docGrid")
    mm = 25.4 / 1440
    assert (twips(size, "w") * mm, twips(size, "h") * mm) == pytest.approx((210, 297), abs=0.05)  # A4
    sides = {side: twips(margins, side) * mm for side in ("top", "bottom", "left", "right")}
    assert sides == pytest.approx({"top": 37, "bottom": 35, "left": 28, "right": 26}, abs=0.05)
    width = twips(size, "w") - twips(margins, "left") - twips(margins, "right")
    height = twips(size, "h") - twips(margins, "top") - twips(margins, "bottom")
    assert (width * mm, height * mm) == pytest.approx((156, 225), abs=0.05)  # 版心
    assert grid.get(W + "type") == "linesAndChars"
    # 22 lines: as many whole line pitches as the type area holds.
    assert height // twips(grid, "linePitch") == 22
    # 28 characters: the pitch is the Normal style's size plus charSpace/4096 pt
    # (ECMA-376 17.6.5), so the Normal style must state its size.
    styles = package_xml(data, "word/styles.xml")
    normal = styles.find(f"{W}style[@{W}styleId='Normal']")
    size_pt = int(normal.find(f"{W}rPr/{W}sz").get(W + "val")) / 2
    assert size_pt == 16  # 三号
    pitch = size_pt + int(grid.get(W + "charSpace")) / 4096
    assert int(width / 20 // pitch) == 28
    # The text on the grid: 三号, and narrow enough to take one cell each in
    # LibreOffice (which measures the glyph against its cell of 15.73 pt).
    by_id = {style.get(W + "styleId"): style for style in styles.iter(W + "style")}
    for style_id in ("GwBody", "GwHeading2", "GwHeading3"):
        run = by_id[style_id].find(W + "rPr")
        assert int(run.find(W + "sz").get(W + "val")) / 2 == 16
        assert size_pt * int(run.find(W + "w").get(W + "val")) / 100 <= 15.7
    # The title (二号) keeps off the character grid; every page is filled.
    assert by_id["GwTitle"].find(f"{W}pPr/{W}snapToGrid").get(W + "val") == "0"
    defaults = styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
    assert defaults.find(W + "widowControl").get(W + "val") == "0"
    spacing = defaults.find(W + "spacing")
    assert spacing.get(W + "lineRule") == "exact" and spacing.get(W + "line") == grid.get(W + "linePitch")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_docx_fonts_name_the_standard_faces_then_installed_ones(corpus, hant, lang):
    """The faces of GB/T 9704 (Taiwan's for the Traditional edition) by name,
    and in the font table what a reader lacking one gets: a face every
    Chinese Windows has, or the nearest by PANOSE, in a Chinese charset."""
    speech, collection = corpus[0]
    data = speech_docx(speech, collection, same if lang == "zh-Hans" else hant, lang=lang)
    styles = package_xml(data, "word/styles.xml")
    faces = {
        style.get(W + "styleId"): style.find(f"{W}rPr/{W}rFonts").get(W + "eastAsia")
        for style in styles.iter(W + "style")
        if style.find(f"{W}rPr/{W}rFonts") is not None
    }
    wanted = {
        "zh-Hans": {"GwTitle": "方正小标宋简体", "GwBody": "仿宋_GB2312", "GwHeading2": "黑体", "GwHeading3": "楷体_GB2312"},
        "zh-Hant": {"GwTitle": "新細明體", "GwBody": "標楷體", "GwHeading2": "微軟正黑體", "GwHeading3": "標楷體"},
    }[lang]
    assert {k: faces[k] for k in wanted} == wanted
    table = {
        font.get(W + "name"): font for font in package_xml(data, "word/fontTable.xml").iter(W + "font")
    }
    alternates = {
        "zh-Hans": {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "黑体": "SimHei"},
        "zh-Hant": {"新細明體": "PMingLiU", "標楷體": "DFKai-SB", "微軟正黑體": "Microsoft JhengHei"},
    }[lang]
    for face, alternate in alternates.items():
        assert table[face].find(W + "altName").get(W + "val") == alternate
        assert table[face].find(W + "charset").get(W + "val") == {"zh-Hans": "86", "zh-Hant": "88"}[lang]
    for face in set(faces.values()):
        assert face in table
        panose = table[face].find(W + "panose1")
        assert panose is None or len(bytes.fromhex(panose.get(W + "val"))) == 10


def test_docx_core_properties_hold_the_facts_and_the_source_date(corpus):
    """What the text no longer says, the properties do: title, collection,
    source, date, length, topic; dated by the source page, not the build."""
    for speech, collection in corpus:
        properties = open_docx(speech_docx(speech, collection, same)).core_properties
        assert properties.title == speech.title
        assert properties.subject == collection.title
        assert properties.comments == " · ".join(speech_facts(speech, collection, same))
        assert properties.keywords == (speech.meta.tag or "")
        assert properties.identifier == speech.id
        assert properties.language == "zh-Hans"
        date = datetime.datetime.combine(
            datetime.date.fromisoformat(speech.meta.date), datetime.time(), tzinfo=datetime.timezone.utc
        )
        assert properties.created == properties.modified == date
        assert properties.last_printed is None
        assert properties.author == "" and properties.last_modified_by == ""


def test_docx_without_a_source_date_has_no_times(corpus):
    speech, collection = corpus[0]
    for date in (None, "2024-11", "not a date"):
        undated = dataclasses.replace(speech, meta=dataclasses.replace(speech.meta, date=date))
        properties = open_docx(speech_docx(undated, collection, same)).core_properties
        assert properties.created is None and properties.modified is None


# --- .docx in LibreOffice ----------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
# The type area on the PDF page, in points from the top of the page.
TYPE_TOP = 37 / 25.4 * 72
TYPE_BOTTOM = (297 - 35) / 25.4 * 72


def cells(text: str) -> float:
    """Grid cells ``text`` takes: a Chinese character or a full-width mark one,
    a Latin letter or digit half (marks of ambiguous width, such as “ ” ‘ ’,
    are full-width in a Chinese font)."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def implied_lines(paragraphs: list[tuple[str, str]]) -> int:
    """The lines the grid gives a document: the title in 二号 (20 characters a
    line, off the grid) and the blank line under it; every other paragraph
    two cells of indent, then 28 cells a line."""
    lines = 0
    for style, text in paragraphs:
        if style == "GwTitle":
            lines += math.ceil(cells(text) / 20) + 1
        else:
            lines += math.ceil((2 + cells(text)) / CHARS_PER_LINE)
    return lines


def pdf_rows(pdf: Path) -> list[list[tuple[float, str]]]:
    """Each page's lines of text inside the type area (the page number stands
    below it): the baseline's distance from the top of the page, in points,
    and the text."""
    layout = subprocess.run(
        [PDFTOTEXT, "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    layout = re.sub(r"<!DOCTYPE[^>]*>", "", layout).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    pages = []
    for page in etree.fromstring(layout.encode("utf-8")).iter("page"):
        rows = defaultdict(list)
        for word in page.iter("word"):
            rows[round(float(word.get("yMax")), 1)].append((float(word.get("xMin")), word.text or ""))
        pages.append([(y, "".join(t for _, t in sorted(rows[y]))) for y in sorted(rows) if y <= TYPE_BOTTOM + 2])
    return pages


@pytest.fixture(scope="module")
def libreoffice_layout(corpus, hant, tmp_path_factory):
    """Every seed speech in both editions laid out by LibreOffice into PDF, by
    file name: (the document's paragraphs as (style, text), the PDF's rows by page)."""
    if not SOFFICE:
        pytest.skip("LibreOffice is not installed (no soffice): apt-get install libreoffice-writer-nogui")
    if not PDFTOTEXT:
        pytest.skip("pdftotext is not installed, to read LibreOffice's PDF: apt-get install poppler-utils")
    folder = tmp_path_factory.mktemp("libreoffice")
    documents = {}
    for speech, collection in corpus:
        for lang, t in (("zh-Hans", same), ("zh-Hant", hant)):
            data = speech_docx(speech, collection, t, lang=lang)
            path = folder / f"{lang}-{speech.id}.docx"
            path.write_bytes(data)
            body = package_xml(data, "word/document.xml").find(W + "body")
            documents[path] = [
                (p.find(f"{W}pPr/{W}pStyle").get(W + "val"), "".join(x.text or "" for x in p.iter(W + "t")))
                for p in body.iter(W + "p")
            ]
    # A profile of its own: a LibreOffice the user has open would take the
    # job over, and the user's settings stay out of the layout.
    command = [SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore"]
    command += ["--convert-to", "pdf", "--outdir", str(folder), *map(str, documents)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    missing = [p.name for p in documents if not p.with_suffix(".pdf").is_file()]
    assert result.returncode == 0 and not missing, (missing, result.stdout, result.stderr)
    return {path.name: (paragraphs, pdf_rows(path.with_suffix(".pdf"))) for path, paragraphs in documents.items()}


def test_libreoffice_lays_the_docx_out_28_characters_by_22_lines(libreoffice_layout):
    """LibreOffice's PDF of each speech: lines on the 28.95 pt pitch from the
    top of the type area, 22 to a full page, 28 characters to a full line,
    and as many pages as the grid gives the text (before, LibreOffice set 18
    characters a line: half as many pages again)."""
    pitch = LINE_PITCH / 20
    for name, (paragraphs, pages) in libreoffice_layout.items():
        widths, phases = Counter(), []
        for number, rows in enumerate(pages, start=1):
            assert len(rows) <= LINES_PER_PAGE, (name, number, len(rows))
            if number < len(pages):  # a heading kept with its paragraph may leave a line or two
                assert len(rows) >= LINES_PER_PAGE - 2, (name, number, len(rows))
            body = rows
            if number == 1:  # the title, 二号, stands off the grid: its lines make up its text
                title, taken = paragraphs[0][1], ""
                while taken != title:
                    taken += body[0][1]
                    body = body[1:]
                    assert title.startswith(taken), (name, title, taken)
            assert number == 1 or body[0][0] - TYPE_TOP <= pitch, (name, number, body[0])
            # Every line on one grid: the same offset within its row, on every page.
            phases += [(y - TYPE_TOP) % pitch for y, _ in body]
            widths.update(cells(text) for _, text in body)
        assert max(phases) - min(phases) < 0.3, (name, min(phases), max(phases))
        # 28 cells a full line; one more only for a mark hanging past the edge (。，、).
        assert widths.most_common(1)[0][0] == CHARS_PER_LINE, (name, widths)
        assert max(widths) <= CHARS_PER_LINE + 1, (name, widths)
        assert len(pages) == math.ceil(implied_lines(paragraphs) / LINES_PER_PAGE), (name, len(pages))


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


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_docx_is_the_published_template_with_two_parts_filled(corpus, hant, lang):
    """Every part of a speech's package but its text and properties is the
    template's as published, byte for byte; those two are stored, not
    compressed (a reader's browser writes them so, with no DEFLATE)."""
    t = same if lang == "zh-Hans" else hant
    template = read_entries(docx_template(lang))
    filled = ("word/document.xml", "docProps/core.xml")
    for speech, collection in corpus[:3]:
        package = speech_docx(speech, collection, t, lang=lang)
        entries = read_entries(package)
        assert [e.name for e in entries] == [e.name for e in template]
        assert [e for e in entries if e.name.decode() not in filled] == [
            e for e in template if e.name.decode() not in filled
        ]
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            assert {i.filename: i.compress_type for i in archive.infolist() if i.filename in filled} == {
                name: zipfile.ZIP_STORED for name in filled
            }
            assert archive.testzip() is None
    # The template is a document in its own right: the styles and the page
    # setup, no paragraph and no property.
    document = open_docx(docx_template(lang))
    assert document.paragraphs == [] and document.core_properties.title == ""
    assert document.sections[0].page_width == 11906 * 635  # twips to EMU


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
from build_scripts.fast.zip import read_entries, zip_files
from build_scripts.render.downloads import speech_docx, speech_txt
from build_scripts.pipeline import generate
from build_scripts.parse.decode import read_pages
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
    assert texts == expected_paragraphs(speech, hant)
    assert texts != expected_paragraphs(speech, same)
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
    assert [p.text for p in document.paragraphs][1:] == ["一、" + NASTY[0], *NASTY[1:]]
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
    # White space (the vertical tab too) is one space, as on the page.
    assert document.paragraphs[-1].text == "控制字符 与换行 之后"


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
