"""The worker processes of a run (build_scripts/runtime/workers.py): work
forked off returns its result or raises its error, a forked pool maps in
order in other processes."""

from __future__ import annotations

import os

import pytest

from build_scripts.runtime import workers


def _forked_leftovers() -> set[str]:
    """This process's forked-result files (other runs on the machine may
    leave theirs there meanwhile)."""
    folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
    own = f"-forked-{os.getpid()}."
    return {name for name in os.listdir(folder) if own in name} if folder else set()


def test_forked_work_returns_its_result_or_raises_its_error(tmp_path):
    """A forked worker hands back what the work returns (large results
    travel through a file, removed once read) and raises what it raises."""
    if not workers.can_fork():
        pytest.skip("this system cannot fork processes")
    before = _forked_leftovers()
    marker = os.getpid()
    big = {"text": "讲话" * 500_000, "pid": marker}
    with workers.forked(lambda: dict(big, worker=os.getpid()), parallel=True) as result:
        got = result()
    assert got["text"] == big["text"] and got["pid"] == marker and got["worker"] != marker

    def fail():
        raise ValueError("bad speech 第3篇")

    with pytest.raises(ValueError, match="第3篇"):
        with workers.forked(fail, parallel=True) as result:
            result()
    assert _forked_leftovers() - before == set()
    # Not parallel: the work runs here.
    with workers.forked(lambda: os.getpid(), parallel=False) as result:
        assert result() == marker


def test_forked_pool_maps_in_order_in_other_processes():
    if not workers.can_fork():
        pytest.skip("this system cannot fork processes")
    words = ["第%d篇" % i for i in range(50)]  # inherited by the workers, not sent
    with workers.forked_pool(lambda i: (words[i], os.getpid()), workers=2) as run:
        results = list(run(range(len(words)), 5))
    assert [w for w, _ in results] == words
    assert os.getpid() not in {pid for _, pid in results}
