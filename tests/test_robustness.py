"""Any source page: other encodings and line ends, hard wraps, look-alike
characters, pages of other shapes and sites, and unusable files.

Every fixture is built here from the real seed page (re-encoded, re-wrapped,
its markers stripped, …); the seed's own result is the reference.
"""

from __future__ import annotations

import codecs
import gzip
import os
import re
import shutil
from pathlib import Path

import pytest

from build_scripts import cli
from build_scripts.corpus.build_report import build_report, comparable, summary_lines
from build_scripts.parse.clean import clean_copy
from build_scripts.errors import SourceError
from build_scripts.parse.structure import find_structure
from build_scripts.model import SourcePage
from build_scripts.patterns import LOOKALIKES
from build_scripts.parse.decode import decode, display_width, hard_wrapped, parse_lines
from build_scripts.parse.knowledge import library
from build_scripts.parse.rows import line_knowledge
from build_scripts.parse.markers import MarkerGrammar, numeral_value
from build_scripts.parse.rows import view_of
from build_scripts.parse.split import split_page

from .conftest import SEED, lossy_by_file, verdict_at

# The content farm's watermark, as the knowledge files know it.
WATERMARKS = [r.pattern for r in library().common if r.name == "search-watermark"]
# The common knowledge files, for a page in Simplified script.
COMMON_KNOWLEDGE = line_knowledge(library().for_site(None), False)

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = SEED_TEXT.split("\n")
CN_DIGIT_NAMES = "零一二三四五六七八九"


# Building damaged pages from the seed ---------------------------------------------


def run_stages(data: bytes | str, file: str = "page.txt"):
    """Bytes (or UTF-8 text) through reading, splitting and cleaning."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text, encoding = decode(raw, file)
    split = split_page(SourcePage(file, parse_lines(text), encoding))
    return split, [clean_copy(c) for c in split.copies]


def speech_text(cleaned) -> list[str]:
    """Letters and digits of each copy, in page order: what must survive."""
    return [comparable("".join(p.text for p in c.paragraphs)) for c in cleaned]


def shape(split, cleaned) -> list[tuple]:
    return [(c.copy.section, c.copy.title, text) for c, text in zip(cleaned, speech_text(cleaned))]


def hard_wrap_text(text: str, width: int, measure=len, keep_blank_lines: bool = True) -> str:
    """Every line cut at a fixed width, as a fixed-width "save as text" does."""
    out: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if keep_blank_lines:
                out.append(line)
            continue
        chunk = ""
        for ch in line:
            if chunk and measure(chunk + ch) > width:
                out.append(chunk)
                chunk = ""
            chunk += ch
        out.append(chunk)
    return "\n".join(out)


def section_lines(number: int) -> list[str]:
    """The seed lines after the "第N篇" marker, up to the next marker or the topic tag."""
    start = next(i for i, line in enumerate(SEED_LINES) if line.startswith(f"第{number}篇"))
    ends = (f"第{number + 1}篇", "城建环保")
    end = next(i for i in range(start + 1, len(SEED_LINES)) if SEED_LINES[i].startswith(ends))
    return SEED_LINES[start + 1 : end]


def kangxi_damaged(text: str) -> str:
    """Ideographs replaced by their Kangxi-radical look-alikes, as PDF extraction does."""
    radical_of = {v: chr(k) for k, v in LOOKALIKES.items() if 0x2F00 <= k <= 0x2FDF}
    return "".join(radical_of.get(ch, ch) for ch in text)


OTHER_SITE_HEADER = [
    "欢迎访问公文范文网",
    "您现在的位置：首页 > 讲话稿 > 领导讲话",
    "",
    "创建文明城市工作调度会讲话",
    "",
    "发布时间：2023年5月8日  阅读：1234  字号：大 中 小",
    "来源：网络  作者：佚名",
    "",
]
OTHER_SITE_TRAILER = [
    "",
    "上一篇：城市工作会议讲话",
    "下一篇：文明城市创建讲话",
    "本文链接：http://example.com/a.html",
    "版权声明：本文来自网络",
    "猜你喜欢",
    "• 城市工作讲话稿",
    "延伸阅读",
    "免责声明：仅供参考",
]


def single_speech_page() -> tuple[str, list[str]]:
    """Seed 第4篇 alone, without its marker, in another site's header and trailer."""
    speech = [line for line in section_lines(4) if line != "创建文明城市工作调度会讲话"]
    return "\n".join(OTHER_SITE_HEADER + speech + OTHER_SITE_TRAILER), speech


