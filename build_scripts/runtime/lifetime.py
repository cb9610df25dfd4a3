"""Processes that end with the run that started them, and what a killed run
leaves behind.

A run forks worker processes (pipeline.py) and starts MkDocs
(build_site.py). Killed outright (SIGKILL, the out-of-memory killer), it
would leave them running: workers blocked for ever on a pipe nobody reads,
MkDocs writing hundreds of MB into a staging folder nobody swaps in. So
every child is tied to its parent: on Linux the kernel kills it when the
parent dies (``PR_SET_PDEATHSIG``), and it checks, once tied, that the
parent it was started by is still there.

What a run writes outside its outputs (a worker's result file in /dev/shm,
the site's staging folder, a file being replaced) carries the run's
*process token* in its name: its pid and the time the process started,
which together name one process for as long as the machine runs. The next
run removes such leftovers when their process is gone (``dead``), and only
then: a leftover of a run still going is never touched.

This file also runs as a script, to start a command tied to its parent
(``tied_command``): ``python -I lifetime.py PARENT_PID COMMAND...``. It then
imports nothing but the standard library.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def process_token(pid: int | None = None) -> str:
    """``<pid>.<start>``: the process ``pid`` (this one by default), told
    apart from any later process given the same pid by its start time
    (clock ticks after boot, from /proc; 0 where there is no /proc)."""
    own = os.getpid()
    if pid is not None and pid != own:
        return f"{pid}.{_start_time(pid) or 0}"
    global _own_token
    if _own_token[0] != own:  # first use, or a forked child's
        _own_token = (own, f"{own}.{_start_time(own) or 0}")
    return _own_token[1]


_own_token: tuple[int, str] = (0, "")  # this process's token, once read (a file is written with each)


def _start_time(pid: int) -> int | None:
    """The start time of process ``pid``; None when there is no such process
    (or no /proc to tell)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold anything:
    # the fields after the last ")" are plain numbers; start time is field 22.
    return int(stat[stat.rindex(b")") + 2 :].split()[19])


def dead(token: str) -> bool:
    """No process of that token is running (its pid is free, or taken by a
    process that started at another time). False when it cannot be told."""
    pid_text, _, start_text = token.partition(".")
    if not (pid_text.isdigit() and start_text.isdigit()):
        return False
    pid, start = int(pid_text), int(start_text)
    if start and os.path.isdir("/proc/self"):
        return _start_time(pid) != start
    return not running(pid)


def running(pid: int) -> bool:
    """A process ``pid`` is running (or cannot be told apart from one)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def leftovers(folder: Path, prefix: str) -> Iterator[Path]:
    """Entries of ``folder`` named ``<prefix><token>-…`` whose process is dead."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        if name.startswith(prefix):
            token = name[len(prefix) :].split("-", 1)[0]
            if dead(token):
                yield folder / name


def remove_leftovers(folder: Path, prefix: str) -> list[Path]:
    """Remove what ``leftovers`` finds (files or whole folders); returns them."""
    removed = []
    for path in leftovers(folder, prefix):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except FileNotFoundError:
                pass
        removed.append(path)
    return removed


def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError:
        return None


def tie_to_parent(parent: int) -> None:
    """In a child process: die when ``parent`` does, and leave Ctrl-C to it.

    The kernel sends SIGKILL when the parent ends (Linux); a parent that
    ended before that was set is caught by the check after it. SIGINT (a
    terminal's Ctrl-C reaches the whole process group) is ignored: the
    parent reports the interruption in one line and stops its children
    itself, which would otherwise each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # see forking()
    if sys.platform.startswith("linux"):
        libc = _libc()
        if libc is not None:
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


class forking:
    """``with forking():`` around the forks of worker processes: Ctrl-C is
    held back (blocked) until the workers have started, so that none is
    interrupted before ``tie_to_parent`` ignores SIGINT in it. The parent
    receives a Ctrl-C that came meanwhile as soon as the block ends."""

    def __enter__(self):
        if hasattr(signal, "pthread_sigmask"):
            self._mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        return self

    def __exit__(self, *exc):
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_SETMASK, self._mask)
        return False


def tied_command(command: list[str]) -> list[str]:
    """``command``, started through this file as a script so that it dies
    with this process and leaves Ctrl-C to it (see ``tie_to_parent``); the
    command itself is exec'd, so its pid is the one the parent sees."""
    return [sys.executable, "-I", os.path.abspath(__file__), str(os.getpid()), *command]


def _exec_tied(argv: list[str]) -> None:
    parent, command = int(argv[0]), argv[1:]
    tie_to_parent(parent)
    # Both survive exec: the parent-death signal, and SIGINT ignored (Python
    # leaves an ignored SIGINT ignored).
    os.execvp(command[0], command)


if __name__ == "__main__":
    _exec_tied(sys.argv[1:])
