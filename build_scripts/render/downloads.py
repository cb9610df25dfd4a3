"""Downloads — each speech as a Word document and as plain text, the corpus as a zip.

Readers of a speech library mostly want to reuse a speech: print it, or edit
it into their own. So each speech is offered as

- ``.docx`` laid out as a Chinese official document is printed, after
  GB/T 9704-2012 《党政机关公文格式》: A4 paper; a type area of 156 mm × 225 mm
  (margins top 37 mm, bottom 35 mm, binding side 28 mm, outer side 26 mm);
  the body in 三号 (16 pt) 仿宋, 22 lines a page of 28 characters a line; the
  title in 二号 (22 pt) 小标宋; outline headings "一、" in 黑体 and "（一）" in
  楷体; page numbers "— 1 —" in 四号 (14 pt) 宋体 at the foot, on the outer
  side (right on odd pages, left on even), one character in from the edge.
  Word, WPS and LibreOffice all lay it out on that grid; the facts of the
  speech (source, date, length) are the document's properties, not text;
- ``.txt``, for anyone without a word processor;

and the whole corpus comes as one zip of the Markdown pages and the catalogue
(render/edition.py, with fast/zip.py's writer).

Every function here is pure: it returns bytes or text and touches no file.
Every human-readable string goes through the edition's script converter
``t``, as in ``speech_page``, so the Traditional edition's downloads are
in Traditional characters.

Speed: the corpus can grow to 10,000 speeches in two editions, so a
document must cost about a millisecond. Opening python-docx's default
template costs tens of milliseconds, so python-docx is used once per
edition, to build the styled package (styles, fonts, page setup, footers,
settings); each speech then only fills ``word/document.xml`` (paragraphs
that name the template's styles) and ``docProps/core.xml`` from string
templates, and the package is written by a small zip writer that reuses
the template's parts compressed once (fast/zip.py).

The site does not store a speech's files: the reader's browser makes them
from the page (docs/javascripts/downloads.js), with the edition's template
as published (``docx_template``, a .docx with no text), the same bytes as
here: both copy the template's parts as they are and write the two parts a
speech fills stored, not compressed. These functions make the corpus
download's copies, and are the reference the browser's are tested against.

Reproducibility: the same input gives the same bytes, so a rebuild rewrites
no download that did not change. The documents are dated by the source
page's date, created and modified alike (the time of a build would change
with every build), carry no author, and every zip entry is dated
1980-01-01 00:00 with fixed permissions. DEFLATE output is the same
wherever the same versions of zlib and ISA-L are used (ISA-L's is the same on every x86-64 processor with
SSE4.2, that is any of the last fifteen years).
"""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from dataclasses import dataclass
from functools import cache


from ..editions.registry import EDITIONS
from ..fast.zip import TEMPLATE_LEVEL, Entry, deflate, read_entries, stored, write_zip, zlib_deflate
from ..model import Block, Collection, Faces, Font, Speech
from ..editions.convert import Script
from .speech_page import speech_facts

# ---------------------------------------------------------------------------
# Plain text

# 两个全角空格: a printed Chinese paragraph starts two characters in.
INDENT = "\u3000\u3000"
# A byte order mark makes the file UTF-8 to every reader, whatever it would
# guess otherwise. Windows 10 (1903+) Notepad reads UTF-8 without one, but a
# .txt opened in the browser (served as text/plain without a charset) is
# decoded with the locale's legacy encoding, GBK or Big5, by Chrome and
# Firefox, and so are older Notepads and some editors: mojibake without the
# BOM. What it costs, a U+FEFF that scripts must skip ("utf-8-sig"), is small.
BOM = "\ufeff"


