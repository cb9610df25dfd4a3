"""The Traditional edition's usage for the strings the site writes itself.

OpenCC's s2tw converts characters only, so 链接 becomes 鏈接 where Taiwan
writes 連結, as the theme's strings and the heading links do. These words
are for the site's own strings (labels, buttons, its hand-written pages),
never for a speech's text. Each word holds a character only Traditional text
has, so Simplified text passes through unchanged.
"""

from __future__ import annotations

import re

# The site's own words where Taiwan's usage (and Hong Kong's) differs from the mainland's.
SITE_WORDS = {"鏈接": "連結", "純文本": "純文字", "地址欄": "網址列", "鼠標": "滑鼠", "剪貼板": "剪貼簿"}
_SITE_WORD = re.compile("|".join(SITE_WORDS))


def site_words(text: str) -> str:
    """A string of the site's own (converted) in the Traditional edition's usage."""
    return _SITE_WORD.sub(lambda m: SITE_WORDS[m.group()], text)
