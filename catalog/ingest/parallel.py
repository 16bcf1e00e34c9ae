"""Per-item work on every core, for big runs only; small runs stay in this process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import sys
import threading
from typing import Callable, Iterable, Sequence


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


class Workers:
    """A process pool, started on first parallel use and reused by the later steps of a
    run, so it is forked while this process is still small. `init(*initargs)` runs once
    in each process that does the work (this one included)."""

    def __init__(self, init: Callable | None = None, initargs: tuple = ()):
        self._init, self._initargs = init, initargs
        self._pool = None
        if init is not None:
            init(*initargs)

    def reinit(self, *initargs) -> None:
        """Run `init` again with new arguments: here at once, and in fresh pool processes
        (a pool already started is stopped; the next parallel step starts another)."""
        self._initargs = initargs
        if self._init is not None:
            self._init(*initargs)
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def map(self, fn: Callable, jobs: Sequence, *, parallel: bool, chunksize: int = 64, desc: str = "") -> list:
        """[fn(job) for job in jobs], in order; on the pool when `parallel` and there are cores."""
        return list(self.imap(fn, jobs, parallel=parallel, chunksize=chunksize, desc=desc))

    def imap(self, fn: Callable, jobs: Sequence, *, parallel: bool, chunksize: int = 64, desc: str = "") -> Iterable:
        """fn(job) for each job, in order, as they are done; a progress bar (`desc`) on a terminal."""
        if not parallel or workers() < 2 or len(jobs) < 2:
            return map(fn, jobs)
        if self._pool is None:
            # fork is fast and needs nothing re-imported, but is unsafe beside other threads (serve).
            context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
            gc.freeze()  # forked workers' collector then leaves the parent's objects (and pages) alone
            try:
                self._pool = context.Pool(workers(), initializer=_start, initargs=(self._init, self._initargs))
            finally:
                gc.unfreeze()
        results = self._pool.imap(fn, jobs, chunksize)
        if desc and sys.stderr.isatty():
            from tqdm import tqdm

            results = tqdm(results, total=len(jobs), desc=desc, unit="", leave=False)
        return results

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def _start(init: Callable | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once
    if init is not None:
        init(*initargs)
