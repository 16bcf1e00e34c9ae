"""The search index of a large catalog, built in shards and merged into one (issue 10, 19).

Pagefind needs ~130 KB per paper for one index (1.3 GB at 10k, 11 GB at 100k:
bench/search_index_results.md). Up to SHARD_PAPERS papers the site's index is one Pagefind
run, as before. Above, papers go to ceil(N / SHARD_PAPERS) shards by a hash of their slug
(so a paper stays in its shard from build to build), indexed one after the other: memory
is bounded by one shard. shard_merge.py then writes the one index the site serves from
the shards' files, as Pagefind would have written it for all the papers at once: a reader
loads one index, whatever the catalog's size.

The shards are kept outside the site, in the render cache's folder (`store`: they are a
cache, not output, and Pages should not publish them twice), each with the key it was
built from, so a later build re-indexes only the shards whose papers changed, then merges.
Without a cache (`--no-cache`) they live in a temporary folder for the build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from ..engine.cache import digest
from ..errors import ContentError
from . import search, shard_merge

# Papers per shard, at most on average; one index up to this. The whole build's peak at 10k
# (bench/shards_bench.py): one index 1,324 MB, 2 shards 840 MB, 3 shards 646 MB (the target:
# 800 MB). Merged, the shards cost a reader nothing (one index): issue 19.
SHARD_PAPERS = 3_500
SHARD_KEY = ".catalog-shard"  # in each shard's folder: what it was built from

try:
    import fcntl
except ImportError:  # Windows: builds sharing a store do not take turns
    fcntl = None


def count(papers: int) -> int:
    return max(1, -(-papers // SHARD_PAPERS))


def shard_of(slug: str, shards: int) -> int:
    """FNV-1a of the slug's UTF-8 bytes, mod the shard count: stable across runs."""
    h = 0x811C9DC5
    for byte in slug.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def split(papers: list, shards: int) -> list[list]:
    groups: list[list] = [[] for _ in range(shards)]
    for paper in papers:
        groups[shard_of(paper.slug, shards)].append(paper)
    return groups


def build(model, page_keys: dict[str, str], base: str, bundle: Path, old: Path | None, store: Path | None,
          say: Callable[..., None] = print) -> None:
    """The index of `model` into `bundle`: one Pagefind run, or shards (kept in `store`, a
    shard whose key is unchanged is not rebuilt) merged into one index, reusing the files
    of the previous index `old` that come out the same."""
    papers = model.papers
    shards = count(len(papers))
    if shards == 1:
        if store is not None:  # the catalog was larger once: its shards are of no more use
            shutil.rmtree(store, ignore_errors=True)
        search.build_index((("/" + p.path, search.record(p)) for p in papers), len(papers), bundle, say)
        return
    with _store(store, Path(bundle).parent) as folder:
        built = [_shard(folder, i, shards, group, [page_keys[p.slug] for p in group], base, say)
                 for i, group in enumerate(split(papers, shards))]
        for stale in folder.glob("shard-*"):
            if stale not in built:
                shutil.rmtree(stale, ignore_errors=True)
        position = {"/" + p.path: n for n, p in enumerate(papers)}
        dates = {"date": [search.sort_value(p) for p in papers]}
        previous = old if old is not None and old.is_dir() else None
        pages = shard_merge.merge(built, Path(bundle), position, dates, previous)
        say(f"search index: {shards} shards merged into one index of {pages} papers -> {search.BUNDLE}/")


def _shard(folder: Path, i: int, shards: int, group: list, keys: list[str], base: str, say) -> Path:
    """Shard i in `folder`, built unless its key is the one it was built from."""
    if not group:  # ~SHARD_PAPERS papers a shard on average: only a tiny test threshold can
        raise ContentError("pagefind", None, f"search shard {i} of {shards} would be empty")
    key = digest(base, shards, i, keys)
    target = folder / f"shard-{i}"
    if _key(target) == key:
        say(f"search index: {len(group)} papers unchanged (shard {i} of {shards})")
        return target
    fresh = Path(tempfile.mkdtemp(prefix=f".shard-{i}-", dir=folder))
    try:
        search.build_index((("/" + p.path, search.record(p)) for p in group), len(group), fresh,
                           lambda line, *a, **k: say(f"{line} (shard {i} of {shards})", *a, **k))
        shard_merge.page_urls(fresh)  # a Pagefind whose format the merge does not know fails here, in one line
        (fresh / SHARD_KEY).write_text(key, encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        os.rename(fresh, target)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    return target


@contextlib.contextmanager
def _store(store: Path | None, beside: Path) -> Iterator[Path]:
    """The shards' folder, locked for this build; a temporary one when there is no store."""
    if store is None:
        with tempfile.TemporaryDirectory(prefix=".shards-", dir=beside) as temporary:
            yield Path(temporary)
        return
    store.mkdir(parents=True, exist_ok=True)
    with open(store / ".lock", "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a second build of the same content waits its turn
        for left in store.glob(".shard-*"):  # from a build that was killed
            shutil.rmtree(left, ignore_errors=True)
        yield store


def _key(shard: Path) -> str | None:
    try:
        return (shard / SHARD_KEY).read_text(encoding="utf-8")
    except OSError:
        return None
