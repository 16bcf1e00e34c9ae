"""Files in the site directory: digests, the intact check, writing, linking, removing."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from .output import _locked, real_target, recover
from .search import BUNDLE


def sha(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def intact(site_dir: Path, files: dict[str, tuple]) -> set[str]:
    """The recorded files that are still as the last build wrote them (size and mtime)."""
    found = set()
    for rel, (_, size, mtime) in files.items():
        try:
            st = os.stat(site_dir / rel)
        except OSError:
            continue
        if st.st_size == size and st.st_mtime_ns == mtime:
            found.add(rel)
    return found


def write(target: Path, data: bytes, sha: str) -> tuple:
    target.write_bytes(data)
    st = target.stat()
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


def link(source, target) -> None:
    """Hard link an unchanged file into the new site (copy where links are not possible)."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def remove(site_dir: Path, rel: str) -> None:
    target = site_dir / rel
    target.unlink(missing_ok=True)
    parent = target.parent
    while parent != site_dir and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def unknown(site_dir: Path, known: set[str], keep: tuple[str, ...] = ("pagefind/", ".catalog-")) -> set[str]:
    """Files in the site the build did not write (left by an older build or by hand)."""
    found = set()
    for root, _, names in os.walk(site_dir):
        base = Path(root).relative_to(site_dir).as_posix()
        for name in names:
            rel = name if base == "." else f"{base}/{name}"
            if rel not in known and not rel.startswith(keep):
                found.add(rel)
    return found


def recover_beside(output: Path) -> None:
    """What a killed build left beside the site is cleaned up even when nothing is staged."""
    target = real_target(output)
    parent = target.parent
    if parent.is_dir() and (not target.exists() or any(parent.glob(".site-build-*")) or any(parent.glob(".site-old-*"))):
        with _locked(parent):
            recover(target)


INDEX_KEY = ".catalog-search"  # in the index folder: what it was built from (moves with the site)


def index_key(site_dir: Path) -> str | None:
    try:
        return (site_dir / BUNDLE / INDEX_KEY).read_text(encoding="utf-8")
    except OSError:
        return None


def set_index_key(bundle: Path, key: str) -> None:
    if bundle.is_dir():
        (bundle / INDEX_KEY).write_text(key, encoding="utf-8")
