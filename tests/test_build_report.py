"""The build report as written to docs/build-report.json."""

import json

from build_scripts.json_text import lined_json


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

