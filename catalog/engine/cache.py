"""The build cache: one SQLite file beside the site's inputs (`.cache/render.sqlite`), never
in the output.

Three tables. `pages` maps an input file's content hash (its name and bytes) to what the
site derives from it alone (stored with marshal: plain data, several times faster to load;
for the catalog: the parsed front matter, the abstract's HTML and plain text, the term
counts related papers are computed from, and the page's warnings). `records` holds, per
output directory, what the last build wrote there: for every file the digest of its inputs
(its dependencies), the digest of its bytes and its size and mtime, so the next build
re-renders only outputs whose inputs changed and rewrites only files whose bytes did; the
site keeps its own records here too. `fragments` holds per-input pieces of whole-site
outputs (the catalog's: catalog/render/fragments.py).

Everything in the cache can be recomputed; a cache that cannot be read is started over.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: no file locks; one build at a time there
    fcntl = None

VERSION = 7  # bump when what is stored changes meaning


def digest(*parts) -> str:
    """A short stable digest of picklable values (protocol fixed: same data, same bytes)."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=4), digest_size=16).hexdigest()


def default_dir(content_dir: Path) -> Path:
    return Path(content_dir).resolve().parent / ".cache"


@contextmanager
def _taking_turns(path: Path) -> Iterator[None]:
    """Builds opening the cache at once (two terminals, serve and a build) take turns: setting
    up a new file (WAL mode, the version check, the tables) is not one atomic step, and a
    build that finds the file broken deletes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        yield


class Cache:
    """The cache file, or nothing at all (`path=None`: every build is a clean one)."""

    def __init__(self, path: Path | None):
        self.path = path
        self._db = None
        self._lock = threading.RLock()  # serve indexes in a thread while the next build may start
        self._writer: threading.Thread | None = None  # update_pages(background=True)
        self._failure: BaseException | None = None    # ... what it raised, raised at the next use
        if path is not None:
            with _taking_turns(path):
                try:
                    self._db = self._open(path)
                except (sqlite3.Error, OSError):
                    path.unlink(missing_ok=True)
                    self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB)")
        row = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        if row is None or pickle.loads(row[0]) != VERSION:
            for table in ("pages", "records", "fragments"):
                db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (pickle.dumps(VERSION),))
        for table in ("pages", "records", "fragments"):
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
        return db

    def pages(self) -> dict[str, tuple]:
        return self._table("pages")

    def update_pages(self, added: dict[str, tuple], removed: set[str], background: bool = False) -> None:
        """`background`: written by a thread while the build goes on (SQLite works without the
        GIL: 0.2-0.3 s at 10,000 new pages); the cache's next use waits for it."""
        if not background:
            self._update("pages", added, removed)
            return
        self._settle()
        self._writer = threading.Thread(target=self._write_behind, args=("pages", added, removed), daemon=True)
        self._writer.start()

    def _write_behind(self, table: str, added: dict[str, tuple], removed: set[str]) -> None:
        try:
            self._update(table, added, removed, settle=False)
        except BaseException as exc:  # noqa: B036 (raised in the build's thread by _settle)
            self._failure = exc

    def _settle(self) -> None:
        """Wait for a write in the background; raise what it raised."""
        if self._writer is not None:
            self._writer.join()
            self._writer = None
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def fragments(self) -> dict[str, tuple]:
        return self._table("fragments")

    def update_fragments(self, added: dict[str, tuple], removed: set[str]) -> None:
        self._update("fragments", added, removed)

    def _table(self, table: str) -> dict[str, tuple]:
        self._settle()
        if self._db is None:
            return {}
        with self._lock:
            rows = self._db.execute(f"SELECT key, value FROM {table}").fetchall()
        try:
            return {key: _decode(value) for key, value in rows}
        except Exception:  # written by another version of the code: start over
            return {}

    def _update(self, table: str, added: dict[str, tuple], removed: set[str], settle: bool = True) -> None:
        if settle:
            self._settle()
        if self._db is None or not (added or removed):
            return
        with self._lock, self._transaction():
            self._db.executemany(f"DELETE FROM {table} WHERE key=?", [(k,) for k in removed])
            self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
                                 ((k, _encode(v)) for k, v in added.items()))  # one row encoded at a time

    def record(self, key: str):
        self._settle()
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute("SELECT value FROM records WHERE key=?", (key,)).fetchone()
        try:
            return pickle.loads(row[0]) if row else None
        except Exception:  # a record from another version of the code: start over
            return None

    def set_record(self, key: str, value) -> None:
        self._settle()
        if self._db is not None:
            with self._lock, self._transaction():
                self._db.execute("INSERT OR REPLACE INTO records VALUES (?, ?)", (key, pickle.dumps(value, protocol=4)))

    def _transaction(self):
        db = self._db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN")

            def __exit__(self, kind, *_):
                db.execute("COMMIT" if kind is None else "ROLLBACK")
        return _Tx()

    def close(self) -> None:
        self._settle()
        if self._db is not None:
            self._db.close()
            self._db = None


def _encode(value) -> bytes:
    try:
        return b"m" + marshal.dumps(value)
    except ValueError:  # e.g. a date YAML parsed in an extra front-matter field
        return b"p" + pickle.dumps(value, protocol=4)


def _decode(data: bytes):
    return marshal.loads(data[1:]) if data[:1] == b"m" else pickle.loads(data[1:])
