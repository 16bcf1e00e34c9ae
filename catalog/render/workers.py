"""Parse pages and render jobs to bytes, on every core when there are many.

The worker processes are forked at the start of a build, while this process is still
small (`Pool`), and are sent compact inputs (chunks.py): a block of paper or topic pages
with just the papers they show. So they never hold the catalog, and the build holds it
once. Index, exports and assets are rendered here meanwhile. Rendering is a pure function
of its inputs, so the output is the same as in one process.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from jinja2 import Environment

from ..errors import ContentError
from . import chunks, exports, files, site
from .markup import Markup
from .model import Model
from .output import Output
from .plan import Job

PARALLEL_MIN = 400   # fewer jobs than this: one process (forking costs more than it saves)
BLOCK = 100          # jobs per task sent to a worker
AHEAD = 3            # blocks in flight per worker: enough to keep it busy, few enough to bound memory
DEEP = 30            # ... while this process renders its own jobs (exports: seconds each at 100k papers)


def render_job(job: Job, model: Model, env: Environment, out=None) -> dict[str, bytes]:
    """Files of one job: {relative path: bytes}. An export given `out` (an Output)
    streams its files into it instead, and returns {}."""
    if job.kind == "static":
        return {job.id: job.arg.read_bytes()}
    if job.kind == "export":
        collected = BytesOutput() if out is None else None
        if job.arg.startswith(exports.ABSTRACTS + "/"):
            exports.write_abstracts(model, out or collected, job.arg)
        else:
            _EXPORTS[job.arg](model, out or collected)
        return collected.files if collected else {}
    if job.kind == "index":
        text = site.render_index(model, env)
    elif job.kind == "topic":
        text = site.render_topic_page(model, env, *job.arg)
    elif job.kind == "paper":
        text = site.render_paper(model, env, job.arg)
    else:
        text = site.render_not_found(model, env)
    return {job.id: text.encode("utf-8")}


_EXPORTS = {
    "papers.json": exports.write_papers_json, "catalog.bib": exports.write_bibtex, "feed.xml": exports.write_feed,
    "sitemap.xml": exports.write_sitemap, "robots.txt": exports.write_robots,
    ".nojekyll": lambda model, out: out.write(".nojekyll", "", "render"),
    "social-card.png": exports.write_card,
}


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
        self._pool = multiprocessing.get_context("fork").Pool(size) if size > 1 else None

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


def render_all(jobs: list[Job], model: Model, env: Environment) -> Iterator[tuple[Job, dict]]:
    """(job, files) for every job, in order, in this process."""
    for job in jobs:
        yield job, render_job(job, model, env)


def write_all(jobs: list[Job], model: Model, env: Environment, out: Output,
              pool: Pool | None = None) -> Iterator[tuple[Job, dict]]:
    """Render every job and write its files into `out` (a new site, so no file is there
    yet): (job, {rel: (sha, size, mtime)}). With a pool, paper and topic pages are
    rendered and written by the workers, in an order of their own."""
    if pool is None:
        for job in jobs:
            yield job, _written(out, job, model, env)
        return
    own = deque(j for j in jobs if j.kind not in chunks.PACKED_KINDS)
    sent = [j for j in jobs if j.kind in chunks.PACKED_KINDS]
    blocks = iter([sent[i:i + BLOCK] for i in range(0, len(sent), BLOCK)])
    key, data = chunks.shell(model)
    pending: deque = deque()
    while True:
        # While this process renders its own jobs (papers.json takes seconds at 100,000
        # papers), the workers have DEEP blocks queued; then just enough to stay busy.
        depth = (DEEP if own else AHEAD) * pool.size
        while pending and pending[0][1].ready():
            yield from _collect(*pending.popleft())
        while len(pending) < depth and (block := next(blocks, None)) is not None:
            for job in block:
                out.claim(job.id, job.source, make_parent=False)  # a clash fails here, before the worker writes
            pending.append((block, pool.submit(_render_block, key, data, str(out.root),
                                               [chunks.pack(j, model) for j in block])))
        if own:
            job = own.popleft()
            yield job, _written(out, job, model, env)
        elif pending:
            yield from _collect(*pending.popleft())
        else:
            return


def _written(out: Output, job: Job, model: Model, env: Environment) -> dict[str, tuple]:
    """Render one job here and write its files. Exports stream into theirs (papers.json
    is hundreds of megabytes at 100,000 papers): they are hashed from disk afterwards."""
    if job.kind == "export":
        recording = _Recording(out)
        render_job(job, model, env, recording)
        return {rel: files.entry(out.root / rel) for rel in recording.written}
    return {rel: files.write(out.claim(rel, job.source), content, files.sha(content))
            for rel, content in render_job(job, model, env).items()}


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


def _render_block(key: str, data: bytes, root: str, items: list[tuple]):
    shell, env = chunks.worker_env(key, data)

    def work():
        written = []
        for item in items:
            entries = {}
            for rel, content in chunks.render_packed(item, shell, env).items():
                target = Path(root, rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                entries[rel] = files.write(target, content, files.sha(content))
            written.append(entries)
        return written
    return _guarded(work)


def parse_all(paths: list, pool: Pool | None) -> list[tuple]:
    """(meta, body, derived, notes) of each page file, in order (inputs.parse on every core)."""
    from .inputs import parse
    if pool is None:
        markup = Markup()
        return [parse(path, markup) for path in paths]
    blocks = [paths[i:i + BLOCK] for i in range(0, len(paths), BLOCK)]
    return [page for block in pool.imap(_parse_block, blocks) for page in _unwrap(block)]


def _parse_block(paths: list):
    from .inputs import parse
    markup = Markup()
    return _guarded(lambda: [parse(path, markup) for path in paths])


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
