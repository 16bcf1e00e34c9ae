"""Python's cyclic garbage collector paused while a step makes millions of objects and no
cycles (loading a catalog, merging search shards, deciding a batch of topics): its passes
would only walk those objects over and over."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collections inside; the collector as it was afterwards (left off if it was off)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
