"""Stage 5: copies of one speech merged, different speeches kept apart."""

from build_scripts.merge_duplicates import canonical_text, share_in, shingles

from .conftest import speech_by_sections


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
    for page in generated.report["pages"]:
        assert page["unaccounted"] == []
        body = [row for row in page["lines"] if row["kind"] == "body"]
        assert body and all(row.get("speech") for row in body)


def test_shingles_are_the_sampled_eight_character_pieces():
    import zlib

    from build_scripts.merge_duplicates import SAMPLE_MOD, SHINGLE

    def by_definition(text):
        picked = [
            text[i : i + SHINGLE]
            for i in range(len(text) - SHINGLE + 1)
            if (ord(text[i]) + ord(text[i + SHINGLE - 1])) % SAMPLE_MOD == 0
        ] or [text]
        return frozenset(zlib.crc32(p.encode()) for p in picked)

    for text in ["", "短", "同志们今天召开2024年全市工作会议abc", "一二三四五六七八九十" * 30, "ab" * 40]:
        assert shingles(text) == by_definition(text)


def test_fingerprints_made_ahead_give_the_same_speeches(generated):
    from build_scripts.merge_duplicates import fingerprint, merge_duplicates

    copies = generated.copies
    given = merge_duplicates(copies, [fingerprint(c) for c in copies])
    assert [[id(c) for c in s.copies] for s in given] == [[id(c) for c in s.copies] for s in merge_duplicates(copies)]
    assert [fingerprint(c).length for c in copies] == [len(canonical_text(c)) for c in copies]


def test_merge_and_report_loops_can_draw_a_progress_bar(generated):
    import io

    from build_scripts.build_report import build_report
    from build_scripts.merge_duplicates import merge_duplicates
    from build_scripts.progress import Stages

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    stages = Stages(out)
    with stages.stage("merge duplicates"):
        merged = merge_duplicates(generated.copies, track=stages.track)
    assert [[id(c) for c in s.copies] for s in merged] == [[id(c) for c in s.copies] for s in merge_duplicates(generated.copies)]
    with stages.stage("report and catalog"):
        report = build_report(generated.pages, generated.copies, generated.speeches, track=stages.track)
    assert report["pages"] == generated.report["pages"]
    n = len(generated.copies)
    assert f"merge duplicates  [{'#' * 30}] {n}/{n}  " in out.getvalue()
    assert "report and catalog  [" in out.getvalue()
