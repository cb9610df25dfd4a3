"""Each source page as scraped, for a reader to check what the site made of
it: every line, numbered, each an anchor (``#L58``), and beside the lines
the build report's verdict on them (corpus/build_report.py ``verdict_runs``:
chrome with its rule, a section marker, a title, a speech's text and the
speech it became, the repairs made in it), in the edition's words.

The page is data: the front matter holds the lines, as groups of lines that
share a verdict, and the Markdown only the page's title and a paragraph
saying what the page is; the theme (docs/overrides/source-page.html) draws
the lines, each printed escaped, whatever they hold.

Each page is published once, in the edition of its own script
(``source_editions``): its lines are the page's own, in its own script,
the same in either edition, and a copy in both would cost the site twice
their size (they are a fifth of a site that must fit GitHub Pages). A page
in Traditional script goes to the Traditional edition, every other one
(Simplified, mixed) to the Simplified; the words around the lines are that
edition's. The other edition's pages link across to it (speech_page.py,
collection_pages.py), and its language switch offers the other edition's
copy of its collection instead (front matter ``other_edition``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from ..editions.registry import SIMPLIFIED, TRADITIONAL
from ..editions.source_script import HANS, TRADITIONAL_SCRIPTS
from ..model import Collection, SplitPage
from .markdown import escape_markdown, front_matter, link_destination
from .paths import collection_path, collection_url, source_page_path, speech_url

# The theme's template for these pages (docs/overrides/).
TEMPLATE = "source-page.html"

# From a source page's URL (source-pages/<id>/) to the site's root of the edition.
_TO_ROOT = "../../"

# What the parser's own rules (parse/split.py) call a line that is not a
# speech's, in a reader's words. The rules of the knowledge files
# (build_scripts/knowledge/) give theirs as their ``label`` (parse/knowledge.py:
# Library.labels), which ``chrome_words`` adds.
PARSER_WORDS = {
    "page-title": "网页标题",
    "repeated-title": "重复的标题",
    "topic-tag": "专题标签",
    "teaser": "文章摘要",
    "after-paywall": "付费提示之后的内容",
    "no-speech-text": "没有讲话正文",
    "chunk-number": "分块编号",
    "unplaced": "无法归入任何一篇",
    "site-template": "网站模板的固定内容",
}


def chrome_words(labels: Mapping[str, str]) -> dict[str, str]:
    """Every chrome rule's name → its reader's words: the parser's, and the
    knowledge files' ``labels`` (by the rule's name in the build report)."""
    return {**PARSER_WORDS, **labels}


# The repairs the cleaning makes (parse/clean.py and others), in a reader's words.
REPAIR_WORDS = {
    "punctuation-full-width": "标点改为全角",
    "quotes-full-width": "引号改为全角",
    "stray-space-removed": "删去多余空格",
    "paragraph-breaks-restored": "恢复分段",
    "split-paragraph-joined": "接上断开的段落",
    "hard-wrap-joined": "接上硬换行",
    "mojibake-slash": "乱码还原为“/”",
    "mojibake-middle-dot": "乱码还原为“·”",
    "watermark-removed": "删去水印",
    "invisible-removed": "删去不可见字符",
    "lookalike-folded": "形近字符还原",
    "unicode-composed": "字符规范化",
    "pinyin-gloss-removed": "删去拼音注音",
    "marker-split-off": "分出篇目标记",
    "chrome-removed": "删去网站杂项",
}


def source_edition(script: str, editions: Iterable[str]) -> str:
    """The edition (its code) that publishes a source page written in
    ``script`` (editions/source_script.py), of the ``editions`` a build makes:
    the Traditional one for a page in Traditional script, else the Simplified."""
    if script in TRADITIONAL_SCRIPTS and TRADITIONAL.code in editions:
        return TRADITIONAL.code
    return SIMPLIFIED.code


def source_editions(collections: Iterable[Collection], page_scripts: Mapping[str, str], editions: Iterable[str]) -> dict[str, str]:
    """Each collection's id → the edition that publishes its source page
    (``page_scripts``: each page's script by file)."""
    editions = tuple(editions)
    return {c.id: source_edition(page_scripts.get(c.file, HANS), editions) for c in collections}


def rule_words(rule: str, words: Mapping[str, str]) -> str:
    """A rule's name in a reader's words (``words``: chrome_words, or
    REPAIR_WORDS), "" when none are known; a site template's rows
    ("site-template:<site>") by the parser's rule."""
    rule = rule.split(":", 1)[0] if rule.startswith("site-template:") else rule
    return words.get(rule, "")


def line_groups(split: SplitPage, runs: list[dict]) -> list[tuple[int, int, dict | None]]:
    """The page's lines, first to last, as (first, last, run): the report's
    verdict runs in order, and between them the lines no run holds (blank
    lines, lines with no verdict) with run None."""
    numbers = [line.number for line in split.page.lines]
    if not numbers:
        return []
    groups: list[tuple[int, int, dict | None]] = []
    at = numbers[0]
    for run in sorted(runs, key=lambda r: r["lines"][0]):
        first, last = run["lines"]
        if first > at:
            groups.append((at, first - 1, None))
        groups.append((first, last, run))
        at = last + 1
    if at <= numbers[-1]:
        groups.append((at, numbers[-1], None))
    return groups


def _numbers(lines: Iterable[int], blank: set[int]) -> str:
    """12、14–16、20: line numbers, as ranges of lines with only blank lines between."""
    spans: list[list[int]] = []
    for n in sorted(set(lines)):
        if spans and all(k in blank for k in range(spans[-1][1] + 1, n)):
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def _notes(
    first: int, last: int, page_report: dict, blank: set[int], words: Mapping[str, str], t: Callable[[str], str]
) -> list[str]:
    """The repairs made in lines first..last and the pieces cut off them, by rule."""
    by_rule: dict[str, list[int]] = defaultdict(list)
    for r in page_report.get("repairs", []):
        if first <= r["line"] <= last:
            by_rule[r["rule"]].append(r["line"])
    for r in page_report.get("removed", []):
        if first <= r["line"] <= last:
            by_rule[r["rule"]].append(r["line"])
    notes = []
    for rule, lines in sorted(by_rule.items()):
        said = rule_words(rule, REPAIR_WORDS) or rule_words(rule.split(":", 1)[0], REPAIR_WORDS)
        if rule.startswith("chrome-removed:"):
            said += "：" + (rule_words(rule.split(":", 1)[1], words) or rule.split(":", 1)[1])
        notes.append(t(f"{said or rule}（第{_numbers(lines, blank)}行）"))
    return notes


def _verdict(
    run: dict | None, texts: list[str], speech_titles: Mapping[str, str], words: Mapping[str, str], t: Callable[[str], str]
) -> dict:
    """A group's kind (a short class name), its verdict in words, and the
    speech its lines became, with its URL from this page."""
    if run is None:
        if not any(text.strip() for text in texts):
            return {"kind": "blank", "label": ""}
        return {"kind": "none", "label": t("未判定（不属于任何一篇讲话）")}
    kind, rule = run["kind"], run["rule"]
    if kind == "chrome":
        said = rule_words(rule, words)
        out = {"kind": kind, "label": t("网站杂项，未收录") + (t(f"：{said}") if said else ""), "rule": rule}
    elif kind == "marker":
        out = {"kind": kind, "label": t("篇目标记（第N篇）")}
    elif kind == "title":
        out = {"kind": kind, "label": t("讲话标题") if rule == "speech-title" else t("讲话标题（重复的一行）")}
    elif kind == "body" and "speech" in run:
        published = run.get("role") == "published"
        out = {
            "kind": kind,
            "label": t("正文，收入") if published else t("正文，重复稿，已合并到"),
            "speech": t(speech_titles.get(run["speech"], run["speech"])),
            "href": f"{_TO_ROOT}{speech_url(run['speech'])}",
        }
    else:
        out = {"kind": kind, "label": t("正文") if kind == "body" else kind, "rule": rule}
    return out


def render_source_page(
    split: SplitPage,
    page_report: dict,
    collection: Collection,
    speech_titles: Mapping[str, str],
    words: Mapping[str, str],
    t: Callable[[str], str] = str,
) -> str:
    """The source page ``split`` was read from, as the site publishes it
    (``page_report``: its entry in the build report's ``pages``; ``words``:
    every chrome rule's name in a reader's words, chrome_words)."""
    text = {line.number: line.text for line in split.page.lines}
    blank = {n for n, line in text.items() if not line.strip()}
    groups = []
    for first, last, run in line_groups(split, page_report.get("verdicts", [])):
        lines = [text.get(n, "") for n in range(first, last + 1)]
        group = {"first": first, **_verdict(run, lines, speech_titles, words, t)}
        notes = _notes(first, last, page_report, blank, words, t)
        if notes:
            group["notes"] = notes
        group["lines"] = lines
        groups.append(group)
    url = collection.meta.url or split.page.url
    title = t("来源页原文：") + t(collection.title)
    data = {
        "template": TEMPLATE,
        "title": title,
        "source_page": collection.id,
        "file": split.page.file,
        "encoding": split.page.encoding,
        "lines_total": len(split.page.lines),
        **({"url": url} if url else {}),
        **({"retrieved": split.page.retrieved} if split.page.retrieved else {}),
        # Published in this edition only: the language switch opens the
        # other edition's copy of the collection (partials/alternate.html).
        "other_edition": collection_url(collection.id),
        "groups": groups,
    }
    about = [
        t("来源文件") + f" {escape_markdown(split.page.file)} " + t(f"共 {len(split.page.lines)} 行，")
        + t("按抓取时的原样逐行列出（文字未经转换）；每组行旁注明生成器对它们的判定：网站杂项、篇目标记、标题，或收入了哪一篇讲话。"),
        "",
        t("所属文集：") + f"《[{escape_markdown(t(collection.title))}](../{collection_path(collection.id)})》"
        + (f" · [{t('原网页')}]({link_destination(url)})" if url else "")
        + (" · " + t("保存于") + f" {split.page.retrieved}" if split.page.retrieved else ""),
    ]
    return "\n".join([front_matter(data), f"# {escape_markdown(title)} {{#title}}", "", *about, ""])


def source_pages(
    splits: Iterable[SplitPage],
    report_pages: list[dict],
    collections: Iterable[Collection],
    speech_titles: Mapping[str, str],
    scripts: Mapping[str, Callable[[str], str]],
    editions: Mapping[str, str],
    words: Mapping[str, str],
) -> dict[str, str]:
    """Every collection's source page, once, in the edition ``editions``
    gives it (source_editions), by path; ``scripts``: each edition's code →
    the function that converts its words; ``words``: chrome_words."""
    by_file = {c.file: c for c in collections}
    reports = {p["file"]: p for p in report_pages}
    out = {}
    for split in splits:
        collection = by_file.get(split.page.file)
        if collection is None:
            continue  # a page with no speech: no collection to check it from
        code = editions[collection.id]
        out[f"{code}/{source_page_path(collection.id)}"] = render_source_page(
            split, reports[split.page.file], collection, speech_titles, words, scripts[code]
        )
    return out
