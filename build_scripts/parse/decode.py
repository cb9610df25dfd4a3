"""Read a scraped page from disk into decoded, numbered lines.

A line's text is kept exactly as the file has it (only the line break is
dropped), so that line numbers and text point straight back into the source.
How a line *reads* — look-alike characters folded, invisible ones dropped —
is ``line_view``; how physical lines that a hard wrap cut belong together is
``hard_wrapped``. Later stages use both, and record what they change.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from charset_normalizer import from_bytes

from ..errors import SourceError
from ..model import SourceLine, SourcePage
from ..patterns import (
    compact,
    outline_marker,
    HAN,
    INVISIBLE,
    LOOKALIKES,
    MAX_CHROME_CHARS,
    MIN_WRAP_WIDTH,
    MIN_WRAPPED_LINES,
    PARAGRAPH_INDENT,
    RUN_IN_ENUMERATION,
    SECTION_MARKER,
    SENTENCE_END,
    TITLE_LINE,
)

SOURCE_SUFFIXES = (".txt",)

# Byte-order marks, longest first: UTF-32-LE's mark starts with UTF-16-LE's.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
# GB2312 and GBK are subsets of GB18030: decoding with the superset reads
# the characters a detector's narrower guess would reject.
GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc_cn"}
# Bytes decoded as UTF-8 with this many Chinese characters per undecodable
# sequence are a UTF-8 file with damage (or a spliced-in other encoding),
# not a file in another encoding. (A GB18030 page read as UTF-8 gives about
# one Chinese character per hundred undecodable sequences.)
UTF8_CJK_PER_ERROR = 10
# The blocks the look-alikes live in, as ranges: a class of a thousand single
# characters makes every search slow.
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
# Quotes and brackets that close after a sentence end ("…。”").
CLOSING_MARKS = "”’）)」』》"
# Control characters other than tab and the line breaks CR and LF.
_CONTROLS = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_INVISIBLE_OR_CONTROL = re.compile(f"[{INVISIBLE}{_CONTROLS}]")


def list_sources(sources_dir: Path) -> list[Path]:
    """Source pages in a stable order, independent of file-system order;
    SourceError for the first whose name the ledger cannot hold."""
    paths = sorted(
        (p for p in sources_dir.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES),
        key=lambda p: p.relative_to(sources_dir).as_posix(),
    )
    for path in paths:
        check_name(path.relative_to(sources_dir).as_posix())
    return paths


def check_name(file: str) -> None:
    """A page's name (its path in the sources) is its id in the ledger, a
    tab-separated file with comma-separated lists, one entry a line, and it
    is shown in logs: it may hold any character but a comma, a control or
    format character (tab, line breaks, bidirectional controls, zero-width
    characters: Unicode categories Cc and Cf) or a line or paragraph
    separator (Zl, Zp)."""
    for ch in file:
        category = unicodedata.category(ch)
        if ch == "," or category in ("Cc", "Cf", "Zl", "Zp"):
            what = "a comma" if ch == "," else f"U+{ord(ch):04X} ({unicodedata.name(ch, 'a control character')})"
            raise SourceError(
                file,
                f"a source page's name may not hold {what}: rename the file (a name may hold any character "
                "but commas, control and format characters, and line or paragraph separators)",
            )


# Decoding ---------------------------------------------------------------------


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Bytes to text and the name of their encoding; SourceError when no encoding fits."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            return _require_text(_decode_strictly(data, codec, name, file), file), name
    if not data.strip():
        raise SourceError(file, "the file is empty")
    if b"\x00" in data:
        raise SourceError(file, "the file is binary (it holds NUL bytes), not a text page")
    try:
        return _require_text(data.decode("utf-8"), file), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    chinese, errors = _utf8_reading(data)
    if chinese >= UTF8_CJK_PER_ERROR * errors:
        raise _invalid_utf8(data, utf8_error, file)
    for encoding in _candidate_encodings(data):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _reads_as_chinese(text):
            return text, codecs.lookup(encoding).name
    if chinese >= errors:  # still more UTF-8 than not: point at the damage
        raise _invalid_utf8(data, utf8_error, file)
    raise SourceError(
        file,
        "cannot tell the text encoding: it is not UTF-8, and neither GB18030 nor Big5 "
        "(nor any encoding charset-normalizer detects) reads it as Chinese text",
    )


def _invalid_utf8(data: bytes, error: UnicodeDecodeError, file: str) -> SourceError:
    bad = data[error.start : error.end].hex(" ")
    return SourceError(
        file,
        f"invalid UTF-8 (bytes {bad}) in a file that is otherwise UTF-8: it is damaged or mixes encodings",
        _line_at(data, error.start, "utf-8"),
    )


def _decode_strictly(data: bytes, codec: str, name: str, file: str) -> str:
    """Text of a file that starts with a byte-order mark, in the encoding it names."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise SourceError(
            file,
            f"the file starts with a {name.upper()} byte-order mark but is not valid {name.upper()}",
            _line_at(data, error.start, codec),
        ) from None
    # Any even number of bytes decodes as UTF-16: a binary file after a
    # stray mark must still read as text.
    if codec != "utf-8-sig" and text.strip() and not _reads_as_chinese(text):
        raise SourceError(
            file, f"the file starts with a {name.upper()} byte-order mark but does not read as Chinese text"
        )
    return text


