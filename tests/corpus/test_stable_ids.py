"""Stable ids: the ledger keeps every published id with its speech."""

import json
import re
import shutil
from dataclasses import replace

import pytest

from build_scripts.model import DistinctSpeech
from build_scripts.parse.decode import read_source
from build_scripts.parse.split import split_page
from build_scripts.parse.clean import clean_copy
from build_scripts.parse.structure import find_structure
from build_scripts.corpus.merge_duplicates import merge_duplicates
from build_scripts import cli
from build_scripts.corpus.ledger import format_ledger, parse_ledger
from build_scripts.corpus.stable_ids import distance, fingerprint, reconcile

from build_scripts.pipeline import generate
from build_scripts.parse.decode import read_pages
from build_scripts.parse.decode import source_page

from ..conftest import SEED, SOURCES

TODAY = "2026-11-27"


def distinct_of(page):
    return merge_duplicates([find_structure(clean_copy(c)) for c in split_page(page).copies])


@pytest.fixture(scope="module")
def seed_ledger(generated):
    speeches = [s.distinct for s in generated.speeches]
    ids, ledger, changes = reconcile(speeches, [s.id for s in generated.speeches].__getitem__,
                                     [s.meta.date for s in generated.speeches], [], TODAY)
    assert ids == [s.id for s in generated.speeches] and changes.new == tuple(ids)
    return ledger


def test_the_ledger_round_trips_and_dates_come_from_the_source(seed_ledger):
    assert parse_ledger(format_ledger(seed_ledger).encode()) == seed_ledger
    assert {e.added for e in seed_ledger} == {"2024-11-20"}  # the page's 更新时间, not the build's day
    # Two speeches printed under one 第N篇 have their own locations.
    copies = [c for e in seed_ledger for c in e.copies]
    assert len(copies) == len(set(copies)) == 12
    assert "chengshi-gongzuo-jianghuagao.txt#8.2" in copies


def test_the_same_speeches_keep_their_ids_whatever_their_titles_become(generated, seed_ledger):
    speeches = [s.distinct for s in generated.speeches]
    ids, ledger, changes = reconcile(speeches, "new-title-{}".format, [None] * 9, seed_ledger, TODAY)
    assert ids == [e.id for e in seed_ledger] and ledger == seed_ledger
    assert changes.new == changes.joined == changes.aliased == changes.retired == ()


def test_a_renamed_page_keeps_the_ids_by_fingerprint(generated, seed_ledger, tmp_path):
    renamed = tmp_path / "renamed-page.txt"
    renamed.write_bytes(SEED.read_bytes())
    speeches = distinct_of(read_source(renamed, tmp_path))
    ids, ledger, changes = reconcile(speeches, lambda i: "x", [None] * len(speeches), seed_ledger, TODAY)
    assert sorted(ids) == sorted(e.id for e in seed_ledger) and changes.new == ()
    # The new locations join each speech's line; the old ones stay listed.
    assert len(changes.joined) == 12
    assert all(any(c.startswith("renamed-page.txt#") for c in e.copies) for e in ledger)


def test_fingerprints_tell_speeches_apart_and_survive_small_repairs(generated):
    prints = [fingerprint(s.distinct) for s in generated.speeches]
    assert min(distance(a, b) for i, a in enumerate(prints) for b in prints[i + 1 :]) > 10
    speech = generated.speeches[3].distinct
    best = speech.best
    blocks = tuple(replace(b, text=b.text.replace("，", ",").replace("。", ". ")) for b in best.blocks)
    repunctuated = DistinctSpeech((replace(best, blocks=blocks),))
    assert distance(fingerprint(repunctuated), fingerprint(speech)) == 0


def test_a_speech_no_source_holds_stays_in_the_ledger(generated, seed_ledger):
    speeches = [s.distinct for s in generated.speeches[1:]]
    ids, ledger, changes = reconcile(speeches, lambda i: "x", [None] * 8, seed_ledger, TODAY)
    assert changes.retired == (seed_ledger[0].id,) and ledger == seed_ledger


def test_a_new_speech_with_a_taken_title_gets_a_new_id(generated, seed_ledger, tmp_path):
    page = tmp_path / "other.txt"
    lines = SEED.read_text(encoding="utf-8").split("\n")
    # 第9篇 alone, under another file name and with its text cut to its first half:
    # a different speech (no location, no close fingerprint) under a taken title.
    page.write_text("\n".join(lines[:12] + lines[484:490]), encoding="utf-8")
    speeches = distinct_of(read_source(page, tmp_path))
    assert len(speeches) == 1
    proposed = seed_ledger[-1].id
    ids, ledger, changes = reconcile(speeches, lambda i: proposed, [None], seed_ledger, TODAY)
    assert ids == [f"{proposed}-2"] and changes.new == (f"{proposed}-2",)
    assert ledger[-1].added == TODAY and ledger[-1].copies == ("other.txt#9.1",)


