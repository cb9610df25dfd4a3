"""Stage 7: Markdown pages that render the text literally, with sound front matter."""

import html
import re

import markdown
import pytest
import yaml

from build_scripts.render_markdown import escape_markdown, front_matter

from .conftest import speech_by_sections

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


def test_speech_page_front_matter(generated):
    speech = speech_by_sections(generated, 1, 3)
    page = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode()
    meta = yaml.safe_load(page.split("---\n")[1])
    assert meta["id"] == speech.id and meta["title"] == speech.title
    assert meta["date"] == "2024-11-20" and meta["collection"] == "城市工作讲话稿（9篇）"
    assert meta["tags"] == ["城建环保"] and meta["category"] == ["书信稿件", "稿件范文", "讲话稿"]
    assert [(s["section"], s["published"]) for s in meta["sources"]] == [(3, True), (1, False)]
    assert meta["sources"][0]["lines"] == [58, 58]
    assert meta["characters"] > 2000
    assert meta["description"].startswith("根据会议安排")


def test_headings_carry_outline_anchors(generated):
    speech = speech_by_sections(generated, 6)
    page = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode()
    assert "\n## 二、突出重点，落实创建任务 {#二}\n" in page
    assert "\n### （三）强化服务，加大监督管理力度。 {#二-三}\n" in page


def test_speech_html_keeps_markdown_specials(generated):
    speech = speech_by_sections(generated, 1, 3)
    page = generated.files[f"zh-Hans/speeches/{speech.id}.md"].decode().split("---\n", 2)[2]
    out = html.unescape(markdown.markdown(page, extensions=EXTENSIONS))
    assert "穗字[****]6号" in out and "力争我市****年" in out
    assert "<em>" not in out and "<strong>" not in out
