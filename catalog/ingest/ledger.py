"""What ingest remembers between runs, and the lock that keeps two ingests apart.

`content/ledger.tsv` lists every source location ingest has turned into a page, with the
page's slug. A slug in the ledger whose page file is gone was deleted by hand: the paper
is treated as removed, and its abstracts (and copies of them in any dump) never make a
page again. Deleting the slug's lines from the ledger brings the paper back at the next
ingest; `python build.py restore` does that, and marks the lines `restore` instead, so the
next ingest gives the recreated page its old slug (its URL) back.
The cleaner way to remove a paper is `withdrawn: true` in its page (README).
"""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; builds and ingests are not serialised there
    fcntl = None

from ..pages import write_if_changed

NAME = "ledger.tsv"
HEADER = ("# Written by ingest: slug<TAB>source location of every paper it has seen. A slug whose\n"
          "# page was deleted stays removed; `python build.py restore SLUG` brings the paper back.\n")
RESTORE = "restore"  # third column of a line whose paper the next ingest recreates under that slug


class Ledger(dict):
    """location -> slug; `stale` once it holds more than the file; `restore`: location -> slug
    of the papers `restore` asked back (the next ingest recreates them under that slug)."""

    stale = False

    def __init__(self, *args):
        super().__init__(*args)
        self.restore: dict[str, str] = {}


def read_ledger(content_dir: Path) -> Ledger:
    path = content_dir / NAME
    ledger = Ledger()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ledger
    for line in text.splitlines():
        if line and not line.startswith("#") and "\t" in line:
            slug, location = line.split("\t", 1)
            if location.endswith("\t" + RESTORE):
                ledger.restore[location[:-len(RESTORE) - 1]] = slug
            else:
                ledger[location] = slug
    return ledger


def write_ledger(content_dir: Path, ledger: dict[str, str], restore: dict[str, str] | None = None) -> None:
    """The ledger's rows, and `restore` (location -> slug) as rows marked `restore`."""
    # A location with a tab or line break in its file name cannot be a row: it goes unrecorded.
    rows = sorted(f"{slug}\t{location}\n" for location, slug in ledger.items() if _fits(location + slug))
    rows += sorted(f"{slug}\t{location}\t{RESTORE}\n" for location, slug in (restore or {}).items()
                   if _fits(location + slug))
    write_if_changed(content_dir / NAME, HEADER + "".join(rows))


def _fits(text: str) -> bool:
    return not any(c in text for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@contextmanager
def ingest_lock(content_dir: Path, say: Callable[..., None]) -> Iterator[None]:
    """One ingest at a time per content folder. The lock is on the folder itself (no lock
    file to leave behind); the kernel drops it when the process ends, even by a kill."""
    if fcntl is None:
        yield
        return
    fd = os.open(content_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"waiting for another ingest of {content_dir} to finish…")
            fcntl.flock(fd, fcntl.LOCK_EX)
        for folder in (content_dir, content_dir / "papers"):
            _remove_stale_temporaries(folder)
        yield
    finally:
        os.close(fd)


def _remove_stale_temporaries(folder: Path) -> None:
    """Half-written pages of a killed writer (never read: they do not end in .md). The writer's
    process id is in the name (pages.write_if_changed): a live writer's file is left alone."""
    if not folder.is_dir():
        return
    for tmp in folder.glob(".*.tmp"):
        match = re.search(r"\.(\d+)-[^.]*\.tmp$", tmp.name)
        if match and _alive(int(match.group(1))):
            continue
        tmp.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
