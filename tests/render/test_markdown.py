"""Stage 7: Markdown pages that render the text literally, with sound front matter."""

from __future__ import annotations

import html
import random
import re
import markdown
import pytest
import yaml
from build_scripts.render import markdown as render_markdown
from build_scripts.render.markdown import _fast_yaml, escape_markdown, front_matter, placeholders
from ..conftest import speech_by_sections


# The extensions mkdocs.yml enables, so the check sees what the site sees.
EXTENSIONS = ["attr_list", "md_in_html", "toc"]


NASTY = [
    "穗字[****]6号",
    "_____*年跨入",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点我](javascript:alert(1))",
    "![图](x.png)",
    "# 不是标题",
    "1. 不是列表",
    "- 不是列表",
    "> 不是引用",
    "a | b | c",
    "<!-- 注释 -->",
    "{{ config }} {% include x %}",
    "`代码` **粗体** __下划线__ *斜体*",
    "&lt;已转义&gt; &amp;",
    "标题 {#forged .x}",
    "\\反斜杠\\",
    "---",
    "***",
]


def rendered_text(md: str) -> str:
    out = markdown.markdown(md, extensions=EXTENSIONS)
    assert not re.search(r"<(?!/?p>)", out), out  # nothing but the paragraph itself became markup
    return html.unescape(re.sub(r"</?p>", "", out))


@pytest.mark.parametrize("text", NASTY)
def test_special_text_renders_literally(text):
    assert rendered_text(escape_markdown(text)) == text


def test_front_matter_survives_hostile_titles():
    data = {"title": '标题: "引号" \'单引号\'\n---\n第二行 # 注释', "tags": ["a: b", "- c"]}
    text = front_matter(data)
    assert text.startswith("---\n") and text.endswith("---\n")
    body = text[4:-4]
    assert "\n---\n" not in body
    assert yaml.safe_load(body) == data


def dumped(data) -> str:
    """What front_matter would write without its fast path."""
    return yaml.dump(data, Dumper=render_markdown._DUMPER, allow_unicode=True, sort_keys=False, width=1000)


needs_libyaml = pytest.mark.skipif(not render_markdown._FAST_YAML, reason="the fast path imitates libyaml")


@needs_libyaml
def test_fast_front_matter_is_what_yaml_writes_on_every_page_of_the_seed(generated):
    checked = 0
    for path, content in generated.files.items():
        text = content.decode() if path.endswith(".md") else ""
        if not text.startswith("---\n") or "/speeches/" not in path and "/indexes/" not in path and "/collections/" not in path:
            continue
        block = text[4 : text.index("\n---\n", 3) + 1]
        data = yaml.safe_load(block)
        fast = _fast_yaml(data)
        assert fast is not None, path  # every page of the seed takes the fast path
        assert fast == dumped(data) == block, path
        checked += 1
    assert checked > 60  # both editions' speeches, collections and index pages


# Strings whose YAML form is anything but themselves, or nearly so.
TRICKY = [
    "", " ", "  ", " 前导空格", "尾随空格 ", "a  b", "\t", "制表\t符",
    "a: b", "a:b", "a:", ":", ": a", "a :b", "a #b", "a#b", "#注释", "# 注释",
    "'", "''", "it's", '"', '"引号"', "'单引号'", "“全角引号”", "‘’",
    "yes", "Yes", "YES", "no", "No", "on", "off", "y", "n", "true", "False", "null", "Null", "~", "NULL",
    "0", "1", "-1", "+1", "1.5", "1e3", ".5", "5.", "0x1F", "0o17", "0b101", "1_000", "12:30", "190:20:30",
    "2024-01-01", "2024-1-1", "2024-01-01 10:00:00", "2024-13-45", "2024年1月1日",
    ".inf", "-.inf", ".NaN", "<<", "=",
    "-", "--", "---", "--- x", "...", ". x", "- 列表", "-列表", "?", "? x", "?x", "!x", "&a", "*a", "|", ">", "%", "@", "`",
    "[", "]", "{", "}", "a,b", "[链接](x.md)", "{a: 1}",
    "\n", "换\n行", "行尾\n", "\r", "\x85", "\u2028", "\u2029", "\ufeff", "\ufeff开头", "\x00", "\x7f", "\x9f",
    "\xa0", "不换行\xa0空格", "\ud7ff", "\ue000", "\ufffd", "😀", "表情😀", "𠀀",
    "城市管理讲话稿（9篇）", "page-00000.txt", "在遂宁市城市管理座谈会上的讲话", "a" * 399, "字" * 400, "字 " * 200,
    "a " * 600, "字" * 1200,
]


@needs_libyaml
@pytest.mark.parametrize("text", TRICKY)
def test_fast_front_matter_writes_tricky_strings_as_yaml_does(text):
    for data in ({"title": text}, {"tags": [text, "x"]}, {"sources": [{"title": text, "lines": [1, 2]}]}):
        fast = _fast_yaml(data)
        assert fast is None or fast == dumped(data)
        assert front_matter(data) == f"---\n{dumped(data)}---\n"


