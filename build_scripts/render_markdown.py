"""Stage 7 — render speeches, collections and the home page as Markdown.

Speech text is escaped so that whatever a scraped page contains ("穗字[****]6号",
"_____*年", "<script>") shows literally and never becomes markup; template
placeholders are then wrapped in ``<mark class="placeholder">`` (the text
inside still escaped). Front matter is YAML as PyYAML writes it, never
formatted by hand: ``front_matter`` writes the very same text itself, faster,
where it can be sure to (see ``_fast_yaml``), and has PyYAML write the rest.

A speech page also carries its reading aids: reading time, a ¶ link on every
paragraph, the placeholder switch, what merged copies say differently
(``collate.py``), a citation, related speeches (``related.py``) and the
previous and next speech of its collection. Every string of them goes through
the edition's converter ``t``; docs/javascripts/reader.js makes the buttons work.
"""

from __future__ import annotations

import html
import math
import re
import urllib.parse
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import yaml

from .collate import CopyCollation, Reading, collate
from .convert_variant import site_words
from .download_names import download_name
from .model import CleanCopy, Collection, Speech
from .related import related_speeches

if TYPE_CHECKING:  # find_facets imports this module
    from .find_facets import Facets

# Turns Simplified text into the edition's script; identity for Simplified.
Script = Callable[[str], str]


def same_script(text: str) -> str:
    return text


# Pieces made with an edition's converter that recur from page to page (a
# paragraph's ¶ link, a facet value's link, a speech's title, its line in
# other speeches' related lists) are made once per converter: kept with it,
# by what they are made of, so a piece is the same whichever page asks. A
# piece is made where it is first needed, so ``t`` sees its strings in the
# order it always did; a call of ``t`` skipped later would only return again
# what it returned then (RecordingScript has it recorded already).
_MEMOS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MEMO_LIMIT = 100_000  # pieces kept per converter; then it starts again


def script_memo(t: Script) -> dict:
    """The pieces made with ``t`` so far, for as long as ``t`` lives."""
    try:
        memo = _MEMOS.get(t)
    except TypeError:  # a converter that cannot be weakly referenced: keep nothing
        return {}
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = _MEMOS[t] = {}
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


def marked_markdown(text: str) -> tuple[str, int]:
    """``escape_markdown(text)`` with each template placeholder wrapped in
    ``<mark class="placeholder">``, and the number of placeholders. The mark is
    added after escaping, so the placeholder itself still renders literally."""
    text = " ".join(text.split())
    spans = placeholders(text)
    if not spans:
        return _escape_line_start(_escape_inline(text)), 0  # escape_markdown(text): already one line
    out, last = [], 0
    for start, end in spans:
        out.append(_escape_inline(text[last:start]))
        out.append(f'<mark class="placeholder">{_escape_inline(text[start:end])}</mark>')
        last = end
    out.append(_escape_inline(text[last:]))
    return _escape_line_start("".join(out)), len(spans)


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
    if first in "-?:.":  # plain or quoted, depending on what follows ("- x", "---")
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


def speech_url(speech_id: str) -> str:
    return f"speeches/{speech_id}/"


def speech_path(speech_id: str) -> str:
    return f"speeches/{speech_id}.md"


def download_path(speech_id: str, extension: str) -> str:
    """The speech as a file (docx, txt) beside its page."""
    return f"speeches/{speech_id}.{extension}"


# As mkdocs.yml names the site (each edition converts it).
SITE_NAME = "讲话稿文库"
# Each edition's Markdown pages and the catalog, as one zip.
CORPUS_ZIP = "downloads/corpus-markdown.zip"


def collection_url(collection_id: str) -> str:
    return f"collections/{collection_id}/"


def collection_path(collection_id: str) -> str:
    return f"collections/{collection_id}.md"


def characters(speech: Speech) -> int:
    """字数 as Chinese editors count it: every character but whitespace."""
    return speech.characters


