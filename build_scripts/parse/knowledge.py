"""Site knowledge: what the chrome of 范文 sites looks like, read from data files.

The vocabulary lives in YAML files under ``build_scripts/knowledge/``:
``common.yml`` for what every site does, ``sites/*.yml`` for one site (or a
family of sites) each. A user adds a site's chrome phrases, watermarks or
marker forms by adding a file, without writing Python; the file is checked
when it is read, and a mistake is an error naming the file and its line.

Every rule has a name, and the build report names the rule each time it
decides something (``chrome_by_rule``, ``repairs``). Rules are matched
against a row's *view*: its text without spaces, in Simplified script, with
pinyin glosses taken out (see ``rows.py``), so one rule covers every way a
site spaces, scripts or glosses the same words.

The kinds of rule (``kind:``):

``chrome``     a whole row that is site furniture wherever it stands
               (a breadcrumb, a view count, a login link);
``trailer``    a row that opens the page's trailer (share block, download
               button, related list, copyright): when no speech text follows
               it, it and everything after it are chrome; inside a speech it
               is one row of chrome, and the speech goes on;
``blurb``      a sentence an editor wrote about the page (小编 整理 …
               供大家参考): chrome wherever it stands before or after a speech;
``courtesy``   an editor's polite formula that a speaker may use too
               (供大家参考, 希望对大家有所帮助): it cuts a line only right
               before a speech starts, and is never chrome inside one;
``paywall``    a note where the site withheld text (省略436字, 预览结束): chrome,
               and the speech it cuts is published as truncated;
``injected``   text put inside the speech's own lines (a watermark sentence,
               ``##paidbegin##``, a bracketed site tag): removed from the
               line (only its group named ``cut``, when it has one: the rest
               of the match is context), and recorded as a repair;
``title-noise`` words a site adds to a title that are not the speech's
               (如何写, 范文, 优秀): taken off the end of titles;
``title-end``  the words a speech's title ends with (讲话, 致辞, 主持词 …): a
               short line ending so, standing alone, is a title;
``salutation`` how a speech opens (尊敬的…, 同志们:): the row it opens
               starts a speech's text.

A rule gives ``pattern`` (a regular expression) or ``phrases`` (literal
words, any of which matches). A ``trailer`` rule with ``ends: true`` opens
a block of the site's (a comment section, a related list): when the rows
after it open no speech and hold less text than the speech before it, they
are the site's too. A rule may limit itself to short rows
(``max_chars``, default 80 for ``chrome`` and ``trailer`` rows: chrome is
short; a long row holding the same words is prose).

Every rule whose matches are site furniture (``chrome``, ``trailer``,
``blurb``, ``courtesy``, ``paywall``: CHROME_KINDS) gives a ``label``: what
a reader of the source page as published is told the rows it took are
(导航路径, 浏览次数), in Simplified script (the Traditional edition converts
it); a rule of another kind gives none.
"""

from __future__ import annotations

import re
import re._constants as _sre_constants
import re._parser as _sre_parser
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import ahocorasick_rs
import yaml

