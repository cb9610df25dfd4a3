"""Zip files written fast, byte for byte as zipfile writes them.

A build zips every speech twice per edition (its .docx, and the edition's
corpus download), so zipfile's per-entry overhead and zlib's DEFLATE speed
count. ``zip_files`` writes the records itself (``write_zip``), compressed
by ISA-L (``deflate_fast``) or, given a level, by zlib exactly as zipfile
does; ``deflate`` packs one entry, so that entries that recur (a .docx
template's parts) are compressed once. The same files give the same bytes:
entries sorted by name, dated 1980-01-01 00:00, mode 0644.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from isal import isal_zlib


@dataclass(frozen=True)
class Entry:
    """A zip entry, compressed and packed into its records (APPNOTE.TXT 4.3):
    an entry that recurs (a .docx template's parts) is compressed and packed once."""

    record: bytes  # local header (4.3.7), name, DEFLATE stream: the same wherever the entry stands
    central: bytes  # central directory record (4.3.12) but the offset of the local header, which follows
    name: bytes  # which follows the offset


# The earliest time a zip entry can carry: no build time in the archive.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# A regular file, rw-r--r--, recorded as made on Unix wherever it is built.
ZIP_MODE = 0o100644 << 16


# DEFLATE. Chinese text in UTF-8 is mostly literals to DEFLATE, and a build
# compresses every speech twice per edition (its .docx and the corpus zip):
# 20,000 documents cannot afford zlib. ISA-L's level 2 (isal, Intel's
# assembly DEFLATE) runs at about 200 MB/s on this text, four times zlib's
# level 1, for output 2.5 % larger. The template's parts are compressed once
# per edition, so they take zlib's best level.
FAST_LEVEL = 2
TEMPLATE_LEVEL = 9


def deflate_fast(data: bytes) -> bytes:
    """Raw DEFLATE by ISA-L at FAST_LEVEL."""
    compressor = isal_zlib.compressobj(FAST_LEVEL, isal_zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zlib_deflate(level: int | None) -> Callable[[bytes], bytes]:
    """Raw DEFLATE by zlib at ``level`` (None: zlib's default), as zipfile writes it."""
    level = zlib.Z_DEFAULT_COMPRESSION if level is None else level

    def deflate(data: bytes) -> bytes:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush()

    return deflate


def deflate(name: str, data: bytes, compress: Callable[[bytes], bytes] = deflate_fast) -> Entry:
    return _entry(name.encode("ascii"), 0, zlib.crc32(data), len(data), compress(data))


def stored(name: str, data: bytes) -> Entry:
    """An entry kept as it is, not compressed (method 0): what a reader's
    browser writes too, with no DEFLATE of its own (docs/javascripts/downloads.js)."""
    return _entry(name.encode("ascii"), 0, zlib.crc32(data), len(data), data, zipfile.ZIP_STORED)


def read_entries(archive: bytes) -> list[Entry]:
    """The entries of a zip that ``write_zip`` wrote, as they stand: its
    records, to be written again as they are (``write_zip``)."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for info in z.infolist():
            name_length, extra_length = struct.unpack_from("<HH", archive, info.header_offset + 26)
            start = info.header_offset + _LOCAL.size + name_length + extra_length
            data = archive[start : start + info.compress_size]
            name = info.filename.encode("utf-8" if info.flag_bits & _UTF8_NAME else "ascii")
            entries.append(_entry(name, info.flag_bits, info.CRC, info.file_size, data, info.compress_type))
    return entries


# Local header and central directory record of a zip entry (APPNOTE 4.3.7,
# 4.3.12): version 2.0, DEFLATE, time 00:00 of 1980-01-01; the central one
# without the offset of the local header (its last field).
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHI")
_END = struct.Struct("<IHHHHIIH")
_OFFSET = struct.Struct("<I")
_DOS_TIME, _DOS_DATE = 0, (1 << 5) | 1


def _entry(name: bytes, flags: int, crc: int, size: int, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Entry:
    """The records of an entry: its ``name``, general purpose ``flags``, the
    CRC-32 and ``size`` of its content, ``data`` the content compressed by
    ``method`` (DEFLATE, or none)."""
    header = _LOCAL.pack(0x04034B50, 20, flags, method, _DOS_TIME, _DOS_DATE, crc, len(data), size, len(name), 0)
    central = _CENTRAL.pack(
        0x02014B50, (3 << 8) | 20, 20, flags, method, _DOS_TIME, _DOS_DATE,
        crc, len(data), size, len(name), 0, 0, 0, 0, ZIP_MODE,
    )
    return Entry(header + name + data, central, name)


def write_zip(entries: list[Entry]) -> bytes:
    """A zip of already compressed entries (APPNOTE.TXT 4.3), so that the
    template's parts are compressed once per edition, not once per speech:
    zipfile accepts only data it compresses itself."""
    out = []
    central = []
    offset = 0
    for e in entries:
        out.append(e.record)
        central += [e.central, _OFFSET.pack(offset), e.name]
        offset += len(e.record)
    directory = b"".join(central)
    out += [directory, _END.pack(0x06054B50, 0, 0, len(entries), len(entries), len(directory), offset, 0)]
    return b"".join(out)


def zip_files(files: dict[str, bytes], *, level: int | None = None) -> bytes:
    """The given files as one zip, the same bytes for the same files: entries
    sorted by name, dated 1980-01-01 00:00, mode 0644, DEFLATE.

    Names are relative paths with "/" separators (e.g. "zh-Hans/speeches/x.md",
    "catalog.json"); an absolute name, a ".." segment or a backslash would
    unpack outside the folder, or differently on Windows, and is refused.
    Compressed by ``deflate_fast``, or by zlib at ``level`` when one is given
    (then the bytes are zipfile's at that level)."""
    for name in files:
        if not name or name.startswith("/") or "\\" in name or ".." in name.split("/") or name.endswith("/"):
            raise ValueError(f"not a relative file path: {name!r}")
    compress = deflate_fast if level is None else zlib_deflate(level)
    return zip_fast(files, compress) or zip_by_zipfile(files, level)


# zipfile's limits: past them it writes ZIP64 records, which _write_zip does not.
_ZIP64_LIMIT = (1 << 31) - 1
_ZIP_FILECOUNT_LIMIT = (1 << 16) - 1
_UTF8_NAME = 0x800  # general purpose flag 11: the name is UTF-8 (APPNOTE 4.4.4)


def zip_fast(files: dict[str, bytes], compress: Callable[[bytes], bytes]) -> bytes | None:
    """The records ``zip_by_zipfile`` makes, without zipfile's per-entry
    overhead (a tenth of the time of the corpus download): zipfile writes
    those of ``_write_zip``, with the UTF-8 flag on a non-ASCII name. With
    ``zlib_deflate(level)`` as ``compress`` (one compressor call on the whole
    file, as zipfile makes) the bytes are zipfile's. None for what zipfile
    would write differently: a name with a NUL (zipfile cuts it there) or an
    archive that needs ZIP64."""
    if len(files) > _ZIP_FILECOUNT_LIMIT:
        return None
    entries = []
    offset = 0
    for name, data in sorted(files.items()):
        if "\x00" in name:
            return None
        if isinstance(data, str):
            data = data.encode("utf-8")  # as zipfile.writestr does
        try:
            raw_name, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            raw_name, flags = name.encode("utf-8"), _UTF8_NAME
        packed = compress(data)
        if len(data) * 1.05 > _ZIP64_LIMIT or len(packed) > _ZIP64_LIMIT or offset > _ZIP64_LIMIT:
            return None  # the entry would need ZIP64 fields, or its local header's offset would
        entry = _entry(raw_name, flags, zlib.crc32(data), len(data), packed)
        entries.append(entry)
        offset += len(entry.record)
    if offset > _ZIP64_LIMIT or sum(len(e.central) + 4 + len(e.name) for e in entries) > _ZIP64_LIMIT:
        return None  # the central directory's offset or size would
    return write_zip(entries)


def zip_by_zipfile(files: dict[str, bytes], level: int) -> bytes:
    """``zip_files`` written by zipfile (what ``zip_fast`` must equal)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, data in sorted(files.items()):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, wherever it is built, so the mode below holds
            info.external_attr = ZIP_MODE
            archive.writestr(info, data, compresslevel=level)
    return buffer.getvalue()