_SALUTATION = re.compile(r".{1,16}[：:]")


def description(speech: Speech, limit: int = 120) -> str:
    """The opening of the speech, past its salutation, for previews and <meta>."""
    paragraphs = [b.text for b in speech.blocks if b.kind == "paragraph"]
    # A salutation ("同志们：") is 2 to 17 characters long: most paragraphs are not even tried.
    body = [p for p in paragraphs if not (len(p) <= 17 and _SALUTATION.fullmatch(p))] or paragraphs
    text = "".join(body)
    return text if len(text) <= limit else text[:limit] + "……"


def section_label(sections: list[int]) -> str:
    return "、".join(f"第{n}篇" for n in sections)


def provenance(speech: Speech) -> list[dict]:
    """Every place the speech appeared, the published copy first."""
    rows = []
    for i, copy in enumerate(speech.distinct.copies):
        first, last = copy.clean.copy.line_range
        rows.append(
            {
                "file": copy.clean.copy.file,
                "section": copy.clean.copy.section,
                "lines": [first, last],
                "title": copy.clean.copy.title,
                "published": i == 0,
            }
        )
    return rows


def speech_facts(speech: Speech, collection: Collection, t: Script, link: str | None = None) -> list[str]:
    """What the line under a speech's title says: where it is from, the source
    page's date, its length. ``link`` is the collection title as a link."""
    sections = [c.clean.copy.section for c in speech.distinct.copies if c.clean.copy.file == collection.file]
    facts = [t("出自") + f"《{link or t(collection.title)}》" + t(section_label(sections))]
    if speech.meta.date:
        facts.append(t("来源页更新于") + f" {speech.meta.date}")
    facts.append(f"{characters(speech):,} " + t("字"))
    return facts


# Silent reading of Chinese runs at about 300–500 characters a minute; the
# pages count 400, a middle figure, rounded up to whole minutes.
READING_SPEED = 400


def reading_minutes(chars: int) -> int:
    """阅读时间: minutes to read ``chars`` characters at READING_SPEED, at least one."""
    return max(1, math.ceil(chars / READING_SPEED))


@dataclass(frozen=True)
class SpeechContext:
    """What a speech page shows besides its own text. Script-neutral, so it is
    computed once and serves both editions."""

    related: tuple[Speech, ...] = ()  # the closest speeches, closest first
    previous: Speech | None = None  # neighbours in its collection's order
    next: Speech | None = None
    collation: tuple[CopyCollation, ...] = ()  # one per merged copy
    facets: Facets | None = None  # topics, places, meeting types, speaker roles (find_facets.py)


def speech_contexts(speeches: list[Speech], collections: list[Collection]) -> dict[str, SpeechContext]:
    """Related speeches, collection neighbours and collation of every speech:
    near-linear in the corpus (see related.py and collate.py)."""
    by_id = {s.id: s for s in speeches}
    related = related_speeches(speeches)
    neighbours: dict[tuple[str, str], tuple[Speech | None, Speech | None]] = {}
    for c in collections:
        ids = [i for i in c.speech_ids if i in by_id]
        for k, sid in enumerate(ids):
            neighbours[(c.id, sid)] = (
                by_id[ids[k - 1]] if k > 0 else None,
                by_id[ids[k + 1]] if k + 1 < len(ids) else None,
            )
    return {
        s.id: SpeechContext(
            related=tuple(by_id[i] for i in related.get(s.id, ())),
            previous=neighbours.get((s.collection_id, s.id), (None, None))[0],
            next=neighbours.get((s.collection_id, s.id), (None, None))[1],
            collation=collate(s.distinct),
        )
        for s in speeches
    }


def _paragraph_label(anchor: str) -> str:
    # "p" and digits (\d: Unicode decimal digits, as str.isdecimal).
    return f"第{anchor[1:]}段" if anchor[:1] == "p" and anchor[1:].isdecimal() else "本段"


