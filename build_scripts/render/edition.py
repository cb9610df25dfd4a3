"""An edition's docs tree, rendered."""

from __future__ import annotations

import re

from ..editions.usage import site_words

_ATX_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*$")


def convert_handwritten_markdown(text: str, t) -> str:
    """A hand-written Simplified page in the edition's script and usage
    (site_words). Headings get an explicit id taken from the Simplified
    text, so anchors match across editions."""
    out = []
    fenced = False
    for line in text.split("\n"):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _ATX_HEADING.match(line)
        if m and not m.group(2).endswith("}"):
            slug = re.sub(r"[^\w-]+", "-", m.group(2).lower()).strip("-")
            out.append(f"{m.group(1)} {site_words(t(m.group(2)))} {{#{slug}}}")
        else:
            out.append(site_words(t(line)) if not fenced else line)
    return "\n".join(out)
