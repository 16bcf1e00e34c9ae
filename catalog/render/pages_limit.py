"""The built site's size against GitHub Pages' documented limit ("published sites may be no
larger than 1 GB"), checked after the build of a large catalog so the maintainer hears it from
the build. (actions/deploy-pages itself checks the compressed upload against 1 GiB: a few times
smaller for HTML. bench/compare.py prints both.)"""

from __future__ import annotations

import os
from pathlib import Path

PAGES_LIMIT = 1_000_000_000  # bytes; GitHub's "1 GB", read as the smaller of 10^9 and 2^30
CHECK_FROM = 40_000          # papers: below, a site is far under it (~11 KB a paper with search)


def folder_sizes(site: Path) -> dict[str, int]:
    """Bytes under each top-level entry of `site` (files summed, as Pages counts them)."""
    sizes: dict[str, int] = {}
    with os.scandir(site) as entries:
        for entry in entries:
            sizes[entry.name] = _size(entry)
    return sizes


def _size(entry: os.DirEntry) -> int:
    if entry.is_file(follow_symlinks=False):
        return entry.stat(follow_symlinks=False).st_size
    if not entry.is_dir(follow_symlinks=False):
        return 0
    with os.scandir(entry.path) as entries:
        return sum(_size(e) for e in entries)


def pages_warning(site: Path, papers: int) -> str | None:
    """One warning line when the site is over Pages' limit, naming its largest parts."""
    if papers < CHECK_FROM:
        return None
    sizes = folder_sizes(site)
    total = sum(sizes.values())
    if total <= PAGES_LIMIT:
        return None
    largest = ", ".join(f"{name} {size / 1e6:,.0f} MB" for name, size in
                        sorted(sizes.items(), key=lambda item: -item[1])[:4])
    return (f"warning: {site} is {total / 1e6:,.0f} MB; GitHub Pages publishes sites up to 1 GB, so its deploy "
            f"may fail (largest: {largest})")
