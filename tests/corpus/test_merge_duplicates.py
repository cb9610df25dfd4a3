"""Stage 5: copies of one speech merged, different speeches kept apart."""

from build_scripts.corpus.merge_duplicates import canonical_text, share_in, shingles

from ..conftest import FakeTerminal, lossy_by_file, speech_by_sections, verdict_at


def sections_of(speech):
    return [c.clean.copy.section for c in speech.distinct.copies]


def test_nine_distinct_speeches_each_published_once(generated):
    assert len(generated.speeches) == 9
    groups = sorted(sorted(sections_of(s)) for s in generated.speeches)
    assert groups == [[1, 3], [2], [4], [5], [5, 5], [6], [7, 8], [8], [9]]


def test_truncated_copy_in_another_section_is_merged_into_the_complete_one(generated):
    speech = speech_by_sections(generated, 1, 3)
    assert sections_of(speech) == [3, 1]  # 第3篇 is complete, 第1篇 stops after three paragraphs
    assert len(canonical_text(speech.distinct.copies[0])) > 2 * len(canonical_text(speech.distinct.copies[1]))


def test_whitespace_only_copy_publishes_the_cleaner_one(generated):
    speech = speech_by_sections(generated, 5, 5)
    published, duplicate = speech.distinct.copies
    assert published.clean.copy.line_range[0] > duplicate.clean.copy.line_range[0]
    def spaces(copy):
        return sum(1 for r in copy.clean.repairs if r.rule == "stray-space-removed")
    assert spaces(published) < spaces(duplicate)


def test_speeches_sharing_a_title_stay_apart(generated):
    fifth = [s for s in generated.speeches if 5 in sections_of(s)]
    assert len(fifth) == 2
    a, b = (shingles(canonical_text(s.distinct.best)) for s in fifth)
    assert share_in(a, b) < 0.2 and share_in(b, a) < 0.2


def test_second_speech_of_section_8_is_its_own(generated):
    assert speech_by_sections(generated, 8).blocks[1].text.startswith("今天，我们在这里召开教育系统创建国家卫生城市工作动员大会")


def test_no_speech_text_is_lost_or_unaccounted(generated):
    for page, split in zip(generated.report["pages"], generated.pages):
        assert page["unaccounted"] == []
        body = [row for row in verdict_at(page, split.page.lines).values() if row["kind"] == "body"]
        assert body and all(row.get("speech") for row in body)


def test_shingles_are_the_sampled_eight_character_pieces():
    for text in ["", "短", "同志们今天召开2024年全市工作会议abc", "一二三四五六七八九十" * 30, "ab" * 40]:
        assert _as_set(shingles(text)) == _shingles_by_definition(text)


def test_fingerprints_made_ahead_give_the_same_speeches(generated):
    from build_scripts.corpus.merge_duplicates import fingerprint, merge_duplicates

    copies = generated.copies
    given = merge_duplicates(copies, [fingerprint(c) for c in copies])
    assert [[id(c) for c in s.copies] for s in given] == [[id(c) for c in s.copies] for s in merge_duplicates(copies)]
    assert [fingerprint(c).length for c in copies] == [len(canonical_text(c)) for c in copies]


def test_merge_and_report_loops_can_draw_a_progress_bar(generated):
    from build_scripts.corpus.build_report import build_report
    from build_scripts.corpus.merge_duplicates import merge_duplicates
    from build_scripts.runtime.progress import Stages

    out = FakeTerminal()
    stages = Stages(out)
    with stages.stage("merge duplicates"):
        merged = merge_duplicates(generated.copies, track=stages.track)
    assert [[id(c) for c in s.copies] for s in merged] == [[id(c) for c in s.copies] for s in merge_duplicates(generated.copies)]
    with stages.stage("build report"):
        lossy = lossy_by_file(generated.copies)
        report = build_report(generated.pages, generated.copies, generated.speeches, lossy, track=stages.track)
    assert report["pages"] == generated.report["pages"]
    n = len(generated.copies)
    assert f"merge duplicates  [{'#' * 30}] {n}/{n}  " in out.getvalue()
    assert "build report  [" in out.getvalue()


def _as_set(values):
    """shingles() as a set, checked to be ascending and each value once."""
    listed = values.tolist()
    assert listed == sorted(set(listed))
    return frozenset(listed)


def _shingles_by_definition(text):
    import zlib

    from build_scripts.corpus.merge_duplicates import SAMPLE_MOD, SHINGLE

    picked = [
        text[i : i + SHINGLE]
        for i in range(len(text) - SHINGLE + 1)
        if (ord(text[i]) + ord(text[i + SHINGLE - 1])) % SAMPLE_MOD == 0
    ] or [text]
    return frozenset(zlib.crc32(p.encode()) for p in picked)


