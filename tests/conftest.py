"""Shared fixtures: the real seed page, the generated pages, the built site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts.cli import read_ledger
from build_scripts.pipeline import Generated, generate, read_handwritten, read_pages
from build_scripts.publish import is_owned
from build_scripts.read_source import read_source

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SEED = SOURCES / "chengshi-gongzuo-jianghuagao.txt"


@pytest.fixture(scope="session")
def seed_lines() -> list[str]:
    """The seed page's raw lines, indexed from 1 like the verdicts."""
    return [""] + SEED.read_text(encoding="utf-8").split("\n")


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


def speech_path(generated: Generated, edition: str, *sections: int) -> str:
    """The site path of that speech's page in an edition: "zh-Hant/speeches/<id>/"."""
    return f"{edition}/speeches/{speech_by_sections(generated, *sections).id}/"


def copy_project(dest: Path) -> Path:
    """The hand-written part of the project (what git tracks), without generated output."""
    for name in ("mkdocs.yml", "mkdocs.zh-Hant.yml", "pyproject.toml", "docs", "sources"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(
                src,
                dest / name,
                ignore=lambda d, names: [
                    n
                    for n in names
                    if Path(d) == ROOT / "docs" and is_owned(n) or n in ("__pycache__",)
                ],
            )
        else:
            shutil.copy2(src, dest / name)
    return dest


def run_build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """`python -m build_scripts build` on a copy of the project: the real mkdocs --strict."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


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
    """The seed build served on 127.0.0.1."""
    from .browser import Server

    server = Server(built_site).start()
    yield server.url
    server.stop()


@pytest.fixture
def page(browser, site_url):
    """A fresh page on the served seed build (clipboard allowed); the test
    fails if the page logged an error or asked for anything off the site."""
    from .browser import open_page

    context, page = open_page(browser, site_url, clipboard=True)
    yield page
    context.close()
    assert page.errors == [], page.errors
    assert page.external == [], page.external
