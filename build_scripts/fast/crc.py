"""CRC-32 of many equal-length slices of a text at once.

Hashing every sampled shingle of every copy (merge_duplicates.shingles) one
``zlib.crc32`` call at a time is a call per shingle; for slices made of
three-byte UTF-8 characters only (ideographs: nearly all of a Chinese
text's) a table does it for all of a text's slices at once, in numpy.
"""

from __future__ import annotations

import zlib
from functools import cache

import numpy as np


def crc32_of_slices(text: str, codes: np.ndarray, starts: np.ndarray, width: int) -> np.ndarray:
    """``zlib.crc32(text[i : i + width].encode())`` for every start ``i``
    (uint32, in no particular order). ``codes`` is the text as code points
    (uint32, as ``np.frombuffer(text.encode("utf-32-le"), np.uint32)``)."""
    # Slices of three-byte characters only are hashed by table, all at once;
    # the rest, and any text beyond the table's BMP, by zlib one by one.
    by_table = np.empty(0, dtype=np.uint32)
    if codes.max() < 0x10000:
        chars = codes[starts + np.arange(width)[:, None]]  # [k, n]: character k of slice n
        three = chars.min(axis=0) >= 0x800
        rows = (np.arange(width, dtype=np.uint32) * 0x10000)[:, None]
        by_table = np.bitwise_xor.reduce(_crc_of_three_byte_characters(width).take(chars + rows), axis=0)[three]
        starts = starts[~three]
    by_zlib = np.array([zlib.crc32(text[i : i + width].encode()) for i in starts.tolist()], dtype=np.uint32)
    return np.concatenate([by_table, by_zlib])


@cache
def _crc_of_three_byte_characters(width: int) -> np.ndarray:
    """``[k * 0x10000 + code point]``: what a character of three bytes in UTF-8
    (U+0800 to U+FFFF) at place k of a slice of ``width`` such characters
    adds to the slice's CRC-32 (2 MB for 8 characters, built on first use in
    milliseconds).

    CRC-32 is affine in the message bits: for a message of n bytes, crc32(m)
    is crc32(n zero bytes) XOR, for each byte, crc32(the byte followed by d
    zero bytes) ^ crc32(d + 1 zero bytes), d being how many bytes follow it
    in m. So a slice's CRC is the XOR of one entry per character, which
    numpy does for every slice of a text at once instead of one call each.
    """
    size = 3 * width
    by_byte = np.array(
        [[zlib.crc32(bytes([b]) + bytes(d)) ^ zlib.crc32(bytes(d + 1)) for b in range(256)] for d in range(size)],
        dtype=np.uint32,
    )  # [d, byte]
    point = np.arange(0x10000, dtype=np.uint32)
    utf8 = (0xE0 | point >> 12, 0x80 | point >> 6 & 0x3F, 0x80 | point & 0x3F)
    table = np.empty((width, 0x10000), dtype=np.uint32)
    for k in range(width):
        after = 3 * (width - 1 - k)  # bytes after the character's last one
        table[k] = by_byte[after + 2][utf8[0]] ^ by_byte[after + 1][utf8[1]] ^ by_byte[after][utf8[2]]
    table[0] ^= zlib.crc32(bytes(size))  # the zero message's part, once per slice
    return table.ravel()
