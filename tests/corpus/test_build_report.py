"""The build report as written to docs/build-report.json."""

import json

from build_scripts.render.json_text import lined_json


def test_report_file_reads_back_as_the_report_one_page_to_a_line(generated):
    text = generated.files["build-report.json"].decode("utf-8")
    assert json.loads(text) == generated.report
    lines = text.splitlines()
    for page in generated.report["pages"]:
        line = next(l for l in lines if l.lstrip().startswith('{"file": ' + json.dumps(page["file"], ensure_ascii=False)))
        assert json.loads(line.strip().rstrip(",")) == page


def test_an_empty_report_is_still_json():
    for data in ({}, {"pages": []}, {"pages": [], "conversion": {"a": [1, 2]}}, {"x": [{"中": "文"}], "y": 1}):
        assert json.loads(lined_json(data)) == data


def test_verdicts_are_runs_broken_by_a_new_verdict_speech_or_unjudged_line(generated):
    from build_scripts.corpus.build_report import verdict_runs
    from build_scripts.model import LineVerdict

    speech = next(s for s in generated.speeches if len(s.distinct.copies) > 1)
    published, duplicate = speech.distinct.copies[:2]
    speech_of = {id(published): (speech.id, True), id(duplicate): (speech.id, False)}
    body = [LineVerdict(n, "body", "speech-text") for n in (1, 2, 4, 5, 6, 9, 10)]
    blank = [LineVerdict(n, "blank", "blank") for n in (3, 7)]
    verdicts = sorted(body + blank + [LineVerdict(11, "chrome", "hot-list")], key=lambda v: v.line)
    copy_at = {1: published, 2: published, 4: published, 5: duplicate, 6: duplicate, 9: duplicate, 10: duplicate}
    # Line 8 has no verdict: the run of the duplicate stops before it.
    assert verdict_runs(verdicts, copy_at, speech_of) == [
        {"lines": [1, 4], "kind": "body", "rule": "speech-text", "speech": speech.id, "role": "published"},
        {"lines": [5, 6], "kind": "body", "rule": "speech-text", "speech": speech.id, "role": "duplicate"},
        {"lines": [9, 10], "kind": "body", "rule": "speech-text", "speech": speech.id, "role": "duplicate"},
        {"lines": [11, 11], "kind": "chrome", "rule": "hot-list"},
    ]
