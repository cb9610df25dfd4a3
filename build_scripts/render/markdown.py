"""Markdown that renders as the text it holds, and front matter.

Speech text is escaped so that whatever a scraped page contains ("穗字[****]6号",
"_____*年", "<script>") shows literally and never becomes markup; template
placeholders are then wrapped in ``<mark>`` (the text
inside still escaped). Front matter is YAML as PyYAML writes it, never
formatted by hand: ``front_matter`` writes the very same text itself, faster,
where it can be sure to (see ``_fast_yaml``), and has PyYAML write the rest.
"""

from __future__ import annotations

import re
import urllib.parse

from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:  # a type only: MkDocs' Markdown extension (placeholder_marks.py) imports this module without OpenCC
    from ..editions.convert import Script


# Pieces made with an edition's script that recur from page to page (a
# paragraph's ¶ link, a facet value's link, a speech's title, its line in
# other speeches' related lists) are made once per script: kept in its
# ``memo`` (editions/convert.py), by what they are made of, so a piece is the
# same whichever page asks. A piece is made where it is first needed, so
# ``t`` sees its strings in the order it always did; a call of ``t`` skipped
# later would only return again what it returned then.
_MEMO_LIMIT = 100_000  # pieces kept per script; then it starts again


def script_memo(t: Script) -> dict:
    """The pieces made with ``t`` so far (nothing kept for a function that
    carries no memo)."""
    memo = getattr(t, "memo", None)
    if memo is None:
        return {}
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    return memo


def converted_markdown(text: str, t: Script, memo: dict) -> str:
    """``escape_markdown(t(text))``, made once per converter (titles, names);
    ``memo`` is ``script_memo(t)``, looked up once by the caller."""
    key = ("md", text)
    out = memo.get(key)
    if out is None:
        out = memo[key] = escape_markdown(t(text))
    return out


# Characters Python-Markdown gives meaning to anywhere in a line, and their
# literal forms. "<", ">" and "&" become entities so no HTML gets through; the
# others take the backslash escapes Python-Markdown knows.
_INLINE_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "[": "\\[",
    "]": "\\]",
    "#": "\\#",
    "!": "\\!",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
}


_INLINE = re.compile("|".join(re.escape(c) for c in _INLINE_ESCAPES))


# Line starts that would open a list, a numbered list or a rule ("---").
_LIST_START = re.compile(r"^([-+])|^(\d+)([.)])(?=\s|$)")


def _escape_inline(text: str) -> str:
    return _INLINE.sub(lambda m: _INLINE_ESCAPES[m.group(0)], text)


