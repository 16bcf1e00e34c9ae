"""The dumps and pages as ingest sees them, through the cache: only changed files are read.

A dump whose size, mtime and inode are as cached is not read at all; one that changed is
read, hashed and (unless its bytes are as cached) decoded, split, cleaned and hashed for
dedupe, in a process pool when there is a lot of it. A page whose stat is as cached is
not read either; its slug, id and sources come from the cache. A dump's metadata (title,
authors…) is not cached: it is needed only with a new copy's text, and `DumpView.full()`
reads it from the dump then, as the code (readers/) that the cache is keyed by reads it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..errors import ContentError, Warning_
from ..pages import Page, read_page
from .cache import DumpEntry, IngestCache, PageEntry, stat_key
from .clean import clean_abstract
from .dedupe import BANDS, Features, features
from .labels import person_labeled
from .parallel import Workers
from .readers import not_read, read_source, reader_for
from .record import Abstract

PARALLEL_BYTES = 4_000_000  # changed dumps this big are processed on every core (~3,000 abstracts)


class Found(NamedTuple):
    """One abstract from a dump, cleaned: what a page is made of."""

    location: str
    arxiv: str | None
    comments: list[str]
    markdown: str
    code: list[str]
    meta: dict  # the metadata the dump gave (record.META_FIELDS; empty for a plain dump)


def found(abstract: Abstract) -> Found:
    markdown, code = clean_abstract(abstract.text)
    return Found(abstract.location, abstract.arxiv, abstract.comments, markdown, code, abstract.metadata())


@dataclass
class Processed:
    """One dump read, split, cleaned and hashed: what a worker hands back."""

    entry: DumpEntry
    found: list[Found]
    offsets: array  # shingles of abstract i are data[offsets[i]:offsets[i + 1]]
    data: array


def process_dump(job: tuple[str, tuple, bytes]) -> Processed:
    name, stat, data = job
    decode_warnings: list[Warning_] = []
    split_warnings: list[Warning_] = []
    abstracts = read_source(name, data, decode_warnings, split_warnings)
    sha = hashlib.sha256(data).hexdigest()
    entry = DumpEntry(stat, sha, decode_warnings, split_warnings, readable=abstracts is not None)
    copies = [found(a) for a in abstracts or ()]
    digests, offsets, shingles = bytearray(), array("I", [0]), array("I")
    for copy in copies:
        feat = features(copy.markdown)
        entry.locations.append(copy.location)
        entry.arxiv.append(copy.arxiv)
        digests += feat.digest
        entry.bands.extend(feat.bands)
        shingles.extend(feat.shingles)
        offsets.append(len(shingles))
    entry.digests = bytes(digests)
    return Processed(entry, copies, offsets, shingles)


@dataclass
class DumpView:
    path: Path
    entry: DumpEntry
    found: list[Found] | None = None  # None: from the cache, not read this run

    def full(self) -> list[Found]:
        """Every abstract in full (read again if it came from the cache)."""
        if self.found is None:
            self.found = process_dump((self.path.name, self.entry.stat, read_dump(self.path))).found
        return self.found

    def columns(self) -> tuple[list[str], list[str | None], list[Features]]:
        """Location, arXiv id and dedupe features of every abstract."""
        digests, bands = self.entry.digests, self.entry.bands
        feats = [Features(digests[16 * i:16 * i + 16], bands[BANDS * i:BANDS * i + BANDS])
                 for i in range(len(self.entry.locations))]
        return self.entry.locations, self.entry.arxiv, feats


class Listing(NamedTuple):
    """Names and stats of the files ingest reads, in name order: what a no-op compares."""

    dumps: list[tuple[str, tuple]]
    topics: tuple  # topics.yaml's stat: a change re-runs whatever topics decide (and re-reads pages)
    ledger: tuple  # ledger.tsv's stat
    page_names: list[str]
    page_stats: array  # 4 numbers a page, as stat_key
    folders: tuple = ()  # folders inside papers/ (not read: pages_in_folders warns of those holding pages)


def file_stat(path: Path) -> tuple:
    return stat_key(path.stat()) if path.exists() else ()


def listing(sources_dir: Path, papers_dir: Path, topics: Path, ledger: Path) -> Listing:
    """Stat calls only; a page is stat'ed before it is read, so an edit racing the read
    shows as a changed stat next run."""
    dumps = []
    for path in sorted(sources_dir.iterdir()) if sources_dir.is_dir() else ():
        if path.name.startswith(".") or path.name.endswith("~"):  # .gitkeep, .DS_Store, an editor's backup
            continue
        if not path.is_file() and (reader_for(path.name) is not None or not path.is_dir()):
            raise ContentError(path, None, "is not a file (a folder named like a dump?); rename or remove it")
        dumps.append((path.name, stat_key(path.stat())))
    names, folders = [], []
    if papers_dir.is_dir():
        with os.scandir(papers_dir) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.name.endswith(".md"):
                    names.append(entry.name)
                elif entry.is_dir():
                    folders.append(entry.name)
        names.sort()
    stats = array("q")
    if names:
        folder = os.open(papers_dir, os.O_RDONLY)
        try:
            for name in names:
                stats.extend(stat_key(os.stat(name, dir_fd=folder)))
        finally:
            os.close(folder)
    return Listing(dumps, file_stat(topics), file_stat(ledger), names, stats, tuple(sorted(folders)))


def pages_in_folders(papers_dir: Path, folders: tuple) -> list[Warning_]:
    """A warning per folder inside papers/ (`folders`: Listing.folders) that holds pages: they
    are not read (not cached: a stat of papers/ would not notice a page added in a folder)."""
    return [Warning_(str(papers_dir / name), "not read: a folder of pages (pages go straight into papers/)")
            for name in folders if any((papers_dir / name).rglob("*.md"))]


def scan_dumps(sources_dir: Path, dumps: list[tuple[str, tuple]], cache: IngestCache, pool: Workers) -> list[DumpView]:
    """The listed dumps in order (binary files included, unreadable); only changed ones are read."""
    views: dict[str, DumpView] = {}
    jobs = []
    for name, stat in dumps:
        path = sources_dir / name
        if path.is_dir() or reader_for(name) is None:  # a folder or a file of no kind ingest reads
            views[name] = DumpView(path, DumpEntry(stat, "", [not_read(path)], [], readable=False))
            continue
        entry = cache.dump(name, stat)
        if entry is None:
            data = read_dump(path)
            entry = cache.dump_by_sha(name, stat, hashlib.sha256(data).hexdigest())
            if entry is None:
                jobs.append((name, stat, data))
        views[name] = DumpView(path, entry)
    big = sum(len(job[2]) for job in jobs) >= PARALLEL_BYTES and len(jobs) > 1
    for job, done in zip(jobs, pool.map(process_dump, jobs, parallel=big, chunksize=1, desc="ingest: reading dumps")):
        cache.put_dump(job[0], done.entry, done.offsets, done.data)
        views[job[0]].entry, views[job[0]].found = done.entry, done.found
    cache.keep_dumps(set(views))
    return list(views.values())


def read_dump(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ContentError(path, None, f"cannot read this dump: {exc.strerror or exc}") from None


def dump_warnings(dumps: list[DumpView]) -> list[Warning_]:
    """As a run without the cache reports them: every dump's decoding, then every dump's splitting."""
    return [w for d in dumps for w in d.entry.decode_warnings] + [w for d in dumps for w in d.entry.split_warnings]


@dataclass(slots=True)
class PageView:
    folder: Path
    name: str
    entry: PageEntry
    page: Page | None = None  # None: from the cache, not read this run

    @property
    def path(self) -> Path:
        return self.folder / self.name

    def full(self) -> Page:
        if self.page is None:
            self.page = read_page(self.path)
        return self.page

    def features(self, cache: IngestCache) -> Features:
        """The body's dedupe features, computed once and kept in the cache."""
        if self.entry.digest is None:
            feat = features(self.full().body)
            self.entry = self.entry._replace(digest=feat.digest, bands=feat.bands)
            cache.put_page(self.name, self.entry)
            return feat
        return Features(self.entry.digest, self.entry.bands)


