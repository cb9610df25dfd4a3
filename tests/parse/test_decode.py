"""Stage 1: reading source pages."""

import pytest

from build_scripts.errors import SourceError
from build_scripts.parse.decode import decode, line_view, list_sources, parse_lines, read_source

from ..conftest import SEED, SOURCES


def test_seed_reads_as_utf8_with_every_line(seed_page):
    raw = SEED.read_bytes()
    assert seed_page.encoding == "utf-8"
    assert seed_page.file == "chengshi-gongzuo-jianghuagao.txt"
    assert len(seed_page.lines) == raw.count(b"\n") + 1
    assert seed_page.lines[0].number == 1
    assert seed_page.lines[3].text == "城市工作讲话稿(9篇)"


def test_bom_and_line_endings_are_normalised(seed_page):
    text = "\n".join(line.text for line in seed_page.lines)
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    decoded, encoding = decode(data, "x.txt")
    assert encoding == "utf-8"
    assert [line.text for line in parse_lines(decoded)] == [line.text for line in seed_page.lines]
    lone_cr = parse_lines("第一行\r第二行")
    assert [line.text for line in lone_cr] == ["第一行", "第二行"]
    # CR before CRLF is a break of its own; so is LF before CR.
    mixed = parse_lines("一\r\r\n二\n\r三\r\n\r\n四")
    assert [(line.number, line.text) for line in mixed] == [(1, "一"), (2, ""), (3, "二"), (4, ""), (5, "三"), (6, ""), (7, "四")]


def test_gb18030_page_is_detected(seed_page):
    text = "\n".join(line.text for line in seed_page.lines[:120])
    decoded, encoding = decode(text.encode("gb18030"), "x.txt")
    assert decoded == text
    assert encoding == "gb18030"  # GB2312 and GBK guesses are read as their superset


def test_utf16_with_bom_is_read(seed_page):
    text = "\n".join(line.text for line in seed_page.lines[:60])
    for data in (text.encode("utf-16"), b"\xfe\xff" + text.encode("utf-16-be")):
        assert decode(data, "x.txt") == (text, "utf-16")


def test_line_text_is_kept_as_in_the_file_and_read_through_line_view():
    lines = parse_lines("\u3000\u3000⼯作\u200b会议\uf900\u00a0\n")
    assert lines[0].text == "\u3000\u3000⼯作\u200b会议\uf900\u00a0"  # provenance: untouched
    assert line_view(lines[0].text) == "工作会议豈"
    assert line_view("，。：（）１") == "，。：（）１"  # full-width stays full-width


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        ("\u3000\r\n".encode("utf-16"), "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16"),
        ("第一行\n第二行".encode("utf-8") + b"\xe5\x9f", "invalid UTF-8"),
        ("Café crème, s'il vous plaît".encode("latin-1"), "cannot tell the text encoding"),
    ],
)
def test_unusable_files_are_refused_by_name(data, message):
    with pytest.raises(SourceError) as error:
        decode(data, "sources/bad.txt")
    assert str(error.value).startswith("sources/bad.txt")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_undecodable_bytes_are_reported_with_their_line():
    data = "第一行\n第二行\r\n第三行".encode("utf-8") + "第三行".encode("gb18030")
    with pytest.raises(SourceError) as error:
        decode(data, "bad.txt")
    assert error.value.line == 3 and str(error.value).startswith("bad.txt:3: invalid UTF-8")


def test_unreadable_file_is_a_source_error(tmp_path, monkeypatch):
    (tmp_path / "locked.txt").write_text("x", encoding="utf-8")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(tmp_path), "read_bytes", refuse)
    with pytest.raises(SourceError, match=r"^locked\.txt: cannot read the file: Permission denied$"):
        read_source(tmp_path / "locked.txt", tmp_path)


def test_sources_are_listed_in_path_order(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in list_sources(tmp_path)] == ["a.txt", "b.txt", "sub/c.txt"]
    assert read_source(SEED, SOURCES).file == "chengshi-gongzuo-jianghuagao.txt"


