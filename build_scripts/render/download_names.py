"""The file name a reader's browser saves a download under.

A file saved as ``chengshi-gongzuo-….docx`` says nothing in a folder: the
download links carry a ``download`` attribute instead, naming the file by
the title and the edition: "在城市工作领导小组会议上讲话（简体）.docx". The
speech page's script writes those links and their names (docs/javascripts/
downloads.js, from the title the page shows, the edition's label in
javascripts/words.js: EDITION_LABELS); this is the reference it follows
(tests/test_downloads_browser.py holds the two equal).

The title is scraped text, so the name is made safe for every file system
and for an attribute list it may be written in (``{: download="…" }``):

- characters that are not text are dropped: controls, format characters
  (zero-width joiners, bidirectional overrides that could make "gpj.exe"
  read as "exe.jpg"), surrogates, private-use and unassigned code points;
- runs of white space become one space;
- ASCII punctuation becomes its full-width form, as Chinese text writes it
  ("<b>" → "＜b＞", "a/b" → "a／b", "*" → "＊"): none of the characters
  Windows forbids in a name (``\\ / : * ? " < > |``) or Markdown and the
  attribute list read (``` ` _ * [ ] { } ! & # ```) is left. Only
  ``( ) , - .``, inert everywhere, stay as they are;
- leading dots, hyphens and spaces go (a hidden file, an option to a shell
  command);
- the title is cut to TITLE_CHARACTERS characters and TITLE_BYTES bytes of
  UTF-8, with "…" where it was cut: the whole name stays well under the
  255 bytes (ext4) or UTF-16 units (NTFS, APFS) a name may have.

The edition's label and the extension always follow the title, so the name
never ends in a dot or a space and is never a reserved device name
(CON, NUL, …) on Windows. A title with nothing left falls back to the id.
"""

from __future__ import annotations

import unicodedata

# How each edition names itself in a file name.
EDITION_LABELS = {"zh-Hans": "简体", "zh-Hant": "繁體"}
TITLE_CHARACTERS = 60
TITLE_BYTES = 180
_KEEP = "()-.,"
_FULL_WIDTH = {
    ord(c): chr(ord(c) + 0xFEE0) for c in "!\"#$%&'*+/:;<=>?@[\\]^_`{|}~" if c not in _KEEP
}
_NOT_TEXT = {"Cc", "Cf", "Cs", "Co", "Cn"}


def download_name(title: str, lang: str, extension: str, fallback: str) -> str:
    """The name to save ``title``'s download under: "<title>（<edition>）.<extension>".
    ``lang`` is the edition's code; ``fallback`` (the speech's id) stands
    for a title with no character left."""
    return f"{safe_title(title) or fallback}（{EDITION_LABELS[lang]}）.{extension}"


def safe_title(title: str) -> str:
    """``title`` as the first part of a file name (see the module doc)."""
    text = unicodedata.normalize("NFC", title)
    text = "".join(
        " " if c.isspace() else c for c in text if c.isspace() or unicodedata.category(c) not in _NOT_TEXT
    )
    text = " ".join(text.split()).translate(_FULL_WIDTH).lstrip(".- ")
    cut = text[:TITLE_CHARACTERS]
    while len(cut.encode("utf-8")) > TITLE_BYTES:
        cut = cut[:-1]
    if cut != text:
        cut = cut.rstrip(".- ") + "…"
    return cut
