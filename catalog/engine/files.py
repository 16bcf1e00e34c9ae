"""Files in the site directory: digests, the intact check, writing, linking, removing."""

from __future__ import annotations

import hashlib
import os
import stat
import time
from pathlib import Path

from .output import _locked, real_target, recover


def sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def intact(site_dir: Path, files: dict[str, tuple]) -> set[str]:
    """The recorded files that are still as the last build wrote them (size and mtime)."""
    found, root = set(), os.fspath(site_dir)
    for rel, (_, size, mtime) in files.items():
        try:
            st = os.stat(f"{root}/{rel}")  # 20,000 of them at 10k papers: no Path objects
        except OSError:
            continue
        if st.st_size == size and st.st_mtime_ns == mtime:
            found.add(rel)
    return found


_WRITE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)  # as open(..., "wb")


def write(target: Path | str, data: bytes, sha: str) -> tuple:
    """As target.write_bytes(data), then its (sha, size, mtime), in four system calls (a build
    of 10,000 papers writes as many files)."""
    fd = os.open(target, _WRITE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        st = os.fstat(fd)
    finally:
        os.close(fd)
    return (sha, st.st_size, st.st_mtime_ns)


def entry(path: Path) -> tuple:
    """(sha, size, mtime) of a file written by streaming, read back in pieces."""
    digest = hashlib.blake2b(digest_size=16)
    with open(path, "rb") as handle:
        for piece in iter(lambda: handle.read(1 << 20), b""):
            digest.update(piece)
    st = os.stat(path)
    return (digest.hexdigest(), st.st_size, st.st_mtime_ns)


def write_atomic(target: Path, data: bytes, sha: str) -> tuple:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)  # readers (serve) see the old file or the new one, never half
    st = target.stat()
    return (sha, st.st_size, st.st_mtime_ns)


def remove(site_dir: Path, rel: str) -> None:
    target = site_dir / rel
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != site_dir and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


RACY_NS = 2_000_000_000  # a folder changed this recently can change again with the same mtime


def unknown(site_dir: Path, known: set[str], keep: tuple[str, ...] = (".catalog-",),
            folders: dict[str, int] | None = None) -> tuple[set[str], dict[str, int]]:
    """(files in the site the build did not write, folder -> mtime for the next call).

    Adding or removing a file changes its folder's mtime, so with `folders` (the last
    call's) only folders whose mtime changed, and new ones, are listed: 10,000 stats
    instead of 10,000 listings. A folder changed within RACY_NS of the call is recorded
    as -1 (listed next time). Folders in `keep` are not entered; symlinked folders are
    left alone (as os.walk does)."""
    root, now = os.fspath(site_dir), time.time_ns()
    found, times, todo = set(), {}, []
    for folder, mtime in (folders or {}).items():
        try:
            st = os.stat(f"{root}/{folder}" if folder else root)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and st.st_mtime_ns == mtime:
            times[folder] = mtime
        elif stat.S_ISDIR(st.st_mode):
            todo.append(folder)
    if folders is None:
        todo.append("")
    while todo:
        base = todo.pop()
        try:
            st = os.stat(f"{root}/{base}" if base else root)  # before listing: a later change shows next time
            with os.scandir(f"{root}/{base}" if base else root) as listing:
                entries = list(listing)
        except OSError:
            continue
        times[base] = st.st_mtime_ns if st.st_mtime_ns < now - RACY_NS else -1
        for entry in entries:
            rel = f"{base}/{entry.name}" if base else entry.name
            if entry.is_dir():
                if not entry.is_symlink() and not (rel + "/").startswith(keep) and rel not in (folders or ()):
                    todo.append(rel)
            elif rel not in known and not rel.startswith(keep):
                found.add(rel)
    return found, times


def folder_times(site_dir: Path, files) -> dict[str, int]:
    """The folders holding `files` (site paths) with their mtimes, as `unknown` records them."""
    root, now = os.fspath(site_dir), time.time_ns()
    folders = {""}
    for rel in files:
        while "/" in rel:
            rel = rel.rsplit("/", 1)[0]
            if rel in folders:
                break
            folders.add(rel)
    times = {}
    for folder in folders:
        try:
            mtime = os.stat(f"{root}/{folder}" if folder else root).st_mtime_ns
        except OSError:
            continue
        times[folder] = mtime if mtime < now - RACY_NS else -1
    return times


def recover_beside(output: Path) -> None:
    """What a killed build left beside the site is cleaned up even when nothing is staged."""
    target = real_target(output)
    parent = target.parent
    if parent.is_dir() and (not target.exists() or any(parent.glob(".site-build-*")) or any(parent.glob(".site-old-*"))):
        with _locked(parent):
            recover(target)
