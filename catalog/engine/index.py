"""The site's index folder (plan.Index, e.g. a search index): what it was built from, and
swapping a new one in beside a live site.

The index is made from the inputs, not from the pages, and takes long: a build keeps it
while its key is unchanged. The key is stored in the folder itself (it moves with the site).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

INDEX_KEY = ".catalog-search"  # in the index folder: what it was built from


def key_of(site_dir: Path, folder: str) -> str | None:
    try:
        return (site_dir / folder / INDEX_KEY).read_text(encoding="utf-8")
    except OSError:
        return None


def set_key(bundle: Path, key: str) -> None:
    if bundle.is_dir():
        (bundle / INDEX_KEY).write_text(key, encoding="utf-8")


def swap_in(site_dir: Path, folder: str, key: str, build: Callable[[Path], None]) -> None:
    """Index beside the site (`build(new folder)`), then swap the new index in for the old one."""
    parent = site_dir.resolve().parent
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder}-new-", dir=parent))
    try:
        build(fresh)
        set_key(fresh, key)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    os.chmod(fresh, 0o755)
    old = site_dir / folder
    trash = Path(tempfile.mkdtemp(prefix=f".{folder}-old-", dir=parent))
    if old.exists():
        os.rename(old, trash / "old")
    os.rename(fresh, old)
    shutil.rmtree(trash, ignore_errors=True)
