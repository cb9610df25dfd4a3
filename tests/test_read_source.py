"""Stage 1: reading source pages."""

import pytest

from build_scripts.errors import SourceError
from build_scripts.read_source import decode, list_sources, parse_lines, read_source

from .conftest import SEED, SOURCES


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


def test_gb18030_page_is_detected(seed_page):
    text = "\n".join(line.text for line in seed_page.lines[:120])
    decoded, encoding = decode(text.encode("gb18030"), "x.txt")
    assert decoded == text
    assert encoding.lower().replace("_", "") in {"gb18030", "gbk", "gb2312"}


@pytest.mark.parametrize(
    "data, message",
    [(b"", "empty"), (b"  \n\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")],
)
def test_unusable_files_are_refused_by_name(data, message):
    with pytest.raises(SourceError) as error:
        decode(data, "sources/bad.txt")
    assert "sources/bad.txt" in str(error.value)
    assert message in str(error.value)


def test_sources_are_listed_in_path_order(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", "notes.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in list_sources(tmp_path)] == ["a.txt", "b.txt", "sub/c.txt"]
    assert read_source(SEED, SOURCES).file == "chengshi-gongzuo-jianghuagao.txt"