def render_speech(
    speech: Speech,
    collections: dict[str, Collection],
    t: Script = same_script,
    context: SpeechContext | None = None,
    lang: str = "zh-Hans",
) -> str:
    """A speech page; ``t`` converts every human-readable string to the
    edition's script, ``lang`` (its code) names its downloads."""
    context = context or SpeechContext(collation=collate(speech.distinct))
    memo = script_memo(t)
    meta = speech.meta
    sources = provenance(speech)
    collection = collections[speech.collection_id]
    body, marked = [], 0
    for block, anchor in zip(speech.blocks, speech.anchors):
        text, n = marked_markdown(t(block.text))
        marked += n
        if block.kind == "heading":
            body += [f"{'#' * block.level} {text} {{#{anchor}}}", ""]
        else:
            # A link to the paragraph itself, shown on hover and focus (extra.css).
            link = memo.get(("¶", anchor))
            if link is None:
                label = html.escape(site_words(t(f"链接到{_paragraph_label(anchor)}")))
                link = memo[("¶", anchor)] = (
                    f'<a class="para-link" href="#{anchor}" aria-label="{label}" title="{label}">¶</a>',
                    f"{{: #{anchor} }}",
                )
            body += [text + link[0], link[1], ""]
    chars = characters(speech)
    data = {
        "id": speech.id,
        "title": t(speech.title),
        "description": t(description(speech)),
        "date": meta.date,
        "collection": t(collection.title),
        "collection_id": speech.collection_id,
        "site": t(meta.site) if meta.site else None,
        "category": [t(c) for c in meta.categories],
        "tags": [t(meta.tag)] if meta.tag else [],
        "characters": chars,
        "reading_minutes": reading_minutes(chars),
        "placeholders": marked,
        "copies": len(sources),
        "sources": [dict(row, title=t(row["title"])) for row in sources],
    }
    best = speech.distinct.best.clean
    if best.script != "hans":  # a Traditional or mixed source (source_script.py)
        data["source_script"] = best.script
    if best.copy.truncated:
        data["truncated"] = True  # the source site showed only part of the text
    damage = sorted({d.kind for d in best.damage})
    if damage:
        data["damage"] = damage
    if context.facets:
        data.update(context.facets.as_front_matter(t))
    link = f"[{converted_markdown(collection.title, t, memo)}](../{collection_path(collection.id)})"
    facts = speech_facts(speech, collection, t, link) + [t(f"阅读约 {reading_minutes(chars)} 分钟")]
    if marked:
        facts.append((t(f"{marked} 处待填写"), "fact--placeholders"))
    out = [
        *page_head(data, t(speech.title), facts),
        *_facet_lines(context.facets, t),
        # Downloads beside the page (pipeline.render_edition writes them), saved
        # under the title (download_names.py: nothing in it Markdown reads).
        fact_line(
            [
                (t("下载：") if i == 0 else "")
                + f'[{label}（.{ext}）]({speech.id}.{ext}){{: download="{download_name(t(speech.title), lang, ext, speech.id)}" }}'
                for i, (label, ext) in enumerate((("Word", "docx"), (site_words(t("纯文本")), "txt")))
            ]
        ),
        "{: .speech-downloads }",
        "",
        *_reader_tools(marked, t, memo),
        "",
        *_damage_notes(best, t),
        *body,
        f"## {t('来源')} {{#provenance}}",
        "",
        *_provenance_lines(sources, collections, t),
        "",
        *_collation_lines(speech, context.collation, collections, t),
        f"## {t('引用本文')} {{#cite}}",
        "",
        *_citation_lines(speech, collection, t),
        "",
    ]
    if context.related:
        out += [f"## {t('相关讲话')} {{#related}}", "", *_related_lines(context.related, collections, t, memo), ""]
    out += _pager_lines(context, collection, t, memo)
    return "\n".join(out)


