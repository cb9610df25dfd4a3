"""The benchmark's own measures (benchmarks/run.py)."""

import os
import signal
import sys

import pytest

from benchmarks.run import tree_memory_mb


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_tree_memory_counts_pages_shared_with_a_forked_child_once():
    block = bytearray(os.urandom(1 << 20)) * 256  # 256 MB, touched
    alone = tree_memory_mb(os.getpid())
    child = os.fork()
    if child == 0:  # the child only waits: it shares the block, never copies it
        signal.pause()
        os._exit(0)
    try:
        with_child = tree_memory_mb(os.getpid())
    finally:
        os.kill(child, signal.SIGTERM)
        os.waitpid(child, 0)
    assert alone > 256
    # Resident sizes would count the block twice; proportional sizes once.
    assert with_child < alone + 64
    del block