def scan_pages(papers_dir: Path, files: Listing, cache: IngestCache) -> list[PageView]:
    """The listed pages in order; only new or changed files are read (and checked: all of
    them again after topics.yaml changed, since a page's topics are checked against it)."""
    cache.pages_checked_with(files.topics)
    names, stats = files.page_names, files.page_stats
    views = []
    for index, name in enumerate(names):
        stat = tuple(stats[4 * index:4 * index + 4])
        entry = cache.page(name, stat)
        page = None
        if entry is None:
            page = read_page(papers_dir / name)
            entry = page_entry(stat, page.meta)
            cache.put_page(name, entry)
        views.append(PageView(papers_dir, name, entry, page))
    cache.keep_pages(set(names))
    return views


def page_entry(stat: tuple | None, meta: dict) -> PageEntry:
    """The entry of a page ingest wrote; with no stat (unknown) it is read again next run."""
    return PageEntry(stat or (-1, -1, -1, -1), meta["slug"], meta["arxiv"], tuple(meta["sources"]),
                     labeled=person_labeled(meta))


def write_page(path: Path, text: str) -> tuple | None:
    """Write a page unless it already holds `text` (atomically); its stat key as written,
    None when it cannot be told (the file was replaced as it was being written)."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return None
    except FileNotFoundError:
        pass
    # As pages.write_if_changed: a temporary of this process's own, renamed over the page.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        inode = os.stat(tmp).st_ino
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    st = path.stat()
    return stat_key(st) if st.st_ino == inode and st.st_size == len(data) else None
