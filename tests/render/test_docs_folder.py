"""The generated part of the docs folder, whole (build_scripts/render/docs_folder.py)."""

from __future__ import annotations

import json

from build_scripts.parse.decode import read_pages
from build_scripts.pipeline import generate
from build_scripts.render.edition import query_map_script
from build_scripts.render.paths import QUERY_MAP

from ..conftest import SOURCES


def test_with_both_editions_each_has_its_search_records_and_the_report_its_conversion_review(generated):
    assert [rel for rel in generated.files if rel.startswith("search-records/")] == [
        "search-records/zh-Hans.json", "search-records/zh-Hant.json"]
    report = json.loads(generated.files["build-report.json"])
    assert list(report)[-1] == "conversion" and report["conversion"] == generated.report["conversion"]
    assert b'"chars": {}' not in generated.files[f"zh-Hans/{QUERY_MAP}"]  # queries typed in Traditional are mapped
    assert list(generated.files) == sorted(generated.files)
    assert json.loads(generated.files["redirects.json"]) == {}  # the seed's ledger merged no speech into another


def test_with_one_edition_there_is_nothing_to_convert():
    alone = generate(read_pages(SOURCES), hant=None)
    assert not [rel for rel in alone.files if rel.startswith("zh-Hant/")]
    assert [rel for rel in alone.files if rel.startswith("search-records/")] == ["search-records/zh-Hans.json"]
    assert "conversion" not in json.loads(alone.files["build-report.json"])
    assert alone.files[f"zh-Hans/{QUERY_MAP}"] == query_map_script({"chars": {}, "words": {}}).encode("utf-8")
