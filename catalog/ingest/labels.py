"""The labeled papers the topic model learns from: the ones it ships with, and the pages a
person labeled (at most MAX_PAGE_LABELS of them).

A page's topics are a person's label when they are not what ingest recorded in `generated:`
(a curated page with no record, or a list edited by hand); `[]` is a label too ("none of
these"). A page's label wins over a shipped one for the same arXiv id. Shipped papers are
labeled for the shipped topic keys only: for a topic added to topics.yaml they say nothing.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..pages import Page
from ..ownership import GENERATED, machine_owned
from ..schema import YAML_LOADER
from .clean import clean_abstract, plain_text
from .titles import derive_title

SHIPPED = Path(__file__).parent / "data" / "labeled-papers.yaml"
# Labeled pages the model learns from, at most: training time grows with the square of the
# labeled papers (learn.py fits through their n x n Gram matrix): ~2 s for the 374 shipped ones,
# ~20 s with 300 pages more (a 4,000-page curated catalog's first ingest, then cached), and
# a curated catalog of 10,000 pages would otherwise train for many minutes.
MAX_PAGE_LABELS = 300


@dataclass(frozen=True)
class Example:
    name: str  # the arXiv id, or the slug of a page without one
    title: str  # "" when there is none (or only one derived from the abstract)
    text: str  # the abstract as plain text
    categories: tuple[str, ...]
    topics: frozenset[str]
    judged: frozenset[str] | None  # the topic keys the label speaks for; None: every topic
    page: str | None = None  # the slug, when the label is a page's

    def labeled_for(self, key: str) -> bool:
        return self.judged is None or key in self.judged


def evidence_title(meta: dict, body: str) -> str:
    """The page's title as evidence: one a person, arXiv or a dump gave; not one ingest derived."""
    title = meta.get("title") or ""
    if machine_owned(meta, "title") and title == derive_title(body):
        return ""
    return title


def person_labeled(meta: dict) -> bool:
    return isinstance(meta.get("topics"), list) and not machine_owned(meta, "topics")


def page_example(page: Page) -> Example:
    meta = page.meta
    return Example(str(meta.get("arxiv") or page.slug), evidence_title(meta, page.body), plain_text(page.body),
                   tuple(str(c) for c in meta.get("categories") or ()), frozenset(meta["topics"]), None, page.slug)


def examples(pages, titles: bool = True, shipped: Path | None = None) -> list[Example]:
    """Shipped examples then the person-labeled pages', in a fixed order (a page replaces a
    shipped paper with its arXiv id). `titles=False` leaves the shipped titles out."""
    from_pages = [page_example(page) for page in _at_most(MAX_PAGE_LABELS, [p for p in pages if person_labeled(p.meta)])]
    taken = {e.name for e in from_pages}
    kept = [e for e in shipped_examples(shipped or SHIPPED) if e.name not in taken]
    if not titles:
        kept = [Example(e.name, "", e.text, e.categories, e.topics, e.judged) for e in kept]
    return kept + sorted(from_pages, key=lambda e: e.page)


def _at_most(count: int, pages: list) -> list:
    """`count` of the labeled pages when there are more: the hand corrections of ingest's topics
    first (a `generated:` record), then curated pages, each in the order of a hash of the slug
    (the same pages whatever order they are read in)."""
    if len(pages) <= count:
        return pages
    def order(page) -> tuple:
        return (not isinstance(page.meta.get(GENERATED), dict), hashlib.sha256(f"label:{page.slug}".encode()).hexdigest())
    return sorted(pages, key=order)[:count]


@functools.lru_cache(maxsize=4)
def shipped_examples(path: Path) -> tuple[Example, ...]:
    """The shipped labeled papers, their abstracts cleaned as ingest cleans a dump's, then those of
    the files the data names under `also` (beside it; an id already read is not read again).
    Their arXiv categories are left out: the dev-set papers have none, nor has an abstract-only dump."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    judged = frozenset(data["topics"])
    out = [Example(str(p["arxiv"]), p.get("title") or "", plain_text(clean_abstract(p["abstract"])[0]), (),
                   frozenset(p["topics"]), judged) for p in data["papers"]]
    for name in data.get("also") or ():
        seen = {e.name for e in out}
        out += [e for e in shipped_examples(path.parent / name) if e.name not in seen]
    return tuple(out)


def digest(items: list[Example]) -> str:
    """What the examples are, for the model's cache key."""
    h = hashlib.sha256()
    for e in items:
        parts = [e.name, e.title, e.text, ",".join(e.categories), ",".join(sorted(e.topics)),
                 "*" if e.judged is None else ",".join(sorted(e.judged))]
        h.update("\x1f".join(parts).encode() + b"\x1e")
    return h.hexdigest()