def speech_txt(speech: Speech, collection: Collection, t: Script, *, source_url: str | None = None) -> str:
    """A speech as plain text: the title, the line that says where it is from,
    a blank line, then the body.

    Paragraphs open with two ideographic spaces and follow one another without
    blank lines, as printed Chinese text does; a heading ("一、", "（一）")
    stands flush left after a blank line, so the outline shows in any editor.
    Lines end in "\\n"; the text starts with a BOM (see ``BOM``): encode it as
    UTF-8. ``source_url``, the speech's page on the site, ends the text.
    The title and the blocks are as the page shows them (``shown``)."""
    out = [BOM + shown(t(speech.title)), _facts_line(speech, collection, t), ""]
    for block in speech.blocks:
        text = shown(t(block.text))
        if block.kind == "heading":
            if out[-1]:
                out.append("")
            out.append(text)
        else:
            out.append(INDENT + text)
    if source_url:
        out += ["", t("来源：") + source_url]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Word documents: measures of GB/T 9704-2012, in twentieths of a point (twips)

_TWIPS_PER_MM = 1440 / 25.4


def _mm(value: float) -> int:
    return round(value * _TWIPS_PER_MM)


# 5.2.1 页边与版心尺寸: 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm on A4.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838  # A4 (210 mm × 297 mm) as Word stores it
MARGIN_TOP = _mm(37)  # 天头
MARGIN_BOTTOM = _mm(297 - 37 - 225)  # 35 mm
MARGIN_INSIDE = _mm(28)  # 订口: the left of odd pages, the right of even ones
MARGIN_OUTSIDE = _mm(210 - 28 - 156)  # 26 mm
TEXT_WIDTH = PAGE_WIDTH - MARGIN_INSIDE - MARGIN_OUTSIDE  # 8,845 twips = 442.25 pt
TEXT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM  # 12,756 twips = 637.8 pt
BODY_HALF_POINTS = 32  # 三号, 16 pt (Word sizes in half points)
TITLE_HALF_POINTS = 44  # 二号, 22 pt
PAGE_NUMBER_HALF_POINTS = 28  # 四号, 14 pt
ONE_CHAR = 10 * BODY_HALF_POINTS  # 一字 (3.1): one 16 pt character, in twips
# 5.2.3 行数和字数: 一般每面排22行，每行排28个字，并撑满版心.
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 22 lines in the type area: 12,756 / 22 = 579.8, so 579 twips (28.95 pt),
# the exact line spacing official templates set, with 0.3 mm to spare. (The
# 一行 of 3.2, a character plus 7/8 of a 三号 one, would be 30 pt: 22 such
# lines overflow the 225 mm type area, so templates follow 5.2.3.)
LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE
# 28 characters a line: 442.25 pt / 28 = 15.79 pt a character cell, so the
# character grid takes 0.21 pt from each 16 pt character. w:charSpace counts
# that in 1/4096 pt (−842), rounded down so the 28th character still fits,
# from the font size of the Normal style (ECMA-376 17.6.5), which therefore
# states its 三号 itself: LibreOffice reads the base of the grid from the
# Normal style alone and takes 12 pt when it has no size of its own (a 12 pt
# grid fitted 18 characters of 16 pt a line).
CHAR_SPACE = math.floor((TEXT_WIDTH / 20 / CHARS_PER_LINE - BODY_HALF_POINTS / 2) * 4096)
# LibreOffice does not squeeze a character into a grid cell narrower than it:
# a 16 pt character in a 15.73 pt cell (its reading of −842) takes two cells,
# 14 characters a line. The text on the grid is therefore set 98 % wide
# (w:w), 15.68 pt, which fits one cell. Word and WPS set each character on
# the grid's pitch (ECMA-376 17.6.5), so there only the glyphs narrow, by
# 0.3 pt. 99 % (15.84 pt) would not fit LibreOffice's cell.
GRID_TEXT_WIDTH_PERCENT = 98
# 首行缩进两字: Word and WPS read w:firstLineChars, two cells of the grid;
# LibreOffice reads only w:firstLine, in twips, and starts the text at the
# next cell boundary past it: 640 (two 16 pt characters) is past two of its
# 15.73 pt cells, so the indent must stay within them (629 twips = 31.45 pt).
FIRST_LINE_INDENT = 629
# 一字线上距版心下边缘 7 mm (GB/T 9704-2012 7.5 页码): the page-number line's top 7 mm
# below the type area, i.e. 28 mm above the page edge; Word measures the
# footer from the page edge to the line's foot, one 14 pt line lower.
FOOTER_DISTANCE = _mm(35 - 7) - 10 * PAGE_NUMBER_HALF_POINTS

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# The typefaces of each edition (editions/registry.py: SIMPLIFIED_FACES, TRADITIONAL_FACES).
FACES = {edition.code: edition.faces for edition in EDITIONS}
LATIN = "Times New Roman"  # digits and Latin letters, as official templates set them

