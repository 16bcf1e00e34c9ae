"""The engine's build, for any site declared on top (`Site`): cached, incremental, on every core.

1. Nothing changed (the site's fingerprint equal, the output as the last build left it,
   the index current): done, nothing is read.
2. The site prepares its Plan (it reads its inputs through the cache: inputs.read).
3. Outputs whose key and files are unchanged are not rendered. The new site is built in a
   staging directory (output.staged) where unchanged files are hard links to the old ones,
   and swapped in. Builds without the index (--no-search, serve) with few outputs to
   render write those into the site instead: all are rendered first, then only files
   whose bytes changed are written.
4. The index (plan.Index) is rebuilt only when its key changed.

A clean build (no cache) and a cached one write the same bytes.
"""

from __future__ import annotations

import gc
import shutil
import time
from pathlib import Path
from typing import Callable, Protocol

from . import collector, files, index
from .cache import Cache
from .guard import check_output
from .output import MARKER, MARKER_TEXT, Output, link, persons, staged, write_made
from .plan import Index, Job, Plan, check_unique, clean
from .progress import Progress, Summary
from .workers import Pool, processes, render_all, write_all

IN_PLACE_MAX = 1000  # outputs to render beyond which the site is rebuilt in a staging directory


class Site(Protocol):
    """What the engine asks of a site (catalog/render/pipeline.py is the catalog's)."""
    content: Path                               # its input folder: never replaced or written into
    noun: str                                   # what Plan.count counts, for the summary line
    index_folder: str                           # the index's folder in the output (kept when off)
    render_packed: Callable                     # module-level, in a worker: (shell key, shell, item) -> {path: bytes}

    def legacy(self, names: set[str]) -> bool: ...          # an old site of its own (guard)
    def scan(self) -> tuple[str, int]: ...                  # (fingerprint of every input, inputs)
    def prepare(self, pool: Pool) -> Plan: ...              # read the inputs: every output and the index
    def dirty(self, jobs: list[Job]) -> None: ...           # these jobs will be rendered now
    def report(self, warnings: list[str]) -> None: ...      # show the inputs' warnings
    def shell(self) -> tuple[str, bytes]: ...               # what every packed job needs, pickled
    def pack(self, job: Job) -> tuple: ...                  # a packed job's own inputs, plain data


def _empty_record() -> dict:
    return {"fingerprint": None, "jobs": {}, "files": {}, "search": None, "searchable": None, "count": 0,
            "warnings": []}


