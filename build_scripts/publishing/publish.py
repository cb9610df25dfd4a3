"""Stage 9 — write the generated files into the docs directory.

The generator owns only the paths in ``OWNED``; everything else in the docs
directory is hand-written and never touched. Files whose bytes are unchanged
are not rewritten, and generated files that are no longer produced are removed.
All content is computed, and every path checked (``check_paths``), before
the first write, so a bad source page stops the run before anything on
disk changes.
"""

from __future__ import annotations

import concurrent.futures
import os
import tempfile
from pathlib import Path

from ..editions.registry import EDITIONS
from ..render.paths import CORPUS_DOWNLOADS_DIR, REDIRECTS, SEARCH_RECORDS_DIR
from ..runtime import lifetime
from ..runtime.interruptions import crash_point

OWNED_FILES = ("catalog.json", "build-report.json", REDIRECTS)
# One directory per script edition, each a complete MkDocs docs_dir; the
# editions' search records, which the site build reads; and the corpus
# downloads, published outside the site (render/paths.py).
OWNED_DIRS = tuple(edition.code for edition in EDITIONS) + (SEARCH_RECORDS_DIR, CORPUS_DOWNLOADS_DIR)
# The theme's custom_dir: hand-written, read by MkDocs directly, not copied.
THEME_OVERRIDES = "overrides/"
# A file replaced is written first as ``.tmp-<token>-…`` beside it
# (lifetime.process_token): a run killed meanwhile leaves it, and the next
# run removes it (``remove_leftovers``).
TMP_PREFIX = ".tmp-"
# The longest name of a file or folder, in bytes, on every common file
# system, and the longest path the system takes: a generated path longer
# than either is refused before anything is written, here as on any machine.
NAME_MAX = 255
PATH_MAX = 4096


class OutputPathError(Exception):
    """A generated file that cannot be written where it belongs."""

    def __init__(self, rel: str, reason: str):
        self.rel, self.reason = rel, reason
        super().__init__(f"{rel}: {reason}")


def is_owned(relpath: str) -> bool:
    return relpath in OWNED_FILES or relpath.split("/", 1)[0] in OWNED_DIRS


def owned_files_on_disk(docs_dir: Path) -> dict[str, int]:
    """Every generated file in ``docs_dir``, with its size."""
    found = {f: (docs_dir / f).stat().st_size for f in OWNED_FILES if (docs_dir / f).is_file()}
    for d in OWNED_DIRS:
        for folder, _, names in os.walk(docs_dir / d):
            prefix = Path(folder).relative_to(docs_dir).as_posix() + "/"
            for name in names:
                found[prefix + name] = os.stat(os.path.join(folder, name)).st_size
    return found


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace a file so that a reader (``mkdocs serve``) sees the old bytes
    or the new ones, never half of them."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{lifetime.process_token()}-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; these are published
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _create(path: str, data: bytes) -> None:
    """Write a file that did not exist. Nobody can have read it yet, so no
    temporary file and rename: a first build writes tens of thousands of
    these, twice as fast this way. A write cut short leaves a file shorter
    than its bytes, which the next build rewrites (its size differs)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def remove_leftovers(docs_dir: Path) -> list[Path]:
    """The temporary files of runs killed while replacing catalog.json or
    build-report.json (those in the editions' folders go with the next
    publish, as every file not generated there). Before anything reads the
    docs folder: they would pass for hand-written files."""
    return lifetime.remove_leftovers(docs_dir, TMP_PREFIX)


def check_paths(files: dict[str, bytes], docs_dir: Path, on_disk: dict[str, int]) -> None:
    """OutputPathError for the first generated path that could not be
    written: a name or a path too long, a file where a folder must go or a
    folder where a file must. ``on_disk``: the generated files there now
    (``owned_files_on_disk``), which need no look."""
    base = len(os.fsencode(os.path.abspath(docs_dir)))
    folders = set()
    for rel in sorted(files):
        for part in rel.split("/"):
            if len(os.fsencode(part)) > NAME_MAX:
                raise OutputPathError(rel, f"a name in it is {len(os.fsencode(part))} bytes long, the limit is {NAME_MAX}")
        if base + 1 + len(os.fsencode(rel)) >= PATH_MAX:
            raise OutputPathError(rel, f"the path is longer than the {PATH_MAX} bytes a path may have")
        parts = rel.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    for folder in sorted(folders):
        if folder in files:
            raise OutputPathError(folder, "is a file of the output and a folder of another file of it")
        path = docs_dir / folder
        if path.exists() and not path.is_dir():
            raise OutputPathError(folder, "is a file on disk where the output needs a folder")
    for rel in sorted(files):
        if rel not in on_disk and os.path.isdir(docs_dir / rel):
            raise OutputPathError(rel, "is a folder on disk where the output needs a file")


def publish(files: dict[str, bytes], docs_dir: Path) -> dict[str, list[str]]:
    """Sync the owned part of ``docs_dir`` with ``files``; report what changed."""
    outside = sorted(p for p in files if not is_owned(p) or ".." in p.split("/"))
    if outside:
        raise ValueError(f"refusing to write outside the generated paths: {outside[:3]}")
    on_disk = owned_files_on_disk(docs_dir)
    check_paths(files, docs_dir, on_disk)
    docs_dir.mkdir(parents=True, exist_ok=True)

    def holds(rel: str) -> bool:
        """The file holds these bytes already (read only when the size matches)."""
        data = files[rel]
        return on_disk.get(rel) == len(data) and (docs_dir / rel).read_bytes() == data

    same = {rel: holds(rel) for rel in sorted(files)}
    written = [rel for rel, kept in same.items() if not kept]
    unchanged = [rel for rel, kept in same.items() if kept]
    for folder in sorted({os.path.dirname(rel) for rel in written}):
        os.makedirs(os.path.join(docs_dir, folder), exist_ok=True)

    root = str(docs_dir)

    def write(rel: str) -> None:
        if rel in on_disk:
            _atomic_write(docs_dir / rel, files[rel])
        else:
            _create(os.path.join(root, rel), files[rel])

    # A first build writes tens of thousands of small files: two threads
    # overlap the system calls (which release the GIL), a few hundred files a
    # task; more threads contend on the directories. (Reading is faster in
    # one thread: there the locking costs more.)
    batches = [written[i : i + 512] for i in range(0, len(written), 512)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for done, _ in enumerate(pool.map(lambda rels: [write(rel) for rel in rels], batches)):
            if done == len(batches) // 2:
                crash_point("publishing")
    removed = sorted(set(on_disk) - set(files))
    for rel in removed:
        (docs_dir / rel).unlink()
    for d in OWNED_DIRS:
        for sub in sorted((docs_dir / d).glob("**/"), key=lambda p: len(p.parts), reverse=True):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
    return {"written": written, "unchanged": unchanged, "removed": removed}


def read_handwritten(docs_dir: Path) -> dict[str, bytes]:
    """Hand-written files in the docs directory that every edition carries
    (pages, navigation, stylesheets, scripts); not the theme overrides."""
    if not docs_dir.is_dir():
        return {}
    files = {}
    for folder, subfolders, names in os.walk(docs_dir):
        base = Path(folder).relative_to(docs_dir).as_posix()
        prefix = "" if base == "." else base + "/"
        # Not into the generated editions (tens of thousands of files) or the theme.
        subfolders[:] = [d for d in subfolders if not is_owned(prefix + d) and not (prefix + d + "/").startswith(THEME_OVERRIDES)]
        for name in names:
            rel = prefix + name
            if not is_owned(rel):
                files[rel] = (Path(folder) / name).read_bytes()
    return dict(sorted(files.items()))
