"""Stage timings: one log line per stage, so long runs show where time goes
(in CI logs too) and the benchmark can read the figures back:

    [stage] merge duplicates: 2.17 s (CPU 2.15 s)

Wall time, and the processor time the stage used: its own process's, plus
that of the worker processes it started and waited for. Stages run side by
side in forked processes on a 2-core machine, so a stage's wall time also
counts the time it waited for a core; its CPU time is what it cost.

On a terminal, long stages also draw a progress bar (``Stages.track``):

    clean text and find structure  [########............] 4120/10000  12 s

redrawn in place at most ten times a second and erased when the stage is
done, so that the terminal, like a log, is left with the stage lines only.
Elsewhere (CI, a pipe, a file) nothing but the stage lines is written.
"""

from __future__ import annotations

import re
import resource
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

T = TypeVar("T")

BAR_WIDTH = 30  # characters between the brackets
REDRAW_SECONDS = 0.1  # at most ten redraws a second: drawing must cost next to nothing
STAGE_LINE = re.compile(r"^\[stage\] (?P<name>.+): (?P<wall>\d+\.\d\d) s \(CPU (?P<cpu>\d+\.\d\d) s\)$", re.M)


def stage_times(log: str) -> dict[str, tuple[float, float]]:
    """Each stage's (wall, CPU) seconds from the stage lines of a log, summed
    over the stage's runs, in the order the stages first ended."""
    times: dict[str, tuple[float, float]] = {}
    for m in STAGE_LINE.finditer(log):
        wall, cpu = times.get(m["name"], (0.0, 0.0))
        times[m["name"]] = (wall + float(m["wall"]), cpu + float(m["cpu"]))
    return times


class Stages:
    def __init__(self, out: TextIO | None = None):
        self.out = out
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}
        self.bars = _is_terminal(out)
        self._current: str | None = None  # the stage running, for a bar's default name

    @contextmanager
    def stage(self, name: str):
        start, cpu_start = time.perf_counter(), cpu_seconds()
        outer, self._current = self._current, name
        try:
            yield
        finally:
            self._current = outer
        elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
        self.cpu_seconds[name] = self.cpu_seconds.get(name, 0.0) + cpu
        if self.out is not None:
            print(f"[stage] {name}: {elapsed:.2f} s (CPU {cpu:.2f} s)", file=self.out, flush=True)

    def track(self, items: Iterable[T], total: int | None = None, name: str | None = None) -> Iterator[T]:
        """Yield ``items``, drawing a progress bar while they are consumed when
        the output is a terminal. ``total`` defaults to ``len(items)``;
        ``name`` to the stage running. Works with any iterable, e.g. the
        results of ``multiprocessing.Pool.imap`` as they come in."""
        if not self.bars:
            yield from items
            return
        if total is None:
            total = len(items) if hasattr(items, "__len__") else None
        bar = _Bar(self.out, name or self._current or "", total)
        try:
            for done, item in enumerate(items, start=1):
                yield item
                bar.update(done)
            bar.finish()
        finally:
            bar.erase()


class _Bar:
    """One progress line, redrawn in place with a carriage return."""

    def __init__(self, out: TextIO, name: str, total: int | None):
        self.out, self.name, self.total = out, name, total
        self.start = time.monotonic()
        self.drawn_at = float("-inf")
        self.done = 0
        self.width = 0  # of the longest line drawn, to erase it all

    def update(self, done: int) -> None:
        self.done = done
        now = time.monotonic()
        if now - self.drawn_at >= REDRAW_SECONDS:
            self.drawn_at = now
            self.draw(now)

    def finish(self) -> None:
        """The last count is always shown, however recently the bar was drawn."""
        self.draw(time.monotonic())

    def draw(self, now: float) -> None:
        elapsed = f"{now - self.start:.0f} s"
        if self.total:
            filled = min(BAR_WIDTH, BAR_WIDTH * self.done // self.total)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            line = f"{self.name}  [{bar}] {self.done}/{self.total}  {elapsed}"
        else:  # no total known: the count alone
            line = f"{self.name}  {self.done}  {elapsed}"
        self.width = max(self.width, len(line))
        self.out.write("\r" + line.ljust(self.width))
        self.out.flush()

    def erase(self) -> None:
        if self.width:
            self.out.write("\r" + " " * self.width + "\r")
            self.out.flush()


def _is_terminal(out: TextIO | None) -> bool:
    try:
        return out is not None and out.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def cpu_seconds() -> float:
    """Processor time (user and system) of this process and of its children
    that have ended and been waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_memory_mb() -> tuple[float, float]:
    """(this process, its largest finished child) peak resident memory in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def logging_to_stdout() -> Stages:
    return Stages(sys.stdout)