def test_shingles_hashed_by_table_are_the_crc32_of_their_utf8(generated):
    """shingles() hashes ideograph-only shingles by table, the rest with zlib:
    both give zlib.crc32 of the UTF-8, on the seed and on every width of
    character (1 to 4 bytes), the edges of the three-byte range included."""
    texts = [canonical_text(c) for c in generated.copies]
    han = "".join(texts)
    widths = [0x7F, 0x80, 0x7FF, 0x800, 0x801, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x20000, 0x10FFFF]
    edges = "".join(map(chr, widths))
    mixed = "".join(han[k : k + 5] + edges[k % len(edges)] + "2024ab"[: k % 7] for k in range(0, 4000, 5))
    texts += [mixed, edges * 9, han[:3000] + edges, "一" * 8, "é" * 8 + "一" * 8, "😀" * 16 + han[:50]]
    for text in texts:
        assert _as_set(shingles(text)) == _shingles_by_definition(text)


class _PostingLists:
    """merge_duplicates's index the straightforward way: a dict of posting lists."""

    def __init__(self, sets):
        self.sets, self.index = [_as_set(s) for s in sets], {}

    def shared_probes(self, i):
        """(speech, probes shared) pairs ascending, the probe count, and whether
        the copy had no rare shingle (the MIN_PROBES fallback)."""
        from collections import Counter
        from itertools import chain

        from build_scripts.corpus.merge_duplicates import MAX_POSTINGS, MIN_PROBES

        known = self.index.keys() & self.sets[i]
        probes = [h for h in known if len(self.index[h]) < MAX_POSTINGS]
        probe_count = len(self.sets[i]) - len(known) + len(probes)
        fallback = not probe_count
        if fallback:
            probes = sorted(known, key=lambda h: (len(self.index[h]), h))[:MIN_PROBES]
            probe_count = len(probes)
        return sorted(Counter(chain.from_iterable(self.index[h] for h in probes)).items()), probe_count, fallback

    def take(self, i, starts_speech):
        if starts_speech:
            for h in self.sets[i]:
                self.index.setdefault(h, []).append(i)


def _template_corpus(generated):
    """Canonical texts made the way benchmarks/synthetic.py makes its speeches
    (so 范文-like: template passages in many of them, some shingles in more
    than MAX_POSTINGS), with truncated copies, and single paragraphs that hold
    no rare shingle."""
    import random
    import re

    from benchmarks.synthetic import speech_text
    from build_scripts.patterns import CJK

    paragraphs, headings = [], []
    for speech in generated.speeches:
        for block in speech.blocks:
            if block.kind == "heading" and block.level == 2:
                headings.append(block.text.split("、", 1)[1])
            elif block.kind == "paragraph" and len(block.text) >= 40:
                paragraphs.append(block.text)
    rng = random.Random(2024)
    texts = []
    for k in range(320):
        lines = speech_text(rng, paragraphs, headings)
        texts += [lines] + ([lines[: max(3, len(lines) // 2)]] if k % 8 == 1 else [])
    texts += [[p] for p in rng.sample(paragraphs, 12)]
    return [re.sub(f"[^0-9a-z{CJK}]", "", "".join(lines).lower()) for lines in texts]


def test_the_shingle_index_finds_what_posting_lists_find(generated):
    """merge_duplicates's array index gives, copy after copy, the probes and
    shared counts a dict of posting lists gives, and the same shares; so the
    same speeches, on the seed and on 范文-like speeches."""
    from dataclasses import replace

    from build_scripts.corpus.merge_duplicates import (
        CONTAINMENT,
        _Index,
        fingerprint,
        merge_duplicates,
        text_fingerprint,
    )

    seed = [fingerprint(c) for c in generated.copies]
    corpus = [text_fingerprint(t) for t in _template_corpus(generated)]
    copies = [replace(generated.copies[k % len(generated.copies)]) for k in range(len(corpus))]
    for copies, prints in [(generated.copies, seed), (copies, corpus)]:
        sets = [f.shingles for f in prints]
        order = sorted(range(len(sets)), key=lambda i: (-prints[i].length, i))
        plain, index = _PostingLists(sets), _Index(sets, order)
        members, fallbacks = {}, 0
        for i in order:
            expected, probe_count, fallback = plain.shared_probes(i)
            heads, shared, count = index.shared_probes(i)
            assert (list(zip(heads.tolist(), shared.tolist())), count) == (expected, probe_count)
            likely = [head for head, n in expected if n >= CONTAINMENT / 2 * probe_count]
            scores = [share_in(sets[i], sets[head]) for head in likely]
            assert index.shares(i, likely) == scores
            best, best_score = None, 0.0
            for head, score in zip(likely, scores):
                if score >= CONTAINMENT and score > best_score:
                    best, best_score = head, score
            plain.take(i, best is None)
            index.take(i, best is None)
            members.setdefault(i if best is None else best, []).append(i)
            fallbacks += fallback
        number = {id(c): k for k, c in enumerate(copies)}
        merged = sorted(sorted(number[id(c)] for c in s.copies) for s in merge_duplicates(copies, prints))
        assert merged == sorted(sorted(g) for g in members.values())
    assert fallbacks and len(members) < len(corpus)