def _damage_notes(copy: CleanCopy, t: Script) -> list[str]:
    """What the reader must know of the text before reading it: the site cut
    it, or stripped digits from it (the build report lists each place)."""
    notes = []
    if copy.copy.truncated:
        notes.append(t("来源网站只展示了本文的一部分，此处所载不是全文。"))
    missing = [d for d in copy.damage if d.kind == "digits-missing"]
    if missing:
        notes.append(t("来源网站删去了本文中的一些数字（如“") + escape_markdown(t(missing[0].context)) + t("”），引用时请核对原文。"))
    return [line for note in notes for line in (note, "{: .speech-note }", "")]


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


def _facet_lines(facets: Facets | None, t: Script) -> list[str]:
    """Topics, places, meeting type … each linked to its index page."""
    if not facets:
        return []
    from .render_indexes import facet_links  # render_indexes imports this module

    line = facet_links(facets, t)
    return [line, "{: .speech-facets }", ""] if line else []


def _reader_tools(placeholder_count: int, t: Script, memo: dict) -> tuple[str, ...]:
    """The page's reading tools (docs/javascripts/reader.js): the switch for
    the placeholder highlighting, and the status line that confirms a copy.
    The strings the script shows are here, in the edition's script."""
    key = ("reader tools", bool(placeholder_count))
    if key not in memo:
        memo[key] = tuple(_make_reader_tools(placeholder_count, t))
    return memo[key]


def _make_reader_tools(placeholder_count: int, t: Script) -> list[str]:
    attrs = {
        "data-copied-link": site_words(t("已复制本段链接")),
        "data-copy-failed": site_words(t("无法复制，请从地址栏复制链接")),
    }
    lines = ['<div class="reader-tools" ' + " ".join(f'{k}="{html.escape(v)}"' for k, v in attrs.items()) + ">"]
    if placeholder_count:
        hide, show = t("隐藏待填写处"), t("显示待填写处")
        lines.append(
            '<button type="button" class="md-button reader-tools__placeholders" hidden data-placeholder-toggle '
            f'data-label-hide="{html.escape(hide)}" data-label-show="{html.escape(show)}" '
            f'title="{html.escape(t("范文模板中留待填写的占位符，如 xx、20xx、****"))}">{html.escape(hide)}</button>'
        )
    lines += ['<p class="reader-status" role="status" aria-live="polite"></p>', "</div>"]
    return lines


def _citation_lines(speech: Speech, collection: Collection, t: Script) -> list[str]:
    """A ready-made citation: title, this library, where the text came from,
    the page's address (filled in by reader.js: the canonical URL when the
    site has one, else the address the reader is at) and the access date."""
    sections = [c.clean.copy.section for c in speech.distinct.copies if c.clean.copy.file == collection.file]
    origin = t("原载") + (t(speech.meta.site) if speech.meta.site else "")
    origin += f"《{t(collection.title)}》{t(section_label(sections))}"
    if speech.meta.date:
        origin += t(f"（来源页更新于 {speech.meta.date}）")
    e = html.escape
    text = (
        f"《{e(t(speech.title))}》，{e(t(SITE_NAME + '整理'))}，{e(origin)}，"
        f'<span class="citation__url" data-citation-url>{e(t("本页网址"))}</span>'
        f'<span data-citation-accessed hidden>，{e(t("访问日期："))}<span data-citation-date></span></span>。'
    )
    return [
        '<div class="citation">',
        f'<p class="citation__text" id="citation-text">{text}</p>',
        f'<button type="button" class="md-button citation__copy" hidden data-citation-copy '
        f'data-copied="{e(t("已复制引用"))}" data-copy-failed="{e(t("无法自动复制，引文已选中，请按 Ctrl+C 复制"))}">'
        f"{e(t('复制引用'))}</button>",
        "</div>",
    ]


