"""The command line as a real process, stopped at a named point (see
build_scripts/runtime/interruptions.py), and what it leaves running or on disk."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from build_scripts.runtime.interruptions import CRASH_AT

ROOT = Path(__file__).resolve().parent.parent
# `python -m build_scripts`, with worker processes however few the pages
# (the thresholds only save the cost of starting workers for a small corpus).
RUNNER = (
    "import runpy; import build_scripts.pipeline as p; p.PARALLEL_PAGES = p.PARALLEL_SPEECHES = 1; "
    "runpy.run_module('build_scripts', run_name='__main__', alter_sys=True)"
)
MARKER = "SPEECH_LIBRARY_TEST_RUN"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    pid: int
    marker: str  # in the environment of the run and of every process it started


def start(project: Path, *args: str, crash_at: str | None = None) -> tuple[subprocess.Popen, str]:
    """``python -m build_scripts *args`` in ``project``, in a session of its
    own (so that an interruption sent to its process group reaches it and
    its children only, as a terminal's Ctrl-C does)."""
    marker = uuid.uuid4().hex
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), **{MARKER: marker})
    for name in ("SITE_URL", "SOURCE_DATE_EPOCH", CRASH_AT):
        env.pop(name, None)
    if crash_at:
        env[CRASH_AT] = crash_at
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, *args], cwd=project, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    return process, marker


def run(project: Path, *args: str, crash_at: str | None = None, timeout: float = 600) -> Run:
    process, marker = start(project, *args, crash_at=crash_at)
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
    return Run(process.returncode, out, err, process.pid, marker)


def running(marker: str) -> list[int]:
    """The processes whose environment carries ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"{MARKER}={marker}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                pass
    return found


def still_running(marker: str, seconds: float = 20) -> list[int]:
    """The processes of ``marker`` that are still there after ``seconds``
    (none, as soon as none is)."""
    deadline = time.monotonic() + seconds
    while (left := running(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
