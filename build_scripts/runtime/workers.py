"""Worker processes and the memory policy of a run, with nothing of the
domain in them: a forked pool whose workers inherit everything computed so
far (``forked_pool``), one piece of work in a forked worker whose result
comes back through a file (``forked``), and the cyclic garbage collector
paused where a stage makes objects that hold no cycle (``collector_paused``).
The pipeline decides what runs where; these only run it."""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from . import lifetime
from .interruptions import crash_point

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a while, where a stage makes
    hundreds of thousands of objects that live on and hold no cycle (parsed
    pages read back, the build report's records): the collector would walk
    them again and again as they pile up, making the stage cost more per
    speech the larger the corpus."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The task of the forked workers: set just before they fork, so that they
# inherit it (and the whole corpus it reads) instead of receiving a pickled copy.
_INHERITED_TASK: Callable[[int], object] | None = None


def _run_inherited_task(index: int):
    return _INHERITED_TASK(index)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def forked_pool(task: Callable[[int], T], workers: int) -> Iterator[Callable[[Iterable[int], int], Iterator[T]]]:
    """Worker processes forked from this one, which inherit everything
    computed so far; yields ``run(indexes, chunksize)``, which maps ``task``
    over the indexes in the workers, results in order. (Only one pool at a
    time: the task is handed over through a module global.) The workers die
    with this process and leave Ctrl-C to it (``lifetime.tie_to_parent``);
    when the block fails or is interrupted they are killed, not waited for."""
    global _INHERITED_TASK
    _INHERITED_TASK = task
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=lifetime.tie_to_parent,
        initargs=(os.getpid(),),
    )

    def run(indexes: Iterable[int], chunksize: int = 1) -> Iterator[T]:
        with lifetime.forking():  # map submits every task, forking the workers at the first
            return pool.map(_run_inherited_task, indexes, chunksize=chunksize)

    try:
        yield run
    except BaseException:
        # An error or a Ctrl-C here: whatever the workers are doing is not
        # wanted any more. (The pool has no public way to stop its workers.)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        raise
    finally:
        _INHERITED_TASK = None
        pool.shutdown(cancel_futures=True)


# A forked worker's result file, in /dev/shm where there is one: the prefix,
# then the token of the process the result is for (lifetime.process_token).
RESULT_PREFIX = "speech-library-forked-"


def result_folder() -> str:
    """Where forked workers leave their results: in memory where the system
    has /dev/shm, else the temporary folder."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        return "/dev/shm"
    return tempfile.gettempdir()


def remove_dead_results() -> list[Path]:
    """Result files of runs that were killed before reading them."""
    return lifetime.remove_leftovers(Path(result_folder()), RESULT_PREFIX)


def _result_to_file(work: Callable[[], T], folder: str, owner: str) -> str:
    """Run the work; its result goes back through a file (in memory where
    the system has /dev/shm): for hundreds of MB of rendered files that is
    twice as fast as the pipe the process pool would send it through. The
    file's name carries the token of ``owner``, the process that reads and
    removes it: if that process is killed first, the next run removes it."""
    result = work()
    fd, path = tempfile.mkstemp(dir=folder, prefix=f"{RESULT_PREFIX}{owner}-", suffix=".pickle")
    try:
        with os.fdopen(fd, "wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        os.unlink(path)  # a full /dev/shm, say: no half-written file left behind
        raise
    crash_point("forked-result-written", os.getppid())
    return path


def _result_from_file(path: str):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    finally:
        os.unlink(path)


@contextmanager
def forked(work: Callable[[], T], parallel: bool) -> Iterator[Callable[[], T]]:
    """Start ``work()`` in a forked worker process, which inherits everything
    computed so far; yields a function that waits for its result. Without
    ``parallel`` (or where processes cannot fork), that function runs
    ``work()`` itself: the result is the same."""
    if not parallel or not can_fork():
        yield work
        return
    folder, owner = result_folder(), lifetime.process_token()
    try:
        with forked_pool(lambda _: _result_to_file(work, folder, owner), workers=1) as run:
            paths = run([0])
            yield lambda: _result_from_file(next(paths))
    except BaseException:
        # The worker is gone (forked_pool killed it): a result it wrote is
        # for nobody now.
        for path in Path(folder).glob(f"{RESULT_PREFIX}{owner}-*"):
            path.unlink(missing_ok=True)
        raise
