"""Stage 1 — read a scraped page from disk into decoded, numbered lines."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import SourceError
from .model import SourceLine, SourcePage

SOURCE_SUFFIXES = (".txt",)


def list_sources(sources_dir: Path) -> list[Path]:
    """Source pages in a stable order, independent of file-system order."""
    return sorted(
        (p for p in sources_dir.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES),
        key=lambda p: p.relative_to(sources_dir).as_posix(),
    )


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Bytes to text. UTF-8 (with or without BOM) first; otherwise ask charset-normalizer."""
    if not data.strip():
        raise SourceError(file, "the file is empty")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(file, "the file is binary, not a text page")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise SourceError(file, "cannot tell the text encoding of this file")
    return str(best), best.encoding


def parse_lines(text: str) -> tuple[SourceLine, ...]:
    # NFC only: compatibility folding would turn the full-width punctuation
    # that Chinese text needs into ASCII.
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(SourceLine(n, line) for n, line in enumerate(text.split("\n"), start=1))


def read_source(path: Path, sources_dir: Path) -> SourcePage:
    file = path.relative_to(sources_dir).as_posix()
    text, encoding = decode(path.read_bytes(), file)
    return SourcePage(file=file, lines=parse_lines(text), encoding=encoding)
