"""A speech's opening words, past its salutation: the link previews and
<meta name="description"> of its page, the feed, and the lists of the
index pages show them."""

from __future__ import annotations

import re

from ..model import Speech

_SALUTATION = re.compile(r".{1,16}[：:]")


def description(speech: Speech, limit: int = 120) -> str:
    """The opening of the speech, past its salutation, for previews and <meta>."""
    paragraphs = [b.text for b in speech.blocks if b.kind == "paragraph"]
    # A salutation ("同志们：") is 2 to 17 characters long: most paragraphs are not even tried.
    body = [p for p in paragraphs if not (len(p) <= 17 and _SALUTATION.fullmatch(p))] or paragraphs
    text = "".join(body)
    return text if len(text) <= limit else text[:limit] + "……"
