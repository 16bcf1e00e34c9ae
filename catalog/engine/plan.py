"""A site's plan: every output as a Job (its file, the key of what it shows, how it is
rendered), plus the site's index, as the site declares them to the engine."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import ContentError


@dataclass
class Job:
    """One output. `render(site, arg)` returns its bytes; a `streamed` job's
    `render(site, arg, out)` writes its files into `out` (an output.Output, or a
    workers.BytesOutput) instead. A `packed` job is rendered by a worker process from
    `site.pack(job)` (workers.write_all). Static files (`kind` "static") are copied from
    the path `arg`."""
    id: str        # the (main) file it writes, relative to the site root
    kind: str      # what kind of output it is (the site's word: page, export, static...)
    key: str       # digest of everything it is made from: an equal key is not rendered again
    source: object  # what to blame for an error or a clash
    arg: object = None
    render: Callable | None = None
    streamed: bool = False
    packed: bool = False


@dataclass
class Index:
    """A folder of the site built after the pages from the inputs, not the pages (a search
    index): kept while its `key` is unchanged. `build(folder, old)` makes it in `folder`;
    `old` is the previous one (or None), to reuse parts of. `empty`: nothing to index."""
    folder: str
    key: str | None = None
    build: Callable[[Path, Path | None], None] | None = None
    empty: bool = False


@dataclass
class Plan:
    jobs: list[Job]
    index: Index
    count: int = 0                              # what the summary counts (the site's inputs)
    warnings: list[str] = field(default_factory=list)
    note: str = ""                              # ends the summary line (Summary.note)


def check_unique(jobs: list[Job]) -> None:
    """Two sources that would write the same file (also when the names differ only by
    case or Unicode normalisation) fail the build naming both, as output.Output does."""
    owners: dict[str, Job] = {}
    for job in jobs:
        folded = unicodedata.normalize("NFC", job.id).casefold()
        other = owners.setdefault(folded, job)
        if other is not job:
            raise ContentError(job.source, None, f"would write {job.id}, which {other.source} also writes ({other.id})")
        parts = [part for part in job.id.split("/") if part not in ("", ".")]  # PurePosixPath's parts, faster
        if not parts or ".." in parts or job.id.startswith("/"):
            raise ContentError(job.source, None, f"output path {job.id!r} leaves the site directory")


def clean(job: Job, record: dict, intact: set[str]) -> bool:
    """The last build rendered this job with the same key, and its files are as written."""
    old = record["jobs"].get(job.id)
    return old is not None and old[0] == job.key and all(rel in intact for rel in old[1])