class Build:
    """One output directory's build. Kept alive (serve), it keeps the cache open."""

    def __init__(self, output: Path, cache: Cache, say: Callable[..., None] = print, search: bool = True,
                 jobs: int | None = None, progress: bool = False):
        self.output, self.cache, self.say = Path(output), cache, say
        self.search, self.jobs, self.progress = search, jobs, progress
        self.record_key = f"site:{self.output.resolve()}"
        self.index: Index | None = None  # the last build's: what index_now brings up to date
        self._folders: dict[str, int] = {}  # the site's folders and their mtimes (files.unknown)

    def run(self, site: Site, need_plan: bool = False) -> Summary:
        started = time.perf_counter()
        check_output(self.output, site.content, site.legacy)  # never replace what the build did not make
        files.recover_beside(self.output)
        record = self.cache.record(self.record_key) or _empty_record()
        fp, inputs = site.scan()
        intact = files.intact(self.output, record["files"])
        if (not need_plan and record["fingerprint"] == fp and len(intact) == len(record["files"])
                and self._search_current(record, site.index_folder)):
            summary = Summary(count=record["count"], noun=site.noun, unchanged=len(intact),
                              search="unchanged" if self.search else "off", warnings=record.get("warnings", []),
                              note=record.get("note", ""))
            site.report(summary.warnings)  # nothing was read, but what is wrong still is
            return self._finish(summary, started)
        plan, files_written, summary = self._build(site, inputs, record, intact)
        self.cache.set_record(self.record_key, {
            "fingerprint": fp, "jobs": {j.id: (j.key, sorted(files_written[j.id])) for j in plan.jobs},
            "files": {rel: entry for per_job in files_written.values() for rel, entry in per_job.items()},
            "search": summary.search_key, "searchable": plan.index.key, "count": plan.count,
            "warnings": summary.warnings, "folders": self._folders, "note": plan.note})
        return self._finish(summary, started)

    def _build(self, site: Site, inputs: int, record: dict, intact: set[str]) -> tuple:
        """(plan, files written per job, summary) of a build that has something to do."""
        progress = Progress(self.say, self.progress)
        with Pool(processes(self.jobs, inputs)) as pool:  # forked while this process is small
            with collector.paused():  # loading makes millions of objects and no garbage
                plan = site.prepare(pool)
                check_unique(plan.jobs)
            self.index = plan.index
            summary = Summary(count=plan.count, noun=site.noun, warnings=plan.warnings, note=plan.note)
            site.report(summary.warnings)
            gc.freeze()  # the model lives to the end: collections need not scan its millions of objects
            try:
                written = self._write(site, plan.jobs, record, intact, progress, summary, pool)
            finally:
                gc.unfreeze()
                progress.close()
        return plan, written, summary

    def _write(self, site: Site, jobs: list[Job], record: dict, intact: set[str], progress: Progress,
               summary: Summary, pool: Pool) -> dict:
        dirty = [j for j in jobs if not clean(j, record, intact)]
        site.dirty(dirty)
        # With the index on (the default) every change goes through a staging directory, so
        # even a killed build leaves the old site or the new one; --no-search and serve write
        # the few changed files in place (each file atomically; a failure before writes nothing).
        quick = not dirty or (not self.search and len(dirty) <= IN_PLACE_MAX)
        if record["fingerprint"] is not None and self.output.is_dir() and quick:
            return self._in_place(site, jobs, dirty, record, intact, progress, summary)
        return self._staged(site, jobs, dirty, record, intact, progress, summary, pool)

    def _finish(self, summary: Summary, started: float) -> Summary:
        marker = self.output / MARKER
        if self.output.is_dir() and not marker.is_file():  # a site from before the marker, or it was removed
            marker.write_text(MARKER_TEXT, encoding="utf-8")
        summary.seconds = time.perf_counter() - started
        self.say(summary.line())
        return summary

    # ---------------------------------------------------------------- writing

    def _in_place(self, site: Site, jobs: list[Job], dirty: list[Job], record: dict, intact: set[str],
                  progress: Progress, summary: Summary) -> dict[str, dict]:
        """Render what changed, then write into the site the files whose bytes changed."""
        out = self.output
        progress.phase("rendering", len(dirty))
        rendered = []
        for job, data in render_all(dirty, site):
            rendered.append((job, data))
            progress.step()
            summary.rendered += 1
        written = {j.id: {rel: record["files"][rel] for rel in record["jobs"][j.id][1]} for j in jobs
                   if j.id in record["jobs"]}
        for job, data in rendered:
            written[job.id] = {}
            for rel, content in data.items():
                sha, old = files.sha(content), record["files"].get(rel)
                if old is not None and old[0] == sha and rel in intact:
                    written[job.id][rel] = old
                    continue
                written[job.id][rel] = files.write_atomic(out / rel, content, sha)
                summary.changed.add(rel)
        live = {rel for per_job in written.values() for rel in per_job}
        made = {rel.split("/", 1)[0] for rel in live} | ({site.index_folder} if (out / site.index_folder).is_dir() else set())
        theirs = persons(out, made)  # a person's files and folders at the top of the site
        keep = (site.index_folder + "/", ".catalog-", *(f"{name}/" for name in theirs))
        found, self._folders = files.unknown(out, live, keep, folders=record.get("folders"))
        found -= set(theirs)
        write_made(out, made)
        for rel in sorted((set(record["files"]) | found) - live):
            files.remove(out, rel)
            summary.changed.add(rel)
            summary.removed += 1
        written = {j.id: written[j.id] for j in jobs}
        summary.written = len(summary.changed) - summary.removed
        summary.unchanged = len(live) - summary.written
        if self._search_plan(self.output, summary):
            index.swap_in(self.output, self.index.folder, summary.search_key,
                          lambda fresh: self.index.build(fresh, self.output / self.index.folder))
        return written

    def _staged(self, site: Site, jobs: list[Job], dirty: list[Job], record: dict, intact: set[str],
                progress: Progress, summary: Summary, pool: Pool) -> dict[str, dict]:
        """A new site in a staging directory: unchanged files linked, the rest rendered."""
        old_site = self.output if self.output.is_dir() else None
        dirty_ids = {j.id for j in dirty}
        written: dict[str, dict] = {}
        with staged(self.output) as stage:
            out = Output(stage)
            for job in jobs:
                if job.id not in dirty_ids:
                    written[job.id] = {rel: record["files"][rel] for rel in record["jobs"][job.id][1]}
                    for rel in written[job.id]:
                        link(old_site / rel, out.claim(rel, job.source))
                    summary.unchanged += len(written[job.id])
            progress.phase("rendering", len(dirty))
            for job, entries in write_all(dirty, site, out, pool.used(len(dirty))):
                written[job.id] = entries
                for rel, entry in entries.items():
                    summary.written += 1
                    old = record["files"].get(rel)
                    if old is None or old[0] != entry[0] or rel not in intact:
                        summary.changed.add(rel)
                summary.rendered += 1
                progress.step()
            progress.close()
            written = {j.id: written[j.id] for j in jobs}
            gone = set(record["files"]) - {rel for per_job in written.values() for rel in per_job}
            summary.removed = len(gone)
            summary.changed |= gone
            self._search_staged(stage, old_site, summary)
        self._folders = files.folder_times(self.output, (rel for per_job in written.values() for rel in per_job))
        return written

    # ---------------------------------------------------------------- the index

    def _search_current(self, record: dict, folder: str) -> bool:
        if not self.search or record["count"] == 0:
            return True
        return index.key_of(self.output, folder) == record["searchable"]

    def _search_plan(self, old_site: Path | None, summary: Summary) -> bool:
        """True when the index must be built now; sets summary.search and search_key."""
        wanted = self.index
        summary.search_key = index.key_of(old_site, wanted.folder) if old_site is not None else None
        if not self.search:
            summary.search = "off"
            return False
        if wanted.empty:
            summary.search, summary.search_key = "none", wanted.key
            return False
        if summary.search_key == wanted.key:
            summary.search = "unchanged"
            return False
        summary.search, summary.search_key = "built", wanted.key
        return True

    def _search_staged(self, stage: Path, old_site: Path | None, summary: Summary) -> None:
        folder = self.index.folder
        if self._search_plan(old_site, summary):  # a failure keeps the old site
            self.index.build(stage / folder, old_site / folder if old_site is not None else None)
            index.set_key(stage / folder, summary.search_key)
        elif summary.search_key is not None and summary.search != "none":  # keep the index the old site has
            shutil.copytree(old_site / folder, stage / folder, copy_function=link)

    def index_now(self) -> str:
        """For serve, which builds with the index off and indexes in the background: bring
        the index up to date with the last build's plan."""
        wanted = self.index
        if wanted is None or wanted.empty:
            return "none"
        if index.key_of(self.output, wanted.folder) == wanted.key:
            return "unchanged"
        index.swap_in(self.output, wanted.folder, wanted.key,
                      lambda fresh: wanted.build(fresh, self.output / wanted.folder))
        return "built"