# The seed's header, its last two sections and its trailer: quicker to run many times.
SHORT_SEED_LINES = SEED_LINES[:9] + SEED_LINES[next(i for i, t in enumerate(SEED_LINES) if t.startswith("第8篇")) :]


@pytest.fixture(scope="module")
def seed_result():
    return run_stages(SEED.read_bytes(), SEED.name)


@pytest.fixture(scope="module")
def short_result():
    return run_stages("\n".join(SHORT_SEED_LINES))


# Reading: encodings, line ends, spaces, look-alikes ---------------------------------


@pytest.mark.parametrize(
    "label, encode, encoding",
    [
        ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8"),
        ("GB18030", lambda t: t.encode("gb18030"), "gb18030"),
        ("UTF-16 with BOM", lambda t: t.encode("utf-16"), "utf-16"),
        ("UTF-16-BE with BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
        ("CRLF", lambda t: t.replace("\n", "\r\n").encode("utf-8"), "utf-8"),
        ("lone CR", lambda t: t.replace("\n", "\r").encode("utf-8"), "utf-8"),
    ],
)
def test_seed_in_other_encodings_and_line_ends_gives_the_same_speeches(label, encode, encoding, seed_result):
    split, cleaned = run_stages(encode(SEED_TEXT))
    assert split.page.encoding == encoding, label
    assert len(split.page.lines) == len(SEED_LINES)
    assert shape(split, cleaned) == shape(*seed_result)
    assert [p.text for c in cleaned for p in c.paragraphs] == [p.text for c in seed_result[1] for p in c.paragraphs]


def test_gbk_encoded_short_page_is_read_as_gb18030():
    # The detector alone guesses Korean for these few bytes; they read as Chinese in GB18030.
    text, encoding = decode("谢谢大家!".encode("gbk"), "x.txt")
    assert (text, encoding) == ("谢谢大家!", "gb18030")


def test_nbsp_and_ideographic_spaces_are_blank_or_indent(seed_result):
    blank_as_spaces = "\n".join(("\u3000\u3000" if i % 2 else "\u00a0 ") if not line else line
                                for i, line in enumerate(SEED_LINES))
    indented = re.sub(r"(?m)^(?=[^\n第])", "\u3000\u3000", blank_as_spaces)
    split, cleaned = run_stages(indented)
    assert shape(split, cleaned) == shape(*seed_result)
    blank = {v.line for v in split.verdicts if v.kind == "blank"}
    assert blank == {v.line for v in seed_result[0].verdicts if v.kind == "blank"}


def test_kangxi_radicals_are_folded_and_recorded(seed_result):
    damaged = kangxi_damaged(SEED_TEXT)
    assert "⼯作" in damaged and "⼀、" in damaged
    split, cleaned = run_stages(damaged)
    assert shape(split, cleaned) == shape(*seed_result)
    folded = [r for c in cleaned for r in c.repairs if r.rule == "lookalike-folded"]
    assert folded and all(r.line > 0 and len(r.before) == len(r.after) for r in folded)
    assert "⼯" not in "".join(p.text for c in cleaned for p in c.paragraphs)
    assert split.meta.site == "管理者范文网" and split.meta.tag == "城建环保"


def test_lookalike_table_covers_radicals_and_keeps_punctuation():
    assert len([k for k in LOOKALIKES if 0x2F00 <= k <= 0x2FDF]) == 214  # every Kangxi radical
    assert "⽼⼈⻓⺠\uf900".translate(LOOKALIKES) == "老人长民豈"
    punctuation = "，。、；：？！“”（）《》【】—…·１２ＡＢ"
    assert punctuation.translate(LOOKALIKES) == punctuation  # NFKC would make these ASCII


def test_invisible_characters_are_dropped_and_recorded(seed_result):
    damaged = SEED_TEXT.replace("城市", "城\u200b市").replace("同志们", "同\ufeff志们")
    split, cleaned = run_stages(damaged)
    assert shape(split, cleaned) == shape(*seed_result)
    assert any(r.rule == "invisible-removed" for c in cleaned for r in c.repairs)


# Reading: hard wraps ---------------------------------------------------------------


@pytest.mark.parametrize("width, measure", [(30, len), (17, len), (80, display_width), (61, display_width)])
def test_hard_wrapped_seed_is_rejoined_exactly(width, measure, seed_result):
    wrapped = hard_wrap_text(SEED_TEXT, width, measure)
    split, cleaned = run_stages(wrapped)
    assert shape(split, cleaned) == shape(*seed_result)
    assert [p.text for c in cleaned for p in c.paragraphs] == [p.text for c in seed_result[1] for p in c.paragraphs]
    assert any(r.rule == "hard-wrap-joined" for c in cleaned for r in c.repairs)


def test_hard_wrapped_seed_without_blank_lines_keeps_every_speech(seed_result):
    # With no blank line between paragraphs, a paragraph ending exactly at the
    # wrap width cannot be told from a wrapped one; the text is all there.
    wrapped = hard_wrap_text(SEED_TEXT, 30, keep_blank_lines=False)
    split, cleaned = run_stages(wrapped)
    assert shape(split, cleaned) == shape(*seed_result)
    paragraphs = [p.text for c in cleaned for p in c.paragraphs]
    reference = [p.text for c in seed_result[1] for p in c.paragraphs]
    assert len(set(paragraphs) & set(reference)) >= 0.9 * len(set(reference))


def test_seed_is_not_taken_for_hard_wrapped(seed_page):
    assert hard_wrapped(seed_page.lines, COMMON_KNOWLEDGE) == frozenset()


def test_real_paragraphs_on_adjacent_lines_are_not_joined():
    # Seed paragraphs one per line with no blank line between: no fixed width, no wrap.
    paragraphs = [line for line in section_lines(7) if line.strip()]
    page = "\n".join(["第1篇 创建市级卫生城市工作动员会上的讲话", *paragraphs])
    split, cleaned = run_stages(page)
    assert hard_wrapped(split.page.lines, COMMON_KNOWLEDGE) == frozenset()
    texts = [p.text for p in cleaned[0].paragraphs]
    assert texts[0] == "同志们："
    assert len(texts) >= len(paragraphs)


def test_paragraph_cut_mid_sentence_is_still_joined_once(seed_result):
    first = [p.text for p in seed_result[1][0].paragraphs]
    assert sum(p.startswith("林树森书记指出") for p in first) == 1
    assert not any(p.startswith("5、6月中央文明办") for p in first)


# Pages of other shapes -------------------------------------------------------------


def test_single_speech_page_without_marker_is_one_section():
    page, speech = single_speech_page()
    split, cleaned = run_stages(page, "one.txt")
    assert [(c.section, c.title) for c in split.copies] == [(1, "创建文明城市工作调度会讲话")]
    assert split.meta.site == "公文范文网"
    assert split.meta.categories == ("讲话稿", "领导讲话")
    assert split.meta.date == "2023-05-08"
    assert speech_text(cleaned) == [comparable("".join(speech))]
    chrome = {page.split("\n")[v.line - 1] for v in split.verdicts if v.kind == "chrome"}
    assert {line for line in OTHER_SITE_HEADER + OTHER_SITE_TRAILER if line} - {"创建文明城市工作调度会讲话"} <= chrome


def test_a_bare_speech_is_untitled_not_titled_by_its_file():
    speech = [line for line in section_lines(4) if line != "创建文明城市工作调度会讲话"]
    split, cleaned = run_stages("\n".join(speech), "diaodu-hui.txt")
    assert [(c.section, c.title) for c in split.copies] == [(1, "")]
    assert speech_text(cleaned) == [comparable("".join(speech))]


def test_single_speech_page_keeps_a_short_first_line_of_the_speech():
    # "坚持以人民为中心" is unpunctuated like a label, but no chrome follows it.
    page = "\n".join(["欢迎访问公文范文网", "发布时间：2023-05-08", "坚持以人民为中心", *section_lines(9)])
    split, cleaned = run_stages(page)
    assert (split.verdicts[2].kind, split.verdicts[2].rule) == ("body", "speech-text")
    assert cleaned[0].paragraphs[0].text.startswith("坚持以人民为中心")


@pytest.mark.parametrize(
    "style",
    [lambda n: f"第{CN_DIGIT_NAMES[n]}篇", lambda n: f"第{chr(0xFF10 + n)}篇", lambda n: f"【第{n}篇】",
     lambda n: f"第 {n} 篇："],
)
def test_section_markers_in_other_numerals(style, seed_result):
    restyled = re.sub(r"(?m)^第(\d)篇 ?", lambda m: style(int(m.group(1))) + " ", SEED_TEXT)
    split, cleaned = run_stages(restyled)
    assert shape(split, cleaned) == shape(*seed_result)


@pytest.mark.parametrize(
    "numeral, value", [("1", 1), ("１２", 12), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23),
                       ("一百零一", 101), ("二〇", 20), ("两", 2)],
)
def test_numeral_values(numeral, value):
    assert numeral_value(numeral) == value


