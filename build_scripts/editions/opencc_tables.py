"""OpenCC's own dictionaries and converters, read once per process.

The script of a text, the characters with several forms in the other script
and the converters themselves all come from the OpenCC package the project
pins, so they cannot disagree with the conversion the editions use.
"""

from __future__ import annotations

import subprocess
import tempfile
from functools import cache
from pathlib import Path

import opencc

_PACKAGE = Path(opencc.__file__).parent


@cache
def dictionary(name: str) -> dict[str, tuple[str, ...]]:
    """One of OpenCC's dictionaries ("STCharacters", "TSCharacters",
    "TWVariants" …): each key with its candidates, in OpenCC's order."""
    share = _PACKAGE / "clib" / "share" / "opencc"
    tool = _PACKAGE / "clib" / "bin" / "opencc_dict"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        subprocess.run(
            [str(tool), "-i", str(share / f"{name}.ocd2"), "-o", str(out), "-f", "ocd2", "-t", "text"],
            check=True,
            capture_output=True,
        )
        table = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            table[key] = tuple(values.split())
    return table


@cache
def converter(config: str) -> opencc.OpenCC:
    """An OpenCC converter by config name ("t2s", "s2tw", …), made once."""
    return opencc.OpenCC(f"{config}.json")


@cache
def one_to_many(name: str) -> dict[str, tuple[str, ...]]:
    """The characters of a character dictionary with more than one candidate
    (STCharacters: 发 → 發/髮; TSCharacters: 乾 → 干/乾)."""
    return {key: values for key, values in dictionary(name).items() if len(values) > 1}