def _require_text(text: str, file: str) -> str:
    if not text.strip():
        raise SourceError(file, "the file is empty")
    return text


def _line_at(data: bytes, offset: int, codec: str) -> int:
    """1-based line number of a byte offset, counting line breaks as parse_lines does."""
    before = data[:offset].decode(codec, errors="replace")
    return _with_line_feeds(before).count("\n") + 1


def _utf8_reading(data: bytes) -> tuple[int, int]:
    """(Chinese characters, undecodable sequences) of the bytes read as UTF-8."""
    text = data.decode("utf-8", errors="replace")
    return len(HAN.findall(text)), text.count("\ufffd")


def _candidate_encodings(data: bytes) -> list[str]:
    """Encodings to try, best first: the detector's best guess, then GB18030
    (what mainland 范文 sites use; the detector often misses it in short
    pages), then its other guesses, then Big5.

    UTF-16/32 without a byte-order mark are left out: any even-length bytes
    decode as UTF-16, so a guess of it is no evidence."""
    guesses = [m.encoding for m in from_bytes(data)]
    names: list[str] = []
    for guess in [*guesses[:1], "gb18030", *guesses[1:], "big5"]:
        name = "gb18030" if guess in GB_FAMILY else guess
        if name not in names and not name.startswith(("utf_16", "utf_32", "utf_8")):
            names.append(name)
    return names


def _reads_as_chinese(text: str) -> bool:
    """Decoded text that is plausibly a Chinese page, not bytes read in the wrong encoding."""
    if "\ufffd" in text:
        return False
    # Text has next to no control characters; bytes read in the wrong encoding have many.
    if len(_CONTROL.findall(text)) * 1000 > len(text):
        return False
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    chinese = sum(1 for ch in letters if HAN.match(ch))
    return chinese > 0 and chinese >= 0.9 * len(letters)


# Lines ------------------------------------------------------------------------


def parse_lines(text: str) -> tuple[SourceLine, ...]:
    """Numbered lines; CRLF, lone CR and LF all end a line. Text is otherwise untouched."""
    return tuple(SourceLine(n, line) for n, line in enumerate(_with_line_feeds(text).split("\n"), start=1))


def _with_line_feeds(text: str) -> str:
    """Every line break (CRLF, lone CR, LF) as LF: two replacements in C, a
    third of the time of a regex split."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(path: Path, sources_dir: Path) -> SourcePage:
    return source_page(*read_bytes(path, sources_dir))


def read_bytes(path: Path, sources_dir: Path) -> tuple[str, bytes]:
    """The page's name (relative to the sources directory) and its bytes."""
    file = path.relative_to(sources_dir).as_posix()
    if not path.resolve().is_relative_to(sources_dir.resolve()):
        # A link out of the sources (to /etc/passwd, say) would publish what it points to.
        raise SourceError(file, "is a link to a file outside the sources folder: copy the page in instead")
    try:
        return file, path.read_bytes()
    except OSError as error:
        raise SourceError(file, f"cannot read the file: {error.strerror or error}") from None


def source_page(file: str, data: bytes) -> SourcePage:
    """The page's bytes decoded into lines."""
    text, encoding = decode(data, file)
    if not HAN.search(text):
        raise SourceError(file, "holds no Chinese text: a source page is a scraped page of Chinese speeches (not a README or a note)")
    return SourcePage(file=file, lines=parse_lines(text), encoding=encoding)