def _escape_line_start(text: str) -> str:
    first = text[:1]
    if first != "-" and first != "+" and not first.isdecimal():  # \d: a decimal digit
        return text  # most lines: nothing to escape, no regex to run
    return _LIST_START.sub(lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", text)


def escape_markdown(text: str) -> str:
    """Text that renders as itself: no emphasis, link, heading, list or HTML."""
    text = " ".join(text.split())  # no line breaks or indentation inside a block
    return _escape_line_start(_escape_inline(text))


# Template placeholders: the blanks a 范文 leaves for the user to fill in.
_LATIN = "A-Za-zＡ-Ｚａ-ｚ"


PLACEHOLDER = re.compile(
    # The lookahead lets the regex skip at once the positions where no
    # placeholder can start (ten times faster on a long paragraph).
    "(?=[12xXｘＸ×*＊_＿○某])(?:"
    + "|".join(
        (
            rf"(?<![{_LATIN}0-9])(?:19|20)\d?[xXｘＸ]{{1,2}}(?![{_LATIN}])",  # 20xx, 201x (a year)
            rf"(?<![{_LATIN}0-9])[xXｘＸ]{{2,}}(?![{_LATIN}])",  # xx, XX, ｘｘ, xxxx
            rf"(?<![{_LATIN}0-9])[xXｘＸ×](?=[年月日号])",  # x月x日
            r"[*＊_＿]{2,}",  # ****, ***, ____, _____* (stars and underscores, mixed)
            r"×{2,}|○{2,}",  # ×××, ○○
            r"某{2,}",  # 某某 (a name left out: 某某同志, 某某市)
        )
    )
    + ")"
)


# A character every placeholder contains.
_PLACEHOLDER_HINT = re.compile("[xXｘＸ×*＊_＿○某]")


def placeholders(text: str) -> list[tuple[int, int]]:
    """Where the template placeholders of a speech text are, as (start, end).

    A placeholder is a blank the 范文 leaves for whoever uses the template:

    - ``xx``, ``XX``, ``ｘｘ``, ``xxxx``: two or more x (half- or full-width),
      not part of a Latin word ("xx市", "党的xx大", not "xxl" or "box");
    - ``20xx``, ``201x``: a year with x for its last digits;
    - ``x月x日``: a single x (or ×) right before 年/月/日/号;
    - ``****``, ``***``, ``____``, ``___``, ``_____*``: two or more stars or
      underscores (half- or full-width), mixed or not ("穗字[****]6号",
      "_____*年");
    - ``×××``, ``○○``: two or more multiplication signs or white circles;
    - ``某某``: two or more 某 (a name or place left out: 某某同志); a single
      某 is ordinary language (某些, 某种) and is not marked.

    The text is kept as it is; the page only highlights these spans."""
    if not _PLACEHOLDER_HINT.search(text):  # most paragraphs: one quick scan
        return []
    return [m.span() for m in PLACEHOLDER.finditer(text)]


# libyaml's emitter when PyYAML has it (five times faster, the same text).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(data: dict) -> str:
    dumped = _fast_yaml(data) if _FAST_YAML else None
    if dumped is None:
        dumped = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{dumped}---\n"


# Front matter is most of the time of a page when PyYAML writes it: its
# representer is pure Python. ``_fast_yaml`` writes the same text for the
# shapes the pages use (a mapping of strings, numbers, booleans, None, lists
# of those and lists of such mappings) and gives up, for ``yaml.dump`` to
# write it, on anything it cannot be sure to write as libyaml does: a string
# with a control character, a line break, a character outside the Basic
# Multilingual Plane (libyaml escapes those), or long enough to be folded, and
# the few plain-looking strings whose first character may or may not make
# libyaml quote them. tests/test_render_markdown.py compares the two.
_FAST_YAML = _DUMPER is getattr(yaml, "CSafeDumper", None)


_STR_TAG = "tag:yaml.org,2002:str"


_RESOLVE = yaml.resolver.Resolver().resolve  # what yaml.dump asks: would the plain text read back as a string?


# Characters libyaml writes as they are, in plain or single-quoted scalars
# (allow_unicode): printable, no line break (U+2028, U+2029), no BOM.
_YAML_SAFE = re.compile("[ -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


# A plain scalar cannot start with these (libyaml's indicators): quoted.
_YAML_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")


# Lines far shorter than the dump's width (1000) are never folded: a scalar
# of at most 400 characters, after a key of at most 40 and an indentation of
# at most 40 columns.
_YAML_MAX_SCALAR = 400


_YAML_KEY = re.compile("[a-z][a-z_]{0,39}")


_YAML_MAX_INDENT = 40


# Short strings (names, dates, categories: they recur) → how yaml.dump writes them (None: unsure).
_YAML_SCALARS: dict[str, str | None] = {}


_YAML_CACHED = 40  # characters; longer strings (descriptions, titles) are rarely seen twice


def _yaml_str(s: str) -> str | None:
    """How yaml.dump writes ``s`` as a value in block context, or None when unsure."""
    if len(s) > _YAML_MAX_SCALAR or not _YAML_SAFE.fullmatch(s):
        return None
    if not s:
        return "''"
    first = s[0]
    if (
        first in _YAML_INDICATORS
        or first == " "
        or s[-1] in " :"
        or ": " in s
        or " #" in s
        or _RESOLVE(yaml.ScalarNode, s, (True, False)) != _STR_TAG
    ):
        # Not plain (an indicator, a space at an end, or it would read back
        # as a number, date, boolean or null), and single quotes can hold it.
        return "'" + s.replace("'", "''") + "'"
    if first == "." and not s.startswith("..."):
        return s  # "../x/" (a page's address): plain; "..." would end the document
    if first in "-?:.":  # plain or quoted, depending on what follows ("- x", "---", "...")
        return None
    return s


def _yaml_scalar(value) -> str | None:
    kind = type(value)
    if kind is str:
        if len(value) > _YAML_CACHED:
            return _yaml_str(value)
        try:
            return _YAML_SCALARS[value]
        except KeyError:
            if len(_YAML_SCALARS) > 100_000:
                _YAML_SCALARS.clear()
            out = _YAML_SCALARS[value] = _yaml_str(value)
            return out
    if kind is int:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if value is None:
        return "null"
    return None


def _yaml_mapping(data: dict, indent: str, first: str, lines: list[str], seen: set[int]) -> bool:
    """Append the block mapping's lines (the first one led by ``first``); False if unsure."""
    if id(data) in seen or len(indent) > _YAML_MAX_INDENT:  # the same object twice: an anchor and an alias
        return False
    seen.add(id(data))
    lead = first
    for key, value in data.items():
        if type(key) is not str or not _YAML_KEY.fullmatch(key) or _yaml_scalar(key) != key:
            return False
        kind = type(value)
        if (kind is list or kind is dict) and id(value) in seen:
            return False
        if kind is list:
            if not value:
                seen.add(id(value))
                lines.append(f"{lead}{key}: []")
            else:
                lines.append(f"{lead}{key}:")
                if not _yaml_sequence(value, indent, lines, seen):  # indentless, as libyaml writes it
                    return False
        elif kind is dict:
            if not value:
                seen.add(id(value))
                lines.append(f"{lead}{key}: {{}}")
            else:
                lines.append(f"{lead}{key}:")
                inner = indent + "  "
                if not _yaml_mapping(value, inner, inner, lines, seen):
                    return False
        else:
            text = _yaml_scalar(value)
            if text is None:
                return False
            lines.append(f"{lead}{key}: {text}")
        lead = indent
    return True


def _yaml_sequence(items: list, indent: str, lines: list[str], seen: set[int]) -> bool:
    if id(items) in seen:
        return False
    seen.add(id(items))
    for item in items:
        kind = type(item)
        if (kind is list or kind is dict) and id(item) in seen:
            return False
        if kind is dict:
            if not item:
                seen.add(id(item))
                lines.append(f"{indent}- {{}}")
            elif not _yaml_mapping(item, indent + "  ", f"{indent}- ", lines, seen):
                return False
        elif kind is list:
            if item:
                return False  # a list in a list: not in the pages, yaml.dump writes it
            seen.add(id(item))
            lines.append(f"{indent}- []")
        else:
            text = _yaml_scalar(item)
            if text is None:
                return False
            lines.append(f"{indent}- {text}")
    return True


def _fast_yaml(data) -> str | None:
    """``yaml.dump(data, …)`` as ``front_matter`` calls it, or None when unsure."""
    if type(data) is not dict or not data:
        return None
    lines: list[str] = []
    if not _yaml_mapping(data, "", "", lines, set()):
        return None
    lines.append("")
    return "\n".join(lines)


def page_head(data: dict, title: str, facts: list[str | tuple[str, str]]) -> list[str]:
    """Front matter, the title (its id fixed: a slug of it would differ
    between editions) and the line of facts under it."""
    return [front_matter(data), f"# {escape_markdown(title)} {{#title}}", "", fact_line(facts), "{: .speech-meta }", ""]


def fact_line(facts: list[str | tuple[str, str]]) -> str:
    """Facts (Markdown, or Markdown and a class of its own) joined by " · ",
    each in a span that wraps as a whole (extra.css, .fact) with the
    separator after it: a line never breaks inside a fact, or its link,
    unless the fact is longer than the line, and never starts with "·"."""
    last = len(facts) - 1
    spans = []
    for i, fact in enumerate(facts):
        text, kind = (fact, "") if isinstance(fact, str) else fact
        spans.append(f'<span class="fact{" " + kind if kind else ""}">{text}{" ·" if i < last else ""}</span>')
    return " ".join(spans)


def link_destination(url: str) -> str:
    """A web address as a Markdown link's destination: every character that
    could end it or start markup percent-encoded (the address was checked
    to be http(s) when its pages.tsv was read)."""
    return urllib.parse.quote(url, safe=":/?#@!$&*+,;=%~-._")


