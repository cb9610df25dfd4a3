"""Site knowledge as data: the files load, a mistake is an error naming its
file and line, and a rule a user adds fires and is named in the report."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from build_scripts.errors import SourceError
from build_scripts.model import SourcePage
from build_scripts.parse.knowledge import CHROME_KINDS, KNOWLEDGE_DIR, Library, library, read_knowledge_file, read_site_file
from build_scripts.parse.split import split_page
from build_scripts.parse.decode import parse_lines

from .test_page_shapes import SPEECH_A, TITLE_A


def test_the_shipped_knowledge_files_load_and_name_every_rule_once():
    rules = library().for_site(None).rules
    assert len({r.name for r in rules}) == len(rules) > 30
    assert {r.kind for r in rules} >= {"chrome", "trailer", "blurb", "paywall", "injected", "title-end", "salutation"}
    for site in library().sites:
        assert site.rules and all(r.name.startswith(site.key + "/") for r in site.rules)
    # Every rule whose rows are site furniture says what they are, in Simplified words; no other does.
    every = library().common + tuple(r for site in library().sites for r in site.rules)
    assert all(bool(r.label) == (r.kind in CHROME_KINDS) for r in every)
    assert set(library().labels) == {r.name for r in every if r.kind in CHROME_KINDS}


RULES = library().for_site(None).rules
# Characters the rules' patterns name, and some they do not: texts drawn from
# them hit and miss every rule.
ALPHABET = sorted({ch for r in RULES for ch in r.pattern.pattern if not ch.isspace()} | set("的了是在人和我们同志今天工作。，"))


@settings(max_examples=400, deadline=None)
@given(
    rule=st.sampled_from(RULES),
    pieces=st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from([w for r in RULES for w in (r.hint or ())])), max_size=12),
)
def test_a_rules_hint_never_hides_a_match(rule, pieces):
    """The words looked for before a rule's pattern are derived from the
    pattern: a text the pattern matches always holds one of them."""
    text = "".join(pieces)
    if rule.pattern.search(text):
        assert rule.hint is None or any(word in text for word in rule.hint), (rule.name, text)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from([w for r in RULES for w in (r.hint or ())])), max_size=14))
def test_the_first_rule_found_is_the_first_rule_that_matches(pieces):
    """Looking for every rule's words at once (overlapping ones too) finds
    what trying each rule in turn finds."""
    knowledge = library().for_site(None)
    text = "".join(pieces)
    for kind, rules in knowledge.by_kind.items():
        expected = next((r for r in rules if r.matches(text)), None)
        assert knowledge.first(kind, text) is expected, (kind, text)


def test_hints_are_read_from_the_pattern():
    from build_scripts.parse.knowledge import required_words

    assert required_words("此处(?:隐藏|省略)") == {"此处"}
    assert required_words("已?(?:省略|隐藏)\\d+个?字") == {"省略", "隐藏"}
    assert required_words("[•·]\\S+") == {"•", "·"}
    assert required_words("^\\d{1,3}$") is None
    assert required_words("^欢迎光临") is None  # anchored: tried at the start, no words looked for


BAD_FILES = {
    "not yaml": ("rules:\n  - name: a\n    kind: [chrome\n  - name: b\n", 4, "not valid YAML"),
    "unknown key": ("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattren: x\n", 5, "unknown key 'pattren'"),
    "unknown kind": ("rules:\n  - name: a\n    kind: footer\n    pattern: x\n", 3, "kind 'footer' is none of"),
    "bad pattern": ("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: '(unclosed'\n", 5, "does not compile"),
    "empty match": ("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: 'x*'\n", 5, "matches empty text"),
    "both": ("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: x\n    phrases: [y]\n", 2, "either `pattern:` or `phrases:`"),
    "twice": ("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: x\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: y\n", 6, "named twice"),
    "bad name": ("rules:\n  - name: Big Name\n    kind: chrome\n    label: 标语\n    pattern: x\n", 2, "lower-case"),
    "no rules": ("site: x\n", 1, "`rules:` must be a list"),
    "no label": ("rules:\n  - name: a\n    kind: trailer\n    pattern: x\n", 2, "rule a: a trailer rule needs a `label:`"),
    "empty label": ("rules:\n  - name: a\n    kind: blurb\n    label: ''\n    pattern: x\n", 4, "label must be a non-empty text"),
    "traditional label": ("rules:\n  - name: a\n    kind: paywall\n    label: 付費提示\n    pattern: x\n", 4, "the label is in Traditional script"),
    "label not for chrome": ("rules:\n  - name: a\n    kind: salutation\n    label: 称呼\n    pattern: x\n", 4, "`label:` is for rules whose rows are site furniture"),
    "bad ends": ("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: x\n    ends: true\n", 6, "`ends:` is true or false, for a trailer rule"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_knowledge_file_is_an_error_naming_its_line(tmp_path, case):
    text, line, message = BAD_FILES[case]
    path = tmp_path / "x.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        read_knowledge_file(path)
    assert error.value.line == line and message in error.value.message
    assert str(error.value).startswith(f"{path}:{line}: ") and "\n" not in str(error.value)


def test_a_site_file_must_say_how_to_know_the_sites_pages(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("rules:\n  - name: a\n    kind: chrome\n    label: 标语\n    pattern: x\n", encoding="utf-8")
    with pytest.raises(SourceError, match="hosts or names"):
        read_site_file(path)


def test_a_rule_a_user_adds_for_a_site_fires_on_its_pages_only(tmp_path):
    (tmp_path / "sites").mkdir()
    (tmp_path / "common.yml").write_bytes((KNOWLEDGE_DIR / "common.yml").read_bytes())
    (tmp_path / "sites" / "wengao.yml").write_text(
        "hosts: [wengao.example]\nrules:\n  - name: slogan\n    kind: chrome\n    label: 标语\n    phrases: [让每一次发言都有分量]\n",
        encoding="utf-8",
    )
    rules = library.__wrapped__(tmp_path)
    assert isinstance(rules, Library)
    lines = parse_lines("\n".join(["让每一次发言都有分量", TITLE_A, *SPEECH_A]))
    own = split_page(SourcePage("wengao.example/a.txt", lines, "utf-8", site="wengao.example"), rules.for_site(rules.site_for("wengao.example")))
    other = split_page(SourcePage("b.txt", lines, "utf-8"), rules.for_site(rules.site_for(None)))
    assert own.verdicts[0].rule == "wengao/slogan"
    # Its label: what a source page as published says the row is (render/source_pages.py).
    assert rules.labels["wengao/slogan"] == "标语" and rules.labels["breadcrumb"] == "导航路径"
    assert other.verdicts[0].rule != "wengao/slogan"
