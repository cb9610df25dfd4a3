"""Ctrl-C, and the named points where the tests stop a run for real.

A Ctrl-C ends a run with one line, ``interrupted``, and exit status 130
(``cli.main``). Its outputs are left as they were: the docs folder is
changed only by ``publish`` (with the ids ledger and the cache, all under
``uninterrupted``, which holds a Ctrl-C back until those writes are done),
and the site only by swapping in a complete new one. Worker processes and
MkDocs ignore SIGINT (``lifetime.tie_to_parent``): the run stops them.

``crash_point(name)`` is how the tests interrupt or kill a run at a given
moment, without timing guesses: with ``BUILD_SCRIPTS_CRASH_AT=<name>`` in
its environment the process kills itself with SIGKILL when it gets there;
``<name>:INT`` sends SIGINT to its process group instead, as a terminal's
Ctrl-C does. Without the variable a crash point does nothing.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

CRASH_AT = "BUILD_SCRIPTS_CRASH_AT"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
# The points, in the order a build passes them (tests/test_interruptions.py).
CRASH_POINTS = (
    "parsing",  # the main process, while parse workers are at work
    "forked-result-written",  # a forked worker, its result file written: kills its parent
    "publishing",  # the main process, halfway through writing the docs folder
    "mkdocs",  # the main process, while the MkDocs builds run
    "swap",  # the main process, the new site in place, the old one not yet removed
)


def crash_point(name: str, pid: int | None = None) -> None:
    """Kill (or interrupt) process ``pid`` (this one by default) here, if
    the environment asks for point ``name``."""
    wanted = os.environ.get(CRASH_AT)
    if not wanted:
        return
    point, _, how = wanted.partition(":")
    if point != name:
        return
    target = os.getpid() if pid is None else pid
    if how == "INT":
        os.killpg(os.getpgid(target), signal.SIGINT)
    else:
        os.kill(target, signal.SIGKILL)


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Writes that must all happen or none: a Ctrl-C during them takes
    effect (KeyboardInterrupt) once they are done. Only the main thread
    receives signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, lambda signum, frame: received.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
    if received:
        raise KeyboardInterrupt
