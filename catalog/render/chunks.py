"""Compact inputs for worker processes: what one paper or topic page shows, as plain data.

Workers are forked before the model is loaded (engine/workers.py), so they never hold the
catalog: each block of jobs arrives with just the papers its pages show. A paper page
gets its paper (abstract HTML included), its previous/next papers and its related
papers; a topic page its slice of papers. Listed papers carry no abstract HTML, and
related papers and neighbours only what their line shows (`LISTED`: title, date, venue,
comments): no template shows more of them there (tests/test_pipeline.py compares one
process with two, byte for byte: a template that starts to show more fails there).

The rest of the model a page shows (settings, URLs, topics, how many papers each topic
has, the years in the search panel) is the `Shell`, sent once per block and kept by each
worker while it stays the same.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from . import site
from ..engine.cache import digest
from ..engine.plan import Job
from ..ownership import GENERATED, TITLE_FROM
from .model import Model, Paper


class Sizes:
    """A topic's papers where only their number is known (a worker's `groups`): it has a
    length and a truth value; listing them from a paper page would be a scan of the catalog."""

    def __init__(self, size: int):
        self.size = size

    def __len__(self) -> int:
        return self.size

    def __bool__(self) -> bool:
        return self.size > 0

    def __iter__(self):
        raise TypeError("a page rendered by a worker cannot list a whole topic")

    def __getitem__(self, index):
        raise TypeError("a page rendered by a worker cannot list a whole topic")


@dataclass
class Shell:
    """The model without its papers: what every page needs besides its own papers."""
    config: object
    urls: object
    topics: list
    sizes: dict[str, int]
    year_counts: list

    @property
    def groups(self) -> dict[str, Sizes]:
        return {key: Sizes(size) for key, size in self.sizes.items()}


def shell(model: Model) -> tuple[str, bytes]:
    """(key, pickled Shell) of a model, sent with every block."""
    data = pickle.dumps(Shell(model.config, model.urls, model.topics, {k: len(g) for k, g in model.groups.items()},
                              site.year_counts(model)), protocol=pickle.HIGHEST_PROTOCOL)
    return digest(data), data


def _paper(paper: Paper | None, html: bool = False, text: bool = True) -> tuple | None:
    if paper is None:
        return None
    return (paper.slug, str(paper.source), paper.meta, paper.path, paper.abstract_html if html else "",
            paper.abstract_text if text else "", [t.key for t in paper.topics], paper.cite_key)


# What a paper page shows of its related papers and its newer/older ones: a link with the
# title (marked when made from the abstract) and a line of date, venue or comments.
LISTED = ("title", "date", "year", "venue", "comments")


def _listed(paper: Paper | None, memo: dict) -> tuple | None:
    """A related paper or a neighbour as _paper gives it, its front matter cut to what its
    line shows and the date and derived-title rules read (model.py): a paper's full front
    matter was most of what went to the workers, seven times a page. One tuple per paper,
    so the pickle of a block holds each paper once."""
    if paper is None:
        return None
    listed = memo.get(paper.slug)
    if listed is None:
        meta = {key: paper.meta[key] for key in LISTED if key in paper.meta}
        record = paper.meta.get(GENERATED)
        if isinstance(record, dict):
            meta[GENERATED] = {key: record[key] for key in ("title", TITLE_FROM) if key in record}
        listed = memo[paper.slug] = (paper.slug, "", meta, paper.path, "", "", [], "")
    return listed


_NO_SOURCE = Path("")  # a listed paper's (_listed): 80,000 Path objects fewer at 10k papers


def _unpaper(data: tuple | None, by_key: dict) -> Paper | None:
    if data is None:
        return None
    slug, source, meta, path, html, text, topics, cite_key = data
    return Paper(slug=slug, source=Path(source) if source else _NO_SOURCE, meta=meta, path=path, abstract_html=html,
                 abstract_text=text, topics=[by_key[k] for k in topics], cite_key=cite_key)


def pack(job: Job, model: Model, memo: dict) -> tuple:
    """A paper or topic job as the plain data its page shows (`memo`: the build's, for _listed)."""
    if job.kind == "paper":
        paper = job.arg
        newer, older = model.neighbours(paper)
        return (job.id, "paper", _paper(paper, html=True), _listed(newer, memo), _listed(older, memo),
                [_listed(r, memo) for r in paper.related])
    topic, page = job.arg
    papers, total = site.topic_slice(model, topic, page)
    return (job.id, "topic", topic.key, page, total, [_paper(p) for p in papers])


def render_packed(item: tuple, shell: Shell, env: Environment) -> dict[str, bytes]:
    by_key = {t.key: t for t in shell.topics}
    if item[1] == "paper":
        rel, _, paper, newer, older, related = item
        paper = _unpaper(paper, by_key)
        paper.related = [_unpaper(r, by_key) for r in related]
        text = site.paper_page(shell, env, paper, _unpaper(newer, by_key), _unpaper(older, by_key))
    else:
        rel, _, topic, page, total, papers = item
        text = site.topic_page(env, by_key[topic], page, [_unpaper(p, by_key) for p in papers], total)
    return {rel: text.encode("utf-8")}


def render_item(key: str, data: bytes, item: tuple) -> dict[str, bytes]:
    """In a worker: one packed job's files, with the shell `data` (its digest `key`)."""
    shell, env = worker_env(key, data)
    return render_packed(item, shell, env)


_worker_env: tuple | None = None  # (shell key, Shell, Environment) in a worker


def worker_env(key: str, data: bytes) -> tuple[Shell, Environment]:
    """The worker's Shell and template environment, made again only when the shell changes."""
    global _worker_env
    if _worker_env is None or _worker_env[0] != key:
        loaded = pickle.loads(data)
        _worker_env = (key, loaded, site.environment_of(loaded, loaded.year_counts))
    return _worker_env[1], _worker_env[2]
