"""What ingest already saw, so a re-ingest reads and hashes only what changed.

Kept in `.cache/ingest/content/` beside the content folder (outside git and outside
`content/`, so `serve` does not see it change). Per dump: what dedupe needs of each abstract (location,
arXiv id, text digest, LSH band keys) and the dump's warnings; per page: what matching
needs (slug, arXiv id, sources). Entries are keyed by the file's size, mtime, inode and
ctime (a dump's also by its SHA-256), the whole cache by a hash of the ingest code: a
changed file is read again, a deleted one forgotten, new code starts afresh. A summary
of the last run's files answers a re-ingest with nothing new from stat calls alone; the
entries are unpickled only when something changed. Shingles (for the few candidate pairs
that need a Jaccard check) sit in one file per dump, read only when needed. Losing the
cache loses nothing but time.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import Warning_

VERSION = 2
CODE_DIRS = ("ingest",)  # what ingest runs, besides the top-level modules of catalog/


def stat_key(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


@dataclass
class DumpEntry:
    """A dump's abstracts as dedupe sees them, column by column, and its warnings."""

    stat: tuple
    sha: str
    decode_warnings: list[Warning_]
    split_warnings: list[Warning_]
    readable: bool  # False: skipped as binary
    locations: list[str] = field(default_factory=list)
    arxiv: list[str | None] = field(default_factory=list)
    digests: bytes = b""  # 16 bytes an abstract
    bands: array = field(default_factory=lambda: array("q"))  # BANDS keys an abstract


class PageEntry(NamedTuple):
    """A page as matching sees it; the text-compare features only once they were needed."""

    stat: tuple
    slug: str
    arxiv: str | None
    sources: tuple[str, ...]
    digest: bytes | None = None
    bands: array | None = None
    labeled: bool = False  # its topics were set by a person: the topic model learns from it


@dataclass
class Entries:
    dumps: dict[str, DumpEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)
    changed_dumps: set[str] = field(default_factory=set)
    pages_changed: bool = False
    pages_topics: tuple | None = None  # topics.yaml's stat when the pages were read (and checked)


@dataclass
class Summary:
    """The files as the last run left them, and what a run on exactly those files reports."""

    listing: tuple  # scan.Listing: names and stats of the dumps, topics.yaml and the pages
    settled: bool  # every abstract's location is in some page's sources
    counts: tuple[int, int]  # readable dumps, abstracts
    warnings: list[Warning_]
    left_out: int = 0  # abstracts of papers deleted by hand
    deleted: tuple[str, ...] = ()  # their slugs