# Paragraph style ids (what document.xml names) and their names in Word's
# style list, in each script.
STYLES = {
    "GwTitle": ("公文标题", "公文標題"),
    "GwBody": ("公文正文", "公文正文"),
    "GwHeading2": ("一级标题", "一級標題"),
    "GwHeading3": ("二级标题", "二級標題"),
    "GwPageNumber": ("页码", "頁碼"),
}
HEADING_STYLE = {2: "GwHeading2", 3: "GwHeading3"}


# The two parts each speech fills in: everything else of its package is its
# edition's template's, byte for byte (``docx_template``). A speech's
# paragraphs go after BODY_START of the template's document.xml, its
# properties before CORE_END of its core.xml.
DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"
BODY_START, CORE_END = "<w:body>", "</cp:coreProperties>"


@dataclass(frozen=True)
class _Template:
    parts: tuple[Entry, ...]  # every part as the template holds it, in package order
    document_head: str  # word/document.xml up to the first paragraph
    document_tail: str  # the section properties and the closing tags
    core_head: str  # docProps/core.xml up to its first property
    lang: str


def speech_docx(
    speech: Speech,
    collection: Collection,
    t: Script,
    *,
    lang: str = "zh-Hans",
    source_url: str | None = None,
) -> bytes:
    """A speech as a Word document laid out after GB/T 9704-2012.

    The title (二号 小标宋, centred), a blank line, then the body: paragraphs
    in 三号 仿宋 with a two-character first-line indent, headings "一、" in
    黑体 and "（一）" in 楷体, indented alike, as GB/T 9704 sets 结构层次序数.
    Headings carry outline levels, so Word's navigation pane lists them.
    Where the speech is from is not printed: it is in the document's
    properties (see ``_core_properties``). ``lang`` is the edition's code
    ("zh-Hans" or "zh-Hant"), which chooses the fonts (see
    ``registry.TRADITIONAL_FACES``); ``t`` converts the text. ``source_url`` adds a
    "（来源：…）" line at the end, set as 7.3.6 附注 is (左空二字加圆括号)."""
    template = _template(lang)
    facts = _facts_line(speech, collection, t)
    paragraphs = [_paragraph("GwTitle", shown(t(speech.title)))]
    paragraphs += [_block(block, t) for block in speech.blocks]
    if source_url:
        paragraphs.append(_paragraph("GwBody", t("（来源：") + source_url + t("）")))
    document = template.document_head + "".join(paragraphs) + template.document_tail
    core = template.core_head + _core_properties(speech, collection, t, template.lang, facts) + CORE_END
    # The two parts stored, not compressed, as the reader's browser writes
    # them (it has no DEFLATE of its own): the same speech, the same bytes.
    filled = {DOCUMENT_PART: document, CORE_PART: core}
    return write_zip(
        [stored(part, filled[part].encode("utf-8")) if part in filled else entry
         for entry in template.parts for part in (entry.name.decode("ascii"),)]
    )


def shown(text: str) -> str:
    """A text as the page shows it (render/markdown.py: a block is one line,
    its white space collapsed), so that the downloads a reader's browser makes
    from the page (docs/javascripts/downloads.js) are the ones made here."""
    return " ".join(text.split())