def read_raw_pages(sources_dir: Path) -> list[tuple[str, bytes]]:
    """Each source page's name and bytes, in a stable order."""
    if not sources_dir.is_dir():
        raise SourceError(str(sources_dir), "the sources directory does not exist")
    paths = list_sources(sources_dir)
    if not paths:
        raise SourceError(str(sources_dir), "no source pages (*.txt) found")
    return [read_bytes(p, sources_dir) for p in paths]


def read_pages(sources_dir: Path) -> list[SourcePage]:
    return [source_page(file, data) for file, data in read_raw_pages(sources_dir)]


def fold_lookalikes(text: str) -> str:
    """Kangxi radicals and compatibility ideographs → ordinary ideographs (⽼ → 老)."""
    # Most lines hold none: looking is far cheaper than translating.
    return text.translate(LOOKALIKES) if _LOOKALIKE.search(text) else text


def drop_invisible(text: str) -> str:
    """Zero-width characters and control characters (tab aside) carry no text."""
    return _INVISIBLE_OR_CONTROL.sub("", text)


def invisible_characters(text: str) -> list[str]:
    """The characters ``drop_invisible`` drops from ``text``, in order."""
    return _INVISIBLE_OR_CONTROL.findall(text)


@lru_cache(maxsize=1 << 16)
def line_view(text: str) -> str:
    """What a line reads as: look-alikes folded, invisible characters dropped,
    canonical composition, surrounding spaces (NBSP and ideographic too) stripped.

    NFC only: compatibility folding would turn the full-width punctuation that
    Chinese text needs into ASCII."""
    return unicodedata.normalize("NFC", drop_invisible(fold_lookalikes(text))).strip()


class NfkcView:
    """``per_char(unicodedata.normalize("NFKC", prepare(text)))``, computed
    character by character from a table instead of normalizing whole texts
    (that is most of the cost of comparing texts: full-width punctuation
    makes every Chinese line "not NFKC").

    ``prepare`` and ``per_char`` must work character by character:
    f(a + b) == f(a) + f(b) (a filter, a translation, a case mapping). NFKC
    is then per-character too, as long as every character's decomposition
    starts with a character that neither reorders (combining class 0) nor
    composes with the one before it. A text holding any other character, or
    one outside the BMP, takes the exact slow path."""

    KEEP, MAP, DROP, SLOW = range(4)  # what the table says of a code point

    def __init__(self, per_char: Callable[[str], str], prepare: Callable[[str], str] = str):
        self.per_char = per_char
        self.prepare = prepare

    def slow(self, text: str) -> str:
        return self.per_char(unicodedata.normalize("NFKC", self.prepare(text)))

    def __call__(self, text: str) -> str:
        kinds, mapped, table = self._tables
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        kind = kinds[codes]
        if not len(codes) or kind.max() == self.SLOW:
            return self.slow(text)
        out = codes[kind <= self.MAP].tobytes().decode("utf-32-le", "surrogatepass")
        return mapped.sub(lambda m: table[m.group()], out) if (kind == self.MAP).any() else out

    @cached_property
    def _tables(self) -> tuple[np.ndarray, re.Pattern, dict[str, str]]:
        """(the kind of every code point, a pattern of the mapped ones, their
        text); built on first use, in about 0.2 s."""
        safe = _nfkc_of_safe_characters()
        kinds = np.full(0x110000, self.SLOW, dtype=np.uint8)
        table: dict[str, str] = {}
        for cp in range(0x10000):
            ch = chr(cp)
            prepared = self.prepare(ch)
            if not all(c in safe for c in prepared):
                continue
            out = self.per_char("".join(safe[c] for c in prepared))
            if out == ch:
                kinds[cp] = self.KEEP
            elif out == "":
                kinds[cp] = self.DROP
            else:
                kinds[cp] = self.MAP
                table[ch] = out
        mapped = sorted(ord(ch) for ch in table)
        return kinds, re.compile(_char_class(mapped)), table


@lru_cache(maxsize=1)
def _nfkc_of_safe_characters() -> dict[str, str]:
    """NFKC of each BMP character NfkcView may normalize on its own: not one
    whose decomposition starts with a combining mark (canonical reordering
    may move it) or with a character that composes with the one before it."""
    backward = _composes_backward()
    safe = {}
    for cp in range(0x10000):
        ch = chr(cp)
        first = unicodedata.normalize("NFKD", ch)[0]
        if not (unicodedata.combining(first) or first in backward):
            safe[ch] = unicodedata.normalize("NFKC", ch)
    return safe


