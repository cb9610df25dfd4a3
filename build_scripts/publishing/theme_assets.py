"""A MkDocs hook that leaves out of the site the theme's files no page uses.

Material copies its whole assets/ folder into each edition: the worker and
the lunr language files of its built-in search (the site has its own search,
javascripts/search.js, and no search plugin) and the source maps of its
bundle and stylesheets, which only a browser's developer tools fetch. They
are about 2.3 MB per edition, a thousand times a speech page, that GitHub
Pages would publish (at most 1 GB) and no reader downloads. The bundle and
stylesheets name their maps in a last ``sourceMappingURL`` comment: it goes
too, so nothing links to a file that is not there.

mkdocs.yml names this file under ``hooks``, beside minify_pages.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

# Folders and files of Material's assets/ the site does not publish.
UNUSED_FOLDERS = ("assets/javascripts/lunr", "assets/javascripts/workers")
UNUSED_SUFFIX = ".map"
# The comment that names a script's or stylesheet's source map.
_SOURCE_MAP = re.compile(rb"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^\n]*?\*/)\s*\Z")


def prune(site: Path) -> None:
    """Remove from the edition's built ``site`` the theme's unused files."""
    for folder in UNUSED_FOLDERS:
        shutil.rmtree(site / folder, ignore_errors=True)
    assets = site / "assets"
    if not assets.is_dir():
        return
    for path in sorted(assets.rglob("*")):
        if not path.is_file():
            continue
        if path.name.endswith(UNUSED_SUFFIX):
            path.unlink()
        elif path.suffix in (".js", ".css"):
            data = path.read_bytes()
            kept = _SOURCE_MAP.sub(b"", data)
            if kept != data:
                path.write_bytes(kept)


def on_post_build(config, **kwargs) -> None:
    prune(Path(config["site_dir"]))
