"""Parse pages and render jobs to bytes, on every core when there are many.

Worker processes are forked after the model is loaded, so they share it without
copying; each renders a block of jobs and sends back the bytes, in order. Rendering is
a pure function of the model, so the output is the same as in one process.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from contextlib import contextmanager
from typing import Iterator

from jinja2 import Environment

from ..errors import ContentError
from . import exports, site
from .markup import Markup
from .model import Model
from .plan import Job

PARALLEL_MIN = 400   # fewer jobs than this: one process (forking costs more than it saves)
BLOCK = 100          # jobs per task sent to a worker

_shared: tuple | None = None  # (model, env, jobs) in the forked workers


def render_job(job: Job, model: Model, env: Environment) -> dict[str, bytes]:
    """Files of one job: {relative path: bytes}."""
    if job.kind == "static":
        return {job.id: job.arg.read_bytes()}
    if job.kind == "export":
        out = BytesOutput()
        _EXPORTS[job.arg](model, out)
        return out.files
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


def render_all(jobs: list[Job], model: Model, env: Environment, workers: int = 1) -> Iterator[tuple[Job, dict]]:
    """(job, files) for every job, in order."""
    if workers <= 1:
        for job in jobs:
            yield job, render_job(job, model, env)
        return
    global _shared
    _shared = (model, env, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            blocks = [range(i, min(i + BLOCK, len(jobs))) for i in range(0, len(jobs), BLOCK)]
            for block, results in zip(blocks, pool.imap(_render_block, blocks)):
                for i, files in zip(block, _unwrap(results)):
                    yield jobs[i], files
    finally:
        _shared = None


def _render_block(block: range):
    model, env, jobs = _shared
    return _guarded(lambda: [render_job(jobs[i], model, env) for i in block])


def parse_all(paths: list, workers: int) -> list[tuple]:
    """(meta, body, derived, notes) of each page file, in order (inputs.parse on every core)."""
    from .inputs import parse
    if workers <= 1:
        markup = Markup()
        return [parse(path, markup) for path in paths]
    blocks = [paths[i:i + BLOCK] for i in range(0, len(paths), BLOCK)]
    with multiprocessing.get_context("fork").Pool(workers) as pool:
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
