"""What a build reads, and cheap ways to tell whether it changed.

* `fingerprint`: one digest of every input's name, size and mtime (the input files, the
  settings, whole folders such as templates and code) and the build options. Equal to the
  last build's and the site still as that build left it: nothing to do, nothing is parsed.
* `read`: every input file's key (a hash of its name and bytes; a file whose size and
  mtime are unchanged is not read again), and the ones not in the cache parsed, on every
  core when there are many.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from .cache import digest
from .workers import map_blocks


def tree(top: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime) of every file under `top` (hidden folders and __pycache__ left out)."""
    found = []
    for root, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(names):
            try:
                st = os.stat(os.path.join(root, name))
            except OSError:
                continue
            found.append((os.path.join(root, name), st.st_size, st.st_mtime_ns))
    return found


def source_key(package: Path) -> str:
    """Digest of a package's Python source: a code change is an input change."""
    sources = sorted(package.rglob("*.py"))
    return digest([(p.relative_to(package).as_posix(), p.read_bytes()) for p in sources])


def scan(folder: Path, suffix: str) -> list[tuple[str, int, int]]:
    """(file name, size, mtime) of every `suffix` file in `folder`, sorted by name."""
    found = []
    if folder.is_dir():
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(suffix) and entry.is_file():
                    st = entry.stat()
                    found.append((entry.name, st.st_size, st.st_mtime_ns))
    return sorted(found)


def fingerprint(options: tuple, scanned: list, settings: list[Path], trees: list[Path]) -> str:
    """`scanned`: scan(...) of the inputs; `settings`: single files; `trees`: folders."""
    return digest(options, scanned, [(p.name, *_stat(p)) for p in settings], *[tree(t) for t in trees])


def _stat(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


def file_key(name: str, data: bytes) -> str:
    """An input file's key: the hash of its name and bytes."""
    return hashlib.blake2b(name.encode() + b"\0" + data, digest_size=16).hexdigest()


def read(folder: Path, scanned: list[tuple[str, int, int]], cached: dict, stats: dict,
         parse_block: Callable[[list], list], pool=None) -> tuple[dict[str, str], dict[str, object]]:
    """({file name: key}, {key: parsed} for the keys not in `cached`), in `scanned` order.

    A file's key is `file_key` of its name and bytes. `stats` (file name -> size, mtime, key)
    is updated in place: a file whose size and mtime are unchanged is not read again.
    `parse_block(paths)` parses files into (key, parsed) each, the key of the bytes it read
    (a module-level function: workers.map_blocks), by the workers.Pool `pool` when there
    are many: each block is sent as soon as its files are known to need it, so the workers
    parse while this process hashes the rest. With nothing cached (a clean build) every
    file needs parsing: this process reads none of them, the workers hash what they read."""
    seen, unknown = {}, []
    for name, size, mtime in scanned:
        memo = stats.get(name)
        if memo is not None and memo[:2] == (size, mtime) and memo[2] in cached:
            seen[name] = memo
        else:
            seen[name] = None  # keeps `scanned` order
            unknown.append((name, size, mtime))
    sent = []

    def todo():  # the files to parse, as they are found
        for name, size, mtime in unknown:
            if cached:
                key = file_key(name, (folder / name).read_bytes())
                seen[name] = (size, mtime, key)
                if key in cached:
                    continue
            sent.append((name, size, mtime))
            yield folder / name

    parsed = map_blocks(parse_block, todo(), pool and pool.used(len(unknown)))
    for (name, size, mtime), (key, _) in zip(sent, parsed):
        seen[name] = (size, mtime, key)
    stats.clear()
    stats.update(seen)
    return {name: memo[2] for name, memo in seen.items()}, dict(parsed)
