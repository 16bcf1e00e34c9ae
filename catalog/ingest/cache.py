"""What ingest already saw, so a re-ingest reads and hashes only what changed.

Kept in `.cache/ingest/` beside the content folder (outside git and outside `content/`, so
`serve` does not see it change). One state file holds, per dump, what dedupe needs of each
of its abstracts (location, arXiv id, text digest, LSH band keys) plus the dump's warnings,
and per page what matching needs (slug, arXiv id, sources). Entries are keyed by the
file's size, mtime and inode (a dump's also by its SHA-256), and the whole cache by a hash
of the ingest code: a changed file is read again, a deleted one forgotten, new code starts
afresh. Shingles (for the few candidate pairs that need a Jaccard check) sit in one file
per dump, read only when needed. Losing the cache loses nothing but time.
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

from ..errors import Warning_

VERSION = 1
CODE_DIRS = ("ingest",)  # what ingest runs, besides the top-level modules of catalog/


def stat_key(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


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


@dataclass
class PageEntry:
    """A page as matching sees it; the text-compare features only once they were needed."""

    stat: tuple
    slug: str
    arxiv: str | None
    sources: tuple[str, ...]
    digest: bytes | None = None
    bands: array | None = None


@dataclass
class State:
    code: str
    dumps: dict[str, DumpEntry] = field(default_factory=dict)
    pages: dict[str, PageEntry] = field(default_factory=dict)


class IngestCache:
    """Load with `IngestCache(content_dir)`; `save()` after a run. `enabled=False` keeps
    everything in memory only (the same code path, nothing read or written)."""

    def __init__(self, content_dir: Path, enabled: bool = True):
        self.dir = cache_dir(content_dir)
        self.enabled = enabled
        self.state = State(code_key())
        self._shingles: dict[str, tuple[array, array]] = {}  # dump sha -> (offsets, data)
        self._dirty = False
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            with open(self.dir / "state.pickle", "rb") as handle:
                state = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
            return
        if isinstance(state, State) and state.code == self.state.code:
            self.state = state

    # -- dumps

    def dump(self, name: str, st: os.stat_result) -> DumpEntry | None:
        """The entry for an unchanged dump, by stat alone (no read)."""
        entry = self.state.dumps.get(name)
        return entry if entry is not None and entry.stat == stat_key(st) else None

    def dump_by_sha(self, name: str, st: os.stat_result, sha: str) -> DumpEntry | None:
        """The entry for a dump whose bytes are unchanged though its stat is not (touched, copied)."""
        entry = self.state.dumps.get(name)
        if entry is None or entry.sha != sha:
            return None
        entry.stat = stat_key(st)
        self._dirty = True
        return entry

    def put_dump(self, name: str, entry: DumpEntry, offsets: array, data: array) -> None:
        self.state.dumps[name] = entry
        self._shingles[entry.sha] = (offsets, data)
        self._dirty = True
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

    def forget_dumps_except(self, names: set[str]) -> None:
        for name in set(self.state.dumps) - names:
            del self.state.dumps[name]
            self._dirty = True

    # -- pages

    def page(self, name: str, st: os.stat_result) -> PageEntry | None:
        entry = self.state.pages.get(name)
        return entry if entry is not None and entry.stat == stat_key(st) else None

    def put_page(self, name: str, entry: PageEntry) -> None:
        self.state.pages[name] = entry
        self._dirty = True

    def forget_pages_except(self, names: set[str]) -> None:
        if len(names) != len(self.state.pages) or not names.issuperset(self.state.pages):
            self.state.pages = {name: e for name, e in self.state.pages.items() if name in names}
            self._dirty = True

    def touched(self) -> None:
        """Mark the state changed in place (an entry's fields were filled in)."""
        self._dirty = True

    # -- saving

    def save(self) -> None:
        if not self.enabled or not self._dirty:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.dir / "state.pickle", pickle.dumps(self.state, protocol=pickle.HIGHEST_PROTOCOL))
        self._dirty = False
        keep = {entry.sha for entry in self.state.dumps.values()}
        for path in (self.dir / "shingles").glob("*.bin"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)


def cache_dir(content_dir: Path) -> Path:
    return Path(content_dir).resolve().parent / ".cache" / "ingest"


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