# Primary composites (characters with a two-part canonical decomposition) all
# lie below this; tests/parse/test_decode.py checks it for every code point.
COMPOSITES_END = 0x20000


def _composes_backward() -> frozenset[str]:
    """Characters that canonical composition can merge into the character
    before them: the second half of every primary composite, and the Hangul
    vowel and final jamo (composed by rule, not by table)."""
    found = {chr(cp) for cp in range(0x1161, 0x1176)} | {chr(cp) for cp in range(0x11A8, 0x11C3)}
    for cp in range(COMPOSITES_END):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            if unicodedata.normalize("NFC", chr(cp)) == chr(cp):  # not excluded from composition
                found.add(chr(int(parts[1], 16)))
    return frozenset(found)


def _char_class(code_points: list[int]) -> str:
    """A regex class matching one of these code points (given in ascending order)."""
    ranges: list[list[int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    if not ranges:
        return "(?!)"  # matches nothing
    return "[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


# Hard wraps -------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a line takes in a terminal or editor: wide (CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


MEASURES = (len, display_width)  # wrappers count characters or columns


def hard_wrap(lines: Sequence[SourceLine]) -> tuple[int, int] | None:
    """(measure index, width) of a fixed-width hard wrap of these lines, or None.

    Only lines directly followed by another text line can have been cut by a
    wrap; when many of them share one width (give or take a wide character
    that did not fit), and it is the widest, that is the wrap width."""
    # Distinct lines: a section printed twice must not pass its title off as a wrap.
    followed = sorted({a.text.rstrip() for a, b in _adjacent_pairs(lines)})
    best: tuple[int, int, int] | None = None  # (full lines, measure, width)
    for m, measure in enumerate(MEASURES):
        sizes = Counter(measure(text) for text in followed)
        longer = 0  # followed lines wider than the width tried
        for width in sorted(sizes, reverse=True):
            full = sizes[width] + sizes.get(width - 1, 0)
            if (
                width >= MIN_WRAP_WIDTH
                and full >= MIN_WRAPPED_LINES
                and 2 * full >= len(followed)
                and 10 * longer <= len(followed)
                and (best is None or (full, width) > (best[0], best[2]))
            ):
                best = (full, m, width)
            longer += sizes[width]
    return None if best is None else (best[1], best[2])


def hard_wrapped(lines: Sequence[SourceLine], knows: Callable[[str, str], bool]) -> frozenset[int]:
    """Numbers of the lines a hard wrap cut: the next line continues each of them.

    A full-width line followed directly by text is usually cut, but it can
    also end a paragraph, a title or a chrome line that happens to reach the
    wrap width; ``_starts_anew`` tells from the line so far and the next.
    ``knows(kind, view)`` tells whether a rule of the page's knowledge files
    of that kind ("chrome", "salutation") matches a line's view (``line_view``):
    parse/rows.py ``line_knowledge``."""
    wrap = hard_wrap(lines)
    if wrap is None:
        return frozenset()
    measure, width = MEASURES[wrap[0]], wrap[1]

    def whole_chrome(view: str) -> bool:
        """A short line that some chrome rule matches as a whole."""
        spaceless = compact(view)
        return 0 < len(spaceless) <= MAX_CHROME_CHARS and "。" not in spaceless and knows("chrome", view)

    pairs = _adjacent_pairs(lines)
    separated = _blank_separated(lines, pairs, measure, width)
    cut: set[int] = set()
    so_far = ""  # the line being rebuilt, up to and including ``a``
    for a, b in pairs:
        so_far = (so_far if a.number - 1 in cut else "") + line_view(a.text)
        if measure(a.text.rstrip()) >= width - 1 and not _starts_anew(
            so_far, a.text, b.text, measure(b.text.rstrip()) < width - 1, separated, whole_chrome, knows
        ):
            cut.add(a.number)
    return frozenset(cut - _chrome_tails(lines, cut, whole_chrome))


def _chrome_tails(lines: Sequence[SourceLine], cut: set[int], is_chrome_line: Callable[[str], bool]) -> set[int]:
    """Lines after which a rebuilt line should end after all: the rest of it,
    after a finished sentence or a heading, reads as chrome that the wrap cut
    in two ("…抓好贯彻落实。" + "上一页 1 2 3 下一" + "页")."""
    views = {line.number: line_view(line.text) for line in lines}
    ends: set[int] = set()
    for first in (n for n in sorted(views) if n in cut and n - 1 not in cut):
        group = [first]
        while group[-1] in cut and group[-1] + 1 in views:
            group.append(group[-1] + 1)
        heading = outline_marker(views[first]) is not None
        for k, n in enumerate(group[:-1]):
            tail = "".join(views[m] for m in group[k + 1 :])
            if (heading or ends_sentence(views[n])) and is_chrome_line(tail):
                ends.add(n)
                break
    return ends


def _blank_separated(
    lines: Sequence[SourceLine], pairs: list[tuple[SourceLine, SourceLine]], measure, width: int
) -> bool:
    """Whether the lines that end a paragraph (narrower than the wrap) are
    followed by a blank line, nearly all of them."""
    ends = [line for line in lines if line_view(line.text) and measure(line.text.rstrip()) < width - 1]
    followed = {a.number for a, _ in pairs}
    return 10 * sum(1 for line in ends if line.number in followed) <= len(ends)


def _adjacent_pairs(lines: Sequence[SourceLine]) -> list[tuple[SourceLine, SourceLine]]:
    """Consecutive text lines with no other line (blank or not) between them."""
    return [
        (a, b)
        for a, b in zip(lines, lines[1:])
        if b.number == a.number + 1 and line_view(a.text) and line_view(b.text)
    ]


def _starts_anew(
    so_far: str,
    above: str,
    text: str,
    narrower: bool,
    blank_separated: bool,
    is_chrome_line: Callable[[str], bool],
    knows: Callable[[str, str], bool],
) -> bool:
    """Whether ``text`` begins something new rather than continuing the
    full-width line ``above`` (which ends the line rebuilt ``so_far``).

    A whole chrome line continues nothing, and is continued only by what
    keeps it chrome ("发布时间：20" + "23-05-08"); likewise a "第N篇" marker.
    (Not a title: a paragraph's first lines can read "龚书记在讲话" when the
    wrap cuts "…讲话中指出".) After a finished sentence (or a heading), a
    marker, a salutation or a short title line begins anew;
    "…提升第" + "二、第三产业…" is one sentence. Where blank lines separate
    paragraphs, nothing else does; where they do not, so do an indent and a
    run-in enumeration ("第一，", "二要") after a finished sentence."""
    view, above_view = line_view(text), line_view(above)
    if is_chrome_line(view):
        return True
    if any(whole(so_far) and not whole(so_far + view) for whole in (is_chrome_line, SECTION_MARKER.match)):
        return True
    if SECTION_MARKER.match(so_far) and (ends_sentence(above_view) or _marker_complete(so_far, view)):
        return True  # "第3篇 …讲话稿二:" is whole
    finished = ends_sentence(above_view) or outline_marker(above_view) is not None
    labelled = bool(SECTION_MARKER.match(so_far) or is_title_line(so_far))
    # After a marker or a title, as after a sentence, these open something new;
    # a short title line only after a sentence ("第3篇 在创建全国文明城" +
    # "市工作会议上的讲话稿" is one marker).
    opens = outline_marker(view) or SECTION_MARKER.match(view) or knows("salutation", view)
    if (finished or labelled) and opens:
        return True
    if finished and narrower and is_title_line(view):
        return True
    if blank_separated:
        return False
    return bool(PARAGRAPH_INDENT.match(text) or (finished and RUN_IN_ENUMERATION.match(view)))


def is_title_line(view: str) -> bool:
    """A speech title standing alone ("…讲话稿"); an outline heading never is one."""
    return bool(TITLE_LINE.match(view)) and outline_marker(compact(view)) is None


def _marker_complete(so_far: str, view: str) -> bool:
    """A "第N篇" marker whose title is whole: its title reads as a speech
    title, and the next line would not make a longer one ("…讲话" + "稿")."""
    marker, joined = SECTION_MARKER.match(so_far), SECTION_MARKER.match(so_far + view)
    return bool(marker and is_title_line(marker.group(2)) and not (joined and is_title_line(joined.group(2))))


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence: "。", "！", "：" …, or a closing quote or
    bracket right after one ("…。”"); "…认识“创卫”" goes on."""
    bare = text.rstrip(CLOSING_MARKS)
    return bool(bare) and bare[-1] in SENTENCE_END
