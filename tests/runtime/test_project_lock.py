"""One run at a time in a project: a second run waits for the first."""

from __future__ import annotations

import select
import time
from pathlib import Path

from benchmarks.synthetic import write_corpus
from build_scripts.publishing.preview import copy_project_files

from build_scripts.runtime.project_lock import project_lock

from ..conftest import ROOT, copy_project
from ..processes import run, start, still_running


def read_line(stream, seconds: float) -> str:
    """The next line of a pipe, or "" when none came within ``seconds``."""
    ready, _, _ = select.select([stream], [], [], seconds)
    return stream.readline() if ready else ""


def test_a_second_run_waits_for_the_first_and_says_so(tmp_path):
    project = copy_project(tmp_path / "project")
    with project_lock(project):  # a run going on
        process, marker = start(project, "generate")
        try:
            assert read_line(process.stderr, 60) == f"waiting for the other run in {project} to finish\n"
            time.sleep(1)
            assert process.poll() is None and not (project / "docs" / "catalog.json").exists()
        except BaseException:
            process.kill()
            raise
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0 and err == "", err
    assert (project / "docs" / "catalog.json").is_file()
    assert still_running(marker) == []


def test_two_runs_at_once_both_finish_and_leave_what_one_leaves(tmp_path):
    """Two runs at once on a corpus of a few dozen pages once ended in a
    FileNotFoundError traceback in page_cache.store (each removed the
    other's files)."""
    project = tmp_path / "project"
    copy_project_files(ROOT, project)
    pages = write_corpus(project / "sources", 8 * 24)
    runs = [start(project, "generate") for _ in range(2)]
    results = [(process.communicate(timeout=600), process.returncode) for process, _ in runs]
    for (out, err), code in results:
        assert code == 0 and "Traceback" not in err, err
    # What they left is whole: a third run finds every page parsed and
    # nothing to write (generation is deterministic).
    third = run(project, "generate")
    assert third.returncode == 0, third.stderr
    assert f"parsed pages from {Path('.cache') / 'pages'}: {pages} of {pages}" in third.stdout
    assert "docs: 0 written" in third.stdout and ", 0 removed" in third.stdout


def test_the_lock_is_the_projects_own(tmp_path):
    """Runs in two projects do not wait for each other."""
    one, other = tmp_path / "one", copy_project(tmp_path / "other")
    one.mkdir()
    with project_lock(one):
        process, _ = start(other, "generate")
        out, err = process.communicate(timeout=300)
    assert process.returncode == 0 and err == "", err