def test_the_committed_ledger_holds_every_published_speech(generated):
    """Every id in the committed ledger is still published, in the same order.
    (A pull request that adds a page without the ledger's new lines still
    passes: its ids follow from the committed ledger; the job log lists the
    lines to commit.)"""
    committed = parse_ledger((SEED.parent / "speech-ids.tsv").read_bytes())
    assert [e.id for e in generated.ledger[: len(committed)]] == [e.id for e in committed]
    assert generated.identity.retired == () and generated.identity.aliased == ()
    assert {s.id for s in generated.speeches} <= {e.id for e in generated.ledger}


def _copy_fingerprint_by_definition(copy):
    """copy_fingerprint spelled out: the regex for Han characters, a hash per
    4-character shingle, a vote per bit. Its values are in the ledger."""
    import re

    from build_scripts.patterns import CJK

    text = re.sub(f"[^{CJK}]+", "", "".join(b.text for b in copy.blocks)) or "空"
    points = [ord(ch) for ch in text] + [0] * max(0, 4 - len(text))
    mask = (1 << 64) - 1
    votes = [0] * 64
    for k in range(len(points) - 3):
        value = 0
        for p in points[k : k + 4]:
            value = ((value ^ p) * 0x9E3779B97F4A7C15) & mask
            value ^= value >> 29
        for bit in range(64):
            votes[bit] += value >> (63 - bit) & 1
    n = len(points) - 3
    bits = "".join("1" if 2 * v > n else "0" for v in votes)
    return f"{int(bits, 2):016x}"


def test_copy_fingerprints_are_the_simhash_by_definition(generated):
    """The numpy SimHash (table lookup for Han characters, bit votes counted
    in bytes) agrees with the definition, bit for bit: on the seed, and on
    texts with few or no Han characters, the edges of the Han ranges, lone
    surrogates, characters beyond the BMP, and votes across 255-row sums."""
    from build_scripts.model import Block
    from build_scripts.corpus.stable_ids import copy_fingerprint

    copy = generated.copies[0]
    han = "".join(b.text for c in generated.copies for b in c.blocks)
    ranges = [0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00]
    edges = "".join(map(chr, ranges))
    texts = ["", "abc。", "一", "一二", "一二三", "一二三四", edges, "\ud800一二\udfff三" + "𠀀" * 5 + han[:40]]
    ideographs = "".join(ch for ch in han if "\u4e00" <= ch <= "\u9fff")
    texts += [ideographs[:n] for n in (258, 259, 513, 3000)] + [edges.join(han[k : k + 7] for k in range(0, 2100, 7))]
    copies = list(generated.copies) + [replace(copy, blocks=(Block("paragraph", t),)) for t in texts]
    copies.append(replace(copy, blocks=copy.blocks * 3))
    for c in copies:
        assert copy_fingerprint(c) == _copy_fingerprint_by_definition(c)


# Published speeches are never merged through a new copy -----------------------


