"""Ingest: dumps in `content/sources/` -> one page per distinct paper in `content/papers/`.

Ownership rules (DESIGN.md): ingest creates pages and afterwards only adds what it
learns from places it has not seen before (a new source location, an arXiv id or a
comment seen for the first time). It never rewrites a field a person may edit, never
deletes a page and never changes a slug. Existing pages are matched by the source
locations they list (which survive any hand edit of title or body), by arXiv id, and
by text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .clean import clean_abstract, plain_text
from .dedupe import Item, group
from ..errors import Warning_
from ..pages import dump_page, load_pages, new_meta, set_generated, write_if_changed
from .ledger import Ledger, ingest_lock, read_ledger, write_ledger
from .sources import read_dumps
from .split import Abstract, split_dump
from .titles import derive_title, slug_for
from ..topics import load_topics
from .classify import classify, follow_config, remember_config


SHOW_NEW = 30  # new papers named on the terminal; a 100k-paper first ingest only counts the rest


@dataclass
class Found:
    """One abstract from a dump, cleaned."""

    abstract: Abstract
    markdown: str
    code: list[str]


@dataclass
class IngestResult:
    dumps: int = 0
    abstracts: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def merged(self) -> int:
        """Abstracts that were copies of a paper already counted."""
        return self.abstracts - len(self.new) - self.seen_before

    seen_before: int = 0

    def summary(self) -> str:
        return (f"ingest: {self.abstracts} abstracts in {self.dumps} dumps -> "
                f"{len(self.new)} new papers, {len(self.updated)} updated, {self.unchanged} unchanged; "
                f"{self.merged} duplicate copies merged; {len(self.warnings)} warnings")


def ingest(content_dir: Path, say: Callable[..., None] = print) -> IngestResult:
    with ingest_lock(Path(content_dir), say):
        return _ingest(Path(content_dir), say)


def _ingest(content_dir: Path, say: Callable[..., None]) -> IngestResult:
    result = IngestResult()
    dumps = read_dumps(content_dir / "sources", result.warnings)
    abstracts = [abstract for dump in dumps for abstract in split_dump(dump.name, dump.text, result.warnings)]
    result.dumps, result.abstracts = len(dumps), len(abstracts)
    papers_dir = content_dir / "papers"
    pages = load_pages(papers_dir)
    topics = load_topics(content_dir)
    ledger, removed = _ledger(content_dir, pages)
    taken = {page.slug for page in pages}
    known = {loc for page in pages for loc in page.meta["sources"]} | set(removed)
    result.seen_before = sum(1 for a in abstracts if a.location in known)
    reclassified = {page.slug for page in follow_config(content_dir, pages, topics)}  # after a topics.yaml change
    for page in pages:
        if page.slug in reclassified:
            write_if_changed(page.path, dump_page(page.meta, page.body))
            result.updated.append(page.slug)
    if result.seen_before == len(abstracts):  # nothing new: every other page stays as it is
        result.unchanged = len(pages) - len(result.updated)
        if ledger.stale:
            write_ledger(content_dir, ledger)
        return result
    taken |= set(removed.values())  # a removed paper's slug is never given to another

    found = [Found(abstract, *clean_abstract(abstract.text)) for abstract in abstracts]

    # A page whose original abstracts are still in the dumps is represented by them (and
    # matched by location); its body, perhaps rewritten by hand, is compared only otherwise.
    present = {f.abstract.location for f in found}
    items = [Item(page.body, page.meta["arxiv"], page.slug, tuple(page.meta["sources"]),
                  compare_text=not present.intersection(page.meta["sources"])) for page in pages]
    # An abstract of a removed paper stands for it, so copies of it in any dump stay removed too.
    items += [Item(f.markdown, f.abstract.arxiv, removed.get(f.abstract.location), (f.abstract.location,))
              for f in found]
    for members in group(items):
        page_indices = [i for i in members if i < len(pages)]
        copies = [found[i - len(pages)] for i in members if i >= len(pages)]
        gone = next((removed[c.abstract.location] for c in copies if c.abstract.location in removed), None)
        if page_indices:
            page = pages[page_indices[0]]
            if _learn(page.meta, copies):
                write_if_changed(page.path, dump_page(page.meta, page.body))
                ledger.update((loc, page.slug) for loc in page.meta["sources"])
                if page.slug not in reclassified:
                    result.updated.append(page.slug)
            elif page.slug not in reclassified:
                result.unchanged += 1
        elif gone is not None:
            _note_removed(result, papers_dir, gone, copies, removed)
        else:
            meta, body = _new_page(copies, topics, taken)
            taken.add(meta["slug"])
            write_if_changed(papers_dir / f"{meta['slug']}.md", dump_page(meta, body))
            ledger.update((loc, meta["slug"]) for loc in meta["sources"])
            _announce(result, meta, say)
    write_ledger(content_dir, ledger)
    if result.new:
        remember_config(content_dir)  # new pages were classified with the current topics.yaml
    return result


def _ledger(content_dir: Path, pages: list) -> tuple[Ledger, dict[str, str]]:
    """The ledger brought up to date with the pages, and the locations of removed papers: those
    the ledger gives to a slug that has no page any more (its page was deleted by hand)."""
    ledger = read_ledger(content_dir)
    slugs = {page.slug for page in pages}
    listed = {loc for page in pages for loc in page.meta["sources"]}
    removed = {loc: slug for loc, slug in ledger.items() if slug not in slugs and loc not in listed}
    for page in pages:
        for loc in page.meta["sources"]:
            if ledger.get(loc) != page.slug:
                ledger[loc] = page.slug
                ledger.stale = True
    return ledger, removed


def _announce(result: IngestResult, meta: dict, say: Callable[..., None]) -> None:
    result.new.append(meta["slug"])
    if len(result.new) <= SHOW_NEW:
        say(f"  new: {meta['slug']}  {meta['title']}")
    elif len(result.new) == SHOW_NEW + 1:
        say("  … (the summary below counts the rest)")


def _note_removed(result: IngestResult, papers_dir: Path, slug: str, copies: list[Found], removed: dict) -> None:
    """Copies of a paper whose page was deleted: no page; a warning when a new copy turned up."""
    new = [c.abstract.location for c in copies if c.abstract.location not in removed]
    if new:
        result.warnings.append(Warning_(new[0], f"not added: a copy of {slug!r}, whose page "
                                        f"{papers_dir / (slug + '.md')} was deleted (see README, Removing a paper)"))


def _learn(meta: dict, copies: list[Found]) -> bool:
    """Add to an existing page what copies from unseen locations tell; True if anything changed."""
    changed = False
    for copy in copies:
        abstract = copy.abstract
        if abstract.location in meta["sources"]:
            continue
        meta["sources"].append(abstract.location)
        changed = True
        if abstract.arxiv and not meta["arxiv"]:
            meta["arxiv"] = abstract.arxiv
            meta["date"] = meta["date"] or date_from_arxiv(abstract.arxiv)
        _add_new(meta["comments"], abstract.comments)
        _add_new(meta["links"].setdefault("code", []), copy.code)
    return changed


def _new_page(copies: list[Found], topics, taken: set[str]) -> tuple[dict, str]:
    body = max(copies, key=lambda c: len(c.markdown)).markdown  # max() keeps the first of equals
    arxiv = next((c.abstract.arxiv for c in copies if c.abstract.arxiv), None)
    title = derive_title(body)
    meta = new_meta(slug_for(arxiv, title, taken))
    meta.update(arxiv=arxiv, date=date_from_arxiv(arxiv) if arxiv else None)
    set_generated(meta, "title", title)
    set_generated(meta, "topics", classify("", plain_text(body), topics))  # a derived title adds nothing
    for copy in copies:
        _add_new(meta["comments"], copy.abstract.comments)
        _add_new(meta["links"]["code"], copy.code)
        _add_new(meta["sources"], [copy.abstract.location])
    return meta, body


def _add_new(target: list, values) -> None:
    for value in values:
        if value not in target:
            target.append(value)


def date_from_arxiv(arxiv: str) -> str | None:
    """YYYY-MM from the id: 2410.02098 -> 2024-10, hep-th/9901001 -> 1999-01."""
    match = re.match(r"^(\d{2})(\d{2})\.\d{4,5}$", arxiv) or re.match(r"^[a-z.\-A-Z]+/(\d{2})(\d{2})\d{3}$", arxiv)
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    century = 1900 if year >= 91 else 2000
    return f"{century + year}-{month}"
