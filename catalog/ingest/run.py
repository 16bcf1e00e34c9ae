"""Ingest: dumps in `content/sources/` -> one page per distinct paper in `content/papers/`.

Ownership rules (DESIGN.md): ingest creates pages and afterwards only adds what it
learns from places it has not seen before (a new source location, an arXiv id, a comment,
a dump's title, authors… by metadata.py's rules). It never rewrites a field a person edited, never
deletes a page and never changes a slug. Existing pages are matched by the source
locations they list (which survive any hand edit of title or body), by arXiv id, and
by text.

Speed (scan.py, cache.py): only dumps and pages that changed since the last run are read;
a run in which no file changed is answered from stat calls alone. Big runs split, clean,
title, classify and write on every core (parallel.py). The pages are the same either way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, NamedTuple

from .cache import IngestCache
from .clean import plain_text
from .dedupe import Item, features, group
from .ledger import NAME as LEDGER, Ledger, ingest_lock, read_ledger, write_ledger
from ..arxiv.record import base_id
from ..errors import Warning_
from ..page_update import updated_text
from ..pages import dump_page
from .parallel import Workers
from .summary import left_out, summary_text
from .lone_ids import fold_lone_ids
from .scan import (DumpView, Found, PageView, dump_warnings, listing, page_entry, pages_in_folders, scan_dumps,
                   scan_pages, write_page)
from .page_meta import learn, new_page_meta
from .titles import derive_title
from ..topics import load_topics
from .stamp import config_followed


SHOW_NEW = 30  # new papers named on the terminal; a 100k-paper first ingest only counts the rest
PARALLEL_PAGES = 2000  # new pages titled, classified and written on every core from this many
DESCRIBE_BATCH = 128  # new pages titled and classified together (one job of the pool)


@dataclass
class IngestResult:
    dumps: int = 0
    abstracts: int = 0
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[Warning_] = field(default_factory=list)
    retopiced: list[str] = field(default_factory=list)  # machine-set pages whose topics changed

    seen_before: int = 0  # abstracts at locations a page lists already
    left_out: int = 0  # abstracts of papers whose page was deleted (the ledger keeps them deleted)
    deleted: list[str] = field(default_factory=list)  # those papers' slugs, sorted

    @property
    def merged(self) -> int:
        """Abstracts that were copies of a paper already counted."""
        return self.abstracts - len(self.new) - self.seen_before - self.left_out

    def summary(self, restore: str = "python build.py restore") -> str:
        return summary_text(self, restore)


def ingest(content_dir: Path, say: Callable[..., None] = print, cache: bool = True) -> IngestResult:
    """`cache=False` reads and hashes everything again and keeps nothing (the output is the same)."""
    with ingest_lock(Path(content_dir), say):
        return _ingest(Path(content_dir), say, cache)


def _ingest(content_dir: Path, say: Callable[..., None], cache: bool) -> IngestResult:
    result = IngestResult()
    store = IngestCache(content_dir, enabled=cache)
    sources, papers = content_dir / "sources", content_dir / "papers"
    files = listing(sources, papers, content_dir / "topics.yaml", content_dir / LEDGER)
    result.warnings.extend(pages_in_folders(papers, files.folders))
    topics = load_topics(content_dir)
    same = store.unchanged(files) if config_followed(content_dir) else None
    if same is not None:  # no file changed since a run that left every abstract in a page
        (result.dumps, result.abstracts), result.warnings = same.counts, result.warnings + list(same.warnings)
        result.left_out, result.deleted = same.left_out, list(same.deleted)
        result.seen_before, result.unchanged = result.abstracts - result.left_out, len(files.page_names)
        return result
    from .decide import Classifier  # NumPy and SciPy: only when something changed

    with Workers(init=_set_classifier, initargs=(Classifier(topics),)) as pool:
        _scan_and_merge(content_dir, files, topics, store, pool, result, say)
    return result


def _scan_and_merge(content_dir: Path, files, topics, store: IngestCache, pool: Workers, result: IngestResult,
                    say: Callable[..., None]) -> None:
    """Read what changed, and merge it into the pages when an abstract is new."""
    sources, papers = content_dir / "sources", content_dir / "papers"
    from .follow import classifier_for, remember

    warnings, settled = [], False
    try:
        pages = scan_pages(papers, files, store)  # first: their labels train what the pool's workers classify with
        classifier = classifier_for(content_dir, [v.full() for v in pages if v.entry.labeled], topics, store.enabled)
        pool.reinit(classifier)
        dumps = scan_dumps(sources, files.dumps, store, pool)
        ledger, removed = _ledger(content_dir, pages)
        warnings = fold_lone_ids(dump_warnings(dumps), lambda: _known_ids(pages, dumps, removed), str(content_dir))
        result.warnings.extend(warnings)
        dumps = [dump for dump in dumps if dump.entry.readable]
        locations = [loc for dump in dumps for loc in dump.entry.locations]
        result.dumps, result.abstracts = len(dumps), len(locations)
        twins = _twins(pages, {name for name, _ in files.dumps})
        warnings += twins
        result.warnings.extend(twins)
        listed = {loc for view in pages for loc in view.entry.sources}
        result.seen_before = sum(1 for loc in locations if loc in listed)
        left_out(result, [removed[loc] for loc in locations if loc in removed])
        reclassified = _follow_topics(content_dir, pages, classifier, store, result)  # topics.yaml or labels changed
        if result.seen_before + result.left_out == len(locations):  # nothing new: every other page stays as it is
            result.unchanged = len(pages) - len(result.updated)
            if ledger.stale or ledger.restore:  # restore rows of papers with no abstract left: done
                write_ledger(content_dir, ledger)
        else:
            _merge(papers, dumps, pages, _Removed(ledger, removed), reclassified, store, pool, result, say)
            write_ledger(content_dir, ledger)
        if result.new:
            remember(content_dir, classifier)  # new pages were classified with the current topics and model
        known = {loc for entry in store.entries.pages.values() for loc in entry.sources} | set(removed)
        settled = all(loc in known for loc in locations)  # else the next run must look again
    finally:
        store.save(store.summarise(files, warnings, settled, content_dir / LEDGER, (result.left_out, result.deleted)))


def _follow_topics(content_dir: Path, pages: list[PageView], classifier, store: IngestCache,
                   result: IngestResult) -> set[str]:
    """Pages whose machine-set topics changed with topics.yaml or the labels (follow.follow), rewritten."""
    from .follow import follow

    pages_in_full = (view.full() for view in pages)  # read only when a re-classification is due
    changed = {page.slug for page in follow(content_dir, pages_in_full, classifier)}
    for view in pages:
        if view.entry.slug in changed:
            _write(view, store)
            result.updated.append(view.entry.slug)
            result.retopiced.append(view.entry.slug)
    return changed


def _write(view: PageView, store: IngestCache) -> None:
    page = view.full()
    view.entry = page_entry(write_page(page.path, updated_text(page, page.meta, page.body)), page.meta)
    store.put_page(view.name, view.entry)


class _Removed(NamedTuple):
    ledger: Ledger  # location -> slug of every paper ingest made, kept up to date here
    locations: dict[str, str]  # location -> slug of a paper whose page was deleted by hand


def _known_ids(pages: list[PageView], dumps: list[DumpView], removed: dict[str, str]) -> set[str]:
    """The papers (base ids) the catalog has, gets from this run's dumps, or had and a person
    deleted (an id-named slug in the ledger): an id alone in a dump says nothing about them."""
    ids = [view.entry.arxiv for view in pages] + [a for dump in dumps for a in dump.entry.arxiv]
    return {base_id(i) or i for i in ids if i} | {i for i in map(base_id, removed.values()) if i}


def _ledger(content_dir: Path, pages: list[PageView]) -> tuple[Ledger, dict[str, str]]:
    """The ledger brought up to date with the pages, and the locations of removed papers: those
    the ledger gives to a slug that has no page any more (its page was deleted by hand)."""
    ledger = read_ledger(content_dir)
    slugs = {view.entry.slug for view in pages}
    listed = {loc for view in pages for loc in view.entry.sources}
    removed = {loc: slug for loc, slug in ledger.items() if slug not in slugs and loc not in listed}
    for view in pages:
        for loc in view.entry.sources:
            if ledger.get(loc) != view.entry.slug:
                ledger[loc] = view.entry.slug
                ledger.stale = True
    return ledger, removed


def _twins(pages: list[PageView], dumps: set[str]) -> list[Warning_]:
    """One warning per page that holds the same paper as an earlier one (a page copied by hand
    as a template, say): the same arXiv id or the same location in a dump of sources/ (sources
    a person wrote by hand, naming no dump, may repeat). The site would show both."""
    first: dict[str, PageView] = {}
    found = []
    for view in pages:
        ident = view.entry.arxiv and (base_id(view.entry.arxiv) or view.entry.arxiv)
        keys = ([f"arXiv:{ident}"] if ident else []) + [f"the abstract at {loc}" for loc in view.entry.sources
                                                                if loc.rpartition(":")[0] in dumps]
        twin = next(((key, first[key]) for key in keys if key in first), None)
        if twin is not None:
            found.append(Warning_(str(view.path), f"the same paper as {twin[1].path} ({twin[0]}): the site shows "
                                                  "it twice; delete one of the two pages"))
        for key in keys:
            first.setdefault(key, view)
    return found


def _merge(papers_dir: Path, dumps: list[DumpView], pages: list[PageView], removed: _Removed, reclassified: set[str],
           store: IngestCache, pool: Workers, result: IngestResult, say: Callable[..., None]) -> None:
    refs = [(dump, position) for dump in dumps for position in range(len(dump.entry.locations))]
    present = {dump.entry.locations[position] for dump, position in refs}
    # A page whose original abstracts are still in the dumps is represented by them (and
    # matched by location); its body, perhaps rewritten by hand, is compared only otherwise.
    items = []
    for view in pages:
        compare = present.isdisjoint(view.entry.sources)
        items.append(Item(None, view.entry.arxiv, view.entry.slug, view.entry.sources, compare_text=compare,
                          features=view.features(store) if compare else None))
    # An abstract of a removed paper stands for it, so copies of it in any dump stay removed too.
    gone = removed.locations
    for dump in dumps:
        items += [Item(None, arxiv, gone.get(loc), (loc,), True, feat) for loc, arxiv, feat in zip(*dump.columns())]

    def load_shingles(index: int):
        if index < len(pages):
            return features(pages[index].full().body).shingles
        dump, position = refs[index - len(pages)]
        kept = store.shingles(dump.entry, position)
        return kept if kept is not None else features(dump.full()[position].markdown).shingles

    created: list[list[Found]] = []
    for members in group(items, load_shingles):
        copies = [refs[i - len(pages)] for i in members if i >= len(pages)]
        locations = [dump.entry.locations[position] for dump, position in copies]
        slug = next((gone[loc] for loc in locations if loc in gone), None)
        if members[0] < len(pages):  # members are in index order and pages come first
            _update(pages[members[0]], copies, removed.ledger, reclassified, store, result)
        elif slug is not None:
            _note_removed(result, papers_dir, slug, locations, gone)
        else:
            created.append([dump.full()[position] for dump, position in copies])
    taken = {view.entry.slug for view in pages} | set(gone.values())  # a removed paper's slug is never reused
    _create(papers_dir, created, taken, removed.ledger, store, pool, result, say)


def _note_removed(result: IngestResult, papers_dir: Path, slug: str, locations: list[str], gone: dict) -> None:
    """Copies of a paper whose page was deleted: no page; a warning when a new copy turned up."""
    new = [loc for loc in locations if loc not in gone]
    left_out(result, [slug] * len(new))
    if new:
        result.warnings.append(Warning_(new[0], f"not added: a copy of {slug!r}, whose page "
                                        f"{papers_dir / (slug + '.md')} was deleted (see README, Removing a paper)"))


def _update(view: PageView, copies: list[tuple[DumpView, int]], ledger: Ledger, reclassified: set[str],
            store: IngestCache, result: IngestResult) -> None:
    """A page learns what its copies from unseen locations tell (a page re-classified is counted already)."""
    unseen = [(dump, pos) for dump, pos in copies if dump.entry.locations[pos] not in view.entry.sources]
    if unseen and learn(view.full().meta, view.full().body, [dump.full()[pos] for dump, pos in unseen]):
        _write(view, store)
        ledger.update((loc, view.entry.slug) for loc in view.entry.sources)
        if view.entry.slug not in reclassified:
            result.updated.append(view.entry.slug)
    elif view.entry.slug not in reclassified:
        result.unchanged += 1


def _create(papers_dir: Path, created: list[list[Found]], taken: set[str], ledger: Ledger, store: IngestCache,
            pool: Workers, result: IngestResult, say: Callable[..., None]) -> None:
    """New pages, one per group of copies. Many are titled and classified on the pool while
    this process names and writes them, in order, as they come."""
    bodies = [max(copies, key=lambda c: len(c.markdown)).markdown for copies in created]  # max() keeps the first of equals
    batches = [bodies[start:start + DESCRIBE_BATCH] for start in range(0, len(bodies), DESCRIBE_BATCH)]
    described = chain.from_iterable(pool.imap(_describe, batches, parallel=len(created) >= PARALLEL_PAGES, chunksize=1,
                                              desc=f"ingest: new papers, {DESCRIBE_BATCH} a step"))
    if created:
        papers_dir.mkdir(parents=True, exist_ok=True)
    for copies, body, (title, topic_keys) in zip(created, bodies, described):
        back = next((s for c in copies if (s := ledger.restore.get(c.location)) and s not in taken), None)
        meta = new_page_meta(copies, title, topic_keys, taken, back)
        taken.add(meta["slug"])
        name = f"{meta['slug']}.md"
        store.put_page(name, page_entry(write_page(papers_dir / name, dump_page(meta, body)), meta))
        ledger.update((loc, meta["slug"]) for loc in meta["sources"])
        result.new.append(meta["slug"])
        if len(result.new) <= SHOW_NEW:
            say(f"  new: {meta['slug']}  {meta['title']}")
        elif len(result.new) == SHOW_NEW + 1:
            say("  … (the summary below counts the rest)")


_CLASSIFIER: list = []  # the classifier, set once per (worker) process


def _set_classifier(classifier) -> None:
    _CLASSIFIER[:] = [classifier]


def _describe(bodies: list[str]) -> list[tuple[str, list[str]]]:
    """The derived title and the topics of new papers, from their abstract alone: which copy
    makes the page must not change its topics (its dumps' title and categories count when
    the page is re-classified: follow.py). Classified together: faster (decide.py)."""
    found = _CLASSIFIER[0].classify_many([("", plain_text(body), ()) for body in bodies])
    return [(derive_title(body), topic_keys) for body, topic_keys in zip(bodies, found)]
