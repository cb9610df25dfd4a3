"""The ids ledger on disk, ``sources/speech-ids.tsv`` (what it holds and how
ids follow from it: stable_ids.py).

The ledger is the only record of which id each published speech has, and a
fresh checkout has nothing to check it against (no docs/, no site/). So:

* it tells by itself when it is damaged: its header records how many
  entries it lists (``# entries: N``) and its last line ends with a line
  break, so a copy cut off anywhere (empty, lines missing, half a line) is
  refused instead of read as a ledger of fewer speeches, whose speeches
  would then get new ids;
* it is written whole to a temporary file beside it, flushed to the disk,
  then renamed over it (runtime/durable.py, which the command line hands
  ``format_ledger``'s bytes): whenever the writing process dies, the ledger
  is the old one or the new one, byte for byte;
* every line is checked, and a bad one stops the build with one line naming
  the file and the line.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ..errors import SourceError
from .stable_ids import LEDGER, RESERVED_IDS
from ..model import LedgerEntry

_TITLE = "# Published speech ids: kept by the generator (python -m build_scripts generate), reviewed in pull requests.\n"
_COLUMNS = "# id\tadded\tfingerprint\tcopies (file#section.k, …)\talias of (when merged into another speech)\n"
_COUNT = re.compile(r"# entries: (\d+)")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_COPY = re.compile(r"[^\t\n]+#\d+\.\d+")
_RESTORE = "restore it from version control (git checkout -- FILE)"

def format_ledger(entries: list[LedgerEntry]) -> str:
    lines = [_TITLE, f"# entries: {len(entries)}\n", _COLUMNS]
    for e in entries:
        fields = [e.id, e.added, e.fingerprint, ",".join(e.copies)] + ([e.alias_of] if e.alias_of else [])
        lines.append("\t".join(fields) + "\n")
    return "".join(lines)


def parse_ledger(data: bytes, path: str = LEDGER) -> list[LedgerEntry]:
    """The entries of a ledger file's bytes; SourceError naming the file and
    line for anything a generator did not write."""
    if not data:
        raise SourceError(path, f"the ledger is empty (a write cut off?): {_RESTORE.replace('FILE', path)}")
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceError(path, "the file starts with a byte-order mark: save it as UTF-8 without one", 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SourceError(path, f"not UTF-8 (byte 0x{data[error.start]:02x}): the ledger is written in UTF-8", line) from None
    lines = text.split("\n")
    if lines[-1]:
        raise SourceError(path, f"the last line is cut off (no line break at its end): {_RESTORE.replace('FILE', path)}", len(lines))
    entries: list[LedgerEntry] = []
    where: dict[str, int] = {}  # id → its line
    count = count_line = None
    for number, line in enumerate(lines[:-1], 1):
        line = line.removesuffix("\r")  # a checkout with Windows line ends
        if m := _COUNT.fullmatch(line):
            if count is not None:
                raise SourceError(path, f"a second entry count (the first is on line {count_line})", number)
            if entries:
                raise SourceError(path, "the entry count must come before the entries", number)
            count, count_line = int(m.group(1)), number
            continue
        if not line.strip() or line.startswith("#"):
            continue
        entry = _parse_entry(line, path, number)
        if entry.id in where:
            raise SourceError(path, f"id {entry.id!r} listed twice (first on line {where[entry.id]})", number)
        where[entry.id] = number
        entries.append(entry)
    if count is None:
        raise SourceError(
            path,
            "no entry count ('# entries: N' before the first entry): the file is cut off, or older than "
            "entry counts; check it against version control, then add the line",
        )
    if count != len(entries):
        raise SourceError(
            path,
            f"the header counts {count} entries but {len(entries)} are listed: the file is cut off or was "
            f"edited by hand; {_RESTORE.replace('FILE', path)}, or correct the count once every line is checked",
            count_line,
        )
    by_id = {e.id: e for e in entries}
    for entry in entries:
        target = entry.alias_of
        if not target:
            continue
        if target not in by_id:
            raise SourceError(path, f"{entry.id} is an alias of {target!r}, which is not listed", where[entry.id])
        if by_id[target].alias_of:
            # The generator keeps aliases pointing at a live id; a chain (or a
            # loop) would redirect to a redirect.
            raise SourceError(path, f"{entry.id} is an alias of {target}, which is an alias itself", where[entry.id])
    return entries


def _parse_entry(line: str, path: str, number: int) -> LedgerEntry:
    fields = line.split("\t")
    if len(fields) not in (4, 5):
        raise SourceError(path, f"expected 4 or 5 tab-separated fields, found {len(fields)}", number)
    sid, added, print_, copies = fields[:4]
    alias_of = fields[4] if len(fields) == 5 else ""
    for value in (sid, alias_of) if alias_of else (sid,):
        if not _ID.fullmatch(value):
            raise SourceError(path, f"not an id: {value!r} (lower-case letters and digits, joined by single hyphens)", number)
    if sid in RESERVED_IDS:
        raise SourceError(path, f"the id {sid!r} is reserved: its URL is a page of the site", number)
    if alias_of == sid:
        raise SourceError(path, f"{sid} is an alias of itself", number)
    if not _DATE.fullmatch(added) or not _is_date(added):
        raise SourceError(path, f"not a date: {added!r} (YYYY-MM-DD, a day of the calendar)", number)
    if not _FINGERPRINT.fullmatch(print_):
        raise SourceError(path, f"not a fingerprint: {print_!r} (16 hex digits)", number)
    places = tuple(c for c in copies.split(",") if c)
    for place in places:
        if not _COPY.fullmatch(place):
            raise SourceError(path, f"not a copy's place: {place!r} (file#section.k)", number)
    return LedgerEntry(sid, added, print_, places, alias_of)


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def read_ledger(sources: Path) -> list[LedgerEntry]:
    """The ledger in ``sources``; none (a new project) when there is no file.
    SourceError for a ledger that cannot be read or is damaged."""
    path = sources / LEDGER
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except IsADirectoryError:
        raise SourceError(str(path), "a directory, not the ledger file") from None
    except OSError as error:
        raise SourceError(str(path), f"cannot read the ledger: {error.strerror}") from None
    return parse_ledger(data, str(path))


def new_entry_date(source_date_epoch: int | None, now: datetime.datetime) -> str:
    """The date of the speeches a build adds whose source page has none
    (once in the ledger, a speech keeps its date): ``SOURCE_DATE_EPOCH``
    (seconds since 1970, for reproducible builds; settings.py checks it)
    when set, else ``now``, both as a UTC date, so that neither the
    machine's time zone nor the moment of the day changes what the build
    writes. ``now`` must be aware."""
    if source_date_epoch is not None:
        return datetime.datetime.fromtimestamp(source_date_epoch, datetime.timezone.utc).date().isoformat()
    return now.astimezone(datetime.timezone.utc).date().isoformat()
