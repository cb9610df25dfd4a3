"""The README's two commands, run as a newcomer would: in a fresh clone.

This clones the committed HEAD (uncommitted changes are not part of a clone),
lets `make site` create its own .venv from the pinned requirements, and runs
`make test` there on the fast tests (the full suite is what CI itself runs
from a fresh clone).
"""

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_make_site_and_make_test_in_a_fresh_clone(tmp_path):
    if os.environ.get("SPEECH_LIBRARY_IN_CLONE"):
        pytest.skip("already running inside the fresh-clone test")
    if not (ROOT / ".git").exists() or shutil.which("git") is None or shutil.which("make") is None:
        pytest.skip("needs a git checkout, git and make")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = dict(os.environ, PYTHON=sys.executable, SPEECH_LIBRARY_IN_CLONE="1")
    env.pop("VIRTUAL_ENV", None)

    site = subprocess.run(["make", "site"], cwd=clone, env=env, capture_output=True, text=True, timeout=1800)
    assert site.returncode == 0, site.stdout[-3000:] + site.stderr[-3000:]
    assert (clone / ".venv" / "bin" / "python").exists()
    assert (clone / "site" / "index.html").is_file()
    for edition in ("zh-Hans", "zh-Hant"):
        assert len(list((clone / "site" / edition / "speeches").glob("*/index.html"))) == 9
    assert (clone / "site" / "search" / "meta.json").is_file()

    test = subprocess.run(
        ["make", "test", "PYTEST_ARGS=-q -m 'not slow and not browser'"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=1800,
    )
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-3000:]
    assert " passed" in test.stdout