def _related_lines(
    related: tuple[Speech, ...], collections: dict[str, Collection], t: Script, memo: dict
) -> list[str]:
    lines = []
    for s in related:
        collection_title = collections[s.collection_id].title
        chars = s.characters
        key = ("related", s.id, s.title, collection_title, chars)
        line = memo.get(key)
        if line is None:
            facts = [f"《{t(collection_title)}》", f"{chars:,} {t('字')}"]
            # Markdown between the span's tags, as anywhere in a line: escaped as Markdown.
            line = memo[key] = (
                f"- [{converted_markdown(s.title, t, memo)}]({s.id}.md) "
                f'<span class="speech-list__meta">{escape_markdown(" · ".join(facts))}</span>'
            )
        lines.append(line)
    return ['<div class="speech-list speech-list--related" markdown>', "", *lines, "", "</div>"]


def _pager_lines(context: SpeechContext, collection: Collection, t: Script, memo: dict) -> list[str]:
    """Previous and next speech in the collection's order."""
    links = []
    for s, label, rel in ((context.previous, "上一篇", "prev"), (context.next, "下一篇", "next")):
        if s:
            links.append(
                f'[<span class="speech-pager__label">{t(label)}</span> {converted_markdown(s.title, t, memo)}]({s.id}.md)'
                f'{{: .speech-pager__link .speech-pager__link--{rel} rel="{rel}" }}'
            )
    if not links:
        return []
    name = md_in_html_attribute(t(f"《{collection.title}》中的上一篇、下一篇"))
    return [f'<nav class="speech-pager" aria-label="{name}" markdown>', "", *links, "", "</nav>", ""]


def md_in_html_attribute(text: str) -> str:
    """An attribute value of a tag that md_in_html parses (``<nav … markdown>``).
    Python-Markdown decodes its entities once, then writes it again leaving
    alone whatever looks like an entity ("&lt;" in a title would reach the
    page as "<"): escaped twice, it reads back as ``text``. White space is
    collapsed, as in the page's text (Python-Markdown turns a tab into a space)."""
    return html.escape(html.escape(" ".join(text.split())))


# Variants listed per merged copy; the rest are counted.
MAX_VARIANTS = 10
# A reading longer than this is shown by its start and its length.
LONG_READING = 40


def _copy_label(copy, published_file: str, collections: dict[str, Collection]) -> str:
    c = copy.clean.copy
    page = ""
    if c.file != published_file:
        page = f"《{_by_file(collections)[c.file].title}》"
    return f"{page}第{c.section}篇{_lines_label(c.line_range)}"


def _reading_html(before: str, reading: Reading, after: str, t: Script) -> str:
    e = html.escape
    if not reading.text:
        gap = "无，此份到此为止" if reading.at_end else "无，此份从此处开始" if reading.at_start else "无"
        middle = f'<span class="collation__gap">（{e(t(gap))}）</span>'
    elif len(reading.text) > LONG_READING:
        middle = (
            f'<span class="collation__reading">{e(t(reading.text[:20]))}……</span>'
            f"{e(t(f'（共 {len(reading.text):,} 字）'))}"
        )
    else:
        middle = f'<span class="collation__reading">{e(t(reading.text))}</span>'
    lead = "……" if before else ""
    tail = "……" if after else ""
    # Quoted as the edition quotes: “” in Simplified, 「」 in Traditional.
    return f"{e(t('“'))}{lead}{e(t(before))}{middle}{e(t(after))}{tail}{e(t('”'))}"


