"""Per-item work on every core, for big runs only; small runs stay in this process."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from typing import Callable, Sequence


def workers() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def pmap(fn: Callable, jobs: Sequence, *, parallel: bool, chunksize: int = 64,
         init: Callable | None = None, initargs: tuple = ()) -> list:
    """[fn(job) for job in jobs], in order; on a process pool when `parallel` and there are cores."""
    count = min(workers(), len(jobs))
    if not parallel or count < 2:
        if init is not None:
            init(*initargs)
        return [fn(job) for job in jobs]
    # fork is fast and needs nothing re-imported, but is unsafe beside other threads (serve).
    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    gc.freeze()  # forked workers' collector then leaves the parent's objects (and their pages) alone
    try:
        with context.Pool(count, initializer=init, initargs=initargs) as pool:
            return pool.map(fn, jobs, chunksize)
    finally:
        gc.unfreeze()
