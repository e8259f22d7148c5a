"""Worker processes for work on many files: forked, and stopped at once when the run fails."""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool


def ignore_interrupts() -> None:
    """A worker's start: Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def worker_pool(processes: int, initializer: Callable[[], None] = ignore_interrupts) -> Iterator[Pool]:
    """A pool of forked workers, closed and joined when the block ends, terminated at once when it
    ends with an error (Ctrl-C, a lost server, a stuck worker).

    The workers are forked with the collector's view of this process frozen: the collector writes
    to every object it tracks, which would copy this process's pages into each worker.
    """
    gc.freeze()
    pool = multiprocessing.Pool(processes, initializer=initializer)
    gc.unfreeze()
    try:
        yield pool
        pool.close()
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
