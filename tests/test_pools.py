"""A pool whose work is done ends its workers by the queue, not by a signal: stopping an idle
worker can leave the pool's shutdown waiting for ever (cleaner/pools.py)."""

from __future__ import annotations

import multiprocessing
import signal
import time

import pytest

from cleaner.pools import finished


def _square(number: int) -> int:
    return number * number


def test_a_finished_pool_lets_its_workers_exit():
    pool = multiprocessing.get_context("fork").Pool(2)
    with finished(pool) as working:
        assert working.pool.map(_square, range(10)) == [n * n for n in range(10)]
    workers = list(pool._pool)  # the processes the pool ran on
    assert workers and all(worker.exitcode == 0 for worker in workers)


def test_a_pool_left_by_an_error_does_not_wait_for_its_work():
    """Ctrl-C or an error: the workers are stopped, a task still running with them."""
    pool = multiprocessing.get_context("fork").Pool(2)
    started = time.monotonic()
    with pytest.raises(KeyError), finished(pool) as working:
        working.pool.apply_async(time.sleep, (60,))
        time.sleep(0.5)  # the task is running
        raise KeyError("stop")
    assert time.monotonic() - started < 30
    workers = list(pool._pool)
    assert all(worker.exitcode is not None for worker in workers)
    assert -signal.SIGTERM in [worker.exitcode for worker in workers]