def download_properties(speech: Speech, collection: Collection, t: Script) -> dict[str, str]:
    """What a reader's browser needs besides the page to make the speech's
    downloads (docs/javascripts/downloads.js), as the page's download line
    gives it in data attributes: how many facts of the line under the title
    make the facts line (the rest: reading time, blanks), the topic tag and
    the source page's date (these two when there are). The rest it reads
    from the page: the facts line and the collection's title (its link, the
    first fact) from the line under the title, the edition from <html lang>,
    the speech's id from its address (speeches/<id>/); written here too,
    they were the same words twice on every speech page."""
    properties = {"facts": str(len(speech_facts(speech, collection, t)))}
    if speech.meta.tag:
        properties["keywords"] = t(speech.meta.tag)
    if when := _w3cdtf(speech.meta.date):
        properties["date"] = when[:10]
    return properties


def _facts_line(speech: Speech, collection: Collection, t: Script) -> str:
    """Where the speech is from, its date, its length: the line under the
    title of the .txt, the description of the .docx."""
    # As the page shows it, from which the reader's browser reads it.
    return " · ".join(shown(f) for f in speech_facts(speech, collection, t))


def _block(block: Block, t: Script) -> str:
    style = HEADING_STYLE.get(block.level, "GwHeading3") if block.kind == "heading" else "GwBody"
    return _paragraph(style, shown(t(block.text)))


def _paragraph(style: str, text: str) -> str:
    return (
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
        f'<w:r><w:t xml:space="preserve">{xml_text(text)}</w:t></w:r></w:p>'
    )


# Characters XML 1.0 cannot hold at all (controls, lone surrogates, U+FFFE/F);
# a scrape can carry them, and one would make Word refuse the whole file.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_XML_SPACE = re.compile("[\t\n\r]")
# Either of them: one scan of the text, which nearly always finds neither.
_XML_FIX = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text for an XML element: escaped, so "<script>" or "[****]" show as
    themselves; characters XML forbids dropped, line breaks made spaces."""
    if _XML_FIX.search(text):
        if _XML_ILLEGAL.search(text):
            text = _XML_ILLEGAL.sub("", text)
        if _XML_SPACE.search(text):
            text = _XML_SPACE.sub(" ", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _core_properties(speech: Speech, collection: Collection, t: Script, lang: str, facts: str) -> str:
    """The properties in docProps/core.xml: title, subject (the collection),
    description (``facts``: where the speech is from, the source page's
    date, its length), keywords (the topic tag), the speech's id and its
    language, and as the times it was created and modified the source
    page's date (see the module doc); no author."""
    fields = [
        ("dc:title", shown(t(speech.title))),
        ("dc:subject", shown(t(collection.title))),
        ("dc:description", facts),
        ("dc:identifier", speech.id),
        ("dc:language", lang),
    ]
    if speech.meta.tag:
        fields.append(("cp:keywords", t(speech.meta.tag)))
    body = "".join(f"<{name}>{xml_text(value)}</{name}>" for name, value in fields)
    if when := _w3cdtf(speech.meta.date):
        body += "".join(
            f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{when}</dcterms:{name}>' for name in ("created", "modified")
        )
    return body


# docProps/core.xml up to its first property (the template's holds none).
_CORE_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
)


def _w3cdtf(date: str | None) -> str | None:
    """An ISO date ("2024-11-20") as the date-time Word reads in
    docProps/core.xml (midnight UTC); None for no date or anything else."""
    try:
        return datetime.date.fromisoformat(date).isoformat() + "T00:00:00Z" if date else None
    except ValueError:
        return None


@cache
def docx_template(lang: str) -> bytes:
    """The edition's template: its styled package (``_styled_package``), with
    no paragraph and no property, a .docx in its own right. Published once
    per edition (render/edition.py); a speech's .docx is this package with its
    paragraphs and properties filled in (``speech_docx``, and in the reader's
    browser docs/javascripts/downloads.js, from the published file)."""
    parts, document_head, document_tail = _styled_package(lang)
    parts[DOCUMENT_PART] = stored(DOCUMENT_PART, (document_head + document_tail).encode("utf-8"))
    parts[CORE_PART] = stored(CORE_PART, (_CORE_HEAD + CORE_END).encode("utf-8"))
    first = ["[Content_Types].xml", "_rels/.rels", DOCUMENT_PART, CORE_PART]
    return write_zip([parts[name] for name in first + sorted(set(parts) - set(first))])


