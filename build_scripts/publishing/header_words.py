"""A MkDocs hook that writes the edition's words into its copies of
javascripts/header.js and javascripts/words.js.

The header's script builds the colour scheme toggle (Material's palette),
whose buttons are named in the edition's script: mkdocs.yml and
mkdocs.zh-Hant.yml hold the names (theme.palette, toggle.name). Written into
the edition's one script file, they cost nothing per page, where a list on the
script tag of every page would. Until this hook has run (a file served as
the docs folder holds it), the script finds no names and builds no toggle.

The search's words (its button's name, the dialog's labels and statuses:
extra.words of the edition's configuration, as javascripts/search.js reads
them) go into the edition's javascripts/words.js, which the build writes
(render/speech_page.py, words_script) with a place for them: they are the
configuration's, hand-written for each edition (Taiwan's 搜尋, which no
character conversion of 搜索 gives), and every page loads that file from the
browser's cache instead of carrying them. Until this hook has run, the
search finds no words and builds no dialog.

mkdocs.yml names this file under ``hooks``, beside minify_pages.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_scripts.render.paths import SEARCH_WORDS_PLACEHOLDER as SEARCH_PLACEHOLDER
from build_scripts.render.paths import WORDS_SCRIPT

SCRIPT = "javascripts/header.js"
# What the script holds in place of the names: a list of none.
PLACEHOLDER = "/* palette names */ null"
# extra.words' keys, in the order javascripts/search.js reads them.
SEARCH_WORDS = (
    "search", "search_title", "search_speeches", "search_placeholder", "close", "search_results",
    "search_none", "search_count", "search_more", "search_error",
)


def names(config) -> list[str] | None:
    """The toggle names of the edition's palette, in its order, or None
    without a palette of several schemes."""
    palette = config["theme"].get("palette")
    if not palette or isinstance(palette, dict):
        return None
    return [(option.get("toggle") or {}).get("name", "") for option in palette]


def search_words(config) -> list[str] | None:
    """The search's words in the edition's script, in SEARCH_WORDS' order."""
    words = (config.get("extra") or {}).get("words") or {}
    return [str(words.get(key, "")) for key in SEARCH_WORDS] if words else None


def _fill(path: Path, placeholder: str, words: list[str] | None) -> None:
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    # A JSON array is a JavaScript array; "<" escaped all the same.
    value = json.dumps(words, ensure_ascii=False).replace("<", "\\u003c")
    path.write_text(text.replace(placeholder, value, 1), encoding="utf-8")


def on_post_build(config, **kwargs) -> None:
    site = Path(config["site_dir"])
    _fill(site / SCRIPT, PLACEHOLDER, names(config))
    _fill(site / WORDS_SCRIPT, SEARCH_PLACEHOLDER, search_words(config))
