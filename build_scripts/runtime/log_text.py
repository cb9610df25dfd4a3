"""Text from the sources in logs, error lines and the CI job summary: shown,
never obeyed.

File names and titles come from whoever wrote a source page or a pull
request. In a log they must not break a line or hide text (control and
format characters, line and paragraph separators are written as escapes,
``\\n``, ``\\u202e``), nor become a command: GitHub Actions obeys a log
line that starts with ``::`` (after spaces), such as ``::error::`` or
``::add-mask::``, so such a line's first colon is written ``\\x3a``.
"""

from __future__ import annotations

import unicodedata

# Characters that are not text on a line: control (Cc) and format (Cf,
# e.g. bidirectional overrides, zero-width ones) characters, and line and
# paragraph separators.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def hidden(ch: str) -> bool:
    return unicodedata.category(ch) in HIDDEN_CATEGORIES


def escape(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT:
        return _SHORT[ch]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` with every hidden character written as an escape."""
    if text.isprintable():  # nearly always: nothing to look at
        return text
    return "".join(escape(ch) if hidden(ch) else ch for ch in text)


def log_line(text: str) -> str:
    """One line for a log: ``printable``, and never a workflow command."""
    line = printable(text)
    stripped = line.lstrip()
    if stripped.startswith("::"):
        start = len(line) - len(stripped)
        line = line[:start] + "\\x3a" + line[start + 1 :]
    return line
