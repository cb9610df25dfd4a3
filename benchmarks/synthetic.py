"""Deterministic synthetic source pages built from the seed page's own text.

Each page looks like the seed: header chrome, "第N篇" sections, a trailer
with related lists. Speeches are drawn from the seed's paragraphs and
headings, so they are different from each other but read like the real
thing, and every page carries the seed's kinds of damage: a speech on one
run-on line, a truncated duplicate in another section, a watermark sentence,
mojibake and half-width punctuation.
"""

from __future__ import annotations

import random
from pathlib import Path

from build_scripts.pipeline import generate
from build_scripts.parse.decode import read_pages

SEED_SOURCES = Path(__file__).resolve().parent.parent / "sources"
SPEECHES_PER_PAGE = 8  # plus one truncated duplicate section per page
PLACES = (
    "东营 广州 南昌 攀枝花 衢州 青山湖 盐城 绵阳 宜宾 泸州 德阳 遂宁 内江 乐山 南充 眉山 广安 达州 雅安 巴中 "
    "资阳 湖州 嘉兴 绍兴 金华 台州 丽水 温州 宁波 舟山 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 "
    "宿州 六安 亳州 池州 宣城 漳州 莆田 三明 泉州 南平 龙岩 宁德 九江 景德镇 萍乡 新余 鹰潭 赣州 吉安 宜春"
).split()
MEETINGS = ("工作会议", "动员大会", "推进会", "调度会", "座谈会", "专题会议", "现场会", "总结表彰大会")
TOPICS = ("创建全国文明城市", "创建国家卫生城市", "城市工作", "城市管理", "城乡环境综合整治", "创建省级文明城市")
WATERMARK = "本文来自网,在百度中可以直接搜索到网络站"


def seed_material() -> tuple[list[str], list[str]]:
    """(paragraphs, headings) of the seed's published speeches, as cleaned text."""
    result = generate(read_pages(SEED_SOURCES), hant=None)
    paragraphs, headings = [], []
    for speech in result.speeches:
        for block in speech.blocks:
            if block.kind == "heading" and block.level == 2:
                headings.append(block.text.split("、", 1)[1])
            elif block.kind == "paragraph" and len(block.text) >= 40:
                paragraphs.append(block.text)
    return paragraphs, headings


def damage(text: str) -> str:
    """Scraping damage of the kinds the seed shows: half-width punctuation."""
    return text.replace("，", ",").replace("：", ":").replace("；", ";").replace("（", "(").replace("）", ")")


def speech_text(rng: random.Random, paragraphs: list[str], headings: list[str]) -> list[str]:
    numerals = "一二三四五六七八九"
    lines = ["同志们:"]
    for h in range(rng.randint(2, 4)):
        lines.append(f"{numerals[h]}、{rng.choice(headings)}")
        lines.extend(damage(p) for p in rng.sample(paragraphs, rng.randint(3, 6)))
    lines.append("谢谢大家!")
    return lines


def page(number: int, rng: random.Random, paragraphs: list[str], headings: list[str]) -> str:
    topic = rng.choice(TOPICS)
    title = f"{topic}讲话稿({SPEECHES_PER_PAGE + 1}篇)"
    out = [
        "欢迎光临管理者范文网",
        "当前位置:管理者范文网 > 书信稿件 > 稿件范文 > 讲话稿",
        "",
        title,
        "",
        f"更新时间:2024-{1 + number % 12:02d}-{1 + number % 28:02d} 查看人数:{number % 97}",
        "",
    ]
    speeches = []
    for _ in range(SPEECHES_PER_PAGE):
        name = f"在{rng.choice(PLACES)}市{topic}{rng.choice(MEETINGS)}上的讲话"
        speeches.append((name, speech_text(rng, paragraphs, headings)))
    for n, (name, lines) in enumerate(speeches, start=1):
        body = list(lines)
        if n == 3:  # a whole speech on one run-on line
            body = [" ".join(body)]
        if n == 5:  # a watermark sentence injected mid-sentence
            middle = body[len(body) // 2]
            body[len(body) // 2] = middle[: len(middle) // 2] + WATERMARK + middle[len(middle) // 2 :]
        out += [f"第{n}篇 {name}", "", name, ""]
        for line in body:
            out += [line, ""]
    # A truncated copy of the second speech, as the seed's 第1篇 is of its 第3篇.
    name, lines = speeches[1]
    out += [f"第{SPEECHES_PER_PAGE + 1}篇 {name}", ""]
    for line in lines[: max(3, len(lines) // 2)]:
        out += [line, ""]
    out += ["城建环保", "", title, "推荐度:", "点击下载文档文档为doc格式", "", f"相关{topic}信息", ""]
    out += [f"  • {title}", f"  • {title}{number % 9}人关注", "", f"    {lines[1][:80]}", "", "讲话稿热门信息"]
    return "\n".join(out) + "\n"


def add_page(directory: Path, seed: int = 2024) -> Path:
    """One more page, of speeches no page has yet (as when a new page lands)."""
    paragraphs, headings = seed_material()
    number = len(list(directory.glob("page-*.txt")))
    path = directory / f"page-{number:05d}.txt"
    path.write_text(page(number, random.Random(seed + number), paragraphs, headings), encoding="utf-8")
    return path


def write_corpus(directory: Path, speeches: int, seed: int = 2024) -> int:
    """Write enough pages for ``speeches`` distinct speeches; returns the page count."""
    paragraphs, headings = seed_material()
    rng = random.Random(seed)
    pages = -(-speeches // SPEECHES_PER_PAGE)
    directory.mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        (directory / f"page-{number:05d}.txt").write_text(page(number, rng, paragraphs, headings), encoding="utf-8")
    return pages
