"""Worker processes and the memory policy of a run, with nothing of the
domain in them:

    long_lived      a block whose objects, once ``keep()`` is called, live
                    to its end out of the cyclic garbage collector's sight
                    (gc.freeze), given back at its end whatever happens
    forked_map      a task over many items in forked workers (one per core,
                    after a warm-up that the workers then share), results
                    in order as they arrive; in this process below a size
    forked          one piece of work in a forked worker, its result back
                    through a file, while this process does another
    collector_paused  the cyclic collector off while a stage makes objects
                    that hold no cycle

Each worker inherits everything computed before it forks, its task too:
nothing is pickled on the way in. The pipeline decides what runs where;
these only run it.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from . import lifetime
from .interruptions import crash_point

T = TypeVar("T")
R = TypeVar("R")
# Worker processes at most, however many cores.
MAX_WORKERS = 8


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


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """Yields ``keep``: what exists when it is called lives until the end of
    the block, out of the cyclic collector's sight, which would otherwise
    walk those millions of objects again and again (a tenth of the time of
    generation at 10,000 speeches) and, in a forked worker, touch every
    page of them, copying it. At the end of the block (or on an error)
    they are the collector's again."""
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()


# The task of a worker process: set in the worker only, as it starts (the
# pool's initializer, whose arguments a forked worker inherits instead of
# receiving them pickled); the process that forks the pool never sets it.
_WORKER_TASK: Callable[[int], object] | None = None


def _start_worker(task: Callable[[int], object], parent: int) -> None:
    global _WORKER_TASK
    _WORKER_TASK = task
    lifetime.tie_to_parent(parent)


def _run_task(index: int):
    return _WORKER_TASK(index)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def forked_pool(task: Callable[[int], T], workers: int) -> Iterator[Callable[[Iterable[int], int], Iterator[T]]]:
    """Worker processes forked from this one, which inherit everything
    computed so far, ``task`` too; yields ``run(indexes, chunksize)``, which
    maps ``task`` over the indexes in the workers, results in order. The
    workers die with this process and leave Ctrl-C to it
    (``lifetime.tie_to_parent``); when the block fails or is interrupted
    they are killed, not waited for."""
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(task, os.getpid()),
    )

    def run(indexes: Iterable[int], chunksize: int = 1) -> Iterator[T]:
        with lifetime.forking():  # map submits every task, forking the workers at the first
            return pool.map(_run_task, indexes, chunksize=chunksize)

    try:
        yield run
    except BaseException:
        # An error or a Ctrl-C here: whatever the workers are doing is not
        # wanted any more. (The pool has no public way to stop its workers.)
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.kill()
        raise
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def forked_map(
    task: Callable[[T], R], items: Sequence[T], parallel: bool, warm_up: Callable[[], object] | None = None
) -> Iterator[Iterator[R]]:
    """Yields ``task(item)`` of each item, in order, as they come. With
    ``parallel`` (and two cores or more, where processes fork) from worker
    processes, one per core: ``warm_up()`` runs here first (loading what
    every task reads, once, shared by the workers); else here, one by one,
    as they are asked for: the results are the same."""
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if not parallel or workers < 2 or not can_fork():
        yield map(task, items)
        return
    if warm_up is not None:
        warm_up()
    with forked_pool(lambda i: task(items[i]), workers) as run:
        yield run(range(len(items)), max(1, len(items) // (workers * 8)))  # the workers fork here


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
