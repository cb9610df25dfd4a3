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
