"""Render jobs and parse inputs, on every core when there are many.

The worker processes are forked at the start of a build, while this process is still
small (`Pool`), and are sent compact inputs (the site's `pack`): a block of jobs with just
what they show. So they never hold the site's whole model, and the build holds it once.
Other jobs (an index, exports, assets) are rendered here meanwhile. Rendering is a pure
function of its inputs, so the output is the same as in one process.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
from collections import deque
from contextlib import contextmanager
from itertools import islice
from typing import Callable, Iterable, Iterator

from ..errors import ContentError
from . import files
from .output import Output
from .plan import Job

PARALLEL_MIN = 400   # fewer jobs than this: one process (forking costs more than it saves)
BLOCK = 100          # jobs per task sent to a worker
AHEAD = 3            # blocks in flight per worker: enough to keep it busy, few enough to bound memory
DEEP = 30            # ... while this process renders its own jobs (a large export: seconds each)


def render_job(job: Job, site, out=None) -> dict[str, bytes]:
    """The files of one job, rendered here: {path: bytes}. A streamed job given `out` (an
    Output) writes its files into it instead, and returns {}."""
    if job.kind == "static":
        return {job.id: job.arg.read_bytes()}
    if job.streamed:
        collected = BytesOutput() if out is None else None
        job.render(site, job.arg, out or collected)
        return collected.files if collected else {}
    return {job.id: job.render(site, job.arg)}


def processes(requested: int | None, jobs: int) -> int:
    if jobs < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, requested if requested else min(os.cpu_count() or 1, 8))


class Pool:
    """Worker processes for one build, or none (`size` 1). Fork it before loading much:
    a worker forked from a large process shares its pages only until either side
    touches them (reference counts do), and then they count twice."""

    def __init__(self, size: int):
        self.size = size
        # A worker lives for one build and never collects garbage: its tasks (their inputs
        # unpickled, pages parsed or rendered) make hundreds of thousands of objects and no
        # cycles (measured: none after rendering 10,000 pages, 89 after parsing 3,000), and
        # the collector's passes cost CPU (unpickling a 10k build's paper blocks: 0.18 s, 0.11 s without).
        self._pool = multiprocessing.get_context("fork").Pool(size, initializer=gc.disable) if size > 1 else None

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def submit(self, function, *args):
        return self._pool.apply_async(function, args)

    def imap(self, function, items):
        return self._pool.imap(function, items)

    def used(self, jobs: int) -> "Pool | None":
        """Itself when worth using for `jobs` jobs."""
        return self if self._pool is not None and jobs >= PARALLEL_MIN else None


def render_all(jobs: list[Job], site) -> Iterator[tuple[Job, dict]]:
    """(job, files) for every job, in order, in this process."""
    for job in jobs:
        yield job, render_job(job, site)


def write_all(jobs: list[Job], site, out: Output, pool: Pool | None = None) -> Iterator[tuple[Job, dict]]:
    """Render every job and write its files into `out` (a new site, so no file is there
    yet): (job, {rel: (sha, size, mtime)}). With a pool, packed jobs are rendered and
    written by the workers (from `site.pack(job)`, by `site.render_packed`, with
    `site.shell()` sent along: build.Site), in an order of their own."""
    if pool is None:
        for job in jobs:
            yield job, _written(out, job, site)
        return
    own = deque(j for j in jobs if not j.packed)
    sent = [j for j in jobs if j.packed]
    blocks = iter([sent[i:i + BLOCK] for i in range(0, len(sent), BLOCK)])
    key, data = site.shell()
    pending: deque = deque()
    while True:
        # While this process renders its own jobs (an export can take seconds), the
        # workers have DEEP blocks queued; then just enough to stay busy.
        depth = (DEEP if own else AHEAD) * pool.size
        while pending and pending[0][1].ready():
            yield from _collect(*pending.popleft())
        while len(pending) < depth and (block := next(blocks, None)) is not None:
            for job in block:
                out.claim(job.id, job.source, make_parent=False)  # a clash fails here, before the worker writes
            pending.append((block, pool.submit(_render_block, site.render_packed, key, data, str(out.root),
                                               [site.pack(j) for j in block])))
        if own:
            job = own.popleft()
            yield job, _written(out, job, site)
        elif pending:
            yield from _collect(*pending.popleft())
        else:
            return


def _written(out: Output, job: Job, site) -> dict[str, tuple]:
    """Render one job here and write its files. Streamed jobs write into theirs (an export
    can be hundreds of megabytes): they are hashed from disk afterwards."""
    if job.streamed:
        recording = _Recording(out)
        render_job(job, site, recording)
        return {rel: files.entry(out.root / rel) for rel in recording.written}
    return {rel: files.write(out.claim(rel, job.source), content, files.sha(content))
            for rel, content in render_job(job, site).items()}


class _Recording:
    """An Output that notes which files were written through it."""

    def __init__(self, out: Output):
        self.out, self.written = out, []

    def write(self, rel: str, text: str, source) -> None:
        self.out.write(rel, text, source)
        self.written.append(rel)

    def write_bytes(self, rel: str, data: bytes, source) -> None:
        self.out.write_bytes(rel, data, source)
        self.written.append(rel)

    @contextmanager
    def open(self, rel: str, source):
        with self.out.open(rel, source) as handle:
            yield handle
        self.written.append(rel)


def _collect(block: list[Job], result) -> Iterator[tuple[Job, dict]]:
    yield from zip(block, _unwrap(result.get()))


def _render_block(render: Callable, key: str, data: bytes, root: str, items: list[tuple]):
    """In a worker: render(key, data, item) -> {path: bytes} for each item, written under `root`."""
    def work():
        written = []
        for item in items:
            entries = {}
            for rel, content in render(key, data, item).items():
                target = f"{root}/{rel}"
                _make_parent(target)
                entries[rel] = files.write(target, content, files.sha(content))
            written.append(entries)
        return written
    return _guarded(work)


def _make_parent(target: str) -> None:
    """The folder of `target` (most often new, its own parent there: one mkdir)."""
    folder = os.path.dirname(target)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def map_blocks(function: Callable[[list], list], items: Iterable, pool: Pool | None) -> list:
    """function(block) for blocks of `items`, joined in order: in this process (one block)
    or on every core, each block sent as soon as `items` yields it (an iterator may still be
    computing the rest). `function` is a module-level function (a worker finds it by name)."""
    if pool is None:
        return function(list(items))
    items, pending = iter(items), []
    while block := list(islice(items, BLOCK)):
        pending.append(pool.submit(_map_block, (function, block)))
    return [result for block in pending for result in _unwrap(block.get())]


def _map_block(task: tuple):
    function, items = task
    return _guarded(lambda: function(items))


def _guarded(work):
    """A worker's result, or the ContentError it raised as plain data (it does not pickle)."""
    try:
        return ("ok", work())
    except ContentError as exc:
        return ("error", exc.path, exc.line, exc.message)


def _unwrap(result):
    if result[0] == "error":
        raise ContentError(result[1], result[2], result[3])
    return result[1]


class BytesOutput:
    """output.Output's writing interface, collecting bytes (exports write through it)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, text: str, source) -> None:
        self.files[rel] = text.encode("utf-8")

    def write_bytes(self, rel: str, data: bytes, source) -> None:
        self.files[rel] = data

    @contextmanager
    def open(self, rel: str, source) -> Iterator[io.StringIO]:
        buffer = io.StringIO()
        yield buffer
        self.files[rel] = buffer.getvalue().encode("utf-8")
