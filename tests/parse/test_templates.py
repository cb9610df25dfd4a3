"""Template learning: several pages of one made-up site, whose furniture no
rule of the knowledge files knows, read clean once the site is known."""

from __future__ import annotations

import shutil

import pytest

from build_scripts import cli
from build_scripts.corpus.build_report import comparable
from build_scripts.parse.clean import clean_copy
from build_scripts.model import SourcePage
from build_scripts.parse.knowledge import library
from build_scripts.parse.split import split_page
from build_scripts.parse.templates import learn_templates
from build_scripts.parse.decode import parse_lines

from ..conftest import copy_project
from .test_page_shapes import SPEECH_A, SPEECH_B, SPEECH_C, TITLE_A, TITLE_B, TITLE_C

SITE = "wengao.example"
# The made-up site's furniture: words no rule knows, on every page.
HEADER = ["文稿驿站", "让每一次发言都有分量", "栏目：讲话 发言 致辞 主持"]
FOOTER = ["感谢您耐心读完，文稿驿站与您一起成长。", "文稿驿站出品 第{n}期"]
BLURB = "本页为您呈现{title}全文，共{n}段。"


def site_page(n: int, title: str, speech: list[str]) -> str:
    """A page of the site: its header, a note naming the page's title, the speech, its footer."""
    lines = [*HEADER, title, BLURB.format(title=title, n=len(speech)), *speech, *(f.format(n=n) for f in FOOTER)]
    return "\n".join(lines)


PAGES = {"a.txt": site_page(1, TITLE_A, SPEECH_A), "b.txt": site_page(2, TITLE_B, SPEECH_B), "c.txt": site_page(3, TITLE_C, SPEECH_C)}


def pages(site: str | None) -> list[SourcePage]:
    prefix = f"{site}/" if site else ""
    return [SourcePage(prefix + name, parse_lines(text), "utf-8", site=site) for name, text in PAGES.items()]


def texts(page: SourcePage, templates) -> list[str]:
    split = split_page(page, library().for_site(None), templates.get(page.site or ""))
    return [comparable("".join(p.text for p in clean_copy(c).paragraphs)) for c in split.copies]


def test_without_its_site_a_pages_furniture_reaches_the_text():
    # The fixture is worth its name: no rule of the knowledge files knows these lines.
    page = pages(None)[0]
    assert texts(page, {}) != [comparable("".join(SPEECH_A))]


def test_the_rows_most_pages_of_a_site_print_are_its_furniture():
    site_pages = pages(SITE)
    templates = learn_templates(site_pages, library())
    for page, speech in zip(site_pages, (SPEECH_A, SPEECH_B, SPEECH_C)):
        assert texts(page, templates) == [comparable("".join(speech))]
    split = split_page(site_pages[0], library().for_site(None), templates[SITE])
    rules = {v.rule for v in split.verdicts if v.kind == "chrome"}
    assert f"site-template:{SITE}" in rules


def test_a_note_naming_each_pages_own_title_is_learned_with_the_title_masked():
    template = learn_templates(pages(SITE), library())[SITE]
    assert any("〈T〉" in row for row in template.rows)


def test_a_speech_two_pages_of_the_site_share_is_not_furniture():
    shared = {**PAGES, "d.txt": site_page(4, TITLE_A, SPEECH_A)}
    site_pages = [SourcePage(f"{SITE}/{n}", parse_lines(t), "utf-8", site=SITE) for n, t in shared.items()]
    templates = learn_templates(site_pages, library())
    assert texts(site_pages[0], templates) == [comparable("".join(SPEECH_A))]
    assert texts(site_pages[3], templates) == [comparable("".join(SPEECH_A))]


def test_a_site_of_one_page_learns_nothing():
    assert learn_templates(pages(SITE)[:1], library()) == {}


def test_the_template_is_part_of_a_parsed_pages_cache_key():
    templates = learn_templates(pages(SITE), library())
    # The site's other pages gain a notice: the page's parse may change, its key does.
    noticed = [SourcePage(p.file, p.lines + parse_lines("站内公告栏"), "utf-8", site=SITE) for p in pages(SITE)[1:]]
    changed = learn_templates(pages(SITE)[:1] + noticed, library())
    page = pages(SITE)[0]
    assert cli.parse_context(page, templates) != cli.parse_context(page, changed)
    assert cli.parse_context(pages(None)[0], {}) == ""


@pytest.fixture()
def site_project(tmp_path):
    project = copy_project(tmp_path / "project")
    folder = project / "sources" / SITE
    folder.mkdir()
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "pages.tsv").write_text(
        "# file\turl\tretrieved\n" + "".join(f"{n}\thttps://{SITE}/{n[0]}.html\t2024-11-2{i}\n" for i, n in enumerate(PAGES)),
        encoding="utf-8",
    )
    return project


def test_a_build_learns_each_sites_template_and_records_where_pages_were_found(site_project, monkeypatch, capsys):
    import json

    monkeypatch.chdir(site_project)
    assert cli.main(["generate", "--no-cache"]) == 0
    report = json.loads((site_project / "docs" / "build-report.json").read_text(encoding="utf-8"))
    pages_ = {p["file"]: p for p in report["pages"]}
    assert pages_[f"{SITE}/a.txt"]["chrome_by_rule"].get(f"site-template:{SITE}", 0) >= len(HEADER)
    markdown = (site_project / "docs" / "zh-Hans" / "speeches").glob("*.md")
    published = "".join(p.read_text(encoding="utf-8") for p in markdown)
    for line in HEADER + [FOOTER[0]]:
        assert line not in published
    # Where each page was found: in the catalogue, and linked from each speech's sources.
    catalog = json.loads((site_project / "docs" / "catalog.json").read_text(encoding="utf-8"))
    urls = {src["file"]: src.get("url") for s in catalog["speeches"] for src in s["sources"] if src["file"].startswith(SITE)}
    assert urls == {f"{SITE}/{n}": f"https://{SITE}/{n[0]}.html" for n in PAGES}
    assert f"original_url: https://{SITE}/a.html\n" in published  # the theme links it as 原网页


def test_a_preview_of_one_page_uses_what_the_other_pages_of_its_site_taught(site_project, monkeypatch, capsys):
    import json

    monkeypatch.chdir(site_project)
    folder = site_project / ".cache" / "preview"
    assert cli.main(["preview", f"sources/{SITE}/a.txt", "--folder", str(folder)]) == 0
    report = json.loads((folder / "docs" / "build-report.json").read_text(encoding="utf-8"))
    assert [p["file"] for p in report["pages"]] == [f"{SITE}/a.txt"]
    assert report["pages"][0]["chrome_by_rule"].get(f"site-template:{SITE}", 0) >= len(HEADER)
    shutil.rmtree(folder)
