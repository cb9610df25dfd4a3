"""The grammar of speech markers: how a page numbers the speeches it bundles.

Sites number them in many ways: "第1篇 标题", "第一篇：标题", "【第１篇】",
"标题 篇1", "标题篇一", "篇一：标题", "【篇一：标题", "【篇一】标题",
"标题范文1", "标题（精选篇2）", "标题1" (a digit after a title word),
"讲稿一", "关键词 第一篇_标题". Each form is read from a row's view (no
spaces, Simplified, ASCII punctuation) into its number, the title it carries
and the text glued after it ("标题1安全大过天，……": a marker run into the
first sentence).

Strong forms say "篇" or "范文": they are markers wherever they stand.
Weak forms (a number after a title word) are markers only as part of a
sequence, or on a page that says it bundles several speeches: a title such
as "……讲话稿2" could be a title, or a line of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..patterns import CN_DIGITS, CN_UNITS

NUMBER = r"(?:[0-9]{1,3}|[零〇一二两三四五六七八九十百]{1,5})"
# A title: no sentence or clause break.
_TITLE = r"[^。!?;,，]{0,60}?"
_OPEN, _CLOSE = r"[【\[(〔]?", r"[】\])〕]?"
# Words a site puts between a title and its number: "精选篇1", "范文二".
_LABEL = r"(?:精选|范文|推荐|优秀|热门|通用|经典|最新)?"
_SEP = r"[:、._\-—–]*"
# Words that count things: a number before one is a count ("6篇", "800字"), no marker.
_MEASURES = "篇个字页年月日号人次名项条届期周岁万元份"

_FORMS = (
    # 第1篇 标题 · 【第1篇】标题 · 第一篇:标题
    ("第N篇", True, re.compile(rf"^{_OPEN}第(?P<n>{NUMBER})篇(?![章幅目])(?:{_CLOSE}){_SEP}(?P<title>{_TITLE})$")),
    # 关键词 第一篇_标题
    ("关键词第N篇", True, re.compile(rf"^(?P<keyword>[^。!?;,]{{2,24}}?)第(?P<n>{NUMBER})篇[:、._\-—–]+(?P<title>[^。!?;]{{2,60}})$")),
    # 篇一:标题 · 【篇一:标题 · 【篇一】标题 · 篇1
    ("篇N", True, re.compile(rf"^{_OPEN}篇(?P<n>{NUMBER})(?:{_CLOSE}){_SEP}(?P<title>{_TITLE})[】\]]?$")),
    # 标题 篇1 · 标题篇一 · 标题(精选篇2) · 标题【篇一】
    ("标题篇N", True, re.compile(rf"^(?P<title>{_TITLE}){_SEP}{_OPEN}{_LABEL}篇(?P<n>{NUMBER}){_CLOSE}:?$")),
    # 标题范文1 · 范文一:
    ("标题范文N", True, re.compile(rf"^(?P<title>{_TITLE}){_OPEN}范文(?P<n>{NUMBER}){_CLOSE}:?$")),
)
# 标题1 · 讲稿一 · 讲话稿二: (weak: a number after a title word)
_WEAK = re.compile(rf"^(?P<title>{_TITLE}(?P<word>{{words}}))(?P<n>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}}):?$")
# 标题1安全大过天，…… (weak, and run into the first sentence)
_GLUED = re.compile(rf"^(?P<title>{_TITLE}(?P<word>{{words}}))(?P<n>[0-9]{{1,2}})(?P<rest>[^\d:、.．{_MEASURES}].{{5,}})$")


@dataclass(frozen=True)
class Marker:
    number: int
    form: str  # which form: "第N篇", "篇N", …, "标题N", "标题N+text"
    strong: bool
    title: tuple[int, int]  # where the title it carries is, in the view ((k, k) when none)
    rest: int | None = None  # where text glued after it starts, in the view


def numeral_value(numeral: str) -> int | None:
    """"12", "１２", "十二", "一百零一", "二〇" → their value; None when malformed."""
    if numeral.isdecimal():
        return int(numeral)
    if all(ch in CN_DIGITS for ch in numeral):  # digit by digit: "二〇" is 20
        return int("".join(str(CN_DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in CN_UNITS:
            total += (1 if digit is None else digit) * CN_UNITS[ch]
            digit = None
        elif ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            return None
    return total + (digit or 0)


class MarkerGrammar:
    """Reads markers from views; the title words come from the knowledge files."""

    def __init__(self, title_words: tuple[str, ...]):
        words = "|".join(re.escape(w) for w in sorted(title_words, key=len, reverse=True)) or "(?!)"
        self._weak = re.compile(_WEAK.pattern.replace("{words}", words))
        self._glued = re.compile(_GLUED.pattern.replace("{words}", words))

    def read(self, view: str) -> Marker | None:
        """The marker a row's view is, None when it is none."""
        if not view or len(view) > 90:
            return None
        for form, strong, pattern in _FORMS:
            if m := pattern.match(view):
                number = numeral_value(m.group("n"))
                if number is None or number == 0:
                    continue
                return Marker(number, form, strong, _trimmed(view, m.span("title")))
        if m := self._weak.match(view):
            number = numeral_value(m.group("n"))
            if not number:
                return None
            if len(m.group("title")) >= len(m.group("word")) + 2:
                return Marker(number, "标题N", False, m.span("title"))
            if m.start("word") == 0:  # "讲稿一": a title word alone, numbered
                return Marker(number, "标题N", False, (0, 0))
        return None

    def read_glued(self, view: str) -> Marker | None:
        """A weak marker run into the first sentence of its speech."""
        m = self._glued.match(view[:120])
        if not m or len(m.group("title")) < len(m.group("word")) + 2:
            return None
        number = numeral_value(m.group("n"))
        return Marker(number, "标题N+text", False, m.span("title"), rest=m.start("rest")) if number else None


_PAIRS = {"(": ")", "【": "】", "[": "]"}


def _trimmed(view: str, span: tuple[int, int]) -> tuple[int, int]:
    """A title's span without the separators and stray brackets around it
    ("【篇一：标题" leaves "标题"); a bracket the title closes stays ("……讲话（摘要）")."""
    a, b = span
    while a < b:
        ch = view[a]
        if ch in "_-—:、.】])" or ch in _PAIRS and _PAIRS[ch] not in view[a + 1 : b]:
            a += 1
        else:
            break
    while b > a:
        ch = view[b - 1]
        opener = next((o for o, c in _PAIRS.items() if c == ch), None)
        if ch in "_-—:、.【[(" or opener and opener not in view[a : b - 1]:
            b -= 1
        else:
            break
    return (a, b)