@pytest.mark.parametrize("text", ["第一篇章讲的是城市。", "第一篇文章写得好。", "第1篇幅很长，说明问题。"])
def test_sentences_starting_like_a_marker_are_not_markers(text):
    words = [w for rule in library().for_site(None).by_kind["title-end"] for w in rule.pattern.pattern.split("|")]
    assert MarkerGrammar(tuple(words)).read(view_of(text, traditional=False)) is None


@pytest.mark.parametrize(
    "chrome, rule",
    [
        ("上一篇：城市工作会议讲话", "previous-next"),
        ("下一篇：文明城市创建讲话", "previous-next"),
        ("本文链接：http://example.com/a.html", "permalink"),
        ("版权声明：本站文章来自网络", "copyright"),
        ("免责声明：仅供参考", "copyright"),
        ("猜你喜欢", "related-list"),
        ("延伸阅读：", "related-list"),
        ("相关文章", "related-list"),
        ("推 荐 度：", "guanlizhe/recommend"),
    ],
)
def test_trailer_chrome_of_other_sites_ends_the_last_speech(chrome, rule, short_result):
    tag = SHORT_SEED_LINES.index("城建环保")
    lines = SHORT_SEED_LINES[:tag] + ["", chrome, "", "同志们：今天这次会议是创城工作第一次调度会……"]
    split, cleaned = run_stages("\n".join(lines))
    verdict = {v.line: v for v in split.verdicts}[tag + 2]
    assert (verdict.kind, verdict.rule) == ("chrome", rule)
    assert verdict.line > split.copies[-1].line_range[1]
    assert speech_text(cleaned) == speech_text(short_result[1])


