"""Stage 9 — write the generated files into the docs directory.

The generator owns only the paths in ``OWNED``; everything else in the docs
directory is hand-written and never touched. Files whose bytes are unchanged
are not rewritten, and generated files that are no longer produced are removed.
All content is computed before the first write, so a bad source page stops
the run before anything on disk changes.
"""

from __future__ import annotations

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


def owned_files_on_disk(docs_dir: Path) -> set[str]:
    found = {f for f in OWNED_FILES if (docs_dir / f).is_file()}
    for d in OWNED_DIRS:
        if (docs_dir / d).is_dir():
            found |= {p.relative_to(docs_dir).as_posix() for p in (docs_dir / d).rglob("*") if p.is_file()}
    return found


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; these are published
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def publish(files: dict[str, bytes], docs_dir: Path) -> dict[str, list[str]]:
    """Sync the owned part of ``docs_dir`` with ``files``; report what changed."""
    outside = sorted(p for p in files if not is_owned(p) or ".." in p.split("/"))
    if outside:
        raise ValueError(f"refusing to write outside the generated paths: {outside[:3]}")
    docs_dir.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], []
    for rel in sorted(files):
        path = docs_dir / rel
        if path.is_file() and path.read_bytes() == files[rel]:
            unchanged.append(rel)
            continue
        _atomic_write(path, files[rel])
        written.append(rel)
    removed = sorted(owned_files_on_disk(docs_dir) - set(files))
    for rel in removed:
        (docs_dir / rel).unlink()
    for d in OWNED_DIRS:
        for sub in sorted((docs_dir / d).glob("**/"), key=lambda p: len(p.parts), reverse=True):
            if sub.is_dir() and not any(sub.iterdir()):
                sub.rmdir()
    return {"written": written, "unchanged": unchanged, "removed": removed}