def compilation_page() -> str:
    """A page whose one speech holds the text of every seed speech: the body
    paragraphs of 第1篇 to 第9篇 one after another, under one title."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    body = [line for line in lines[9:494] if len(line) >= 40 and not re.match(r"第\d+篇", line)]
    header = ["城市工作讲话汇编", "", "更新时间:2025-01-05", "", "城市工作讲话汇编", ""]
    return "\n".join(header + [x for line in body for x in (line, "")]) + "\n"


def generate_seed(*pages, ledger):
    return generate(read_pages(SOURCES) + list(pages), {}, hant=None, ledger=ledger, today=TODAY)


def texts(generated):
    return {s.id: s.blocks for s in generated.speeches}


@pytest.fixture(scope="module")
def with_compilation(generated):
    page = source_page("aa-huibian.txt", compilation_page().encode("utf-8"))
    return generate_seed(page, ledger=generated.ledger)


def test_a_new_text_holding_published_speeches_is_a_compilation_not_their_merger(generated, with_compilation):
    """Its one speech contains all nine published ones: they keep their ids
    and their own texts; it is a new speech, reported as a compilation."""
    assert len(split_page(with_compilation.pages[0].page).copies) == 1
    published = texts(generated)
    found = texts(with_compilation)
    assert {sid: found[sid] for sid in published} == published
    identity = with_compilation.identity
    assert identity.aliased == () and identity.retired == () and identity.joined == ()
    assert len(identity.new) == 1 and identity.new[0] in found
    assert identity.compilations == ((identity.new[0], tuple(e.id for e in generated.ledger)),)
    assert with_compilation.ledger[:9] == generated.ledger and with_compilation.redirects == {}
    report = with_compilation.report["ids"]
    assert report == {"merged": [], "compilations": [{"id": identity.new[0], "holds": [e.id for e in generated.ledger]}]}


def test_removing_the_compilation_gives_every_id_back_to_its_speech(generated, with_compilation):
    """No -2 ids, no redirect: the ledger lists the compilation, no source holds it."""
    without = generate_seed(ledger=with_compilation.ledger)
    assert texts(without) == texts(generated)
    assert without.identity.new == () and without.identity.aliased == ()
    assert without.identity.retired == with_compilation.identity.new
    assert without.ledger == with_compilation.ledger and without.redirects == {}


def split_entry(ledger, k: int, younger: str):
    """The ledger as a parser that published entry ``k``'s copies as two
    speeches would have left it: its first copy under its id, the others
    under ``younger``, added last."""
    entry = ledger[k]
    first, rest = entry.copies[:1], entry.copies[1:]
    return ledger[:k] + [replace(entry, copies=first)] + ledger[k + 1 :] + [replace(entry, id=younger, copies=rest)]


def test_two_published_speeches_with_near_identical_texts_merge_and_the_report_says_so(generated):
    """第5篇's two copies of one speech (the same text, spaced differently),
    published as two speeches: one speech, the younger id redirects."""
    k = next(k for k, e in enumerate(generated.ledger) if len(e.copies) == 2 and e.copies[0].split("#")[1][0] == "5")
    older = generated.ledger[k].id
    merged = generate_seed(ledger=split_entry(generated.ledger, k, "chongfu-de-jianghua"))
    assert texts(merged) == texts(generated)
    assert merged.identity.aliased == (("chongfu-de-jianghua", older),) and merged.redirects == {"chongfu-de-jianghua": older}
    assert merged.report["ids"]["merged"] == [{"id": "chongfu-de-jianghua", "into": older, "because": "near-identical texts"}]


def test_a_published_speech_inside_a_longer_published_one_stays_apart(generated):
    """第1篇 stops after three paragraphs of 第3篇: published as two speeches,
    they stay two (their texts are not near-identical), each with its id."""
    k = 0
    assert generated.ledger[k].copies == ("chengshi-gongzuo-jianghuagao.txt#3.1", "chengshi-gongzuo-jianghuagao.txt#1.1")
    apart = generate_seed(ledger=split_entry(generated.ledger, k, "diyi-pian"))
    assert apart.identity.aliased == () and apart.identity.new == () and apart.redirects == {}
    sections = {s.id: [c.clean.copy.section for c in s.distinct.copies] for s in apart.speeches}
    assert sections[generated.ledger[k].id] == [3] and sections["diyi-pian"] == [1]


def test_the_job_log_and_the_build_report_name_the_compilation(tmp_path, capsys):
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / "aa-huibian.txt").write_text(compilation_page(), encoding="utf-8")
    assert cli.main(["generate", "--no-cache", "--no-hant", "--sources", str(sources), "--docs", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    report = json.loads((tmp_path / "docs" / "build-report.json").read_text(encoding="utf-8"))["ids"]
    [compilation] = report["compilations"]
    assert len(compilation["holds"]) == 9 and report["merged"] == []
    assert "compilations (new texts holding several published speeches, which keep their ids): 1" in out
    assert f"  ⊃ {compilation['id']} holds {', '.join(compilation['holds'])}" in out
    assert "redirects" not in out


def test_a_compilation_beside_a_renamed_page_takes_no_id(generated):
    """The published speeches found by fingerprint alone (their page renamed)
    keep their ids beside a compilation too."""
    renamed = source_page("renamed.txt", SEED.read_bytes())
    compilation = source_page("aa-huibian.txt", compilation_page().encode("utf-8"))
    found = generate(
        [renamed, compilation], {}, hant=None, ledger=generated.ledger, today=TODAY
    )
    published = texts(generated)
    assert {sid: texts(found)[sid] for sid in published} == published
    assert found.identity.aliased == () and found.identity.retired == ()
    assert [sid for sid, _ in found.identity.compilations] == list(found.identity.new)
