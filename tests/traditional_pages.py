"""Traditional-script source pages made from the seed, as 范文 sites make them.

Sites publish Simplified pages converted to Traditional: with OpenCC-like
converters in Taiwan's or Hong Kong's forms, or one character at a time
(a Simplified character with several Traditional forms then always gets the
same one: 頭發, 鍾, or is left as it is: 干部, 后来), and some print the
pinyin of every converted character after it ("會(huì)", "會(hui4)",
"軍(jun)(jun)"). These functions do the same to the seed's text, so the tests
can check what the generator makes of such pages against the Simplified text
they came from.
"""

from __future__ import annotations

import opencc
from pypinyin import Style, lazy_pinyin

from build_scripts.editions.opencc_tables import one_to_many

GLOSS_STYLES = {
    # style → (pypinyin style, how the reading is printed)
    "toned": (Style.TONE, "({})"),
    "numbered": (Style.TONE3, "({})"),
    "toneless": (Style.NORMAL, "({})"),
    "repeated": (Style.NORMAL, "({0})({0})"),
    "full-width": (Style.TONE, "（{}）"),
}


def opencc_traditional(text: str, config: str) -> str:
    """``text`` as a site converting with OpenCC publishes it (s2t, s2tw, s2hk)."""
    return opencc.OpenCC(f"{config}.json").convert(text)


def one_character_at_a_time(text: str, keep_own_form: bool) -> str:
    """``text`` converted character by character, as some sites do: a
    character with several Traditional forms always gets its first one
    (发 → 發 in 头发, 钟 → 鍾 in 分钟), or, with ``keep_own_form``, is left as it
    is when it is one of them (干部, 后来, 范围)."""
    several = one_to_many("STCharacters")
    single = opencc.OpenCC("s2t.json")
    out = []
    for ch in text:
        forms = several.get(ch)
        if forms:
            out.append(ch if keep_own_form and ch in forms else forms[0])
        else:
            out.append(single.convert(ch))
    return "".join(out)


def glossed(simplified: str, traditional: str, style: str) -> str:
    """``traditional`` (a conversion of ``simplified``, character for
    character) with the pinyin of every converted character after it, read
    in context from the Simplified text."""
    assert len(simplified) == len(traditional)
    pinyin_style, shape = GLOSS_STYLES[style]
    readings = lazy_pinyin(simplified, style=pinyin_style, errors=lambda run: [""] * len(run))
    assert len(readings) == len(simplified)
    out = []
    for s, t, reading in zip(simplified, traditional, readings):
        out.append(t + (shape.format(reading) if s != t and reading else ""))
    return "".join(out)


def speech_page(speeches: list[tuple[str, list[str]]]) -> str:
    """A source page holding these speeches (title, paragraphs), one to a
    "第N篇 title" section."""
    lines: list[str] = []
    for n, (title, paragraphs) in enumerate(speeches, start=1):
        lines += [f"第{n}篇 {title}", ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
    return "\n".join(lines)