def _collation_lines(
    speech: Speech, collation: tuple[CopyCollation, ...], collections: dict[str, Collection], t: Script
) -> list[str]:
    """For each merged copy: identical, or the readings that differ from the
    published text, in a collapsible note (raw HTML: the text is escaped)."""
    copies = speech.distinct.copies
    published = copies[0].clean.copy
    pub_label = _copy_label(copies[0], published.file, collections)
    e = html.escape
    lines: list[str] = []
    for cc in collation:
        other = copies[cc.copy].clean.copy
        label = _copy_label(copies[cc.copy], published.file, collections)
        if cc.same_text:
            how = "文字完全相同" if cc.same_blocks else "文字相同，只是分段不同"
            lines += [f"{escape_markdown(t(f'{label}与本页所用的{pub_label}{how}。'))}", "{: .collation-note }", ""]
            continue
        n = len(cc.variants)
        lines.append(f'<details class="collation" id="collation-{cc.copy}">')
        lines.append(f"<summary>{e(t(f'{label}与本页所用的{pub_label}有 {n} 处异文'))}</summary>")
        lines.append('<ol class="collation__variants">')
        for v in cc.variants[:MAX_VARIANTS]:
            block = speech.blocks[v.block]
            anchor = speech.anchors[v.block]
            heading = block.text if len(block.text) <= 12 else block.text[:12] + "……"
            where = _paragraph_label(anchor) if block.kind == "paragraph" else f"“{heading}”"
            pub = f"第{published.section}篇" + _lines_label(v.published.lines)
            oth = f"第{other.section}篇" + _lines_label(v.other.lines)
            lines.append(
                f'<li><a href="#{e(anchor)}">{e(t(where))}</a>'
                f'<span class="collation__row">{e(t(pub))}{_reading_html(v.before, v.published, v.after, t)}</span>'
                f'<span class="collation__row">{e(t(oth))}{_reading_html(v.before, v.other, v.after, t)}</span></li>'
            )
        lines.append("</ol>")
        if n > MAX_VARIANTS:
            lines.append(f'<p class="collation__more">{e(t(f"另有 {n - MAX_VARIANTS} 处异文未列出。"))}</p>')
        lines += ["</details>", ""]
    return lines


def _lines_label(lines: tuple[int, int]) -> str:
    first, last = lines
    return f"（第{first}行）" if first == last else f"（第{first}–{last}行）"


class CollectionIndex(dict):
    """The collections by id, which also finds them by source file: a speech
    page names the collections of all its copies, and building that lookup
    for every page would make rendering grow with the square of the corpus."""

    @cached_property
    def by_file(self) -> dict[str, Collection]:
        return {c.file: c for c in self.values()}


def _by_file(collections: dict[str, Collection]) -> dict[str, Collection]:
    if isinstance(collections, CollectionIndex):
        return collections.by_file
    return {c.file: c for c in collections.values()}


def _provenance_lines(sources: list[dict], collections: dict[str, Collection], t: Script) -> list[str]:
    by_file = _by_file(collections)
    memo = script_memo(t)
    lines = []
    for row in sources:
        collection = by_file[row["file"]]
        first, last = row["lines"]
        where = f"第 {first} 行" if first == last else f"第 {first}–{last} 行"
        role = "本页所用文本" if row["published"] else "重复稿，已合并"
        # The file name as code, escaped as Markdown: in a code span, a
        # backtick in the name would close the span and let the rest through.
        found = f" · [{t('原网页')}]({link_destination(collection.meta.url)})" if collection.meta.url else ""
        lines.append(
            f"- 《[{converted_markdown(collection.title, t, memo)}](../{collection_path(collection.id)})》"
            + t(f"第{row['section']}篇（源文件 ")
            + f"<code>{escape_markdown(row['file'])}</code> "
            + t(f"{where}）：{role}")
            + found
        )
    if len(sources) > 1:
        lines += ["", t("同一篇讲话在来源页中出现多次时，只发布最完整、最干净的一份，其余各份记录于此。")]
    return lines


def link_destination(url: str) -> str:
    """A web address as a Markdown link's destination: every character that
    could end it or start markup percent-encoded (the address was checked
    to be http(s) when its pages.tsv was read)."""
    return urllib.parse.quote(url, safe=":/?#@!$&*+,;=%~-._")


