"""Shared fixtures: the real seed page, the generated pages, the built site
(without a site URL, as on a developer's machine, and with one, as deployed),
and helpers the tests share."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from build_scripts.corpus.build_report import lossy_ranges
from build_scripts.corpus.ledger import read_ledger
from build_scripts.pipeline import Generated, generate
from build_scripts.publishing.publish import read_handwritten
from build_scripts.parse.decode import read_pages
from build_scripts.publishing.preview import copy_project_files
from build_scripts.parse.decode import line_view, read_source

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED = SOURCES / "chengshi-gongzuo-jianghuagao.txt"


def read_seed_lines() -> list[str]:
    """The seed page's raw lines, indexed from 1 like the verdicts."""
    return [""] + SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The seed page's raw lines, indexed from 1 like the verdicts."""
    return read_seed_lines()


@pytest.fixture(scope="session")
def seed_page():
    return read_source(SEED, SOURCES)


@pytest.fixture(scope="session")
def generated() -> Generated:
    """The seed corpus as the generator publishes it (with the ids ledger)."""
    return generate(read_pages(SOURCES), read_handwritten(ROOT / "docs"), ledger=read_ledger(SOURCES))


def speech_by_sections(generated: Generated, *sections: int):
    """The published speech whose copies came from exactly these 第N篇 sections."""
    for s in generated.speeches:
        if sorted(c.clean.copy.section for c in s.distinct.copies) == sorted(sections):
            return s
    raise AssertionError(f"no speech with copies in sections {sections}")


def lossy_by_file(copies) -> dict[str, list[list[int]]]:
    """build_report's ``lossy`` for copies outside the pipeline, which finds
    it page by page in its parse workers."""
    by_file: dict[str, list] = {}
    for c in copies:
        by_file.setdefault(c.clean.copy.file, []).append(c)
    return {file: lossy_ranges(page_copies) for file, page_copies in by_file.items()}


def verdict_at(page_report: dict, source_lines) -> dict[int, dict]:
    """The build report's verdict runs of one page (``page_report``), line by
    line: each non-blank line of ``source_lines`` to the run that holds it,
    checked on the way: runs ascend without overlapping, and a line in no
    run, or a line a run spans but has no verdict of its own, is blank."""
    runs = page_report["verdicts"]
    spans = [tuple(r["lines"]) for r in runs]
    assert all(a <= b for a, b in spans) and all(b < c for (_, b), (c, _) in zip(spans, spans[1:]))
    run_of = {n: r for r in runs for n in range(r["lines"][0], r["lines"][1] + 1)}
    verdicts = {}
    for line in source_lines:
        if line_view(line.text):
            assert line.number in run_of, f"line {line.number} is in no run"
            verdicts[line.number] = run_of[line.number]
    assert sum(page_report["lines_by_kind"].values()) == len(source_lines)
    assert page_report["lines_by_kind"].get("blank", 0) == len(source_lines) - len(verdicts)
    return verdicts


def speech_path(generated: Generated, edition: str, *sections: int) -> str:
    """The site path of that speech's page in an edition: "zh-Hant/speeches/<id>/"."""
    return f"{edition}/speeches/{speech_by_sections(generated, *sections).id}/"


def copy_project(dest: Path) -> Path:
    """The hand-written part of the project (what git tracks), without generated output."""
    copy_project_files(ROOT, dest)
    shutil.copytree(ROOT / "sources", dest / "sources")
    return dest


