"""Parsed pages kept between builds, so that adding one source page to a
large corpus parses one page, not all of them.

What the per-page stages make of a page (``model.ParsedPage``: the split
page, its cleaned and structured copies, their fingerprints) depends only on
the page's name, its bytes and the code. Each parsed page is stored under a
key made of all three: any change to a page, or to any file of the generator
(or the versions of the libraries it parses with), gives a new key, so a
stale entry is never used. A build parses only the pages whose key it has not
stored, and its output is the same, byte for byte, as a build that parses
every page (``tests/runtime/test_page_cache.py`` builds both ways and compares).

The cache is local build state (``.cache/pages/`` unless told otherwise),
written by this program only; an entry that cannot be read is parsed again.
Entries no build used are removed at the end of each build.

A cache touches only files it made. Its folder carries a ``CACHEDIR.TAG``
(https://bford.info/cachedir/, which backup tools skip), and a folder that
is not empty is used only when it has one (``check_folder``): a mistyped
``--cache sources`` or ``--cache .`` is refused, never emptied. A folder
inside the sources, the docs or the site, and the project folder itself,
are refused even with the tag. Within its folder the cache removes only
entries (``<key>.pickle``) and the temporary files of runs that are over.
"""

from __future__ import annotations

import copyreg
import hashlib
import importlib.metadata
import io
import os
import pickle
import re
import sys
import tempfile
from functools import cache
from pathlib import Path

from . import lifetime
from ..errors import SourceError
from ..model import ParsedPage, SourceLine, SourcePage

DEFAULT_FOLDER = Path(".cache") / "pages"
SUFFIX = ".pickle"
ENTRY = re.compile(r"[0-9a-f]{64}" + re.escape(SUFFIX))
TMP_PREFIX = ".tmp-"  # + the writing process's token (lifetime.process_token)
TAG_NAME = "CACHEDIR.TAG"
TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55"
TAG = (
    TAG_SIGNATURE + "\n"
    "# This file is a cache directory tag created by python -m build_scripts\n"
    "# (parsed source pages, made again when missing). See https://bford.info/cachedir/\n"
)
# The libraries whose output is part of a parsed page.
PARSING_LIBRARIES = ("jieba", "numpy")


@cache
def code_digest() -> str:
    """A digest of the generator's own files and of what else a parse
    depends on: Python, the parsing libraries, the pickle format."""
    package = Path(__file__).resolve().parent.parent  # the whole generator, not only runtime/
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


def is_tagged(folder: Path) -> bool:
    """``folder`` carries this cache's tag (any cache's, by the standard)."""
    try:
        return (folder / TAG_NAME).read_bytes().startswith(TAG_SIGNATURE.encode())
    except OSError:
        return False


def _made_here(name: str) -> bool:
    """A name this cache gives its files (an entry, a temporary file)."""
    return bool(ENTRY.fullmatch(name)) or name.startswith(TMP_PREFIX)


def check_folder(folder: Path, project: Path, others: dict[str, Path]) -> None:
    """Refuse (SourceError) a folder the cache must not write into: the
    project folder or one holding it; one inside, or holding, a folder of
    ``others`` (name → path: the sources, the docs, the site); anything but
    a folder; a folder holding files without this cache's tag. (A folder
    holding nothing but entries, as caches made before the tag, is taken.)"""
    real = Path(os.path.realpath(folder))
    if Path(os.path.realpath(project)).is_relative_to(real):
        raise SourceError(str(folder), "is the project folder or holds it: a cache needs a folder of its own")
    for name, other in others.items():
        other = Path(os.path.realpath(other))
        if real.is_relative_to(other) or other.is_relative_to(real):
            where = "inside" if real.is_relative_to(other) else "holding"
            raise SourceError(str(folder), f"is {where} the {name} folder: a cache needs a folder of its own")
    if not real.exists():
        return
    if not real.is_dir():
        raise SourceError(str(folder), "is not a folder")
    if is_tagged(real):
        return
    foreign = sorted(name for name in os.listdir(real) if not _made_here(name))
    if foreign:
        raise SourceError(
            str(folder),
            f"holds files this program did not make ({foreign[0]!r} …) and no {TAG_NAME}: "
            "choose an empty or new folder for the cache",
        )


class PageCache:
    """Parsed pages on disk, one file per page (``<key>.pickle``), in a
    folder ``check_folder`` accepted."""

    def __init__(self, folder: Path):
        self.folder = folder

    def load(self, key: str, page: SourcePage):
        """The parsed page stored under ``key`` (made from ``page``), or None."""
        try:
            parsed = loads((self.folder / (key + SUFFIX)).read_bytes(), page)
        except Exception:  # not there, cut short or unreadable: parse the page again
            return None
        return parsed if isinstance(parsed, ParsedPage) else None  # a file this cache did not write

    def store(self, entries: dict[str, bytes]) -> None:
        """Store parsed pages (``dumps`` bytes) by key; each file appears
        whole or not at all."""
        if not entries and not self.folder.is_dir():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if not is_tagged(self.folder):  # a new folder, or one made before caches were tagged
            self._write(TAG_NAME, TAG.encode())
        for key, data in sorted(entries.items()):
            self._write(key + SUFFIX, data)

    def _write(self, name: str, data: bytes) -> None:
        """Write a file whole or not at all (a temporary file renamed)."""
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f"{TMP_PREFIX}{lifetime.process_token()}-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, self.folder / name)
        except BaseException:
            os.unlink(tmp)
            raise

    def keep_only(self, keys: set[str]) -> int:
        """Remove every entry but ``keys`` (pages no longer in the sources, or
        parsed by other code), and the temporary files of runs that were
        killed; nothing else. Returns how many entries were removed."""
        if not self.folder.is_dir():
            return 0
        lifetime.remove_leftovers(self.folder, TMP_PREFIX)
        removed = 0
        for path in self.folder.iterdir():
            if ENTRY.fullmatch(path.name) and path.name[: -len(SUFFIX)] not in keys and path.is_file():
                path.unlink()
                removed += 1
        return removed
