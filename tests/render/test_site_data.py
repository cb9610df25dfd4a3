"""What the site build reads besides the pages, as files of the docs
folder (build_scripts/render/site_data.py): read back as they were made,
whatever text they hold."""

from __future__ import annotations

import json

from build_scripts.model import SearchRecord
from build_scripts.render.site_data import (
    read_display_map,
    read_redirects,
    read_search_records,
    redirects_json,
    search_records_json,
)

from ..hostile import ATTACKS


def test_the_seed_s_search_records_read_back_as_they_were_made_one_to_a_line(generated):
    for code, records in generated.search.items():
        text = search_records_json(records)
        assert read_search_records(text) == records and read_display_map(text) is None
        assert len(records) == 9 and text.count("\n") == len(records) + 4  # {, "records": [, the records, ], }
        written = generated.files[f"search-records/{code}.json"].decode("utf-8")
        if code == "zh-Hans":
            assert written == text
        else:
            # The Traditional edition's, with the map its search shows the one index's text with.
            display_map = read_display_map(written)
            assert display_map["chars"]["们"] == "們" and written == search_records_json(records, display_map)
            assert read_search_records(written) == records


def test_hostile_text_in_a_record_stays_on_its_line_and_reads_back_literally():
    records = [SearchRecord(f"/speeches/x{i}/", text, text, text + "\n" + text, ((1, text),)) for i, text in enumerate(ATTACKS + ("\u2028行\u2029段\r\n",))]
    text = search_records_json(records)
    assert read_search_records(text) == records
    assert text.count("\n") == len(records) + 4  # one record to a line


def test_redirects_read_back_sorted():
    redirects = {"zhongfu-de": "yuanlai-de", "a-old": "b-new"}
    text = redirects_json(redirects)
    assert read_redirects(text) == redirects and list(json.loads(text)) == ["a-old", "zhongfu-de"]
    assert read_redirects(redirects_json({})) == {}
