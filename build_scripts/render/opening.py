"""A speech's opening words, past its salutation: the link previews and
<meta name="description"> of its page, the feed, and the lists of the
index pages show them."""

from __future__ import annotations

import re

from ..model import Speech

_SALUTATION = re.compile(r".{1,16}[：:]")

# What a search result or a link preview shows of a page's description: Google
# sets it in 14 px type and cuts it at about 920 px on a desktop (two lines),
# and a Han character is a full em wide, so about 65 characters show; guides
# for Chinese pages put the most any engine or preview shows at 75 to 100.
# More is bytes on every page (twice: <meta name=description> and
# og:description) that nobody is shown.
PREVIEW_CHARACTERS = 80


def description(speech: Speech, limit: int = PREVIEW_CHARACTERS) -> str:
    """The opening of the speech, past its salutation, for previews and <meta>."""
    text = _opening(speech)
    return text if len(text) <= limit else text[:limit] + "……"


def opening_words(speech: Speech, limit: int) -> str:
    """The opening's first ``limit`` characters, "…" after them when it goes
    on: for a box that cuts them with an ellipsis of its own (index pages),
    where the text's own shows only if they are narrower than the box."""
    text = _opening(speech)
    return text if len(text) <= limit else text[:limit] + "…"


def _opening(speech: Speech) -> str:
    paragraphs = [b.text for b in speech.blocks if b.kind == "paragraph"]
    # A salutation ("同志们：") is 2 to 17 characters long: most paragraphs are not even tried.
    body = [p for p in paragraphs if not (len(p) <= 17 and _SALUTATION.fullmatch(p))] or paragraphs
    return "".join(body)