from ..editions.source_script import evidence
from ..errors import SourceError
from ..model import SourcePage

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"
KINDS = ("chrome", "trailer", "blurb", "courtesy", "paywall", "injected", "title-noise", "title-end", "salutation")
# Chrome is short and never ends a sentence: a longer row is prose, whatever it holds.
DEFAULT_MAX_CHARS = {"chrome": 80, "trailer": 80}
# The kinds whose matches are site furniture, shown as such beside the lines
# of a source page as published (render/source_pages.py): each rule names them.
CHROME_KINDS = ("chrome", "trailer", "blurb", "courtesy", "paywall")
_RULE_KEYS = {"name", "kind", "pattern", "phrases", "max_chars", "ends", "label", "note"}
_FILE_KEYS = {"version", "site", "hosts", "names", "rules", "note"}
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Answers kept by Knowledge.first (enough for a page's lines read several times).
_MEMO_SIZE = 50_000
_UNSEEN = object()
# The lines of a page where a site prints its name.
_HEAD_LINES = 12


@dataclass(frozen=True)
class Rule:
    """One named rule of a knowledge file."""

    name: str  # as the build report names it: "breadcrumb", "glzy8/recommend" …
    kind: str
    pattern: re.Pattern
    max_chars: int | None
    where: str  # "file.yml:12", for a reader of the report
    ends: bool = False  # a trailer row that opens a block of the site's: what follows is the site's too
    label: str = ""  # what its rows are, in a reader's words (Simplified), for a rule of CHROME_KINDS
    # Words one of which any text the pattern matches holds (None: no such
    # words): derived from the pattern, so a look for them first never
    # misses a match, and spares the regex on most rows.
    hint: frozenset[str] | None = field(default=None, compare=False, repr=False)
    _hint: re.Pattern | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        words = required_words(self.pattern.pattern)
        object.__setattr__(self, "hint", words)
        object.__setattr__(self, "_hint", _any_of(words) if words else None)

    def matches(self, view: str) -> re.Match | None:
        if self.max_chars is not None and len(view) > self.max_chars:
            return None
        if self._hint is not None and not self._hint.search(view):
            return None
        return self.pattern.search(view)


def _any_of(words) -> re.Pattern:
    """One pattern finding any of the words (longest first)."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


@dataclass(frozen=True)
class Site:
    """What a ``sites/*.yml`` file says of one site: how to know its pages, and its rules."""

    key: str  # the file's stem
    hosts: tuple[str, ...]  # its pages' URL hosts, and folders under sources/
    names: tuple[str, ...]  # how it names itself on its pages ("管理者范文网")
    rules: tuple[Rule, ...]


@dataclass(frozen=True, eq=False)  # compared and hashed as itself: pages share one
class Knowledge:
    """Every rule that applies to a page: the common ones and its site's."""

    rules: tuple[Rule, ...]
    site_names: tuple[str, ...] = ()  # how the page's site names itself (its file's names)
    by_kind: dict[str, tuple[Rule, ...]] = field(init=False, repr=False)
    # Per kind, the longest view any of its rules reads (rules for short rows
    # need no look at a paragraph).
    _kind_max: dict[str, float] = field(init=False, repr=False)
    # Every rule's hint words in one automaton (overlapping matches found),
    # and the rules each word is a hint of: one look over a view tells which
    # rules may match it.
    _words: ahocorasick_rs.AhoCorasick | None = field(init=False, repr=False)
    _rules_of_word: list[frozenset[int]] = field(init=False, repr=False)
    _memo: dict = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        by_kind = {k: tuple(r for r in self.rules if r.kind == k) for k in KINDS}
        object.__setattr__(self, "by_kind", by_kind)
        object.__setattr__(self, "_kind_max", {
            k: max((float("inf") if r.max_chars is None else r.max_chars for r in rules), default=-1.0)
            for k, rules in by_kind.items()
        })
        owners: dict[str, set[int]] = {}
        for rule in self.rules:
            for word in rule.hint or ():
                owners.setdefault(word, set()).add(id(rule))
        words = sorted(owners)
        automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MATCHKIND_STANDARD) if words else None
        object.__setattr__(self, "_words", automaton)
        object.__setattr__(self, "_rules_of_word", [frozenset(owners[w]) for w in words])

    def hinted(self, view: str) -> frozenset[int]:
        """The rules (by id) whose hint words the view holds (kept for the
        views read last: a line is read as a piece, a row and a sentence)."""
        key = ("hinted", view)
        if (found := self._memo.get(key)) is not None:
            return found
        if self._words is None:
            found = frozenset()
        else:
            words = {i for i, _, _ in self._words.find_matches_as_indexes(view, overlapping=True)}
            found = frozenset().union(*(self._rules_of_word[i] for i in words)) if words else frozenset()
        if len(self._memo) > _MEMO_SIZE:
            self._memo.clear()
        self._memo[key] = found
        return found

    def first(self, kind: str, view: str) -> Rule | None:
        """The first rule of this kind that matches the view, None when none does."""
        if len(view) > self._kind_max[kind]:
            return None
        key = (kind, view)
        if (found := self._memo.get(key, _UNSEEN)) is not _UNSEEN:
            return found
        hinted = self.hinted(view)
        found = next((r for r in self.by_kind[kind] if _may_match(r, view, hinted) and r.pattern.search(view)), None)
        self._memo[key] = found
        return found

    def might(self, kind: str, view: str) -> bool:
        """Whether some rule of this kind matches the view, whatever its length."""
        key = ("might", kind, view)
        if (found := self._memo.get(key, _UNSEEN)) is not _UNSEEN:
            return found
        hinted = self.hinted(view)
        found = any((r.hint is None or id(r) in hinted) and r.pattern.search(view) for r in self.by_kind[kind])
        self._memo[key] = found
        return found


def _may_match(rule: Rule, view: str, hinted: frozenset[int]) -> bool:
    """Whether the rule is worth trying on the view: short enough, and
    holding one of its hint words."""
    if rule.max_chars is not None and len(view) > rule.max_chars:
        return False
    return rule.hint is None or id(rule) in hinted


@dataclass(frozen=True)
class Library:
    """All knowledge files: the common rules and every site's."""

    common: tuple[Rule, ...]
    sites: tuple[Site, ...]

    def site_for(self, site: str | None, names_on_page: tuple[str, ...] = ()) -> Site | None:
        """The site file for a page: by its site (folder or URL host), else
        by a site name its header prints."""
        for s in self.sites:
            if site and (site in s.hosts or site == s.key):
                return s
        for s in self.sites:
            if any(name in names_on_page for name in s.names):
                return s
        return None

    def site_of_page(self, page: SourcePage) -> Site | None:
        """The site file for a page: by its site, else by a site name its
        first lines print ("欢迎光临管理者范文网")."""
        if found := self.site_for(page.site):
            return found
        head = "".join(line.text for line in page.lines[:_HEAD_LINES])
        return next((s for s in self.sites if any(name in head for name in s.names)), None)

    @property
    def labels(self) -> dict[str, str]:
        """Every labelled rule's name, as the build report gives it
        ("breadcrumb", "guanlizhe/recommend"), to its label."""
        return {r.name: r.label for r in (*self.common, *(r for s in self.sites for r in s.rules)) if r.label}

    def for_site(self, site: Site | None) -> Knowledge:
        """A site's rules, then the common ones: the site's name what both match."""
        return Knowledge((site.rules if site else ()) + self.common, site.names if site else ())


def required_words(pattern: str) -> frozenset[str] | None:
    """Words one of which every match of ``pattern`` holds, read from the
    pattern's syntax tree; None when the pattern promises none (a class of
    characters, a part that may be left out)."""
    try:
        tree = _sre_parser.parse(pattern)
    except re.error:
        return None
    words = _sequence_words(list(tree))
    return frozenset(words) if words else None


def _sequence_words(items: list) -> set[str] | None:
    """The most telling words one of which a sequence's every match holds.
    None for a sequence anchored at the start: trying it there costs less
    than looking for its words through a whole paragraph."""
    if items and items[0] == (_sre_constants.AT, _sre_constants.AT_BEGINNING):
        return None
    best: set[str] | None = None
    literal = ""

    def better(found: set[str] | None) -> None:
        nonlocal best
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, value in items:
        if op is _sre_constants.LITERAL:
            literal += chr(value)
            continue
        better({literal} if literal else None)
        literal = ""
        better(_node_words(op, value))
    better({literal} if literal else None)
    return best


def _node_words(op, value) -> set[str] | None:
    c = _sre_constants
    if op is c.SUBPATTERN:
        return _sequence_words(list(value[-1]))
    if op is c.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            words = _sequence_words(list(branch))
            if not words:
                return None
            found |= words
        return found
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)) and value[0] >= 1:
        return _sequence_words(list(value[2]))
    if op is c.IN and len(value) <= 6 and all(kind is c.LITERAL for kind, _ in value):
        return {chr(code) for _, code in value}
    return None


@cache
def library(folder: Path = KNOWLEDGE_DIR) -> Library:
    """The knowledge files of ``folder`` (read once per process)."""
    common = read_knowledge_file(folder / "common.yml")
    sites = tuple(read_site_file(path) for path in sorted((folder / "sites").glob("*.yml")))
    return Library(common.rules, sites)


def read_site_file(path: Path) -> Site:
    site = read_knowledge_file(path)
    if not site.hosts and not site.names:
        raise SourceError(_shown(path), "a site file names the site's hosts or names (or both)", 1)
    return site


def read_knowledge_file(path: Path) -> Site:
    """One knowledge file, checked; SourceError naming the file and line otherwise."""
    shown = _shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(shown, f"cannot read the knowledge file: {error}") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(shown, f"not valid YAML: {getattr(error, 'problem', error)}", mark.line + 1 if mark else None) from None
    if not isinstance(root, yaml.MappingNode):
        raise SourceError(shown, "a knowledge file is a mapping with a `rules:` list", 1)
    top = _mapping(root, shown, _FILE_KEYS)
    prefix = "" if path.name == "common.yml" else path.stem + "/"
    rules_node = top.get("rules")
    if not isinstance(rules_node, yaml.SequenceNode):
        line = rules_node.start_mark.line + 1 if rules_node else 1
        raise SourceError(shown, "`rules:` must be a list of rules", line)
    rules = []
    seen: set[str] = set()
    for node in rules_node.value:
        rule = _rule(node, shown, prefix)
        if rule.name in seen:
            raise SourceError(shown, f"rule {rule.name!r} is named twice", node.start_mark.line + 1)
        seen.add(rule.name)
        rules.append(rule)
    return Site(
        key=path.stem,
        hosts=_strings(top.get("hosts"), shown, "hosts"),
        names=_strings(top.get("names"), shown, "names"),
        rules=tuple(rules),
    )


def _shown(path: Path) -> str:
    """The file as messages name it: relative to the generator when it is its own."""
    try:
        return path.resolve().relative_to(KNOWLEDGE_DIR.parent.parent).as_posix()
    except ValueError:
        return str(path)


def _mapping(node: yaml.Node, shown: str, allowed: set[str]) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(shown, "expected a mapping (key: value lines)", node.start_mark.line + 1)
    found = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if name not in allowed:
            raise SourceError(shown, f"unknown key {name!r} (allowed: {', '.join(sorted(allowed))})", key.start_mark.line + 1)
        found[name] = value
    return found


def _scalar(node: yaml.Node, shown: str, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise SourceError(shown, f"{what} must be a non-empty text", node.start_mark.line + 1)
    return str(node.value)


def _strings(node: yaml.Node | None, shown: str, what: str) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        raise SourceError(shown, f"{what} must be a list", node.start_mark.line + 1)
    return tuple(_scalar(item, shown, f"each of {what}") for item in node.value)


def _rule(node: yaml.Node, shown: str, prefix: str) -> Rule:
    line = node.start_mark.line + 1
    fields = _mapping(node, shown, _RULE_KEYS)
    for required in ("name", "kind"):
        if required not in fields:
            raise SourceError(shown, f"a rule needs a `{required}:`", line)
    name = _scalar(fields["name"], shown, "name")
    if not _NAME.fullmatch(name):
        raise SourceError(shown, f"rule name {name!r}: lower-case letters, digits and hyphens", line)
    kind = _scalar(fields["kind"], shown, "kind")
    if kind not in KINDS:
        raise SourceError(shown, f"rule {name}: kind {kind!r} is none of {', '.join(KINDS)}", fields["kind"].start_mark.line + 1)
    if ("pattern" in fields) == ("phrases" in fields):
        raise SourceError(shown, f"rule {name}: give either `pattern:` or `phrases:`", line)
    if "pattern" in fields:
        source = _scalar(fields["pattern"], shown, "pattern")
        try:
            pattern = re.compile(source)
        except re.error as error:
            raise SourceError(shown, f"rule {name}: the pattern does not compile: {error}", fields["pattern"].start_mark.line + 1) from None
        if pattern.search(""):
            raise SourceError(shown, f"rule {name}: the pattern matches empty text", fields["pattern"].start_mark.line + 1)
    else:
        phrases = _strings(fields["phrases"], shown, "phrases")
        if not phrases:
            raise SourceError(shown, f"rule {name}: `phrases:` is empty", line)
        # Longest first, so that a phrase is not cut short by one it starts with.
        pattern = re.compile("|".join(re.escape("".join(p.split())) for p in sorted(phrases, key=len, reverse=True)))
    max_chars = DEFAULT_MAX_CHARS.get(kind)
    if "max_chars" in fields:
        value = _scalar(fields["max_chars"], shown, "max_chars")
        if value in ("none", "null", "~"):
            max_chars = None
        elif value.isdigit() and int(value) > 0:
            max_chars = int(value)
        else:
            raise SourceError(shown, f"rule {name}: max_chars is a positive number or none", fields["max_chars"].start_mark.line + 1)
    ends = False
    if "ends" in fields:
        value = _scalar(fields["ends"], shown, "ends")
        if kind != "trailer" or value not in ("true", "false"):
            raise SourceError(shown, f"rule {name}: `ends:` is true or false, for a trailer rule", fields["ends"].start_mark.line + 1)
        ends = value == "true"
    label = ""
    if kind in CHROME_KINDS:
        if "label" not in fields:
            raise SourceError(
                shown, f"rule {name}: a {kind} rule needs a `label:`, what its rows are in a reader's words (Simplified)", line
            )
        label = _scalar(fields["label"], shown, "label").strip()
        if evidence(label)["traditional"]:
            raise SourceError(
                shown, f"rule {name}: the label is in Traditional script: write it in Simplified (the Traditional edition converts it)",
                fields["label"].start_mark.line + 1,
            )
    elif "label" in fields:
        raise SourceError(
            shown, f"rule {name}: `label:` is for rules whose rows are site furniture ({', '.join(CHROME_KINDS)})",
            fields["label"].start_mark.line + 1,
        )
    return Rule(prefix + name, kind, pattern, max_chars, f"{shown}:{line}", ends, label)