@cache
def _template(lang: str) -> _Template:
    """The edition's template read back, as the reader's browser reads it."""
    package = docx_template(lang)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        document = archive.read(DOCUMENT_PART).decode("utf-8")
        core = archive.read(CORE_PART).decode("utf-8")
    split = document.index(BODY_START) + len(BODY_START)
    return _Template(
        parts=tuple(read_entries(package)),
        document_head=document[:split],
        document_tail=document[split:],
        core_head=core[: core.index(CORE_END)],
        lang=lang,
    )


def _styled_package(lang: str) -> tuple[dict[str, Entry], str, str]:
    """The styled package of one edition, built with python-docx: its parts
    but the two each speech fills, compressed; the head and the tail of
    word/document.xml, between which its paragraphs go."""
    # Long on purpose: one document styled step by step (page, fonts, each
    # style, numbering, header and footer), read in the order Word applies them.
    if lang not in FACES:
        raise ValueError(f"unknown edition {lang!r}: expected one of {sorted(FACES)}")
    import docx  # imported here: only the first document of an edition needs it
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    faces = FACES[lang]
    script = 0 if lang == "zh-Hans" else 1
    doc = docx.Document()
    package = doc.part.package

    # Only the parts a document needs: no thumbnail, app.xml, custom XML,
    # numbering, web settings, theme or stylesWithEffects.
    for rels, keep in (
        (package.rels, ("officeDocument", "core-properties")),
        (doc.part.rels, ("/styles", "/settings", "/fontTable")),
    ):
        for rId in [r for r, rel in rels.items() if not rel.reltype.endswith(keep)]:
            rels.pop(rId)

    # Styles: document defaults, Normal and ours; nothing else.
    styles = doc.styles.element
    for child in list(styles):
        if child.tag == qn("w:latentStyles") or (
            child.tag == qn("w:style") and child.get(qn("w:styleId")) != "Normal"
        ):
            styles.remove(child)
    styles.remove(styles.find(qn("w:docDefaults")))
    styles.insert(
        0,
        parse_xml(
            f'<w:docDefaults xmlns:w="{_W}"><w:rPrDefault><w:rPr>{_fonts(faces.body)}'
            f'<w:kern w:val="2"/><w:sz w:val="{BODY_HALF_POINTS}"/><w:szCs w:val="{BODY_HALF_POINTS}"/>'
            f'<w:lang w:val="en-US" w:eastAsia="{faces.lang}" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            # 两端对齐 on exact 28.95 pt lines: the 22-line grid of GB/T 9704,
            # every page full: widow and orphan control off, said so for every
            # application (LibreOffice applies it unless told: pages of 20 lines).
            '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/>'
            f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}"'
            ' w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
        ),
    )
    normal = doc.styles["Normal"]
    normal.element.remove_all("w:rPr", "w:pPr", "w:rsid")
    # The size the character grid is reckoned from (see CHAR_SPACE).
    normal.element.append(
        parse_xml(
            f'<w:rPr xmlns:w="{_W}"><w:sz w:val="{BODY_HALF_POINTS}"/><w:szCs w:val="{BODY_HALF_POINTS}"/></w:rPr>'
        )
    )

    def add(style_id, face, half_points, *, bold=False, align=None, indent=True, outline=None, after=0, grid=True):
        style = doc.styles.add_style(STYLES[style_id][script], WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = style_id
        style.base_style = normal
        style.quick_style = True
        style.font.size = Pt(half_points / 2)
        style.font.bold = bold or None
        style.element.get_or_add_rPr().insert(0, parse_xml(_fonts(face)))
        if grid:  # one grid cell a character in LibreOffice too (see GRID_TEXT_WIDTH_PERCENT)
            style.element.rPr.append(parse_xml(f'<w:w xmlns:w="{_W}" w:val="{GRID_TEXT_WIDTH_PERCENT}"/>'))
            _sort_rPr(style.element.rPr)
        else:  # its own sizes: on the grid, a 22 pt character would take two cells in LibreOffice
            style.element.get_or_add_pPr().append(parse_xml(f'<w:snapToGrid xmlns:w="{_W}" w:val="0"/>'))
        pf = style.paragraph_format
        if align:
            pPr = style.element.get_or_add_pPr()
            pPr.append(parse_xml(f'<w:jc xmlns:w="{_W}" w:val="{align}"/>'))
        if indent:  # 首行缩进两字, in characters so it follows the font size
            pPr = style.element.get_or_add_pPr()
            pPr.append(parse_xml(f'<w:ind xmlns:w="{_W}" w:firstLineChars="200" w:firstLine="{FIRST_LINE_INDENT}"/>'))
        if after:
            pf.space_after = Twips(after)
        if outline is not None:
            pf.keep_with_next = True
            style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl xmlns:w="{_W}" w:val="{outline}"/>'))
        _sort_pPr(style.element.pPr)
        return style

    # 7.3.1 标题: 2号小标宋体字 … 居中排布; 7.3.2: what follows the title
    # stands 标题下空一行. 7.3.3 正文: 3号仿宋体字, 每个自然段左空二字;
    # 结构层次 "一、" 黑体, "（一）" 楷体. The title keeps off the character
    # grid, which is reckoned for the body's 三号.
    add(
        "GwTitle", faces.title, TITLE_HALF_POINTS,
        bold=faces.title_bold, align="center", indent=False, outline=0, after=LINE_PITCH, grid=False,
    )
    add("GwBody", faces.body, BODY_HALF_POINTS)
    add("GwHeading2", faces.heading2, BODY_HALF_POINTS, outline=1)
    add("GwHeading3", faces.heading3, BODY_HALF_POINTS, bold=faces.heading3_bold, outline=2)
    page_number = add("GwPageNumber", faces.page_number, PAGE_NUMBER_HALF_POINTS, indent=False, grid=False)
    page_number.element.rPr.remove(page_number.element.rPr.find(qn("w:rFonts")))
    page_number.element.rPr.insert(0, parse_xml(_fonts(faces.page_number, latin=faces.page_number)))
    page_number.paragraph_format.line_spacing = 1.0

    # Page setup: A4, the margins of a 156 mm × 225 mm type area, a document
    # grid of 22 lines × 28 characters, mirrored margins for 双面印刷.
    section = doc.sections[0]
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
    section.left_margin, section.right_margin = Twips(MARGIN_INSIDE), Twips(MARGIN_OUTSIDE)
    section.header_distance, section.footer_distance = Twips(_mm(15)), Twips(FOOTER_DISTANCE)
    section.gutter = Twips(0)
    sectPr = section._sectPr
    for name in ("w:rsidR", "w:rsidRPr", "w:rsidSect"):
        sectPr.attrib.pop(qn(name), None)
    grid = sectPr.find(qn("w:docGrid"))
    grid.attrib.clear()
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    # 7.5 页码: 4号半角宋体阿拉伯数字, 数字左右各放一条一字线 ("— 1 —"),
    # 单页码居右空一字，双页码居左空一字.
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, "right", "right"), (section.even_page_footer, "left", "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = page_number
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:ind xmlns:w="{_W}" w:{side}="{ONE_CHAR}"/>')
        )
        p._p.get_or_add_pPr().append(parse_xml(f'<w:jc xmlns:w="{_W}" w:val="{align}"/>'))
        for xml in (
            '<w:r><w:t xml:space="preserve">— </w:t></w:r>',
            '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>',
            '<w:r><w:t xml:space="preserve"> —</w:t></w:r>',
        ):
            p._p.append(parse_xml(_with_ns(xml)))

    _settings(doc.settings.element, faces, parse_xml)
    doc.core_properties.title = ""

    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as package_zip:
        names = package_zip.namelist()
        parts = {name: package_zip.read(name) for name in names}
    parts["word/fontTable.xml"] = _font_table(faces)
    document = parts.pop("word/document.xml").decode("utf-8")
    parts.pop("docProps/core.xml")
    sect = document[document.index("<w:sectPr") : document.index("</w:body>")]
    head = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>'
    )
    compressed = {name: deflate(name, data, zlib_deflate(TEMPLATE_LEVEL)) for name, data in parts.items()}
    return compressed, head, sect + "</w:body></w:document>"