@pytest.mark.parametrize(
    "chrome, rule",
    [("阅读：1234", "view-count"), ("浏览次数：88", "view-count"), ("发布时间：2023-05-08", "date-time"),
     ("上一页 1 2 3 下一页", "pagination"), ("（来源：人民网）", "byline")],
)
def test_single_chrome_lines_between_speeches_are_chrome(chrome, rule, short_result):
    ninth = next(i for i, line in enumerate(SHORT_SEED_LINES) if line.startswith("第9篇"))
    lines = SHORT_SEED_LINES[:ninth] + [chrome, ""] + SHORT_SEED_LINES[ninth:]
    split, cleaned = run_stages("\n".join(lines))
    verdict = {v.line: v for v in split.verdicts}[ninth + 1]
    assert (verdict.kind, verdict.rule) == ("chrome", rule)
    assert speech_text(cleaned) == speech_text(short_result[1])


@pytest.mark.parametrize(
    "chrome, rule",
    [("您现在的位置：首页 > 讲话稿", "breadcrumb"), ("发布时间：2024年11月20日", "date-time"),
     ("阅读：1234", "view-count"), ("浏览次数：88", "view-count"), ("作者：佚名", "byline")],
)
def test_header_chrome_of_other_sites(chrome, rule):
    page = "\n".join([chrome, "", *section_lines(6)])
    split, _ = run_stages(page)
    assert (split.verdicts[0].kind, split.verdicts[0].rule) == ("chrome", rule)
    assert split.copies[0].lines[0].text == next(line for line in section_lines(6) if line)


def test_date_in_chinese_form_and_breadcrumb_from_home():
    page = "\n".join(["您现在的位置：首页 > 讲话稿 > 领导讲话", "发布时间：2024年11月20日", *section_lines(6)])
    split, _ = run_stages(page)
    assert split.meta.date == "2024-11-20"
    assert split.meta.categories == ("讲话稿", "领导讲话") and split.meta.site is None


def test_spaced_watermark_is_still_removed(seed_result):
    damaged = SEED_TEXT.replace("在百度中可以直接搜索到", "在百度 中可以直接\u3000搜索到")
    split, cleaned = run_stages(damaged)
    assert speech_text(cleaned) == speech_text(seed_result[1])
    assert any(r.rule == "watermark-removed" for c in cleaned for r in c.repairs)


