"""A site of a few source pages alone, to look at while adding them.

Regenerating a whole corpus takes about a minute at 10,000 speeches, and
MkDocs then rebuilds every page for four more (it has no incremental build);
a contributor checking how a new page splits and reads should not wait for
that. ``python -m build_scripts preview PAGE…`` builds, in a scratch project,
the site of the given pages only, with the project's configuration and
hand-written files: a few seconds, whatever the size of the corpus.

The scratch project holds a copy of the ids ledger, so a speech already
published keeps its id and a new one gets the id the full build would give
it; the ledger itself is never written. What the preview cannot show is
what depends on the other pages: related speeches in them, and copies
merged with a speech of theirs (those a published speech holds are found,
by the ledger's fingerprints). The pull request's build shows those.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..editions.registry import EDITIONS
from ..errors import SourceError
from ..corpus.ledger import read_ledger
from .publish import is_owned
from ..parse.decode import SOURCE_SUFFIXES
from ..corpus.stable_ids import LEDGER

DEFAULT_FOLDER = Path(".cache") / "preview"
# What a project is besides its sources and docs/: the editions' MkDocs
# configurations and its settings.
PROJECT_FILES = (*(edition.mkdocs_config for edition in EDITIONS), "pyproject.toml")
SITE = "site"  # the preview's site, in the scratch project
# Left in the scratch project: only a folder holding it is ever emptied, so
# that a mistyped --folder (the project itself, say) is refused, not wiped.
MARKER = ".speech-library-preview"


def preview_project(project: Path, pages: list[Path], folder: Path) -> Path:
    """Make ``folder`` a project of its own holding ``pages`` as its sources,
    with ``project``'s ids ledger, configuration and hand-written docs (none
    of the generated ones); returns its sources folder. What ``folder`` held
    is replaced, once the pages are known to exist, but for the site an
    earlier preview built: the build replaces it only when it succeeds."""
    for inner in ("sources", "docs"):
        if _within(folder, project / inner):
            raise SourceError(str(folder), f"is inside the project's {inner}/, which the build reads: choose another folder")
    if folder.exists() and not (folder / MARKER).is_file() and (not folder.is_dir() or any(folder.iterdir())):
        raise SourceError(str(folder), f"is not an earlier preview (it has no {MARKER}): choose an empty or new folder")
    names: dict[str, Path] = {}
    for path in pages:
        if not path.is_file():
            raise SourceError(str(path), "no such source page")
        if _within(path, folder):
            raise SourceError(str(path), "is the preview's own copy, replaced by this run: give the page's own path")
        if path.suffix not in SOURCE_SUFFIXES:
            raise SourceError(str(path), f"not a source page (its name must end in {' or '.join(sorted(SOURCE_SUFFIXES))})")
        name = _name_in_sources(project / "sources", path)
        if name in names:
            raise SourceError(str(path), f"has the same name as {names[name]}: a source page's name is its id")
        names[name] = path
    read_ledger(project / "sources")  # a damaged ledger is named where it is, not as the copy
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name in (SITE, MARKER):
                continue
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            else:
                old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("made by python -m build_scripts preview; replaced on each run\n", encoding="utf-8")
    sources = folder / "sources"
    for name, path in names.items():
        (sources / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, sources / name)
    if (project / "sources" / LEDGER).is_file():
        shutil.copyfile(project / "sources" / LEDGER, sources / LEDGER)
    copy_project_files(project, folder)
    return sources


def copy_project_files(project: Path, dest: Path) -> None:
    """Copy into ``dest`` what ``project`` is besides its sources: its
    configuration and its hand-written docs (none of the generated files).
    A preview, the benchmark and the tests each build in such a copy."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        if (project / name).is_file():
            shutil.copy2(project / name, dest / name)
    docs = project / "docs"
    if docs.is_dir():
        shutil.copytree(docs, dest / "docs", ignore=_generated(docs))


def _name_in_sources(sources: Path, path: Path) -> str:
    """The page's name as the build knows it (its path in sources/, which
    the collection's provenance shows), or its file name when it lies
    elsewhere (a page not yet added)."""
    if _within(path, sources):
        return _absolute(path).relative_to(_absolute(sources)).as_posix()
    return path.name


def _absolute(path: Path) -> Path:
    """The path from the root, ".." resolved but not symbolic links (a
    linked page keeps its place in sources/)."""
    return Path(os.path.abspath(path))


def _within(path: Path, folder: Path) -> bool:
    return _absolute(path).is_relative_to(_absolute(folder))


def _generated(docs: Path):
    """shutil.copytree's ignore: the generated files and folders of docs/."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        base = Path(folder).relative_to(docs).as_posix()
        prefix = "" if base == "." else base + "/"
        return {n for n in names if is_owned(prefix + n)}

    return ignore