@needs_libyaml
def test_fast_front_matter_takes_the_common_strings():
    """Quoted and plain strings alike take the fast path (the test above is not vacuous)."""
    for text in ["", " 前导", "a: b", "#x", "it's", "yes", "null", "1.5", "2024-01-01", "城市（9篇）", "字 " * 100]:
        assert _fast_yaml({"title": text}) == dumped({"title": text})


@needs_libyaml
def test_fast_front_matter_matches_yaml_on_random_documents():
    rng = random.Random(9704)
    alphabet = list("ab xyz019-.:#'\"?!,[]{}&*|>%@`~<=+_/\\") + list("中文：（）“”\xa0\t\n\x85\u2028\ufeff😀")
    words = ["yes", "no", "null", "~", "true", "1", "1.5", "0x1f", "2024-01-01", "12:30", "-", "---", "...", "<<", ""]
    keys = ["id", "title", "lines", "yes", "null", "on", "Key", "k1", "a_b"]

    def text():
        if rng.random() < 0.3:
            return rng.choice(words) + rng.choice(["", "", " ", ":", " #x"])
        return "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 2, 3, 8, 30, 420])))

    def value(depth):
        r = rng.random()
        if depth < 3 and r < 0.15:
            return [value(depth + 1) for _ in range(rng.randint(0, 3))]
        if depth < 3 and r < 0.25:
            return mapping(depth + 1)
        if r < 0.3:
            return rng.randint(-(10**6), 10**6)
        if r < 0.33:
            return rng.choice([True, False, None])
        return text()

    def mapping(depth):
        return {rng.choice(keys): value(depth) for _ in range(rng.randint(0, 5))}

    taken = 0
    for _ in range(3000):
        data = mapping(0)
        fast = _fast_yaml(data)
        if fast is not None:
            taken += 1
            assert fast == dumped(data), data
    assert taken > 100


@pytest.mark.parametrize("shared", [["a", "b"], [], {}, {"k": 1}])
def test_front_matter_writes_a_shared_object_as_yaml_does(shared):
    """The same list or mapping twice: an anchor and an alias."""
    for data in ({"x": shared, "y": shared}, {"x": [shared, shared]}, {"x": shared, "z": [{"w": shared}]}):
        assert front_matter(data) == f"---\n{dumped(data)}---\n"
        assert "&id001" in front_matter(data)


def placeholder_texts(text: str) -> list[str]:
    return [text[a:b] for a, b in placeholders(text)]


def speech_text(speech) -> str:
    return "\n".join(b.text for b in speech.blocks)


def test_placeholders_of_the_seed_are_found(generated):
    """The seed's blanks: ****年 and 穗字[****]6号 (第3篇), xx (第2篇), 20xx and
    xxxx (第5篇), _____*年 (in the merged 第1篇 copy)."""
    text = speech_text(speech_by_sections(generated, 1, 3))
    assert placeholder_texts(text) == ["****"] * 8
    assert "穗字[****]6号" in text and "力争我市****年" in text
    assert placeholder_texts(speech_text(speech_by_sections(generated, 2))) == ["xx"] * 9
    merged = speech_by_sections(generated, 5, 5)
    assert sorted(set(placeholder_texts(speech_text(merged)))) == ["20xx", "xx", "xxxx"]
    truncated = speech_by_sections(generated, 1, 3).distinct.copies[1]
    assert "_____*" in placeholder_texts("".join(b.text for b in truncated.blocks))
    # Speeches without blanks have none: 第4篇, 第6篇.
    assert placeholder_texts(speech_text(speech_by_sections(generated, 4))) == []
    assert placeholder_texts(speech_text(speech_by_sections(generated, 6))) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("力争我市_____*年跨入", ["_____*"]),
        ("穗字[****]6号", ["****"]),
        ("党的xx大以来，20xx年、201x年", ["xx", "20xx", "201x"]),
        ("XX市、ｘｘ县、×××同志、○○镇", ["XX", "ｘｘ", "×××", "○○"]),
        ("于x月x日召开，填写___、＿＿", ["x", "x", "___", "＿＿"]),
        ("某某同志指出，某些地方、某种程度", ["某某"]),
        ("led光电、box、xxl码、2022—2022年、3*4", []),
    ],
)
def test_placeholder_patterns(text, found):
    assert placeholder_texts(text) == found


@pytest.mark.parametrize("text", NASTY + ["党的xx大以来，20xx年", "xx市", "1. xx年", "- 某某同志", "**__**"])
def test_marked_placeholders_still_render_literally(text):
    # The marks come from the Markdown extension mkdocs.yml names, over the
    # escaped text of a speech's paragraph (its id p<N>).
    md = escape_markdown(text) + "\n{: #p1 }"
    out = markdown.markdown(md, extensions=EXTENSIONS + ["build_scripts.render.placeholder_marks"])
    out = out.replace('<p id="p1">', "<p>")
    count = len(placeholders(" ".join(text.split())))
    assert out.count('<mark>') == count
    assert not re.search(r"<(?!/?p>|/?mark[ >])", out), out  # only the paragraph and the marks are markup
    assert html.unescape(re.sub(r"</?(p|mark)[^>]*>", "", out)) == text
