"""The site build: MkDocs builds the docs folder it is given, and the new
site replaces the old one with a complete site there at every moment."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_scripts.runtime import lifetime, swap_folders
from build_scripts.runtime.interruptions import CRASH_AT
from build_scripts.publishing.link_gate import main as link_gate

from ..conftest import copy_project, new_page, run_build
from ..processes import ROOT, tree


def test_build_builds_the_docs_folder_it_is_given(tmp_path, capsys):
    """`build --docs ELSEWHERE` exited 0 while MkDocs built the stale
    ./docs: a catalogue of one corpus over the pages of another."""
    project = copy_project(tmp_path / "project")
    assert run_build(project, "generate").returncode == 0  # ./docs: the seed alone
    before = tree(project / "docs")
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(project / "docs", elsewhere, ignore=shutil.ignore_patterns("zh-Hans", "zh-Hant", "*.json"))
    about = (elsewhere / "about.md").read_text(encoding="utf-8")
    (elsewhere / "about.md").write_text(about.replace("关于本站", "关于另一个文件夹", 1), encoding="utf-8")
    (project / "sources" / "zz-new-page.txt").write_text(new_page(), encoding="utf-8")

    result = run_build(project, "build", "--docs", str(elsewhere))
    assert result.returncode == 0, result.stderr
    assert tree(project / "docs") == before  # not rebuilt, not read
    site = project / "site"
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog == json.loads((elsewhere / "catalog.json").read_text(encoding="utf-8"))
    assert any(c["source"] == "zz-new-page.txt" for c in catalog["collections"])
    for speech in catalog["speeches"]:
        assert (site / speech["url"] / "index.html").is_file(), speech["url"]
    assert "关于另一个文件夹" in (site / "zh-Hans" / "about" / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert link_gate(["--site", str(site)]) == 0, capsys.readouterr().out


def test_build_refuses_a_docs_folder_without_the_hand_written_part_before_writing(tmp_path):
    project = copy_project(tmp_path / "project")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.md").write_text("mine", encoding="utf-8")
    result = run_build(project, "build", "--docs", str(elsewhere))
    assert result.returncode == 1
    assert result.stderr == (
        f"error: {elsewhere}: has no overrides/ folder: the docs folder to build must hold the hand-written "
        "files and theme overrides of the project's docs/ (copy them there)\n"
    )
    assert tree(elsewhere) == {"notes.md": b"mine"} and not (project / "site").exists()


def make_site(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "zh-Hans").mkdir()
    (folder / "zh-Hans" / "index.html").write_text(text + " zh-Hans", encoding="utf-8")
    return folder


# Swaps a staging folder in for the site, in a process of its own that the
# crash point kills at the swap; with "renames" as if the system had no
# atomic exchange.
SWAP = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from build_scripts.runtime import swap_folders
    if sys.argv[1] == "renames":
        swap_folders.exchange = lambda a, b: False
    site = Path(sys.argv[2])
    staging = swap_folders.staging_folder(site)
    (staging / "index.html").write_text("new", encoding="utf-8")
    swap_folders.swap_in(staging, site)
    """
)


def swap_killed(site: Path, how: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{CRASH_AT: "swap"})
    killed = subprocess.run([sys.executable, "-c", SWAP, how, str(site)], env=env)
    assert killed.returncode == -signal.SIGKILL


def exchanges(tmp_path: Path) -> bool:
    """The system swaps two folders' names in one step (and says when it cannot)."""
    a, b = make_site(tmp_path / "probe-a", "a"), make_site(tmp_path / "probe-b", "b")
    done = swap_folders.exchange(a, b)
    assert (a / "index.html").read_text() == ("b" if done else "a")
    if done:  # a path missing is an error, not "cannot"
        with pytest.raises(FileNotFoundError):
            swap_folders.exchange(tmp_path / "missing", a)
    shutil.rmtree(a)
    shutil.rmtree(b)
    return done