@pytest.mark.parametrize(
    "name, shown, what",
    [
        ("a\tb.txt", "a\\tb.txt", "U+0009"),
        ("a\nb.txt", "a\\nb.txt", "U+000A"),
        ("a\rb.txt", "a\\rb.txt", "U+000D"),
        ("a,b.txt", "a,b.txt", "a comma"),
        ("a\u202eb.txt", "a\\u202eb.txt", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("a\u200bb.txt", "a\\u200bb.txt", "U+200B (ZERO WIDTH SPACE)"),
        ("a\u2028b.txt", "a\\u2028b.txt", "U+2028 (LINE SEPARATOR)"),
        ("a\x1b[31mb.txt", "a\\x1b[31mb.txt", "U+001B"),
        ("sub\tdir/a.txt", "sub\\tdir/a.txt", "U+0009"),
    ],
)
def test_a_name_the_ledger_cannot_hold_is_refused_shown_escaped(tmp_path, name, shown, what):
    """The ledger is tab-separated, one entry a line, with comma-separated
    lists: a name holding a tab, a line break or a comma broke it (or made
    it grow a duplicate entry on every build); control and format characters
    would also reach the logs."""
    (tmp_path / "ok.txt").write_bytes(SEED.read_bytes())
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_bytes(SEED.read_bytes())
    with pytest.raises(SourceError) as caught:
        list_sources(tmp_path)
    message = str(caught.value)
    assert message.startswith(shown + ": a source page's name may not hold " + what)
    assert message.isprintable()


def test_every_other_character_is_allowed_in_a_name(tmp_path):
    names = ["a b.txt", "<b>&amp;\"'#%?.txt", "讲话　稿（一）.txt", "::error::x.txt", "é\u0301.txt", "a;b|c$d.txt"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    assert sorted(p.name for p in list_sources(tmp_path)) == sorted(names)


# NfkcView: per-character tables must give what normalizing the whole text gives.

import random
import unicodedata

from build_scripts.corpus.build_report import _COMPARABLE
from build_scripts.corpus.merge_duplicates import _TEXT_OF_NFKC
from build_scripts.parse.decode import COMPOSITES_END, NfkcView

# Characters where normalizing one at a time could go wrong: combining marks,
# Hangul jamo that compose, compatibility forms, look-alikes, invisible and
# control characters, characters outside the BMP.
TRICKY = (
    [chr(cp) for cp in range(0x300, 0x370)]
    + [chr(cp) for cp in range(0x1100, 0x1200)]
    + [chr(cp) for cp in range(0xAC00, 0xAC20)]
    + [chr(cp) for cp in range(0x3099, 0x309D)]
    + list("aeoAEOİΣσς，。：；①⑫㊀ﬁ²Ⅻｱﾞ１Ａ℃㎡燉⼯豈⺠\u200b\ufeff\u00ad\x07\t\u3000\u00a0\u0345\u0f73\u0b3e\u0bbe")
    + ["\U0001d15e", "\U00011099", "\U000110ba", "\U0002f800", "\U00020000", "\U0001f600"]
)
VIEWS = {"comparable": _COMPARABLE, "canonical": _TEXT_OF_NFKC}


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_nfkc_view_matches_normalizing_whole_texts(view):
    rnd = random.Random(2024)
    han = [chr(cp) for cp in range(0x4E00, 0x4E40)]
    for _ in range(20_000):
        text = "".join(rnd.choice(TRICKY if rnd.random() < 0.5 else han) for _ in range(rnd.randint(0, 12)))
        assert view(text) == view.slow(text), [hex(ord(ch)) for ch in text]


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_nfkc_view_matches_for_every_bmp_character(view):
    text = "".join(chr(cp) for cp in range(0x10000))
    assert all(view(ch) == view.slow(ch) for ch in text)


def test_nfkc_view_takes_the_slow_path_only_when_it_must():
    view = NfkcView(str.upper)
    kinds, _, _ = view._tables
    assert kinds[ord("中")] == view.KEEP and kinds[ord("a")] == view.MAP and kinds[ord("①")] == view.MAP
    assert kinds[0x0301] == view.SLOW and kinds[0x1161] == view.SLOW and kinds[0x1F600] == view.SLOW
    assert view("中文，ab①") == "中文,AB1"
    assert view("e\u0301") == unicodedata.normalize("NFKC", "e\u0301").upper()


def test_no_primary_composite_lies_beyond_composites_end():
    """NfkcView looks for characters that compose backwards below COMPOSITES_END only."""
    for cp in range(COMPOSITES_END, 0x110000):
        parts = unicodedata.decomposition(chr(cp)).split()
        assert not (len(parts) == 2 and not parts[0].startswith("<")), hex(cp)