# Pages with no speech text ---------------------------------------------------------


def chrome_only_page() -> str:
    """The seed with every line of speech text (and every title) taken out."""
    split, _ = run_stages(SEED_TEXT)
    kinds = {v.line: v.kind for v in split.verdicts}
    return "\n".join(line for n, line in enumerate(SEED_LINES, start=1) if kinds[n] in ("chrome", "marker", "blank"))


def test_sections_without_text_are_an_error_naming_file_and_line():
    with pytest.raises(SourceError) as error:
        run_stages(chrome_only_page(), "hollow.txt")
    assert str(error.value).startswith("hollow.txt:") and "no speech text" in str(error.value)
    assert error.value.line == next(n for n, t in enumerate(chrome_only_page().split("\n"), 1) if t.startswith("第1篇"))


def test_page_of_chrome_only_is_an_error():
    page = "\n".join(line for line in chrome_only_page().split("\n") if not line.startswith("第"))
    with pytest.raises(SourceError, match=r"^chrome\.txt: no speech text"):
        run_stages(page, "chrome.txt")


def test_section_holding_only_a_watermark_is_no_speech():
    watermark = next(m.group(0) for line in SEED_LINES for p in WATERMARKS if (m := p.search(line)))
    tag = SHORT_SEED_LINES.index("城建环保")
    lines = SHORT_SEED_LINES[:tag] + ["第10篇 水印", "", watermark, ""] + SHORT_SEED_LINES[tag:]
    split, _ = run_stages("\n".join(lines))
    assert [c.section for c in split.copies][-1] == 9
    assert {v.line: v for v in split.verdicts}[tag + 3].rule == "no-speech-text"


# Lossless accounting ------------------------------------------------------------------


def test_report_accounts_for_every_line_of_damaged_variants():
    for text in (kangxi_damaged(SEED_TEXT), hard_wrap_text(SEED_TEXT, 30), single_speech_page()[0]):
        split, cleaned = run_stages(text)
        copies = [find_structure(c) for c in cleaned]
        report = build_report([split], copies, [], lossy_by_file(copies))
        page = report["pages"][0]
        assert page["unaccounted"] == []
        verdict_at(page, split.page.lines)


def test_report_shows_removed_noise_per_line(generated):
    page = generated.report["pages"][0]
    repair = next(r for r in page["repairs"] if r["line"] == 492)
    assert repair["rule"] == "watermark-removed" and repair["after"] in repair["before"]
    assert verdict_at(page, generated.pages[0].page.lines)[492]["kind"] == "body"
    assert page["unaccounted"] == []
    assert page["chrome_by_rule"]["breadcrumb"] == 1


def test_summary_lines_name_encoding_kinds_repairs_and_unaccounted(generated):
    lines = summary_lines(generated.report)
    assert lines[0].startswith("chengshi-gongzuo-jianghuagao.txt (utf-8): 528 lines: ")
    assert "body" in lines[0] and "chrome" in lines[0]
    assert any(line.startswith("  repairs: ") and "watermark-removed 1" in line for line in lines)
    assert lines[-1] == "  unaccounted: none"
    damaged = {"pages": [{"file": "x.txt", "encoding": "gb18030", "lines_by_kind": {"body": 2},
                          "repairs_by_rule": {}, "unaccounted": [[3, 7]]}]}
    assert summary_lines(damaged) == [
        "x.txt (gb18030): 2 lines: 2 body", "  repairs: none", "  unaccounted: 1 (lines 3–7)"
    ]


# Unusable sources through the command line ----------------------------------------------


def seed_with_gb18030_line() -> bytes:
    lines = SEED_TEXT.split("\n")
    return "\n".join(lines[:23]).encode() + b"\n" + lines[23].encode("gb18030") + b"\n" + "\n".join(lines[24:]).encode()


