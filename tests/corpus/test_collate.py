"""Collation: what the merged copies of a seed speech say differently."""

from dataclasses import replace

from build_scripts.corpus.collate import MAX_CELLS, collate, compare
from build_scripts.model import Block

from ..conftest import speech_by_sections


def readings(collation):
    return [(v.published.text, v.other.text) for v in collation.variants]


def test_truncated_duplicate_shows_its_real_variants(generated):
    """第3篇 (published, one run-on line) against 第1篇 (lines 14–30, cut short):
    the blank is ****年 in one and _____*年 in the other, the year of the
    Asian Games 2010 / 2022, 第1篇 keeps three quoted words, and it stops
    after 878 of the 2,167 characters."""
    speech = speech_by_sections(generated, 1, 3)
    assert [c.clean.copy.section for c in speech.distinct.copies] == [3, 1]
    (collation,) = collate(speech.distinct)
    assert not collation.same_text and collation.copy == 1
    found = readings(collation)
    assert found[:5] == [
        ("****", "_____*"),
        ("全国文明城市", "‘全国文明城市’"),
        ("2010", "2022"),
        ("牛皮癣", "‘牛皮癣’"),
        ("一把手", "‘一把手’"),
    ]
    tail = collation.variants[5]
    assert len(found) == 6 and tail.other.text == "" and tail.other.at_end
    assert tail.published.text.startswith("（二）关于《中共广州市委") and len(tail.published.text) == 1297
    # Where each copy says it: block of the published page, source lines of both.
    assert [speech.anchors[v.block] for v in collation.variants] == ["p3", "p4", "p5", "p6", "p6", "一-二"]
    assert [v.published.lines for v in collation.variants] == [(58, 58)] * 6
    assert [v.other.lines for v in collation.variants][:4] == [(20, 20), (24, 26), (28, 28), (30, 30)]
    assert collation.variants[2].before.endswith("也为我们在") and collation.variants[2].after.startswith("年成功举办")


def test_stray_spaces_and_paragraphing_are_not_variants(generated):
    """第5篇 holds the same speech twice (lines 198–228 and 164–194): the copy
    at 164 has stray spaces ("20xx 年") and more paragraph breaks (61 blocks
    against 16); its words are the same."""
    speech = speech_by_sections(generated, 5, 5)
    published, other = speech.distinct.copies
    assert [c.clean.copy.line_range for c in (published, other)] == [(198, 228), (164, 194)]
    assert len(published.blocks) != len(other.blocks)
    (collation,) = collate(speech.distinct)
    assert collation.variants == () and collation.same_text and not collation.same_blocks


def test_heading_lost_in_the_scrape_is_no_variant(generated, seed_lines):
    """第8篇 (讲话稿一) glues "三、加强领导…" to the end of the paragraph before
    it (line 404); the cleaner splits it off again, so 第7篇 and 第8篇 are
    identical paragraph by paragraph."""
    assert "。三、加强领导" in seed_lines[404] and seed_lines[342].startswith("三、加强领导")
    speech = speech_by_sections(generated, 7, 8)
    (collation,) = collate(speech.distinct)
    assert collation.same_blocks and collation.variants == ()


def with_block_text(copy, index, text):
    blocks = list(copy.blocks)
    blocks[index] = Block(kind=blocks[index].kind, text=text, level=blocks[index].level, number=blocks[index].number)
    return replace(copy, blocks=tuple(blocks))


def test_one_changed_character_is_one_variant_at_its_paragraph(generated):
    speech = speech_by_sections(generated, 4)
    copy = speech.distinct.best
    block = next(i for i, b in enumerate(copy.blocks) if b.kind == "paragraph" and len(b.text) > 100)
    text = copy.blocks[block].text
    changed = with_block_text(copy, block, text[:50] + "◎" + text[51:])
    collation = compare(copy, changed)
    assert readings(collation) == [(text[50], "◎")]
    assert collation.variants[0].block == block
    assert collation.variants[0].before == text[42:50] and collation.variants[0].after == text[51:59]


def test_a_long_rewritten_stretch_is_one_capped_variant(generated):
    """Character comparison is skipped where it would be costly (MAX_CELLS):
    a rewritten stretch is then one variant. (What collation costs per
    speech is the benchmark's: its "related speeches, collation and facets"
    stage.)"""
    speech = speech_by_sections(generated, 5, 5)
    copy = speech.distinct.best
    block = max(range(len(copy.blocks)), key=lambda i: len(copy.blocks[i].text))
    text = copy.blocks[block].text
    assert len(text) ** 2 > MAX_CELLS
    rewritten = with_block_text(copy, block, text[::-1].replace("。", "，"))
    collation = compare(copy, rewritten)
    assert len(collation.variants) == 1 and collation.variants[0].block == block
