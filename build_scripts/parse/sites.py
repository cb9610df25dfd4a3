"""Which site a source page comes from, and where it was found.

A page's site is the folder it lies in under ``sources/``: one folder per
site, named after it (its host, ``www.example.com``, is the clearest name).
Pages of one site are grouped for template learning (``templates.py``) and
take that site's knowledge file (``knowledge/sites/*.yml``, by host).
Pages directly in ``sources/`` belong to no known site.

A folder may hold a sidecar, ``pages.tsv``, listing where each of its pages
was found, one page a line (``#`` starts a comment)::

    # file	url	retrieved
    jianghua-2024.txt	https://www.example.com/a/123.html	2024-11-20

``url`` is the page's address (shown with its provenance; when a page lies
directly in ``sources/``, the URL's host is its site); ``retrieved``, the
day it was saved (YYYY-MM-DD), may be left out. A line the build cannot
use stops it with one line naming the file and the line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import SourceError
from ..model import SourcePage

SIDECAR = "pages.tsv"
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


@dataclass(frozen=True)
class Origin:
    """Where a page was found."""

    url: str
    retrieved: str | None  # ISO date


def read_origins(sources: Path) -> dict[str, Origin]:
    """Every sidecar's entries, by page name (its path in ``sources/``)."""
    origins: dict[str, Origin] = {}
    for sidecar in sorted(sources.rglob(SIDECAR)):
        if not sidecar.is_file():
            continue
        folder = sidecar.parent.relative_to(sources).as_posix()
        prefix = "" if folder == "." else folder + "/"
        shown = sidecar.relative_to(sources.parent).as_posix() if sources.parent != sources else str(sidecar)
        origins.update(parse_sidecar(_read(sidecar, shown), shown, prefix, sidecar.parent))
    return origins


def _read(path: Path, shown: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(shown, "not UTF-8 text") from None
    except OSError as error:
        raise SourceError(shown, f"cannot read it: {error.strerror or error}") from None


def parse_sidecar(text: str, shown: str, prefix: str, folder: Path | None = None) -> dict[str, Origin]:
    found: dict[str, Origin] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (2, 3):
            raise SourceError(shown, f"expected 'file<TAB>url' or 'file<TAB>url<TAB>retrieved', found {len(fields)} field(s)", number)
        name, url = fields[0].strip(), fields[1].strip()
        retrieved = fields[2].strip() if len(fields) == 3 and fields[2].strip() else None
        if not name or "/" in name or name in (".", ".."):
            raise SourceError(shown, f"{name!r} is not the name of a page in this folder", number)
        if folder is not None and not (folder / name).is_file():
            raise SourceError(shown, f"lists {name!r}, which is not in this folder", number)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not _HOST.fullmatch(parts.hostname or ""):
            raise SourceError(shown, f"{url!r} is not an http(s) address", number)
        if retrieved is not None:
            try:
                datetime.date.fromisoformat(retrieved)
            except ValueError:
                raise SourceError(shown, f"retrieved {retrieved!r} is not a date (YYYY-MM-DD)", number) from None
        if prefix + name in found:
            raise SourceError(shown, f"{name!r} is listed twice", number)
        found[prefix + name] = Origin(url, retrieved)
    return found


def site_of(file: str, origin: Origin | None) -> str | None:
    """The site of a page: its folder under sources/, else its URL's host."""
    if "/" in file:
        return file.split("/", 1)[0]
    if origin is not None:
        return (urlsplit(origin.url).hostname or "").lower() or None
    return None


def with_origins(pages: list[SourcePage], origins: dict[str, Origin]) -> list[SourcePage]:
    """The pages with their site, URL and retrieval date filled in."""
    placed = []
    for page in pages:
        origin = origins.get(page.file)
        placed.append(
            replace(page, site=site_of(page.file, origin), url=origin.url if origin else None,
                    retrieved=origin.retrieved if origin else None)
        )
    return placed