def test_a_swap_killed_halfway_leaves_a_complete_site_and_the_next_run_tidies_up(tmp_path):
    if not exchanges(tmp_path):
        pytest.skip("this system cannot exchange two folders in one step")
    site = make_site(tmp_path / "site", "old")
    swap_killed(site, "exchange")
    assert (site / "index.html").read_text() == "new"  # the new site, whole
    (left,) = [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]
    assert tree(left) == {"index.html": b"old", "zh-Hans/index.html": b"old zh-Hans"}
    swap_folders.recover(site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert tree(site) == {"index.html": b"new"}


def test_where_a_swap_takes_two_renames_the_next_run_puts_the_old_site_back(tmp_path):
    """Killed between the two renames, a run once left no site at all."""
    site = make_site(tmp_path / "site", "old")
    swap_killed(site, "renames")
    assert not site.exists()
    swap_folders.recover(site)
    assert tree(site) == {"index.html": b"old", "zh-Hans/index.html": b"old zh-Hans"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the new one's staging gone too


def test_recovery_leaves_the_staging_of_a_run_still_going(tmp_path):
    site = make_site(tmp_path / "site", "old")
    running = tmp_path / f".site-{lifetime.process_token()}-abc"
    running.mkdir()
    old = tmp_path / f".site-old-{lifetime.process_token()}"
    old.mkdir()
    swap_folders.recover(site)
    assert running.is_dir() and old.is_dir()


def test_the_site_is_the_same_whatever_the_umask_locale_time_zone_hash_seed_and_mtimes(built_site, tmp_path):
    """The build reads nothing of the machine it runs on: byte for byte the
    site, the docs and the ledger of the shared build, made with other
    settings."""
    project = copy_project(tmp_path / "project")
    for n, path in enumerate(sorted(p for p in project.rglob("*") if p.is_file())):
        os.utime(path, (1_000_000_000 + 7919 * n, 2_000_000_000 - 104_729 * n))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), PYTHONHASHSEED="7",
               LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", TZ="Asia/Shanghai")
    for name in ("SITE_URL", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    command = ["sh", "-c", 'umask 077 && exec "$0" "$@"', sys.executable, "-m", "build_scripts", "build"]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    shared = built_site.parent
    for part in ("site", "docs", "sources"):
        assert tree(project / part) == tree(shared / part), part


def set_site_limit(project: Path, value: str) -> None:
    pyproject = project / "pyproject.toml"
    text, found = re.subn(r"(?m)^site_limit_mb = .*$", f"site_limit_mb = {value}", pyproject.read_text(encoding="utf-8"))
    assert found == 1
    pyproject.write_text(text, encoding="utf-8")


def test_a_site_over_its_size_limit_is_refused_and_the_site_before_stays(built_site, tmp_path):
    """GitHub Pages publishes at most 1 GB: a site over the project's limit
    fails the build in one line, before it replaces the site."""
    project = Path(shutil.copytree(built_site.parent, tmp_path / "project", symlinks=True))
    before = tree(project / "site")
    size_mb = sum(f.stat().st_size for f in (project / "site").rglob("*") if f.is_file()) / 1e6
    assert 1 < size_mb < 1000  # the seed's site: under the default limit, over 1 MB
    set_site_limit(project, "1")
    result = run_build(project, "build")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "over its limit of 1 MB" in lines[0] and "site_limit_mb" in lines[0], result.stderr
    assert tree(project / "site") == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site-")]  # no staging left

    set_site_limit(project, "false")  # no limit: built
    assert run_build(project, "build").returncode == 0


@pytest.mark.parametrize("value", ["0", "-5", '"1 GB"', "true", "1.5"])
def test_a_bad_site_limit_is_named_before_anything_is_written(built_site, tmp_path, value):
    project = Path(shutil.copytree(built_site.parent, tmp_path / "project", symlinks=True))
    before = tree(project / "docs")
    set_site_limit(project, value)
    result = run_build(project, "build")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "pyproject.toml" in result.stderr and "site_limit_mb" in result.stderr
    assert tree(project / "docs") == before


# The site from the docs folder on disk -------------------------------------


def test_the_site_is_built_from_the_docs_folder_on_disk_alone(built_site, tmp_path):
    """What `build` reads besides the pages (search records, redirects) is
    in the generated docs folder: the site built from a copy of that folder
    alone, in a process that generated nothing, is the shared build's site."""
    from build_scripts.editions.registry import editions_for
    from build_scripts.publishing.build_site import build_site

    shared = built_site.parent
    assert sorted(p.name for p in (shared / "docs" / "search-records").iterdir()) == ["zh-Hans.json", "zh-Hant.json"]
    assert (shared / "docs" / "redirects.json").is_file()
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "docs")
    shutil.copytree(shared / "docs", project / "docs")
    build_site(project, project / "docs", project / "site", editions_for("s2tw"), None)
    assert tree(project / "site") == tree(built_site)
    # Nothing of it is published as a page: MkDocs builds the editions' folders.
    assert not list(built_site.rglob("search-records")) and not list(built_site.rglob("redirects.json"))


@pytest.mark.parametrize("missing", ["search-records/zh-Hant.json", "redirects.json"])
def test_a_docs_folder_without_what_generate_writes_for_the_build_is_refused_in_one_line(built_site, tmp_path, missing):
    project = Path(shutil.copytree(built_site.parent, tmp_path / "project", symlinks=True))
    before = tree(project / "site")
    (project / "docs" / missing).unlink()
    command = [sys.executable, "-c", "import sys; from pathlib import Path; "
               "from build_scripts.editions.registry import editions_for; from build_scripts.errors import BuildError; "
               "from build_scripts.publishing.build_site import build_site\n"
               "try: build_site(Path('.'), Path('docs'), Path('site'), editions_for('s2tw'), None)\n"
               "except BuildError as e: sys.exit(f'error: {e}')"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert result.stderr == f"error: docs/{missing}: missing: run `python -m build_scripts generate` first\n"
    assert tree(project / "site") == before
