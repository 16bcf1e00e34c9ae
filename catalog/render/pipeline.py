"""The catalog's build, for `build`, `render` and `serve`: the site declared to the engine.

The engine (catalog/engine/build.py) decides what to render, renders on every core, writes,
stages and swaps, and keeps the index current; it knows nothing of papers. `SiteBuild` is
what it builds: it fingerprints the pages and settings, reads the pages through the cache
(inputs.py), builds the model (model.py: related papers reused while no abstract's terms and
no topic changed), and declares the plan (plan.py: every output, its key and its renderer)
and the search index (shards.py, made from the model, not from the pages: search.py).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..config import load_config
from ..engine.build import Build
from ..engine.cache import Cache, default_dir, digest
from ..engine.plan import Index, Job, Plan
from ..engine.progress import Summary
from ..pages import report_once
from . import chunks, exports, fragments, plan, search, shards, site, templates
from .guard import old_site
from .inputs import code_key, fingerprint, load_pages, page_warnings, scan_pages
from .model import derived_titles, load_model
from .pages_limit import pages_warning
from .related import preload, related_vectors


@dataclass(frozen=True)
class Options:
    content: Path
    output: Path
    base_url: str | None = None
    site_url: str | None = None
    search: bool = True
    cache: bool = True
    jobs: int | None = None      # worker processes; None: one per core
    progress: bool = False       # a progress bar when on a terminal
    resident: bool = True        # keep the pages in memory for the next run (serve); False: one run


def render_site(content_dir: Path, output_dir: Path, base_url: str | None = None,
                site_url: str | None = None, say: Callable[..., None] = print, search: bool = True,
                cache: bool = True, jobs: int | None = None, progress: bool = False,
                warn: Callable[..., None] = lambda text: print(text, file=sys.stderr)) -> Summary:
    """Build the site into `output_dir`; on any error the old site stays as it was."""
    options = Options(content=Path(content_dir), output=Path(output_dir), base_url=base_url, site_url=site_url,
                      search=search, cache=cache, jobs=jobs, progress=progress, resident=False)
    build = SiteBuild(options, say=say)
    try:
        summary = build.run()
        if not load_config(Path(content_dir), base_url=base_url, site_url=site_url).site_url:
            warn(exports.NO_SITE_URL)
        if summary.written or summary.removed or summary.search == "built":  # else the size is as it was
            too_large = pages_warning(Path(output_dir), summary.count)
            if too_large:
                warn(too_large)
        return summary
    finally:
        build.close()


class SiteBuild:
    """One output directory's build of the catalog. Kept alive by `serve`, it keeps the
    pages, related lists and export pieces in memory. It is the engine's build.Site."""

    noun = "papers"
    index_folder = search.BUNDLE
    render_packed = staticmethod(chunks.render_item)

    def __init__(self, options: Options, say: Callable[..., None] = print):
        self.o = options
        self.say = say
        self.content = options.content
        self.cache = Cache(default_dir(options.content) / "render.sqlite" if options.cache else None)
        self._shard_store = default_dir(options.content) / "search-shards" if options.cache else None  # shards.py
        self.engine = Build(options.output, self.cache, say, search=options.search, jobs=options.jobs,
                            progress=options.progress)
        self.stats_key = f"stats:{Path(options.content).resolve()}"
        self._scanned: list = []
        self._pages: dict | None = None
        self._stats: dict = {}
        self._related: tuple | None = None
        self._pieces: dict | None = None  # page key -> export pieces (fragments.py), kept by serve
        self._unfilled = False  # the model's papers have no pieces yet and an export needs them
        self.model = None
        self.env = None
        self.warnings: list = []  # the pages' warnings, found by the last prepare

    def run(self, need_model: bool = False) -> Summary:
        return self.engine.run(self, need_plan=need_model)

    def index_now(self) -> str:
        """For serve: bring the search index up to date with the model of the last build."""
        return self.engine.index_now()

    def close(self) -> None:
        self.cache.close()

    # ---------------------------------------------------------------- what the engine asks

    def legacy(self, names: set[str]) -> bool:
        return old_site(names)

    def scan(self) -> tuple[str, int]:
        self._scanned = scan_pages(self.o.content)
        return fingerprint(self.o.content, (self.o.base_url, self.o.site_url), self._scanned), len(self._scanned)

    def report(self, warnings: list[str]) -> None:
        report_once(warnings)

    def prepare(self, pool) -> Plan:
        """Pages (cached), the model, its environment, the plan of every output and the index."""
        if self._pages is None:
            self._pages = self.cache.pages()
            self._stats = self.cache.record(self.stats_key) or {}
        if self._related is None:  # read now: the cache is busy writing the pages below
            self._related = self.cache.record("related") or (None, None)
        if not self._pages and len(self._scanned) > 1:  # a clean build: the related lists will be computed
            preload()  # numpy and scipy, imported while the workers parse
        pages, derived, keys, added = load_pages(self.o.content, self._pages, self._stats, pool, self._scanned)
        self.cache.set_record(self.stats_key, self._stats)
        self._pages.update(added)
        gone = set(self._pages) - set(keys.values())
        for key in gone:
            del self._pages[key]
        self.cache.update_pages(added, gone, background=True)  # while the model is built
        code = code_key()
        topics_file = self.o.content / "topics.yaml"
        memo_key = _related_key(code, pages, derived, topics_file)
        topics_bytes = topics_file.read_bytes() if topics_file.is_file() else b""
        search_key = digest("search", code, topics_bytes, [keys[p.slug] for p in pages])
        search_base = digest("search", code, topics_bytes)  # a shard's key: this and its pages
        model = load_model(self.o.content, base_url=self.o.base_url, site_url=self.o.site_url,
                           versions=site.static_versions(), pages=pages, derived=derived,
                           related_lists=lambda slugs, vectors, n: self._related_lists(memo_key, slugs, vectors, n))
        self.warnings = page_warnings(pages, [t.key for t in model.topics])
        if not self.o.resident:  # what only related papers needed: free it before rendering
            self._pages = None
            for paper in model.papers:
                paper.terms = None
        env = site.environment(model)
        jobs = plan.plan(model, templates.prepare(env, self.cache, code, model.urls), keys, code)
        self.model, self.env, self._page_keys, self._code = model, env, keys, code
        store = self._shard_store
        self._listed: dict = {}  # chunks.pack's
        index = Index(search.BUNDLE, search_key, empty=not model.papers,
                      build=lambda bundle, old: shards.build(model, keys, search_base, bundle, old, store, self.say))
        return Plan(jobs, index, count=len(model.papers), warnings=[str(w) for w in self.warnings],
                    note=_derived_note(derived_titles(model)))

    def dirty(self, jobs: list[Job]) -> None:
        """papers.json or catalog.bib will be rendered: they need the pieces (`pieces`)."""
        self._unfilled = any(j.id in fragments.USERS for j in jobs)

    def pieces(self) -> None:
        """Each paper's pieces of papers.json and catalog.bib, from the cache where valid:
        made when the first of them renders (plan.py), so while the workers render pages."""
        if not self._unfilled:
            return
        self._unfilled = False
        if self._pieces is None:
            self._pieces = self.cache.fragments()
        added, gone = fragments.fill(self.model, self._pieces, self._page_keys, self._code)
        self.cache.update_fragments(added, gone)

    def shell(self) -> tuple[str, bytes]:
        return chunks.shell(self.model)

    def pack(self, job: Job) -> tuple:
        return chunks.pack(job, self.model, self._listed)

    def _related_lists(self, key: str, slugs, vectors: Callable, count: int) -> dict:
        key = digest(key, count, slugs)  # slugs: a withdrawn page is read but not listed
        if self._related[0] != key:
            self._related = (key, related_vectors(slugs, vectors(), count))
            self.cache.set_record("related", self._related)
        return self._related[1]


def _related_key(code: str, pages: list, derived: dict, topics_file: Path) -> str:
    """Digest of what related papers are computed from: each abstract's terms and the
    topics (a title edit keeps them), taken paper by paper (one pickle of every term
    vector at once would be a copy of them all)."""
    whole = hashlib.blake2b(digest(code, topics_file.read_bytes() if topics_file.is_file() else b"").encode(),
                            digest_size=16)
    for p in pages:
        whole.update(pickle.dumps((p.slug, tuple(p.meta["topics"]), derived[p.slug][2]), protocol=4))
    return whole.hexdigest()


def _derived_note(count: int) -> str:
    """The summary's last words when titles are still made from abstracts (ingest/titles.py)."""
    if not count:
        return ""
    return (f"; {count} title{' is' if count == 1 else 's are'} made from the abstract "
            "(`python build.py enrich`, or a dump with titles, replaces them)")
