"""``parallel.shared_map``: this process and forked workers share the batches; results come back
in input order, and a worker that fails or dies is reported, never waited for forever."""

from __future__ import annotations

import os
import signal
import time

import pytest

from checker.commands.parallel import can_fork, shared_map

pytestmark = pytest.mark.skipif(not can_fork(), reason="shared_map forks its workers")


def slow(tag: str):
    def work(x: int):
        time.sleep(0.002)  # long enough for the workers to start and take batches too
        return tag, x * x
    return work


def test_results_come_in_input_order_from_this_process_and_the_workers():
    items = list(range(300))
    out = list(shared_map(slow("here"), slow("there"), items, 3))
    assert [value for _, (_, value) in out] == [x * x for x in items]
    assert all((local and tag == "here") or (not local and tag == "there") for local, (tag, _) in out)
    assert {local for local, _ in out} == {True, False}, "the work was not shared"


def test_a_worker_error_is_raised_here():
    def fails(x: int):
        raise ValueError(f"bad item {x}")

    with pytest.raises(RuntimeError, match="a worker process failed: ValueError: bad item"):
        list(shared_map(slow("here"), fails, list(range(300)), 2))


def test_a_worker_that_dies_is_reported_not_waited_for():
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="ended without sending"):
        list(shared_map(slow("here"), lambda x: os._exit(3), list(range(300)), 2))
    assert time.monotonic() - started < 30


def test_a_single_item_is_read_once():
    out = list(shared_map(lambda x: x, lambda x: -x, [5], 4))
    assert out in ([(True, 5)], [(False, -5)])


def test_more_batches_than_the_task_pipe_holds_are_all_read_once():
    """25,000 batches of 16 (100 KB of batch numbers, more than a pipe's 64 KB): the numbers
    that did not fit are fed while the work goes on; each item is read once, in order."""
    items = list(range(400_000))

    def waited_too_long(signum, frame):
        raise TimeoutError("shared_map waits for batch numbers that nobody feeds")

    before = signal.signal(signal.SIGALRM, waited_too_long)
    signal.alarm(60)
    try:
        out = list(shared_map(lambda x: x, lambda x: -x, items, 2))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)
    assert [abs(value) for _, value in out] == items
    assert all(value == (x if local else -x) for x, (local, value) in zip(items, out))
