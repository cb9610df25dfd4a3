"""Publishing a new source page: earlier links keep working, duplicates join
their speech's provenance, the new speech gets a page and a feed entry."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import new_page, run_build

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_ids(site, edition="zh-Hans") -> list[str]:
    root = ET.parse(site / edition / "feed.xml").getroot()
    return [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]


@pytest.mark.slow
def test_a_new_page_keeps_every_link_and_adds_one_speech(built_site, tmp_path):
    # The seed build (built_site: a copy of the project built without a site
    # URL), copied whole (sources with their ledger, docs, site, page cache)
    # so that this test may add a page to it.
    project = Path(shutil.copytree(built_site.parent, tmp_path / "project", symlinks=True))
    site = project / "site"
    before = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    ledger_before = (project / "sources" / "speech-ids.tsv").read_text(encoding="utf-8")
    feed_before = feed_ids(site)
    titles = {s["id"]: s["title"] for s in before["speeches"]}

    # Named to sort before the seed page, so it is read first.
    (project / "sources" / "aa-chengshi-guanli.txt").write_text(new_page(), encoding="utf-8")
    second = run_build(project, "build")
    assert second.returncode == 0, second.stdout + second.stderr
    after = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in after["speeches"]}

    # Every earlier URL still resolves, to the same speech.
    for speech in before["speeches"]:
        for url in [speech["url"]] + [v["url"] for v in speech["variants"].values()]:
            assert (site / url / "index.html").is_file(), url
        assert by_id[speech["id"]]["url"] == speech["url"] and by_id[speech["id"]]["title"] == titles[speech["id"]]
    for collection in before["collections"]:
        assert (site / collection["url"] / "index.html").is_file()

    # The two duplicates gained provenance from the new page.
    gained = [s for s in after["speeches"] if any(src["file"] == "aa-chengshi-guanli.txt" for src in s["sources"])]
    old = [s for s in gained if s["id"] in titles]
    assert sorted(s["title"] for s in old) == sorted(["创建全国文明城市工作推进会讲话稿", "在城市工作领导小组会议上讲话"])
    # One new speech, with its page in both editions.
    new = [s for s in after["speeches"] if s["id"] not in titles]
    assert len(new) == 1 and new[0]["title"] == "全市城市管理工作会议讲话"
    assert (site / new[0]["url"] / "index.html").is_file()
    assert (site / new[0]["variants"]["zh-Hant"]["url"] / "index.html").is_file()

    # The ledger gained one line, at its end, and the joined copies.
    ledger_after = (project / "sources" / "speech-ids.tsv").read_text(encoding="utf-8")
    assert ledger_after.splitlines()[-1].startswith(new[0]["id"] + "\t2025-03-02\t")
    assert len(ledger_after.splitlines()) == len(ledger_before.splitlines()) + 1
    assert ledger_after.count("aa-chengshi-guanli.txt#") == 3
    # The feed gained one entry, first (newest), in both editions.
    feed_after = feed_ids(site)
    assert feed_after == [f"speeches/{new[0]['id']}/"] + feed_before
    assert len(feed_ids(site, "zh-Hant")) == len(feed_before) + 1
    # The job log tells the reviewer what changed.
    assert f"+ {new[0]['id']}" in second.stdout and "copies joined to published speeches (duplicates merged): 2" in second.stdout

    # A rebuild with no source change writes nothing.
    third = run_build(project, "generate")
    assert third.returncode == 0 and "docs: 0 written" in third.stdout and "speech-ids.tsv: unchanged" in third.stdout
