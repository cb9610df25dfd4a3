"""Publishing a new source page: earlier links keep working, duplicates join
their speech's provenance, the new speech gets a page and a feed entry."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from .conftest import SEED, copy_project, run_build

ATOM = "{http://www.w3.org/2005/Atom}"


def seed_lines() -> list[str]:
    return [""] + SEED.read_text(encoding="utf-8").split("\n")


def paragraphs(lines: list[str], first: int, last: int, count: int) -> list[str]:
    """The first ``count`` long body paragraphs (no outline heading) in a line range."""
    found = [
        lines[n]
        for n in range(first, last + 1)
        if len(lines[n]) >= 60 and not re.match(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）", lines[n])
    ]
    return found[:count]


def new_page() -> str:
    """A page as a 范文 site prints it: two seed speeches again (第2篇 and
    第9篇 of the seed) and one speech that is in no seed section: paragraphs
    of three different seed speeches, a few of each."""
    lines = seed_lines()
    composite = (
        paragraphs(lines, 64, 156, 3) + paragraphs(lines, 270, 300, 2) + paragraphs(lines, 430, 484, 3)
    )
    page = [
        "欢迎光临管理者范文网",
        "当前位置:管理者范文网 > 书信稿件 > 稿件范文 > 讲话稿",
        "",
        "城市管理讲话稿(3篇)",
        "",
        "更新时间:2025-03-02 查看人数:5",
        "",
        "第1篇 创建全国文明城市工作推进会讲话稿",
        "",
        *[line for n in range(34, 55) for line in (lines[n], "")],
        "第2篇 在城市工作领导小组会议上讲话",
        "",
        *[line for n in range(488, 495) for line in (lines[n], "")],
        "第3篇 全市城市管理工作会议讲话",
        "",
        *[line for p in composite for line in (p, "")],
        "城市管理",
        "",
    ]
    return "\n".join(page) + "\n"


def feed_ids(site, edition="zh-Hans") -> list[str]:
    root = ET.parse(site / edition / "feed.xml").getroot()
    return [e.find(f"{ATOM}link").get("href") for e in root.findall(f"{ATOM}entry")]


@pytest.mark.slow
def test_a_new_page_keeps_every_link_and_adds_one_speech(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    first = run_build(project, "build")
    assert first.returncode == 0, first.stdout + first.stderr
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
