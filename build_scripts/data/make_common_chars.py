"""Write common_chars.txt: the Han characters most used in Chinese words.

Ranked by the summed frequency of the words of jieba's dictionary (shipped
with the pinned jieba package) that hold each character. The parser uses the
list to notice a run of characters no writer would put together (a site's
anti-scraping junk): real text is mostly made of these characters.

    .venv/bin/python -m build_scripts.data.make_common_chars
"""

from __future__ import annotations

import collections
from pathlib import Path

import jieba

COUNT = 600
OUT = Path(__file__).with_name("common_chars.txt")


def main() -> None:
    frequency: collections.Counter[str] = collections.Counter()
    with open(Path(jieba.__file__).with_name("dict.txt"), encoding="utf-8") as words:
        for line in words:
            word, count, *_ = line.split(" ")
            for ch in word:
                if "\u4e00" <= ch <= "\u9fff":
                    frequency[ch] += int(count)
    ranked = [ch for ch, _ in frequency.most_common(COUNT)]
    OUT.write_text("\n".join("".join(ranked[i : i + 50]) for i in range(0, COUNT, 50)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
