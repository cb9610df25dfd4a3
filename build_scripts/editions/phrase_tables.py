"""The project's reviewed phrase tables, read and checked.

    phrases/zh-Hant.txt     Simplified phrase → Traditional: OpenCC's mistakes
                            converting to the Traditional edition (命名表彰 is
                            not 命名錶彰)
    phrases/zh-Hans.txt     Traditional phrase → Simplified: OpenCC's mistakes
                            converting a Traditional source (甚麼 → 什么)
    phrases/one-to-one.txt  words that one-character-at-a-time converters
                            write wrongly (頭發 for 頭髮), in OpenCC's forms

A bad line stops the build with the file and the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import SourceError
from ..patterns import HAN
from .opencc_tables import converter, one_to_many
from .source_script import evidence

PHRASES = Path(__file__).resolve().parent.parent / "phrases"
PHRASE_TABLE = PHRASES / "zh-Hant.txt"
HANS_PHRASE_TABLE = PHRASES / "zh-Hans.txt"
ONE_TO_ONE_TABLE = PHRASES / "one-to-one.txt"


def load_phrase_table(path: Path = PHRASE_TABLE) -> dict[str, str]:
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or len(parts[0]) != len(parts[1]):
            raise ValueError(f"{path.name}:{number}: expected 'Simplified<TAB>Traditional' of the same length")
        table[parts[0]] = parts[1]
    return table


def _table_lines(path: Path) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, line


def _table_error(path: Path, line: int, message: str) -> SourceError:
    """A bad line of a reviewed table: the build stops, naming it."""
    try:
        name = path.resolve().relative_to(PHRASES.parent.parent).as_posix()
    except ValueError:
        name = path.as_posix()
    return SourceError(name, message, line)


def _is_standard(text: str) -> bool:
    """Written in OpenCC's standard Traditional forms (着, not 著 for zhe; 裏, not 裡)."""
    return converter("tw2t").convert(text) == text == converter("hk2t").convert(text)


def load_hans_phrase_table(path: Path = HANS_PHRASE_TABLE) -> dict[str, str]:
    """``phrases/zh-Hans.txt``: Traditional phrase → Simplified phrase. A bad
    line is a SourceError naming the file and the line."""
    table: dict[str, str] = {}
    for number, line in _table_lines(path):
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0] or len(parts[0]) != len(parts[1]):
            raise _table_error(path, number, "expected 'Traditional<TAB>Simplified' of the same length")
        trad, simp = parts
        if not _is_standard(trad):
            raise _table_error(path, number, f"write {trad} in OpenCC's standard forms ({converter('hk2t').convert(converter('tw2t').convert(trad))})")
        if evidence(simp)["traditional"]:
            raise _table_error(path, number, f"{simp} is not Simplified text")
        if converter("t2s").convert(trad) == simp:
            raise _table_error(path, number, f"OpenCC already converts {trad} to {simp}")
        if trad in table:
            raise _table_error(path, number, f"{trad} is listed twice")
        table[trad] = simp
    return table


def load_one_to_one_table(path: Path = ONE_TO_ONE_TABLE) -> dict[str, str]:
    """``phrases/one-to-one.txt``: each word's Simplified form → the word. A
    bad line is a SourceError naming the file and the line."""
    several_forms = {form for forms in one_to_many("STCharacters").values() for form in forms}
    table: dict[str, str] = {}
    lines: dict[str, int] = {}
    for number, line in _table_lines(path):
        word = line.strip()
        if len(word) < 2 or not all(HAN.match(ch) for ch in word):
            raise _table_error(path, number, f"expected one word of two or more Han characters, not {line}")
        if not _is_standard(word):
            raise _table_error(path, number, f"write {word} in OpenCC's standard forms ({converter('hk2t').convert(converter('tw2t').convert(word))})")
        if not any(ch in several_forms for ch in word):
            raise _table_error(path, number, f"{word} has no character of which Simplified has one form and Traditional several")
        key = converter("t2s").convert(word)
        if key in table:
            raise _table_error(path, number, f"{word} reads as {key} in Simplified, as {table[key]} on line {lines[key]} does")
        opencc_form = converter("s2t").convert(key)
        if opencc_form != word:
            raise _table_error(path, number, f"OpenCC writes {key} as {opencc_form}, so {word} would never be repaired to")
        table[key] = word
        lines[key] = number
    return table
