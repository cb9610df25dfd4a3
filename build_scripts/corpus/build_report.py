"""The build report: where every source line went, and every repair made.

Written as ``build-report.json`` beside the catalog, for review, one source
page to a line (``json_text.lined_json``); the command line prints a summary of it
(``summary_lines``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from ..model import LineVerdict, Repair, Speech, SplitPage, StructuredCopy
from ..editions.opencc_tables import dictionary
from ..parse.decode import NfkcView, drop_invisible, fold_lookalikes
from ..patterns import SLASH_MOJIBAKE_CHAR
from ..model import Changes

# Repairs that take letters or digits out of the text on purpose.
REMOVING_RULES = ("watermark-removed",)


def _read(text: str) -> str:
    """Invisible characters dropped, look-alikes folded, slash mojibake read as "/"."""
    return SLASH_MOJIBAKE_CHAR.sub("/", fold_lookalikes(drop_invisible(text)))


# The report compares every copy's text twice: NfkcView spares normalizing
# whole texts, each character's letters and digits are looked up.
_COMPARABLE = NfkcView(lambda text: "".join(ch for ch in text if ch.isalnum()), prepare=_read)


def comparable(text: str) -> str:
    """Letters and digits only: what cleaning must never lose (those of the
    text's NFKC form, once read as ``_read`` does)."""
    return _COMPARABLE(text)


def unexplained_loss(
    raw: str, published: str, repairs: tuple[Repair, ...], read: Callable[[str], str] = str
) -> str:
    """Letters and digits of ``raw`` missing from ``published`` that no recorded
    removal (a watermark) explains; "" when every character is accounted for.
    ``read`` is applied to every text compared first."""
    expected = comparable(read(raw))
    for repair in repairs:
        if repair.rule in REMOVING_RULES:
            expected = expected.replace(comparable(read(repair.before)), "", 1)
    return "" if expected == comparable(read(published)) else expected


def lost_text(copy: StructuredCopy) -> str:
    """Characters of the copy's source lines that reached no block ("" when none).
    A copy from a Traditional source is compared in its own script (its
    blocks are Simplified: parse/traditional.py), each character read as its
    Simplified form, so that a converter's wrong form repaired (干 → 幹) is no loss."""
    raw = "".join(line.text for line in copy.clean.copy.lines)
    if copy.clean.originals:
        return unexplained_loss(raw, "".join(copy.clean.originals), copy.clean.repairs, _simplified_forms)
    published = "".join(b.text for b in copy.blocks)
    return unexplained_loss(raw, published, copy.clean.repairs)


def _simplified_forms(text: str) -> str:
    """Each character as one representative of the characters OpenCC converts
    into one another (干, 幹, 乾 and 榦 all read alike), one for one."""
    return text.translate(_sibling_table())


@cache
def _sibling_table() -> dict[int, str]:
    parent: dict[str, str] = {}

    def root(ch: str) -> str:
        while parent.get(ch, ch) != ch:
            ch = parent[ch]
        return ch

    for name in ("TSCharacters", "STCharacters"):
        for key, forms in dictionary(name).items():
            for form in forms:
                a, b = root(key), root(form)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {ord(ch): root(ch) for ch in parent if len(ch) == 1}


def lossy_ranges(copies: list[StructuredCopy]) -> list[list[int]]:
    """The line ranges of the copies (of one page) that lost text."""
    return [list(c.clean.copy.line_range) for c in copies if lost_text(c)]


def build_report(
    splits: list[SplitPage],
    copies: list[StructuredCopy],
    speeches: list[Speech],
    lossy: Mapping[str, list[list[int]]],
    track: Callable[[list[SplitPage]], Iterable[SplitPage]] = iter,
    identity: Changes | None = None,
    scripts: Mapping[str, str] | None = None,
) -> dict:
    """Where every source line went, and every repair made, for review.
    ``lossy`` is each page's ``lossy_ranges``, by file: the per-page stages
    find them, in the parse workers. ``track`` wraps the loop over the
    pages (a progress bar: Stages.track). ``identity``: what the build did
    to the published ids, of which the report names what a reviewer must
    check (``ids_report``). ``scripts``: each page's script
    (source_script.py), reported for a page that is not Simplified."""
    speech_of = {}
    for s in speeches:
        for i, c in enumerate(s.distinct.copies):
            speech_of[id(c)] = (s.id, i == 0)
    copies_of: dict[str, list[StructuredCopy]] = defaultdict(list)
    for c in copies:
        copies_of[c.clean.copy.file].append(c)
    pages = []
    for split in track(splits):
        page_copies = copies_of[split.page.file]
        copy_at = {line.number: c for c in page_copies for line in c.clean.copy.lines}
        repairs = [
            {"rule": r.rule, "line": r.line, "before": r.before, "after": r.after} | ({"source": r.source} if r.source else {})
            for c in page_copies
            for r in c.clean.repairs
        ]
        judged = {v.line for v in split.verdicts}
        unjudged = [[line.number, line.number] for line in split.page.lines if line.number not in judged]
        script = (scripts or {}).get(split.page.file, "hans")
        pages.append(
            {
                "file": split.page.file,
                "encoding": split.page.encoding,
                **({"script": script, "copy_scripts": _copy_scripts(page_copies)} if script != "hans" else {}),
                "title": split.meta.title,
                "lines_by_kind": dict(sorted(Counter(v.kind for v in split.verdicts).items())),
                "chrome_by_rule": dict(sorted(Counter(v.rule for v in split.verdicts if v.kind == "chrome").items())),
                "repairs_by_rule": dict(sorted(Counter(r["rule"] for r in repairs).items())),
                # Pieces of lines that are not a speech's, taken out of lines
                # whose other pieces are (a blurb glued to the first sentence).
                "removed": [{"rule": r.rule, "line": r.line, "text": r.before} for r in split.removed],
                # Text no speech holds, in characters, by the rule that left it out.
                "dropped_by_rule": dropped_characters(split),
                # Copies the page gives no title (published as 无题), copies the
                # site cut short, and damage that could not be repaired.
                "untitled": [list(c.clean.copy.line_range) for c in page_copies if not c.clean.copy.title],
                "truncated": [list(c.clean.copy.line_range) for c in page_copies if c.clean.copy.truncated],
                "damage": [{"kind": d.kind, "line": d.line, "context": d.context} for c in page_copies for d in c.clean.damage],
                # Line ranges whose text did not reach the site unexplained:
                # copies that lost letters or digits, and lines with no verdict.
                "unaccounted": lossy[split.page.file] + unjudged,
                "verdicts": verdict_runs(split.verdicts, copy_at, speech_of),
                "repairs": repairs,
            }
        )
    return {"pages": pages, "ids": ids_report(identity or Changes((), (), (), ()))}


def ids_report(identity: Changes) -> dict:
    """Published speeches merged (only ever because their own texts are
    near-identical: stable_ids.keep_published_apart), and new texts that
    hold several published speeches (compilations, which merge none)."""
    return {
        "merged": [{"id": old, "into": new, "because": "near-identical texts"} for old, new in identity.aliased],
        "compilations": [{"id": sid, "holds": list(held)} for sid, held in identity.compilations],
    }


def dropped_characters(split: SplitPage) -> dict[str, int]:
    """Characters (spaces aside) that no speech holds, by the rule that said
    so: chrome lines, and pieces taken out of speech lines."""
    text = {line.number: line.text for line in split.page.lines}
    dropped: Counter[str] = Counter()
    for v in split.verdicts:
        if v.kind == "chrome":
            dropped[v.rule] += len("".join(text[v.line].split()))
    for r in split.removed:
        dropped[r.rule.split(":", 1)[-1]] += len("".join(r.before.split()))
    return dict(sorted(dropped.items()))


def _copy_scripts(copies: list[StructuredCopy]) -> dict[str, int]:
    """How many of a page's copies are in each script."""
    return dict(sorted(Counter(c.clean.script for c in copies).items()))


def verdict_runs(
    verdicts: Iterable[LineVerdict],
    copy_at: Mapping[int, StructuredCopy],
    speech_of: Mapping[int, tuple[str, bool]],
) -> list[dict]:
    """What became of the page's lines, as runs: ``{"lines": [first, last],
    "kind", "rule"}``, with ``"speech"`` and ``"role"`` for a speech copy's
    lines. A run is consecutive lines with the same verdict; blank lines
    within it are blank, and blank lines are in no run (``lines_by_kind``
    counts them). A page of 300 lines reads as a few dozen runs: the report
    stays readable, and small at 10,000 speeches."""
    runs: list[tuple[list[int], tuple]] = []
    previous = None  # the line of the verdict before, blank or not
    for v in verdicts:
        follows = previous is not None and v.line == previous + 1
        previous = v.line
        if v.kind == "blank":
            continue
        copy = copy_at.get(v.line)
        speech = speech_of.get(id(copy)) if copy is not None else None
        key = (v.kind, v.rule, speech)
        if follows and runs and runs[-1][1] == key:
            runs[-1][0][1] = v.line
        else:
            runs.append(([v.line, v.line], key))
    rows = []
    for span, (kind, rule, speech) in runs:
        row = {"lines": span, "kind": kind, "rule": rule}
        if speech is not None:
            row.update(speech=speech[0], role="published" if speech[1] else "duplicate")
        rows.append(row)
    return rows


def summary_lines(report: dict) -> list[str]:
    """A short readable summary of a build report, one source page after another:

    chengshi-gongzuo-jianghuagao.txt (utf-8): 528 lines: 262 blank, 200 body, …
      repairs: mojibake-slash 2, paragraph-breaks-restored 5, …
      unaccounted: none
    """
    out: list[str] = []
    for page in report.get("pages", []):
        kinds = page.get("lines_by_kind", {})
        total = sum(kinds.values())
        by_kind = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
        out.append(f"{page['file']} ({page.get('encoding', '?')}): {total} lines: {by_kind}")
        chrome = page.get("chrome_by_rule", {})
        if chrome:
            out.append("  chrome: " + ", ".join(f"{rule} {n}" for rule, n in chrome.items()))
        repairs = page.get("repairs_by_rule", {})
        out.append("  repairs: " + (", ".join(f"{rule} {n}" for rule, n in repairs.items()) or "none"))
        dropped = page.get("dropped_by_rule", {})
        if dropped:
            top = sorted(dropped.items(), key=lambda kv: (-kv[1], kv[0]))
            out.append(f"  dropped: {sum(dropped.values())} characters (" + ", ".join(f"{rule} {n}" for rule, n in top) + ")")
        for key, label in (("untitled", "no title (published as 无题)"), ("truncated", "cut short by the site")):
            if page.get(key):
                out.append(f"  {label}: lines " + ", ".join(f"{a}–{b}" for a, b in page[key]))
        if page.get("damage"):
            out.append("  damage: " + ", ".join(f"{d['kind']} at line {d['line']} ({d['context']})" for d in page["damage"]))
        unaccounted = page.get("unaccounted", [])
        ranges = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in unaccounted)
        out.append(f"  unaccounted: {len(unaccounted)} (lines {ranges})" if unaccounted else "  unaccounted: none")
    return out
