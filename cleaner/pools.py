"""Worker pools that end cleanly.

Leaving `with Pool() as pool:` calls `pool.terminate()`, which stops the workers wherever
they are. An idle worker waits for its next task holding the task queue's read lock, and a
worker stopped so can leave the pool's shutdown waiting for that lock for ever: a run of
`clean --jobs 2 --dedup`, resumed, hung so once in a CI run (CPython issues 73945 and
78178, open). A pool whose work is done is closed and joined instead: each worker takes the
sentinel the pool sends it and exits. `terminate` stays for a pool left early (an error,
Ctrl-C, a consumer that stops reading), where waiting for the work would be wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool


@contextmanager
def finished(pool: Pool) -> Iterator[Pool]:
    """The pool for the block; joined when the block ends, terminated when it raises."""
    try:
        yield pool
    except BaseException:
        pool.terminate()
        raise
    pool.close()
    pool.join()
