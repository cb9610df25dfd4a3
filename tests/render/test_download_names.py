"""The file names downloads are saved under: safe on every file system and
in the attribute list they are written in, whatever the title holds."""

from __future__ import annotations

import unicodedata

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.render.download_names import TITLE_CHARACTERS, download_name, safe_title

from .. import dom
from ..hostile import ATTACKS, hostile

# What no file system or Markdown may see in a name.
WINDOWS_FORBIDDEN = set('\\/:*?"<>|')
MARKDOWN_SPECIAL = set("`_*[]{}!&#\\<>")


def attribute_read_back(name: str) -> str:
    """``name`` as the download attribute of a link written the way speech
    pages write it, after Python-Markdown with attr_list (as MkDocs runs it)."""
    html = markdown.markdown(f'下载：[Word（.docx）](x.docx){{: download="{name}" }}', extensions=["attr_list"])
    (link,) = dom.parse(html).find_all("a")
    assert set(link.attrs) == {"href", "download"}, html
    return link.attrs["download"]


def test_the_title_and_the_edition_name_the_file():
    title = "在城市工作领导小组会议上讲话"
    assert download_name(title, "zh-Hans", "docx", "x") == "在城市工作领导小组会议上讲话（简体）.docx"
    assert download_name("在城市工作領導小組會議上講話", "zh-Hant", "txt", "x") == "在城市工作領導小組會議上講話（繁體）.txt"


@pytest.mark.parametrize(
    ("title", "safe"),
    [
        ("关于<b>xx</b>的[讲话]*稿*", "关于＜b＞xx＜／b＞的［讲话］＊稿＊"),
        ('a/b\\c:d*e?f"g<h>i|j', "a／b＼c：d＊e？f＂g＜h＞i｜j"),
        ("{: onclick=alert(1) }", "｛： onclick＝alert(1) ｝"),
        ("`code` _x_ & #1 ! ~^", "｀code｀ ＿x＿ ＆ ＃1 ！ ～＾"),
        ("2024年工作总结(定稿),第1.5版-终", "2024年工作总结(定稿),第1.5版-终"),
        ("  讲话\t稿\n（一）  ", "讲话 稿 （一）"),
        ("..-.隐藏", "隐藏"),
        ("\u202egpj.exe", "gpj.exe"),  # a right-to-left override would show "exe.jpg"
        ("零\u200b宽\ufeff字\u0007符\ue000", "零宽字符"),
        ("ｅ\u0301", "ｅ\u0301"),  # no precomposed form: kept as it is
        ("e\u0301", "é"),  # NFC
    ],
)
def test_a_title_is_made_a_safe_name(title, safe):
    assert safe_title(title) == safe


def test_a_title_with_nothing_left_falls_back_to_the_id():
    for title in ("", "   ", "\u200b\u202e", "...", "-"):
        assert download_name(title, "zh-Hans", "docx", "speech-id") == "speech-id（简体）.docx"


def test_a_long_title_is_cut_with_an_ellipsis():
    name = safe_title("讲" * 200)
    assert name == "讲" * TITLE_CHARACTERS + "…"
    emoji = safe_title("😀" * 200)  # four bytes each in UTF-8
    assert emoji.endswith("…") and len(emoji.encode("utf-8")) <= 180 + 3
    assert safe_title("讲" * TITLE_CHARACTERS) == "讲" * TITLE_CHARACTERS  # exactly at the limit: not cut


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_attack_string_reads_back_from_the_page(attack):
    name = download_name(attack, "zh-Hans", "docx", "x")
    assert attribute_read_back(name) == name


@settings(max_examples=300, deadline=None)
@given(title=st.one_of(st.text(max_size=300), hostile()), lang=st.sampled_from(["zh-Hans", "zh-Hant"]))
def test_any_title_makes_a_name_every_system_and_the_page_keep(title, lang):
    name = download_name(title, lang, "docx", "speech-id")
    stem = name.removesuffix({"zh-Hans": "（简体）.docx", "zh-Hant": "（繁體）.docx"}[lang])
    assert stem and not stem.startswith((".", "-", " ")) and stem == stem.strip()
    assert not (set(name) & WINDOWS_FORBIDDEN) and not (set(stem) & MARKDOWN_SPECIAL)
    assert all(unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Cn"} for c in name)
    assert len(name.encode("utf-8")) <= 255 and len(name.encode("utf-16-le")) // 2 <= 255
    assert name == unicodedata.normalize("NFC", name)
    assert attribute_read_back(name) == name