class IngestCache:
    """Load with `IngestCache(content_dir)`; `save()` after a run. `enabled=False` keeps
    everything in memory only (the same code path, nothing read or written)."""

    def __init__(self, content_dir: Path, enabled: bool = True):
        self.dir = cache_dir(content_dir)
        self.enabled = enabled
        self.summary: Summary | None = None
        # Kept pickled until first needed, and each part re-pickled only when it changed.
        self._blobs: tuple[bytes, dict[str, bytes]] = (b"", {})  # pages, dump name -> entry
        self._entries: Entries | None = None if enabled else Entries()
        self._shingles: dict[str, tuple[array, array]] = {}  # dump sha -> (offsets, data)
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            with open(self.dir / "state.pickle", "rb") as handle:
                code, summary, pages, dumps = pickle.load(handle)
        except Exception:  # a missing, truncated or foreign file: start afresh
            return
        if code == code_key() and isinstance(summary, Summary):
            self.summary, self._blobs = summary, (pages, dumps)

    @property
    def entries(self) -> Entries:
        if self._entries is None:
            pages, dumps = self._blobs
            try:
                topics, pages = pickle.loads(pages) if pages else (None, {})
                self._entries = Entries({name: pickle.loads(blob) for name, blob in dumps.items()}, pages)
                self._entries.pages_topics = topics
            except Exception:
                self._entries, self._blobs = Entries(), (b"", {})
        return self._entries

    def unchanged(self, listing: tuple) -> Summary | None:
        """The last run's summary if no file changed since and every abstract had its page."""
        s = self.summary
        return s if s is not None and s.settled and tuple(s.listing) == tuple(listing) else None

    # -- dumps

    def dump(self, name: str, stat: tuple) -> DumpEntry | None:
        """The entry for an unchanged dump, by stat alone (no read)."""
        entry = self.entries.dumps.get(name)
        return entry if entry is not None and entry.stat == stat else None

    def dump_by_sha(self, name: str, stat: tuple, sha: str) -> DumpEntry | None:
        """The entry for a dump whose bytes are unchanged though its stat is not (touched, copied)."""
        entry = self.entries.dumps.get(name)
        if entry is None or entry.sha != sha:
            return None
        entry.stat = stat
        self.entries.changed_dumps.add(name)
        return entry

    def put_dump(self, name: str, entry: DumpEntry, offsets: array, data: array) -> None:
        self.entries.dumps[name] = entry
        self.entries.changed_dumps.add(name)
        self._shingles[entry.sha] = (offsets, data)
        if self.enabled:
            path = self.dir / "shingles" / f"{entry.sha}.bin"
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_atomic(path, array("Q", [len(offsets)]).tobytes() + offsets.tobytes() + data.tobytes())

    def shingles(self, entry: DumpEntry, position: int) -> array | None:
        """The sorted shingles of the dump's abstract number `position`; None if not kept."""
        if entry.sha not in self._shingles:
            if not self.enabled:
                return None
            try:
                raw = (self.dir / "shingles" / f"{entry.sha}.bin").read_bytes()
            except OSError:
                return None
            count = array("Q", raw[:8])[0]
            offsets = array("I", raw[8:8 + 4 * count])
            self._shingles[entry.sha] = (offsets, array("I", raw[8 + 4 * count:]))
        offsets, data = self._shingles[entry.sha]
        if position + 1 >= len(offsets):
            return None
        return data[offsets[position]:offsets[position + 1]]

    def keep_dumps(self, names: set[str]) -> None:
        for name in set(self.entries.dumps) - names:
            del self.entries.dumps[name]

    # -- pages

    def pages_checked_with(self, topics_stat: tuple) -> None:
        """Forget the pages if they were read (and their topics checked) under another topics.yaml."""
        if self.entries.pages_topics != topics_stat:
            self.entries.pages, self.entries.pages_topics, self.entries.pages_changed = {}, topics_stat, True

    def page(self, name: str, stat: tuple) -> PageEntry | None:
        entry = self.entries.pages.get(name)
        return entry if entry is not None and entry.stat == stat else None

    def put_page(self, name: str, entry: PageEntry) -> None:
        self.entries.pages[name] = entry
        self.entries.pages_changed = True

    def keep_pages(self, names: set[str]) -> None:
        pages = self.entries.pages
        if len(names) != len(pages) or not names.issuperset(pages):
            self.entries.pages = {name: entry for name, entry in pages.items() if name in names}
            self.entries.pages_changed = True

    # -- saving

    def save(self, summary: Summary) -> None:
        if not self.enabled or self._entries is None:
            return
        entries, (pages, dumps) = self._entries, self._blobs
        if entries.pages_changed or not pages:
            pages = pickle.dumps((entries.pages_topics, entries.pages), protocol=pickle.HIGHEST_PROTOCOL)
        dumps = {name: dumps[name] if name in dumps and name not in entries.changed_dumps
                 else pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL) for name, entry in entries.dumps.items()}
        self.dir.mkdir(parents=True, exist_ok=True)
        state = pickle.dumps((code_key(), summary, pages, dumps), protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomic(self.dir / "state.pickle", state)
        self.summary, self._blobs = summary, (pages, dumps)
        entries.changed_dumps, entries.pages_changed = set(), False
        keep = {entry.sha for entry in entries.dumps.values()}
        for path in (self.dir / "shingles").glob("*.bin"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
        for path in self.dir.glob("embeddings-*.npz"):  # the pages' vectors of the WordLlama block (gone, 8 Dec 2026)
            path.unlink(missing_ok=True)

    def summarise(self, listing, warnings: list[Warning_], settled: bool, ledger: Path,
                  left_out: tuple[int, list[str]] = (0, [])) -> Summary:
        """The summary of the files as they now are: `listing` (a scan.Listing) with the
        pages and `ledger` as this run left them; `settled` when every abstract's location
        is in some page's sources (or a removed paper's); `left_out`: abstracts and slugs
        of deleted papers."""
        pages = self.entries.pages
        names = sorted(pages)
        stats = array("q", [number for name in names for number in pages[name].stat])
        ledger_stat = stat_key(ledger.stat()) if ledger.exists() else ()
        listing = listing._replace(page_names=names, page_stats=stats, ledger=ledger_stat)
        listed = [self.entries.dumps[name] for name, _ in listing.dumps if name in self.entries.dumps]
        readable = [entry for entry in listed if entry.readable]
        return Summary(listing, settled, (len(readable), sum(len(e.locations) for e in readable)), warnings,
                       left_out[0], tuple(left_out[1]))


def cache_dir(content_dir: Path) -> Path:
    """`.cache/ingest/<content folder's name>/` beside the content folder (two content folders
    side by side keep apart)."""
    content = Path(content_dir).resolve()
    return content.parent / ".cache" / "ingest" / content.name


@functools.cache  # the code a process runs does not change under it
def code_key() -> str:
    """A hash of the code whose output the cache holds: any change there starts afresh."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{VERSION} {sys.version}".encode())
    files = sorted(package.glob("*.py")) + sorted(p for d in CODE_DIRS for p in (package / d).rglob("*.py"))
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
