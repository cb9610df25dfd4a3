"""A MkDocs hook that writes the edition's words into its copy of
javascripts/header.js.

The header's script builds the colour scheme toggle (Material's palette),
whose buttons are named in the edition's script: mkdocs.yml and
mkdocs.zh-Hant.yml hold the names (theme.palette, toggle.name). Written into
the edition's one script file, they cost nothing per page, where a list on the
script tag of every page would. Until this hook has run (a file served as
the docs folder holds it), the script finds no names and builds no toggle.

mkdocs.yml names this file under ``hooks``, beside minify_pages.py.
"""

from __future__ import annotations

import json
from pathlib import Path

SCRIPT = "javascripts/header.js"
# What the script holds in place of the names: a list of none.
PLACEHOLDER = "/* palette names */ null"


def names(config) -> list[str] | None:
    """The toggle names of the edition's palette, in its order, or None
    without a palette of several schemes."""
    palette = config["theme"].get("palette")
    if not palette or isinstance(palette, dict):
        return None
    return [(option.get("toggle") or {}).get("name", "") for option in palette]


def on_post_build(config, **kwargs) -> None:
    path = Path(config["site_dir"]) / SCRIPT
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    # A JSON array is a JavaScript array; "<" escaped all the same.
    words = json.dumps(names(config), ensure_ascii=False).replace("<", "\\u003c")
    path.write_text(text.replace(PLACEHOLDER, words, 1), encoding="utf-8")
