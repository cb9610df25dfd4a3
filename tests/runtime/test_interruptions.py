"""Ctrl-C and SIGKILL at every point of a build, for real: a build
interrupted prints one line, exits 130 and leaves its outputs whole; a build
killed leaves no process running and a complete site, and the next build
removes what it left and writes, byte for byte, what an uninterrupted build
writes. (The runs stop themselves at named points: interruptions.py.)"""

from __future__ import annotations

import shutil
import signal
import sys
from pathlib import Path

import pytest

from build_scripts.runtime import interruptions
from build_scripts.publishing.build_site import WITHOUT_DOWNLOADS_URL, WITHOUT_SITE_URL
from build_scripts.runtime.workers import RESULT_PREFIX, can_fork, result_folder

from ..conftest import new_page
from ..processes import Run, run, still_running, tree

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not can_fork(), reason="workers are tied to their parent on Linux"
)
NEW_PAGE = "zz-new-page.txt"


def state(project: Path) -> dict[str, dict[str, bytes]]:
    """The outputs of a build: the docs folder, the sources (the ids ledger) and the site."""
    return {name: tree(project / name) for name in ("docs", "sources", "site")}


def differences(now: dict, expected: dict) -> list[str]:
    """The files that differ between two states (for a failure's message)."""
    return [
        f"{part}/{name}"
        for part in expected
        for name in sorted(set(now[part]) | set(expected[part]))
        if now[part].get(name) != expected[part].get(name)
    ]


def leftovers(project: Path, *runs: Run) -> list[str]:
    """What runs left beside the outputs: staging folders beside the site,
    their worker results, temporary files in the docs folder."""
    found = [p.name for p in project.iterdir() if p.name.startswith(".site-")]
    for run_ in runs:
        found += [p.name for p in Path(result_folder()).glob(f"{RESULT_PREFIX}{run_.pid}.*")]
    found += [p.name for p in (project / "docs").glob(".tmp-*")]
    return found


@pytest.fixture(scope="module")
def projects(built_site, tmp_path_factory):
    """The seed project, built; and its state once a new page is added and built."""
    built = built_site.parent
    reference = Path(shutil.copytree(built, tmp_path_factory.mktemp("reference") / "project", symlinks=True))
    (reference / "sources" / NEW_PAGE).write_text(new_page(), encoding="utf-8")
    done = run(reference, "build")
    assert done.returncode == 0, done.stderr
    return built, state(reference)


def project_with_new_page(projects, tmp_path) -> tuple[Path, dict]:
    built, _ = projects
    project = Path(shutil.copytree(built, tmp_path / "project", symlinks=True))
    before = state(project)
    (project / "sources" / NEW_PAGE).write_text(new_page(), encoding="utf-8")
    before["sources"][NEW_PAGE] = (project / "sources" / NEW_PAGE).read_bytes()
    return project, before


def test_the_points_are_where_the_runs_stop():
    assert interruptions.CRASH_POINTS == ("parsing", "forked-result-written", "publishing", "mkdocs", "swap")


def test_ctrl_c_anywhere_prints_one_line_exits_130_and_leaves_every_output_whole(projects, tmp_path):
    """Ctrl-C once printed a traceback of 28–46 lines (and each worker its
    own). Before the docs are published nothing changes; a Ctrl-C during
    publishing lets it finish (docs, ledger and cache change together); the
    site changes only by the swap of a complete one."""
    project, before = project_with_new_page(projects, tmp_path)
    after = projects[1]
    expected = {
        "parsing": before,
        "forked-result-written": before,
        "publishing": {**after, "site": before["site"]},
        "mkdocs": {**after, "site": before["site"]},
        "swap": after,
    }
    for point in interruptions.CRASH_POINTS:
        stopped = run(project, "build", crash_at=f"{point}:INT")
        assert (stopped.returncode, stopped.stderr) == (130, "interrupted\n"), (point, stopped.stderr)
        assert still_running(stopped.marker) == [], point
        assert leftovers(project, stopped) == [], point
        assert state(project) == expected[point], (point, differences(state(project), expected[point]))
    done = run(project, "build")
    assert done.returncode == 0 and done.stderr == WITHOUT_SITE_URL + "\n" + WITHOUT_DOWNLOADS_URL + "\n", done.stderr
    assert state(project) == after, differences(state(project), after)


def test_a_build_killed_anywhere_leaves_no_process_and_a_site_and_the_next_build_recovers(projects, tmp_path):
    """SIGKILL once left workers blocked for ever, a result file of 100 MB
    in /dev/shm and MkDocs writing a staging folder no build removed; and,
    between the two renames of the swap, no site at all."""
    project, before = project_with_new_page(projects, tmp_path)
    after = projects[1]
    left_before: list[str] = []
    runs: list[Run] = []
    for point in interruptions.CRASH_POINTS:
        killed = run(project, "build", crash_at=point)
        runs.append(killed)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert still_running(killed.marker) == [], point
        # What the run before left, this one removed first.
        assert not set(left_before) & set(leftovers(project, *runs)), (point, left_before)
        left_before = leftovers(project, *runs)
        now = state(project)
        assert now["site"] in (before["site"], after["site"]), point  # never without a complete site
        if point in ("parsing", "forked-result-written"):
            assert now == before, (point, differences(now, before))
        if point == "forked-result-written":
            assert any(name.startswith(RESULT_PREFIX) for name in left_before)
        if point in ("mkdocs", "swap"):
            assert now["docs"] == after["docs"], (point, differences(now, after))
            assert any(name.startswith(".site-") for name in left_before), (point, left_before)
    done = run(project, "build")
    assert done.returncode == 0 and done.stderr == WITHOUT_SITE_URL + "\n" + WITHOUT_DOWNLOADS_URL + "\n", done.stderr
    assert leftovers(project, *runs, done) == []
    assert state(project) == after, differences(state(project), after)
