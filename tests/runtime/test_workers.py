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


def test_forked_map_gives_each_result_in_order_from_workers_that_share_the_warm_up():
    """The warm-up runs once, in this process, before the workers fork: they
    see what it loaded. Below the size (not parallel) the task runs here."""
    if not workers.can_fork() or (os.cpu_count() or 1) < 2:
        pytest.skip("needs two cores and a system that forks processes")
    loaded: list[str] = []
    words = ["第%d篇" % i for i in range(40)]
    with workers.forked_map(lambda w: (w, tuple(loaded), os.getpid()), words, True, lambda: loaded.append("词典")) as results:
        results = list(results)
    assert [w for w, _, _ in results] == words
    assert {seen for _, seen, _ in results} == {("词典",)} and loaded == ["词典"]
    assert os.getpid() not in {pid for _, _, pid in results}
    with workers.forked_map(lambda w: (w, os.getpid()), words, False, lambda: loaded.append("again")) as results:
        assert list(results) == [(w, os.getpid()) for w in words]
    assert loaded == ["词典"]  # nothing to warm up for work done here


def test_two_pools_at_once_each_run_their_own_task():
    """The task is given to each worker as it forks: no state of the pool
    in this process, so pools do not step on each other."""
    if not workers.can_fork():
        pytest.skip("this system cannot fork processes")
    with workers.forked_pool(lambda i: ("a", i), workers=2) as run_a:
        with workers.forked_pool(lambda i: ("b", i), workers=2) as run_b:
            b = list(run_b(range(10), 2))
        a = list(run_a(range(10), 2))
    assert a == [("a", i) for i in range(10)] and b == [("b", i) for i in range(10)]


def test_what_a_long_lived_block_keeps_is_given_back_at_its_end_even_after_an_error():
    """long_lived() owns the freeze policy: what ``keep()`` kept out of the
    cyclic collector's sight is the collector's again once the block ends."""
    import gc

    before = gc.get_freeze_count()
    with workers.long_lived() as keep:
        kept = [[i] for i in range(1000)]
        keep()
        assert gc.get_freeze_count() >= before + len(kept)
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError):
        with workers.long_lived() as keep:
            keep()
            raise RuntimeError("a stage failed")
    assert gc.get_freeze_count() == 0
