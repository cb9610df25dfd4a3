"""Stage timings and progress bars: bars on a terminal, stage lines only elsewhere."""

import io
import os
import time
import types

import pytest

from build_scripts.runtime import progress
from build_scripts.runtime.progress import STAGE_LINE, Stages, stage_times

from ..conftest import FakeTerminal


def run_stage(out, items=range(25), **track):
    stages = Stages(out)
    with stages.stage("clean text"):
        seen = list(stages.track(items, **track))
    return stages, seen


def test_without_a_terminal_only_the_stage_lines_are_written():
    out = io.StringIO()
    stages, seen = run_stage(out)
    assert seen == list(range(25))
    lines = out.getvalue().splitlines()
    assert len(lines) == 1 and STAGE_LINE.match(lines[0]).group(1) == "clean text"
    assert "\r" not in out.getvalue()
    assert set(stages.seconds) == {"clean text"}


def test_without_any_output_nothing_is_drawn_and_items_pass_through():
    stages = Stages()
    assert not stages.bars
    assert list(stages.track(iter("abc"))) == ["a", "b", "c"]


def test_on_a_terminal_the_bar_ends_with_the_final_count_then_makes_way_for_the_stage_line():
    out = FakeTerminal()
    _, seen = run_stage(out)
    assert seen == list(range(25))
    text = out.getvalue()
    bars = [b.rstrip() for b in text.split("\r") if b.strip() and not b.startswith("[stage]")]
    assert bars, text
    assert bars[-1].startswith("clean text  [" + "#" * progress.BAR_WIDTH + "] 25/25  ")
    assert bars[-1].endswith(" s")
    # The bar is erased: what stays on the line after the last carriage return is the stage line.
    assert STAGE_LINE.match(text.split("\r")[-1].rstrip("\n"))


def test_bar_is_redrawn_at_most_ten_times_a_second(monkeypatch):
    clock = iter(i * 0.01 for i in range(10_000))  # each item takes 10 ms
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))
    out = FakeTerminal()
    stages = Stages(out)
    list(stages.track(range(1000), name="merge"))
    draws = [b for b in out.getvalue().split("\r") if b.startswith("merge")]
    assert 90 <= len(draws) <= 110  # 10 s of work: about one draw per 100 ms, plus the last
    assert draws[0].startswith("merge  [") and " 1/1000  " in draws[0]
    assert " 1000/1000  " in draws[-1]


def test_bar_counts_the_items_of_a_generator_given_its_total_and_without_one():
    out = FakeTerminal()
    stages = Stages(out)
    list(stages.track((i for i in range(4)), total=4, name="split"))
    assert "] 4/4  " in out.getvalue()
    out = FakeTerminal()
    list(Stages(out).track((i for i in range(3)), name="split"))
    last = [b for b in out.getvalue().split("\r") if b.strip()][-1]
    assert last.startswith("split  3  ")


def test_bar_is_erased_when_the_work_fails():
    out = FakeTerminal()
    stages = Stages(out)

    def failing():
        yield 1
        raise ValueError("boom")

    with pytest.raises(ValueError):
        with stages.stage("split pages"):
            list(stages.track(failing(), total=2))
    assert out.getvalue().endswith("\r")  # the line was blanked, no stage line for a failed stage
    assert "[stage]" not in out.getvalue()


def test_stage_lines_are_unchanged_and_times_add_up(monkeypatch):
    """Each run of a stage prints its own time; ``seconds`` keeps, per name,
    the sum of its runs; a stage around others (the CLI's "generate (every
    stage above)") times all that ran in it, the gaps between them too."""
    ticks = iter([100.0, 100.5, 101.75, 102.0, 102.5, 103.0])
    # progress.py's clock alone (not the time module that other threads share).
    clock = types.SimpleNamespace(perf_counter=lambda: next(ticks), monotonic=progress.time.monotonic)
    monkeypatch.setattr(progress, "time", clock)
    out = io.StringIO()
    stages = Stages(out)
    with stages.stage("generate"):  # 100.0 → 103.0
        with stages.stage("render"):  # 100.5 → 101.75
            pass
        with stages.stage("render"):  # 102.0 → 102.5
            pass
    lines = [STAGE_LINE.match(line) for line in out.getvalue().splitlines()]
    assert [m.group(1) for m in lines] == ["render", "render", "generate"]
    assert [m.group(2) for m in lines] == ["1.25", "0.50", "3.00"]
    assert stages.seconds == {"render": 1.75, "generate": 3.0}
    # The total of a name is the sum of the times its lines report.
    assert stages.seconds["render"] == sum(float(m.group(2)) for m in lines if m.group(1) == "render")
    assert {name: wall for name, (wall, _) in stage_times(out.getvalue()).items()} == stages.seconds
    assert stages.seconds["generate"] > stages.seconds["render"]


def test_repeated_stage_times_add_up_on_the_real_clock():
    out = io.StringIO()
    stages = Stages(out)
    for _ in range(2):
        with stages.stage("render"):
            sum(range(10_000))
    lines = [STAGE_LINE.match(line) for line in out.getvalue().splitlines()]
    assert [m.group(1) for m in lines] == ["render", "render"]
    printed = [float(m.group(2)) for m in lines]
    # Each line is rounded to a hundredth of a second.
    assert abs(stages.seconds["render"] - sum(printed)) <= 0.005 * len(printed) + 1e-9
    assert stages.seconds["render"] > 0


def test_cpu_time_counts_the_work_of_the_stage_and_of_the_workers_it_waited_for_not_waiting():
    """Stages run side by side on two cores: a stage's CPU time is what it
    cost, its wall time also what it waited. A worker process the stage
    started and waited for counts; sleeping does not."""
    out = io.StringIO()
    stages = Stages(out)

    def spin(seconds):
        end = time.process_time() + seconds
        while time.process_time() < end:
            pass

    with stages.stage("waiting"):
        time.sleep(0.3)
    with stages.stage("working"):
        spin(0.3)
    with stages.stage("working in a worker"):
        pid = os.fork()
        if pid == 0:
            try:
                spin(0.4)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    times = stage_times(out.getvalue())
    assert list(times) == ["waiting", "working", "working in a worker"]
    assert times["waiting"][0] >= 0.29 and times["waiting"][1] < 0.1
    assert times["working"][1] >= 0.29
    assert times["working in a worker"][1] >= 0.39
    assert stages.cpu_seconds["working in a worker"] >= 0.39


def test_closed_or_plain_objects_are_no_terminal():
    closed = io.StringIO()
    closed.close()
    assert not Stages(closed).bars
    assert not Stages(object()).bars