def _speech_list(collection: Collection, speeches: dict[str, Speech], prefix: str, t: Script) -> list[str]:
    """The collection's speeches, each with the sections of this page it fills."""
    memo = script_memo(t)
    lines = []
    for s in (speeches[i] for i in collection.speech_ids):
        sections = section_label(
            sorted({c.clean.copy.section for c in s.distinct.copies if c.clean.copy.file == collection.file})
        )
        lines.append(
            f"- [{converted_markdown(s.title, t, memo)}]({prefix}{speech_path(s.id)}) "
            f'<span class="speech-list__meta">{t(sections)} · {characters(s):,} {t("字")}</span>'
        )
    # md_in_html: a class on the list as a whole, which attr_list cannot give.
    return ['<div class="speech-list" markdown>', "", *lines, "", "</div>"]


def render_collection(collection: Collection, speeches: dict[str, Speech], t: Script = same_script) -> str:
    meta = collection.meta
    data = {"title": t(collection.title), "collection_id": collection.id, "source": collection.file, "date": meta.date}
    facts = []
    if meta.site:
        facts.append(t("来源：") + " › ".join(escape_markdown(t(x)) for x in (meta.site, *meta.categories)))
    if meta.date:
        facts.append(t("更新于") + f" {meta.date}")
    if meta.tag:
        facts.append(t("专题：") + escape_markdown(t(meta.tag)))
    facts.append(f"{len(collection.speech_ids)} " + t("篇不同的讲话"))
    out = [
        front_matter(data),
        f"# {escape_markdown(t(collection.title))} {{#title}}",
        "",
        fact_line(facts),
        "{: .speech-meta }",
        "",
    ]
    out += _speech_list(collection, speeches, "../", t)
    return "\n".join(out) + "\n"


def collections_index_path() -> str:
    return "collections/index.md"


def render_collections_index(collections: list[Collection], t: Script = same_script) -> str:
    """文集: every collection (source page) with its date and number of speeches."""
    out = [front_matter({"title": t("文集")}), f"# {t('文集')} {{#title}}", ""]
    out.append(t(f"共 {len(collections)} 个来源页，每页收录的讲话见各页。"))
    out += ["", '<div class="speech-list" markdown>', ""]
    for c in collections:
        facts = [f"{len(c.speech_ids)} " + t("篇")] + ([t("更新于") + f" {c.meta.date}"] if c.meta.date else [])
        out.append(
            f"- [{escape_markdown(t(c.title))}]({c.id}.md) "
            f'<span class="speech-list__meta">{" · ".join(facts)}</span>'
        )
    return "\n".join(out + ["", "</div>", ""])


# The home page shows this many collections in full; the rest are on 文集.
HOME_COLLECTIONS = 10


def render_home(collections: list[Collection], speeches: dict[str, Speech], t: Script = same_script) -> str:
    out = [
        front_matter({"title": t("首页")}),
        f"# {t(SITE_NAME)} {{#title}}",
        "",
        t(
            "从范文网站收集的讲话稿，去掉网站附带的杂项，合并重复的稿子，修复抓取造成的损坏，"
            f"并为每一篇保留出处。现收 {len(collections)} 个来源页、{len(speeches)} 篇不同的讲话。"
        ),
        "",
        t("按主题、地区、会议类型浏览：") + f"[{t('索引')}](indexes/index.md)"
        + " · " + t("全部讲话的 Markdown 与目录（zip）：") + f"[{t('下载')}]({CORPUS_ZIP})"
        + " · " + t("新增讲话订阅：") + "[Atom](feed.xml)",
        "",
    ]
    for c in collections[:HOME_COLLECTIONS]:
        out += [f"## [{escape_markdown(t(c.title))}]({collection_path(c.id)}) {{#{c.id}}}", ""]
        out += _speech_list(c, speeches, "", t)
        out.append("")
    if len(collections) > HOME_COLLECTIONS:
        out += [f"[{t('全部文集')}（{len(collections)}）]({collections_index_path()})", ""]
    return "\n".join(out)