def run_build(project: Path, *extra: str, site_url: str | None = None,
              downloads_url: str | None = None) -> subprocess.CompletedProcess:
    """``python -m build_scripts *extra`` in ``project``, with ``site_url`` as
    SITE_URL and ``downloads_url`` as DOWNLOADS_URL (none when None) and the
    sitemaps dated from the sources: the environment's SITE_URL,
    DOWNLOADS_URL and SOURCE_DATE_EPOCH never reach a test's build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    for name in ("SITE_URL", "DOWNLOADS_URL", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    if site_url:
        env["SITE_URL"] = site_url
    if downloads_url:
        env["DOWNLOADS_URL"] = downloads_url
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`python -m build_scripts build` on a copy of the project, without a
    site URL (as on a developer's machine): the real mkdocs --strict. The
    site, and what the build printed."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site", result


@pytest.fixture(scope="session")
def built_site(built_site_run) -> Path:
    return built_site_run[0]


# Where the deployed build is served: under a path, as GitHub Pages serves a
# project's site (https://<owner>.github.io/<repository>/).
DEPLOYED_PATH = "library/"
# Where its corpus downloads are, on the same server but under another host
# name: outside the site, as GitHub serves a release's assets
# (https://github.com/<owner>/<repository>/releases/download/<tag>/<name>,
# another host than the site's <owner>.github.io).
DEPLOYED_DOWNLOADS = "/releases/download/corpus/"


@dataclass(frozen=True)
class Deployed:
    site: Path  # the built site folder
    url: str  # its SITE_URL, at which it is served on 127.0.0.1
    downloads_url: str  # its DOWNLOADS_URL, where the server serves the docs folder's corpus zips
    docs: Path  # the docs folder it was built from


@pytest.fixture(scope="session")
def deployed_site(tmp_path_factory):
    """The site built as the Pages workflow builds it, `python -m build_scripts
    build` with SITE_URL set (canonical URLs, og:url, absolute feed links, the
    sitemaps in robots.txt) and DOWNLOADS_URL, and served at that very
    address, with its 404 page for a missing path. Its robots.txt is also
    served at the root of the origin, where crawlers (and Lighthouse) look
    for it; the corpus zips generate wrote beside the editions at
    DOWNLOADS_URL, as the release the workflow uploads them to serves them."""
    from build_scripts.editions.registry import EDITIONS
    from build_scripts.render.paths import corpus_zip_name, corpus_zip_path

    from .browser import Server

    root = tmp_path_factory.mktemp("deployed")
    project = copy_project(root / "project")
    site, docs = project / "site", project / "docs"
    zips = {DEPLOYED_DOWNLOADS + corpus_zip_name(e.code): docs / corpus_zip_path(e.code) for e in EDITIONS}
    # Its port, and so the site's URL, is known before the build.
    server = Server(site, DEPLOYED_PATH, extra={"/robots.txt": site / "robots.txt", **zips})
    try:
        downloads_url = server.origin.replace("//127.0.0.1:", "//localhost:") + DEPLOYED_DOWNLOADS
        result = run_build(project, "build", site_url=server.url, downloads_url=downloads_url)
        assert result.returncode == 0, result.stdout + result.stderr
        server.start()
        yield Deployed(site, server.url, downloads_url, docs)
    finally:
        server.stop()


def chromium_path() -> str:
    """Debian's Chromium, or the test skips (fails where a browser is required)."""
    from .browser import MISSING, browser_required, find_chromium

    path = find_chromium()
    if path:
        return path
    if browser_required():
        pytest.fail(f"browser tests are required here but {MISSING}")
    pytest.skip(MISSING)


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """The seed build served on 127.0.0.1 under a sub-path, as GitHub Pages
    serves a project's site (http://127.0.0.1:<port>/library/)."""
    from .browser import Server

    server = Server(built_site).start()
    yield server.url
    server.stop()


@pytest.fixture
def page(browser, site_url):
    """A fresh page on the served seed build (clipboard allowed); the test
    fails if the page logged an error or asked for anything off the site."""
    from .browser import browsing

    with browsing(browser, site_url, clipboard=True) as page:
        yield page
    assert page.errors == [], page.errors
    assert page.external == [], page.external


# ---------------------------------------------------------------------------
# Helpers


class FakeTerminal(io.StringIO):
    """An output that says it is a terminal: progress bars are drawn on it."""

    def isatty(self) -> bool:
        return True


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
    lines = read_seed_lines()
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
