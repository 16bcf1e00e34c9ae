"""The one build, for `build`, `render` and `serve`: cached, incremental, on every core.

1. Nothing changed (inputs.fingerprint equal, site as the last build left it): done.
2. Pages are read; only new or edited ones are parsed and their Markdown rendered (the
   cache in `.cache/render.sqlite` holds the rest); the model is built; related papers
   are reused while no abstract's terms and no topic changed.
3. plan.py gives every output a key; outputs whose key and file are unchanged are not
   rendered. The new site is built in a staging directory (output.staged) where unchanged
   files are hard links to the old ones, and swapped in. Builds without the search index
   (--no-search, serve) with few outputs to render write those into the site instead: all
   are rendered first, then only files whose bytes changed are written.
4. The search index is rebuilt only when what it is made of changed (the paper pages'
   sources, topics.yaml or the code; not with --no-search). It is made from the model,
   not from the pages (search.py).

A clean build (no cache) and a cached one write the same bytes.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import files as sitefiles, fragments, search, shards, site, templates
from .cache import Cache, default_dir, digest
from .guard import check_output
from .inputs import code_key, fingerprint, load_pages, page_warnings, scan_pages
from .model import derived_titles, load_model
from ..pages import report_once
from .output import MARKER, MARKER_TEXT, Output, staged
from .plan import Job, check_unique, plan
from .progress import Progress, Summary
from .related import related_vectors
from .workers import Pool, processes, render_all, write_all

IN_PLACE_MAX = 1000  # outputs to render beyond which the site is rebuilt in a staging directory


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


def _empty_record() -> dict:
    return {"fingerprint": None, "jobs": {}, "files": {}, "search": None, "searchable": None, "papers": 0,
            "warnings": [], "derived": 0}


class SiteBuild:
    """One output directory's build. Kept alive by `serve`, it keeps the cache in memory."""

    def __init__(self, options: Options, say: Callable[..., None] = print):
        self.o = options
        self.say = say
        self.cache = Cache(default_dir(options.content) / "render.sqlite" if options.cache else None)
        self.record_key = f"site:{Path(options.output).resolve()}"
        self.stats_key = f"stats:{Path(options.content).resolve()}"
        self._pages: dict | None = None
        self._stats: dict = {}
        self._related: tuple | None = None
        self._pieces: dict | None = None  # page key -> export pieces (fragments.py), kept by serve
        self._folders: dict[str, int] = {}  # the site's folders and their mtimes (files.unknown)
        self.model = None
        self.env = None
        self.indexable: tuple = (None, None)  # (model, its search key): what index_now indexes
        self.warnings: list = []  # the pages' warnings, found by the last _prepare

    def close(self) -> None:
        self.cache.close()

    # ---------------------------------------------------------------- the build

    def run(self, need_model: bool = False) -> Summary:
        started = time.perf_counter()
        check_output(self.o.output, self.o.content)  # never replace or write into what the build did not make
        sitefiles.recover_beside(self.o.output)
        record = self.cache.record(self.record_key) or _empty_record()
        options_key = (self.o.base_url, self.o.site_url)
        scanned = scan_pages(self.o.content)
        fp = fingerprint(self.o.content, options_key, scanned)
        intact = sitefiles.intact(self.o.output, record["files"])
        if (not need_model and record["fingerprint"] == fp and len(intact) == len(record["files"])
                and self._search_current(record)):
            summary = Summary(papers=record["papers"], unchanged=len(intact), derived=record.get("derived", 0),
                              search="unchanged" if self.o.search else "off", warnings=record.get("warnings", []))
            report_once(summary.warnings)  # nothing was read, but what is wrong still is
            return self._finish(summary, started)
        progress = Progress(self.say, self.o.progress)
        summary, model, jobs, files = self._build(scanned, record, intact, progress)
        self.cache.set_record(self.record_key, {
            "fingerprint": fp, "jobs": {j.id: (j.key, sorted(files[j.id])) for j in jobs},
            "files": {rel: entry for per_job in files.values() for rel, entry in per_job.items()},
            "search": summary.search_key, "searchable": self.indexable[1], "papers": len(model.papers),
            "warnings": summary.warnings, "folders": self._folders, "derived": summary.derived})
        return self._finish(summary, started)

    def _build(self, scanned: list, record: dict, intact: set[str], progress: Progress) -> tuple:
        """(summary, model, jobs, files) of a build that has something to do."""
        with Pool(processes(self.o.jobs, len(scanned))) as pool:  # forked while this process is small
            collecting = gc.isenabled()
            gc.disable()  # loading makes millions of objects and no garbage: no collections meanwhile
            try:
                model, env, jobs = self._prepare(pool, scanned)
            finally:
                if collecting:
                    gc.enable()
            summary = Summary(len(model.papers), warnings=[str(w) for w in self.warnings], derived=derived_titles(model))
            report_once(summary.warnings)
            gc.freeze()  # the model lives to the end: collections need not scan its millions of objects
            try:
                files = self._write(jobs, record, intact, progress, summary, pool)
            finally:
                gc.unfreeze()
                progress.close()
        return summary, model, jobs, files

    def _write(self, jobs: list[Job], record: dict, intact: set[str], progress: Progress, summary: Summary,
               pool: Pool) -> dict:
        dirty = [j for j in jobs if not _clean(j, record, intact)]
        if any(j.id in fragments.USERS for j in dirty):
            self._fragments()
        # With the search index on (the default) every change goes through a staging directory,
        # so even a killed build leaves the old site or the new one; --no-search and serve write
        # the few changed files in place (each file atomically; a failure before writes nothing).
        quick = not dirty or (not self.o.search and len(dirty) <= IN_PLACE_MAX)
        if record["fingerprint"] is not None and self.o.output.is_dir() and quick:
            return self._in_place(jobs, dirty, record, intact, progress, summary)
        return self._staged(jobs, dirty, record, intact, progress, summary, pool)

    def _finish(self, summary: Summary, started: float) -> Summary:
        marker = self.o.output / MARKER
        if self.o.output.is_dir() and not marker.is_file():  # a site from before the marker, or it was removed
            marker.write_text(MARKER_TEXT, encoding="utf-8")
        summary.seconds = time.perf_counter() - started
        self.say(summary.line())
        return summary

    def _search_current(self, record: dict) -> bool:
        if not self.o.search or record["papers"] == 0:
            return True
        return sitefiles.index_key(self.o.output) == record["searchable"]

    def _prepare(self, pool: Pool, scanned: list):
        """Pages (cached), the model, its environment and the plan of every output."""
        if self._pages is None:
            self._pages = self.cache.pages()
            self._stats = self.cache.record(self.stats_key) or {}
        pages, derived, keys, added = load_pages(self.o.content, self._pages, self._stats, pool, scanned)
        self.cache.set_record(self.stats_key, self._stats)
        self._pages.update(added)
        gone = set(self._pages) - set(keys.values())
        for key in gone:
            del self._pages[key]
        self.cache.update_pages(added, gone)
        code = code_key()
        topics_file = self.o.content / "topics.yaml"
        memo_key = _related_key(code, pages, derived, topics_file)
        topics_bytes = topics_file.read_bytes() if topics_file.is_file() else b""
        search_key = digest("search", code, topics_bytes, [keys[p.slug] for p in pages])
        self._search_base = digest("search", code, topics_bytes)  # a shard's key: this and its pages
        model = load_model(self.o.content, base_url=self.o.base_url, site_url=self.o.site_url,
                           versions=site.static_versions(), pages=pages, derived=derived,
                           related_lists=lambda slugs, vectors, n: self._related_lists(memo_key, slugs, vectors, n))
        self.warnings = page_warnings(pages, [t.key for t in model.topics])
        if not self.o.resident:  # what only related papers needed: free it before rendering
            self._pages = None
            for paper in model.papers:
                paper.terms = None
        env = site.environment(model)
        jobs = plan(model, templates.prepare(env, self.cache, code, model.urls), keys, code)
        check_unique(jobs)
        self.model, self.env, self._page_keys, self._code = model, env, keys, code
        self.indexable = (model, search_key)
        return model, env, jobs

    def _fragments(self) -> None:
        """Each paper's pieces of papers.json and catalog.bib, from the cache where valid."""
        if self._pieces is None:
            self._pieces = self.cache.fragments()
        added, gone = fragments.fill(self.model, self._pieces, self._page_keys, self._code)
        self.cache.update_fragments(added, gone)

    def _related_lists(self, key: str, slugs, vectors: Callable, count: int) -> dict:
        key = digest(key, count, slugs)  # slugs: a withdrawn page is read but not listed
        if self._related is None:
            self._related = self.cache.record("related") or (None, None)
        if self._related[0] != key:
            self._related = (key, related_vectors(slugs, vectors(), count))
            self.cache.set_record("related", self._related)
        return self._related[1]

    # ---------------------------------------------------------------- writing

    def _in_place(self, jobs: list[Job], dirty: list[Job], record: dict, intact: set[str],
                  progress: Progress, summary: Summary) -> dict[str, dict]:
        """Render what changed, then write into the site the files whose bytes changed."""
        out = self.o.output
        progress.phase("rendering", len(dirty))
        rendered = []
        for job, data in render_all(dirty, self.model, self.env):
            rendered.append((job, data))
            progress.step()
            summary.rendered += 1
        files = {j.id: {rel: record["files"][rel] for rel in record["jobs"][j.id][1]} for j in jobs
                 if j.id in record["jobs"]}
        for job, data in rendered:
            files[job.id] = {}
            for rel, content in data.items():
                sha, old = sitefiles.sha(content), record["files"].get(rel)
                if old is not None and old[0] == sha and rel in intact:
                    files[job.id][rel] = old
                    continue
                files[job.id][rel] = sitefiles.write_atomic(out / rel, content, sha)
                summary.changed.add(rel)
        live = {rel for per_job in files.values() for rel in per_job}
        found, self._folders = sitefiles.unknown(out, live, folders=record.get("folders"))
        for rel in sorted((set(record["files"]) | found) - live):
            sitefiles.remove(out, rel)
            summary.changed.add(rel)
            summary.removed += 1
        files = {j.id: files[j.id] for j in jobs}
        summary.written = len(summary.changed) - summary.removed
        summary.unchanged = len(live) - summary.written
        self._search_in_place(summary)
        return files

    def _staged(self, jobs: list[Job], dirty: list[Job], record: dict, intact: set[str],
                progress: Progress, summary: Summary, pool: Pool) -> dict[str, dict]:
        """A new site in a staging directory: unchanged files linked, the rest rendered."""
        old_site = self.o.output if self.o.output.is_dir() else None
        dirty_ids = {j.id for j in dirty}
        files: dict[str, dict] = {}
        with staged(self.o.output) as stage:
            out = Output(stage)
            for job in jobs:
                if job.id not in dirty_ids:
                    files[job.id] = {rel: record["files"][rel] for rel in record["jobs"][job.id][1]}
                    for rel in files[job.id]:
                        sitefiles.link(old_site / rel, out.claim(rel, job.source))
                    summary.unchanged += len(files[job.id])
            progress.phase("rendering", len(dirty))
            for job, written in write_all(dirty, self.model, self.env, out, pool.used(len(dirty))):
                files[job.id] = written
                for rel, entry in written.items():
                    summary.written += 1
                    old = record["files"].get(rel)
                    if old is None or old[0] != entry[0] or rel not in intact:
                        summary.changed.add(rel)
                summary.rendered += 1
                progress.step()
            progress.close()
            files = {j.id: files[j.id] for j in jobs}
            gone = set(record["files"]) - {rel for per_job in files.values() for rel in per_job}
            summary.removed = len(gone)
            summary.changed |= gone
            self._search_staged(stage, old_site, summary)
        self._folders = sitefiles.folder_times(self.o.output, (rel for per_job in files.values() for rel in per_job))
        return files

    # ---------------------------------------------------------------- search index

    def _search_plan(self, old_site: Path | None, summary: Summary) -> bool:
        """True when the index must be built now; sets summary.search and search_key."""
        searchable = self.indexable[1]
        summary.search_key = sitefiles.index_key(old_site) if old_site is not None else None
        if not self.o.search:
            summary.search = "off"
            return False
        if not self.model.papers:
            summary.search, summary.search_key = "none", searchable
            return False
        if summary.search_key == searchable:
            summary.search = "unchanged"
            return False
        summary.search, summary.search_key = "built", searchable
        return True

    def _search_staged(self, stage: Path, old_site, summary: Summary) -> None:
        if self._search_plan(old_site, summary):  # a failure keeps the old site
            old = old_site / search.BUNDLE if old_site is not None else None
            self._index(self.model, stage / search.BUNDLE, old)
            sitefiles.set_index_key(stage / search.BUNDLE, summary.search_key)
        elif summary.search_key is not None and summary.search != "none":  # keep the index the old site has
            shutil.copytree(old_site / search.BUNDLE, stage / search.BUNDLE, copy_function=sitefiles.link)

    def _search_in_place(self, summary: Summary) -> None:
        if self._search_plan(self.o.output, summary):
            search.swap_in(self.o.output, summary.search_key,
                           lambda fresh: self._index(self.model, fresh, self.o.output / search.BUNDLE))

    def index_now(self) -> str:
        """For serve, which builds with search off and indexes in the background: bring
        the index up to date with the model of the last build."""
        model, key = self.indexable
        if model is None or not model.papers:
            return "none"
        if sitefiles.index_key(self.o.output) == key:
            return "unchanged"
        search.swap_in(self.o.output, key, lambda fresh: self._index(model, fresh, self.o.output / search.BUNDLE))
        return "built"

    def _index(self, model, bundle: Path, old: Path | None) -> None:
        """One index, or shards one after the other (shards.py): unchanged shards come from `old`."""
        shards.build(model, self._page_keys, self._search_base, bundle, old, self.say)


def _related_key(code: str, pages: list, derived: dict, topics_file: Path) -> str:
    """Digest of what related papers are computed from: each abstract's terms and the
    topics (a title edit keeps them), taken paper by paper (one pickle of every term
    vector at once would be a copy of them all)."""
    whole = hashlib.blake2b(digest(code, topics_file.read_bytes() if topics_file.is_file() else b"").encode(),
                            digest_size=16)
    for p in pages:
        whole.update(pickle.dumps((p.slug, tuple(p.meta["topics"]), derived[p.slug][2]), protocol=4))
    return whole.hexdigest()


def _clean(job: Job, record: dict, intact: set[str]) -> bool:
    old = record["jobs"].get(job.id)
    return old is not None and old[0] == job.key and all(rel in intact for rel in old[1])
