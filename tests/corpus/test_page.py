"""One source page read for the corpus (build_scripts/corpus/page.py): its
copies parsed, each with what the corpus stages need of it."""

from __future__ import annotations

from build_scripts.corpus.build_report import lossy_ranges
from build_scripts.corpus.merge_duplicates import fingerprint
from build_scripts.corpus.page import page_file, parse_page
from build_scripts.corpus.stable_ids import copy_fingerprint


def test_each_copy_of_the_seed_comes_with_its_fingerprints_and_lossy_ranges(seed_page, generated):
    parsed = parse_page(seed_page)
    assert len(parsed.copies) == len(parsed.split.copies) == 12  # 第1篇 … 第9篇, some of them twice
    assert parsed.merge_prints == [fingerprint(c) for c in parsed.copies]
    assert parsed.id_prints == [copy_fingerprint(c) for c in parsed.copies]
    assert parsed.lossy == lossy_ranges(parsed.copies)
    assert parsed.script == "hans" and parsed.originals == {}
    # What the whole generator published of the page is what this made of it.
    assert generated.pages == [parsed.split] and generated.copies == parsed.copies
    assert page_file(seed_page) == page_file(parsed) == "chengshi-gongzuo-jianghuagao.txt"


def test_a_traditional_page_is_parsed_into_simplified_text_keeping_its_own_labels(seed_page):
    from dataclasses import replace

    from build_scripts.editions.convert import Converter
    from build_scripts.model import SourceLine

    to_hant = Converter("s2tw").convert
    page = replace(seed_page, lines=tuple(SourceLine(line.number, to_hant(line.text)) for line in seed_page.lines))
    parsed, simplified = parse_page(page), parse_page(seed_page)
    assert parsed.script.startswith("hant")
    # The same outline, and (OpenCC's round trip aside) the same Simplified text.
    assert [[(b.kind, b.level) for b in c.blocks] for c in parsed.copies] == [[(b.kind, b.level) for b in c.blocks] for c in simplified.copies]
    texts = [(a.text, b.text) for x, y in zip(parsed.copies, simplified.copies) for a, b in zip(x.blocks, y.blocks)]
    assert sum(a == b for a, b in texts) > 0.8 * len(texts)
    assert parsed.originals  # the page's labels as the Traditional source wrote them
