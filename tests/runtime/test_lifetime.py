"""Child processes that end with their parent, and leftovers told by the
process that made them."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from build_scripts.runtime import lifetime

from ..processes import ROOT

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the kernel ties children to parents on Linux")


def ended_token() -> str:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    token = lifetime.process_token(process.pid)
    process.kill()
    process.wait()
    return token


def test_a_token_names_one_process_for_as_long_as_it_runs():
    own = lifetime.process_token()
    assert own.startswith(f"{os.getpid()}.") and own == lifetime.process_token(os.getpid())
    assert not lifetime.dead(own)
    assert lifetime.dead(ended_token())
    pid, start = own.split(".")
    assert lifetime.dead(f"{pid}.{int(start) + 1}")  # the same pid, another process
    assert not lifetime.dead("not-a-token") and not lifetime.dead("12.x")  # cannot tell: kept


def test_only_the_leftovers_of_ended_processes_are_removed(tmp_path):
    ended, own = ended_token(), lifetime.process_token()
    (tmp_path / f".site-{ended}-abc").mkdir()
    (tmp_path / f".site-{ended}-abc" / "index.html").write_text("x")
    (tmp_path / f".site-{ended}-file").write_text("x")
    (tmp_path / f".site-{own}-abc").mkdir()
    (tmp_path / ".site-old").mkdir()
    (tmp_path / ".site-mine").mkdir()
    (tmp_path / "site").mkdir()
    removed = lifetime.remove_leftovers(tmp_path, ".site-")
    assert sorted(p.name for p in removed) == sorted([f".site-{ended}-abc", f".site-{ended}-file"])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f".site-{own}-abc", ".site-old", ".site-mine", "site"])


# A parent that starts children and reports their pids, then waits to be killed.
PARENT = textwrap.dedent(
    """
    import multiprocessing, subprocess, sys, time
    from build_scripts.runtime import lifetime, workers
    sleeper = [sys.executable, "-c", "import time; time.sleep(120)"]
    tied = subprocess.Popen(lifetime.tied_command(sleeper))
    untied = subprocess.Popen(sleeper)
    with workers.forked_pool(lambda i: time.sleep(120), workers=2) as run:
        results = run(range(2))  # the workers fork here, and each takes a task
        workers = [c.pid for c in multiprocessing.active_children()]
        print(tied.pid, untied.pid, *workers, flush=True)
        time.sleep(120)
    """
)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_and_tied_commands_die_with_their_parent_killed():
    """SIGKILL of the main process once left its workers blocked for ever
    (hundreds of MB each) and MkDocs running."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("this system cannot fork processes")
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE, text=True,
    )
    try:
        tied, untied, *workers = map(int, parent.stdout.readline().split())
        assert len(workers) == 2 and all(alive(p) for p in [tied, untied, *workers])
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while any(alive(p) for p in [tied, *workers]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(p) for p in [tied, *workers])
        assert alive(untied)  # what the test would see without the tie
    finally:
        parent.kill()
        if "untied" in locals():
            os.kill(untied, signal.SIGKILL)


def test_a_tied_command_is_the_command_itself_and_ignores_ctrl_c():
    """The tie execs the command (its pid is the one the parent waits for),
    and leaves SIGINT to the parent."""
    command = [sys.executable, "-c", "import os, signal; print(os.getpid(), signal.getsignal(signal.SIGINT) == signal.SIG_IGN)"]
    process = subprocess.Popen(lifetime.tied_command(command), stdout=subprocess.PIPE, text=True)
    out, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert out.split() == [str(process.pid), "True"]
