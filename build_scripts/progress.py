"""Stage timings: one log line per stage, so long runs show where time goes
(in CI logs too) and the benchmark can read the figures back."""

from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager
from typing import TextIO


class Stages:
    def __init__(self, out: TextIO | None = None):
        self.out = out
        self.seconds: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str):
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
        if self.out is not None:
            print(f"[stage] {name}: {elapsed:.2f} s", file=self.out, flush=True)


def peak_memory_mb() -> tuple[float, float]:
    """(this process, its largest finished child) peak resident memory in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def logging_to_stdout() -> Stages:
    return Stages(sys.stdout)