def _with_ns(xml: str) -> str:
    """A fragment's outermost element with the w namespace declared on it."""
    end = xml.index(">")
    if xml[end - 1] == "/":
        end -= 1
    return xml[:end] + f' xmlns:w="{_W}"' + xml[end:]


def _fonts(east_asia: str, latin: str = LATIN) -> str:
    # hint="eastAsia": quotation marks and dashes, which Unicode shares
    # between scripts, take the Chinese face and its full width.
    return (
        f'<w:rFonts xmlns:w="{_W}" w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}"'
        f' w:cs="{latin}" w:hint="eastAsia"/>'
    )


# The order CT_PPr's schema requires; Word rejects a document whose elements
# stand out of it.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]


# The order CT_RPr's schema requires (those used here and their neighbours).
_RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
    "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
    "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
    "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath",
]


def _sort_rPr(rPr) -> None:
    rank = {f"{{{_W}}}{name}": i for i, name in enumerate(_RPR_ORDER)}
    for child in sorted(rPr, key=lambda el: rank.get(el.tag, len(rank))):
        rPr.append(child)


def _sort_pPr(pPr) -> None:
    if pPr is None:
        return
    rank = {f"{{{_W}}}{name}": i for i, name in enumerate(_PPR_ORDER)}
    children = sorted(pPr, key=lambda el: rank.get(el.tag, len(rank)))
    for child in children:
        pPr.append(child)


