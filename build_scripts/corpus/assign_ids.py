"""Stage 6 — give each distinct speech a clean, distinct title, an id and anchors.

Ids are readable pinyin slugs of the title ("chengshi-gongzuo-huiyi-…").
Anchors come from the outline numbers ("二", "二-三"), so they read the same in
Simplified and Traditional editions, and paragraphs are numbered "p1", "p2", ….
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from ..parse.clean import repair_characters
from .stable_ids import RESERVED_IDS, keep_published_apart, reconcile, unique
from ..model import Changes, LedgerEntry
from ..model import Block, Collection, DistinctSpeech, PageMeta, Speech
from ..patterns import HAN, CN_NUMERAL, MEETING_NAME

MAX_SLUG_CHARS = 72
# The title of a speech whose page gives it none.
UNTITLED = "无题"
# Particles that make a slug longer without telling speeches apart.
_SLUG_STOPWORDS = {"在", "上", "的", "上的", "之", "了"}
_TITLE_KEY_NOISE = re.compile(r"[在上的稿\s]")


def display_title(raw: str) -> str:
    """The title a speech is published under: its page's title for it
    (the parser took the site's additions off), typography mended; 无题 when
    the page gives it none (the build report lists those)."""
    return display_text(raw) or UNTITLED


def display_text(text: str) -> str:
    """A title with the same punctuation and spacing repairs as speech text."""
    return repair_characters(text.strip(), 0, [])


def title_key(title: str) -> str:
    """Titles that differ only in particles ("在", "上的", "稿") are the same title."""
    return _TITLE_KEY_NOISE.sub("", title)


def meeting_name(speech: DistinctSpeech) -> str | None:
    for block in speech.best.blocks[:4]:
        if m := MEETING_NAME.search(block.text):
            return m.group("name")
    return None


def distinct_titles(speeches: list[DistinctSpeech]) -> list[str]:
    """Clean titles; speeches that share one are told apart by their meeting."""
    titles = [display_title(s.best.clean.copy.title) for s in speeches]
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, title in enumerate(titles):
        by_key[title_key(title)].append(i)
    result = list(titles)
    for members in by_key.values():
        if len(members) < 2:
            continue
        names = [meeting_name(speeches[i]) for i in members]
        usable = all(names) and len(set(names)) == len(names)
        for n, (i, name) in enumerate(zip(members, names), start=1):
            qualifier = name if usable else f"之{CN_NUMERAL[n - 1] if n <= 10 else n}"
            result[i] = f"{titles[i]}（{qualifier}）"
    return result


def slugify(text: str) -> str:
    """Pinyin words joined by hyphens: "城市工作会议" → "chengshi-gongzuo-huiyi"."""
    import jieba

    words: list[str] = []
    for word in jieba.cut(text):
        if word in _SLUG_STOPWORDS:
            continue
        if HAN.search(word):
            words.append(word_pinyin(word))
        else:
            words.extend(re.findall(r"[a-z0-9]+", word.lower()))
    slug = ""
    for word in filter(None, words):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_CHARS:
            break
        slug = candidate
    return slug or "speech"


@lru_cache(maxsize=1 << 16)
def word_pinyin(word: str) -> str:
    """A word's pinyin, tone marks dropped. Titles share most of their words
    (城市, 工作, 会议), and pypinyin takes about 0.1 ms a word."""
    from pypinyin import Style, lazy_pinyin

    return "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


def collection_id(file: str) -> str:
    """The source file's name, which the maintainers already chose as a slug
    (pinyin for a Chinese name); folders are part of it."""
    path = file.rsplit(".", 1)[0]
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
    return ascii_slug if not HAN.search(path) else slugify(path.replace("/", " "))


def anchors_for(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    """Heading ids from the outline ("二", "二-三"), paragraph ids "p1", "p2" …."""
    anchors: list[str] = []
    seen: set[str] = set()
    parent = ""
    paragraphs = 0
    for block in blocks:
        if block.kind == "heading":
            if block.level == 2:
                parent = block.number
                anchor = block.number
            else:
                anchor = f"{parent}-{block.number}" if parent else block.number
        else:
            paragraphs += 1
            anchor = f"p{paragraphs}"
        unique, n = anchor, 2
        while unique in seen:
            unique, n = f"{anchor}-{n}", n + 1
        seen.add(unique)
        anchors.append(unique)
    return tuple(anchors)


def assign_stable_ids(
    speeches: list[DistinctSpeech],
    metas: dict[str, PageMeta],
    ledger: list[LedgerEntry],
    today: str,
    copy_prints: dict[int, str] | None = None,
) -> tuple[list[Speech], list[Collection], list[LedgerEntry], Changes]:
    """Titles, anchors and ids; a speech in the ledger keeps its published id
    (see stable_ids.py), a new one gets the slug of its title. A new text
    holding several published speeches does not merge them (a compilation:
    stable_ids.keep_published_apart)."""
    speeches, holds = keep_published_apart(speeches, ledger, copy_prints)
    titles = distinct_titles(speeches)
    files = sorted(metas)
    taken = set(RESERVED_IDS)
    collection_ids = {file: unique(collection_id(file), taken) for file in files}
    dates = [metas[s.best.clean.copy.file].date for s in speeches]
    # A title's slug is made only for a speech the ledger does not know
    # (pinyin costs about a millisecond a title).
    ids, entries, changes = reconcile(speeches, lambda i: slugify(titles[i]), dates, ledger, today, copy_prints)
    changes = replace(changes, compilations=tuple((ids[i], held) for i, held in sorted(holds.items())))
    published: list[Speech] = []
    for speech, title, sid in zip(speeches, titles, ids):
        file = speech.best.clean.copy.file
        first_file = min(c.clean.copy.file for c in speech.copies)
        published.append(
            Speech(
                id=sid,
                title=title,
                collection_id=collection_ids[first_file],
                meta=metas[file],
                blocks=speech.best.blocks,
                anchors=anchors_for(speech.best.blocks),
                distinct=speech,
            )
        )
    collections: dict[str, list[str]] = defaultdict(list)
    for speech in published:
        for file in dict.fromkeys(c.clean.copy.file for c in speech.distinct.copies):
            collections[file].append(speech.id)
    return published, [
        Collection(id=collection_ids[file], title=display_text(metas[file].title), file=file, meta=metas[file], speech_ids=tuple(ids))
        for file, ids in sorted(collections.items())
    ], entries, changes