BAD_SOURCES = {
    "empty": (b"", "the file is empty"),
    "blank": ("\u3000\u3000\r\n \n\t\n".encode("utf-8"), "the file is empty"),
    "bom only": (codecs.BOM_UTF8, "the file is empty"),
    "binary": (gzip.compress(SEED.read_bytes(), mtime=0), "binary"),
    "mixed encodings": (seed_with_gb18030_line(), "invalid UTF-8"),
    "truncated UTF-8": (SEED.read_bytes().rstrip(b"\n")[:-1], "invalid UTF-8"),
    "broken UTF-16": (SEED_TEXT.encode("utf-16")[:-1], "not valid UTF-16"),
    "no known encoding": (bytes(b ^ 0xFF for b in SEED.read_bytes()), "cannot tell the text encoding"),
    "no speech text": (chrome_only_page().encode("utf-8"), "no speech text"),
    "chrome only": ("\n".join(l for l in chrome_only_page().split("\n") if not l.startswith("第")).encode(),
                    "no speech text"),
    # A README or a note dropped into sources/: nothing Chinese to publish.
    "no chinese": (b"hello\nThis folder holds the scraped pages.\n", "holds no Chinese text"),
}
BAD_LINES = {"mixed encodings": 24, "truncated UTF-8": 528, "broken UTF-16": 528}


@pytest.fixture(scope="module")
def good_docs(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """docs generated from the seed, and the bytes of every file in it."""
    sources = tmp_path_factory.mktemp("sources")
    shutil.copy2(SEED, sources / SEED.name)
    docs = tmp_path_factory.mktemp("docs")
    (docs / "about.md").write_text("# 关于本站\n", encoding="utf-8")
    assert cli.main(["generate", "--sources", str(sources), "--docs", str(docs)]) == 0
    return docs, tree_bytes(docs)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def generate_with(tmp_path: Path, good_docs, name: str, data: bytes, capsys) -> tuple[int, str, Path]:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy2(SEED, sources / SEED.name)
    (sources / name).write_bytes(data)
    docs = tmp_path / "docs"
    shutil.copytree(good_docs[0], docs)
    capsys.readouterr()
    status = cli.main(["generate", "--sources", str(sources), "--docs", str(docs)])
    return status, capsys.readouterr().err, docs


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_unusable_source_fails_with_one_line_and_leaves_docs_intact(case, tmp_path, good_docs, capsys):
    data, message = BAD_SOURCES[case]
    name = "zz-" + case.replace(" ", "-") + ".txt"
    status, err, docs = generate_with(tmp_path, good_docs, name, data, capsys)
    assert status == 1
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith(f"error: {name}"), err
    assert message in err
    if case in BAD_LINES:
        assert err.startswith(f"error: {name}:{BAD_LINES[case]}: ")
    assert tree_bytes(docs) == good_docs[1]


def test_a_link_out_of_the_sources_is_refused_in_one_line(tmp_path, good_docs, capsys):
    """`ln -s /etc/passwd sources/passwd.txt` must not publish the file it points to."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(SEED.read_bytes())  # even a real page: the link leaves sources/
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy2(SEED, sources / SEED.name)
    (sources / "passwd.txt").symlink_to(outside)
    docs = tmp_path / "docs"
    shutil.copytree(good_docs[0], docs)
    capsys.readouterr()
    status = cli.main(["generate", "--sources", str(sources), "--docs", str(docs)])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1
    assert err.startswith("error: passwd.txt: is a link to a file outside the sources folder")
    assert tree_bytes(docs) == good_docs[1]


def test_a_link_within_the_sources_is_read(tmp_path, capsys):
    sources = tmp_path / "sources"
    (sources / "site").mkdir(parents=True)
    shutil.copy2(SEED, sources / "site" / SEED.name)
    (sources / "alias.txt").symlink_to(Path("site") / SEED.name)
    assert cli.main(["generate", "--sources", str(sources), "--docs", str(tmp_path / "docs"), "--no-cache"]) == 0


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_source_fails_with_one_line(tmp_path, good_docs, capsys):
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "locked.txt").write_bytes(SEED.read_bytes())
    (sources / "locked.txt").chmod(0)
    try:
        status = cli.main(["generate", "--sources", str(sources), "--docs", str(tmp_path / "docs")])
    finally:
        (sources / "locked.txt").chmod(0o644)
    err = capsys.readouterr().err
    assert status == 1 and err.startswith("error: locked.txt: cannot read the file") and err.count("\n") == 1


def test_reshaped_pages_publish(tmp_path, good_docs, capsys):
    """A single-speech page of another site, hard-wrapped, in GB18030, beside the seed."""
    page, _ = single_speech_page()
    data = hard_wrap_text(page, 30).replace("\n", "\r\n").encode("gb18030")
    status, err, docs = generate_with(tmp_path, good_docs, "diaodu.txt", data, capsys)
    assert status == 0, err
    assert "Traceback" not in err