def _settings(settings, faces: Faces, parse_xml) -> None:
    """Settings of a Chinese official document, in the schema's order."""
    for child in list(settings):
        settings.remove(child)
    for xml in (
        '<w:zoom w:percent="100"/>',
        # 6.2 印刷要求: 双面印刷, 页码套正: mirrored margins keep 订口 28 mm on the
        # binding side of both faces, so the type areas of a sheet register.
        "<w:mirrorMargins/>",
        '<w:defaultTabStop w:val="420"/>',
        "<w:evenAndOddHeaders/>",
        # Every punctuation mark keeps its full character cell, as the grid wants.
        '<w:characterSpacingControl w:val="doNotCompress"/>',
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/></w:compat>',
        f'<w:themeFontLang w:val="en-US" w:eastAsia="{faces.lang}"/>',
        '<w:decimalSymbol w:val="."/>',
        '<w:listSeparator w:val=","/>',
    ):
        settings.append(parse_xml(_with_ns(xml)))


def _font_table(faces: Faces) -> bytes:
    """word/fontTable.xml declaring the faces (see ``Font``: what a reader
    lacking one gets instead); python-docx has no API for this part."""
    fonts = {LATIN: Font("", "00", "roman", "variable", "02020603050405020304")}
    for face in (faces.title, faces.body, faces.heading2, faces.heading3, faces.page_number):
        fonts[face] = faces.fonts.get(face, Font())
    entries = "".join(
        f'<w:font w:name="{name}">'
        + (f'<w:altName w:val="{font.alternate}"/>' if font.alternate else "")
        + (f'<w:panose1 w:val="{font.panose}"/>' if font.panose else "")
        + f'<w:charset w:val="{font.charset}"/><w:family w:val="{font.family}"/>'
        f'<w:pitch w:val="{font.pitch}"/></w:font>'
        for name, font in fonts.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:fonts xmlns:w="{_W}">{entries}</w:fonts>'
    ).encode("utf-8")
