"""Stage 9 — write the generated files into the docs directory.

The generator owns only the paths in ``OWNED``; everything else in the docs
directory is hand-written and never touched. Files whose bytes are unchanged
are not rewritten, and generated files that are no longer produced are removed.
All content is computed before the first write, so a bad source page stops
the run before anything on disk changes.
"""

from __future__ import annotations

import concurrent.futures
import os
import tempfile
from pathlib import Path

OWNED_FILES = ("catalog.json", "build-report.json")
# One directory per script edition; each is a complete MkDocs docs_dir.
OWNED_DIRS = ("zh-Hans", "zh-Hant")
# The theme's custom_dir: hand-written, read by MkDocs directly, not copied.
THEME_OVERRIDES = "overrides/"


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
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
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


def publish(files: dict[str, bytes], docs_dir: Path) -> dict[str, list[str]]:
    """Sync the owned part of ``docs_dir`` with ``files``; report what changed."""
    outside = sorted(p for p in files if not is_owned(p) or ".." in p.split("/"))
    if outside:
        raise ValueError(f"refusing to write outside the generated paths: {outside[:3]}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    on_disk = owned_files_on_disk(docs_dir)

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
        for _ in pool.map(lambda rels: [write(rel) for rel in rels], batches):
            pass
    removed = sorted(set(on_disk) - set(files))
    for rel in removed:
        (docs_dir / rel).unlink()
    for d in OWNED_DIRS:
        for sub in sorted((docs_dir / d).glob("**/"), key=lambda p: len(p.parts), reverse=True):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
    return {"written": written, "unchanged": unchanged, "removed": removed}
