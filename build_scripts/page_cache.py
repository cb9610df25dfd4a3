"""Parsed pages kept between builds, so that adding one source page to a
large corpus parses one page, not all of them.

What the per-page stages make of a page (``pipeline.ParsedPage``: the split
page, its cleaned and structured copies, their fingerprints) depends only on
the page's name, its bytes and the code. Each parsed page is stored under a
key made of all three: any change to a page, or to any file of the generator
(or the versions of the libraries it parses with), gives a new key, so a
stale entry is never used. A build parses only the pages whose key it has not
stored, and its output is the same, byte for byte, as a build that parses
every page (``tests/test_page_cache.py`` builds both ways and compares).

The cache is local build state (``.cache/pages/`` unless told otherwise),
written by this program only; an entry that cannot be read is parsed again.
Entries no build used are removed at the end of each build.
"""

from __future__ import annotations

import copyreg
import hashlib
import importlib.metadata
import io
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path

from .model import SourceLine, SourcePage

DEFAULT_FOLDER = Path(".cache") / "pages"
SUFFIX = ".pickle"
# The libraries whose output is part of a parsed page.
PARSING_LIBRARIES = ("jieba", "numpy")


@cache
def code_digest() -> str:
    """A digest of the generator's own files and of what else a parse
    depends on: Python, the parsing libraries, the pickle format."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    versions = [sys.version, str(pickle.HIGHEST_PROTOCOL)]
    versions += [importlib.metadata.version(name) for name in PARSING_LIBRARIES]
    digest.update("\0".join(versions).encode())
    return digest.hexdigest()


def page_key(file: str, data: bytes, context: str = "") -> str:
    """The cache key of a source page: its name, its bytes, the code, and
    ``context``: what else its parse reads (its site, its URL, the template
    learned from its site's pages)."""
    digest = hashlib.sha256(code_digest().encode())
    digest.update(file.encode("utf-8") + b"\0" + context.encode("utf-8") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _page_line(number: int):
    """Stands, in a stored parsed page, for line ``number`` of its source
    page; ``_Unpickler`` puts the page's own line in its place."""
    raise pickle.UnpicklingError("a parsed page's lines are read back by page_cache.loads only")


def _source_page():
    """Stands for the source page itself (see ``_page_line``)."""
    raise pickle.UnpicklingError("a parsed page's source page is put back by page_cache.loads only")


class _Pickler(pickle.Pickler):
    """Pickles a parsed page without its source page: the page and its lines
    become references (the page's text is 40% of a parsed page, and whoever
    loads it has the page already, or decodes it from the bytes).

    The references are made by a dispatch table, which the C pickler
    consults only for these two types; ``persistent_id`` would be a Python
    call for each of the page's tens of thousands of objects (a third of
    the time of parsing a page)."""

    def __init__(self, file, page: SourcePage):
        # The reducers hold the page (so that the ids stay its objects'), not
        # the pickler: a reference cycle would keep the pickler's memo, and so
        # every object pickled, alive until the cyclic collector runs.
        numbers = {id(line): n for n, line in enumerate(page.lines)}

        def line_ref(line: SourceLine):
            n = numbers.get(id(line))
            return line.__reduce_ex__(pickle.HIGHEST_PROTOCOL) if n is None else (_page_line, (n,))

        def page_ref(other: SourcePage):
            return other.__reduce_ex__(pickle.HIGHEST_PROTOCOL) if other is not page else (_source_page, ())

        self.dispatch_table = copyreg.dispatch_table | {SourceLine: line_ref, SourcePage: page_ref}
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, page: SourcePage):
        super().__init__(file)
        self._page = page

    def find_class(self, module: str, name: str):
        # What this returns stays in the unpickler's memo: it must not refer
        # to the unpickler (a reference cycle would keep the whole memo alive
        # until the cyclic collector runs).
        page = self._page
        if module == __name__ and name == _page_line.__name__:
            return page.lines.__getitem__
        if module == __name__ and name == _source_page.__name__:
            return lambda: page
        return super().find_class(module, name)


def dumps(parsed, page: SourcePage) -> bytes:
    """``parsed`` (made from ``page``) as bytes, the page left out."""
    out = io.BytesIO()
    _Pickler(out, page).dump(parsed)
    return out.getvalue()


def loads(data: bytes, page: SourcePage):
    """What ``dumps`` made, with ``page`` put back in."""
    return _Unpickler(io.BytesIO(data), page).load()


class PageCache:
    """Parsed pages on disk, one file per page (``<key>.pickle``)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load(self, key: str, page: SourcePage):
        """The parsed page stored under ``key`` (made from ``page``), or None."""
        try:
            return loads((self.folder / (key + SUFFIX)).read_bytes(), page)
        except Exception:  # not there, cut short or unreadable: parse the page again
            return None

    def store(self, entries: dict[str, bytes]) -> None:
        """Store parsed pages (``dumps`` bytes) by key; each file appears
        whole or not at all."""
        if not entries:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, data in sorted(entries.items()):
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                os.replace(tmp, self.folder / (key + SUFFIX))
            except BaseException:
                os.unlink(tmp)
                raise

    def keep_only(self, keys: set[str]) -> int:
        """Remove every entry but ``keys`` (pages no longer in the sources, or
        parsed by other code); returns how many were removed."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        for path in self.folder.iterdir():
            if path.name.endswith(SUFFIX) and path.name[: -len(SUFFIX)] in keys:
                continue
            if path.is_file():
                path.unlink()
                removed += 1
        return removed
