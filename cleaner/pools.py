"""Worker pools that end cleanly, and a run that does not wait for a worker that died.

Leaving `with Pool() as pool:` calls `pool.terminate()`, which stops the workers wherever
they are. An idle worker waits for its next task holding the task queue's read lock, and a
worker stopped so can leave the pool's shutdown waiting for that lock for ever: a run of
`clean --jobs 2 --dedup`, resumed, hung so once in a CI run (CPython issues 73945 and
78178, open). A pool whose work is done is closed and joined instead: each worker takes the
sentinel the pool sends it and exits. `terminate` stays for a pool left early (an error,
Ctrl-C, a consumer that stops reading), where waiting for the work would be wrong.

A worker killed while it works (the system's out-of-memory killer, a `kill -9` of that
process alone) takes its task with it: the pool starts another worker, and the task's
result never comes. So results are waited for a second at a time, and a pool whose workers
are no longer the ones it started raises WorkerDied: the run stops there, its records kept.
A worker killed while it waited for a task held the queue's read lock, and took it too: the
other workers then get no more tasks (so the run stops the same way), and the pool's own
end would wait for the lock for ever; it is waited for a few seconds, then its workers are
killed (`_end`).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, IMapIterator, Pool
from typing import TypeVar

T = TypeVar("T")
POLL_SECONDS = 1.0
END_SECONDS = 5.0  # a pool's end waited for; a pool stuck longer is stuck (`_end`)


class WorkerDied(RuntimeError):
    """A worker process ended while its work was awaited: that work will not come back."""

    def __init__(self) -> None:
        super().__init__("a worker process died (killed by the system: out of memory?)")


class Watched:
    """A pool and the workers it started with: its results are waited for a second at a
    time, and a pool whose workers are no longer those raises WorkerDied (the pool replaces
    a worker only when one has ended)."""

    def __init__(self, pool: Pool):
        self.pool = pool
        self.started = _workers(pool)

    def died(self) -> bool:
        return _workers(self.pool) != self.started

    def result(self, result: AsyncResult[T]) -> T:
        """An `apply_async` result's value."""
        return self._awaited(result.get)

    def each(self, parts: IMapIterator[T]) -> Iterator[T]:
        """An `imap`'s values, in order."""
        while True:
            try:
                yield self._awaited(parts.next)
            except StopIteration:
                return

    def _awaited(self, get: Callable[[float], T]) -> T:
        while True:
            try:
                return get(POLL_SECONDS)
            except multiprocessing.TimeoutError:
                if self.died():
                    raise WorkerDied() from None


@contextmanager
def finished(pool: Pool) -> Iterator[Watched]:
    """The pool, watched, for the block; joined when the block ends, terminated when it
    raises or when a worker died meanwhile (see `_end`)."""
    watched = Watched(pool)
    try:
        yield watched
    except BaseException:
        _end(pool, pool.terminate)
        raise
    if watched.died():
        _end(pool, pool.terminate)
        return
    pool.close()
    _end(pool, pool.join)


def _end(pool: Pool, how: Callable[[], None]) -> None:
    """Join or terminate the pool (`how`), waited for END_SECONDS at most. Either waits on
    the task queue's read lock, which an idle worker holds while it waits: one killed so
    (`kill -9`, out of memory) leaves the lock taken for ever, and the pool's end with it.
    Then the workers are killed, and the rest of the pool's shutdown (a daemon thread)
    is left to end with the process."""
    ending = threading.Thread(target=how, daemon=True)
    ending.start()
    ending.join(END_SECONDS)
    if ending.is_alive():
        for process in list(pool._pool):  # type: ignore[attr-defined]
            process.kill()
        ending.join(END_SECONDS)


def _workers(pool: Pool) -> frozenset[int]:
    """The process ids of the pool's workers. Read from the pool's own list (`_pool`, as
    CPython's Pool has kept it since 2.6): no public call tells a worker that died."""
    return frozenset(process.pid for process in pool._pool)  # type: ignore[attr-defined]
