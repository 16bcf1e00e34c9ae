"""The search index in shards when the catalog is large (issue 10).

Pagefind needs ~130 KB per paper for one index (11 GB at 100k:
bench/search_index_results.md). Up to SHARD_PAPERS papers the site keeps one index, as
before. Above, papers go to ceil(N / SHARD_PAPERS) shards by a hash of their slug (so a
paper stays in its shard from build to build), built one after the other: memory is
bounded by one shard. Shard 0 is the primary bundle (pagefind/), shard i > 0 lives in
pagefind/shard-i/; the pages say how many there are (data-shards on the search panel)
and search.js merges them with Pagefind's mergeIndex. Each shard records the key it was
built from, so a later build re-indexes only the shards whose papers changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from ..errors import ContentError
from .cache import digest
from . import search

# Papers per shard, at most on average; one index up to this. The whole build's peak at 10k
# (bench/shards_bench.py): one index 1,324 MB, 2 shards 840 MB, 3 shards 646 MB (the target:
# 800 MB); each shard adds ~40 KB to a reader's first query (263 KB -> 386 KB at 10k: every
# shard sends its own index chunk per query word). Issue 19, bench/compare_results.md.
SHARD_PAPERS = 3_500
SHARD_KEY = ".catalog-shard"  # in each shard's folder: what it was built from


def count(papers: int) -> int:
    return max(1, -(-papers // SHARD_PAPERS))


def shard_of(slug: str, shards: int) -> int:
    """FNV-1a of the slug's UTF-8 bytes, mod the shard count: stable across runs."""
    h = 0x811C9DC5
    for byte in slug.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % shards


def folder(i: int) -> str:
    return f"shard-{i}" if i else ""


def split(papers: list, shards: int) -> list[list]:
    groups: list[list] = [[] for _ in range(shards)]
    for paper in papers:
        groups[shard_of(paper.slug, shards)].append(paper)
    return groups


def build(model, page_keys: dict[str, str], base: str, bundle: Path, old: Path | None,
          say: Callable[..., None] = print) -> None:
    """The index of `model` into `bundle`: one index, or shards; a shard whose key matches
    the one in `old` (the previous bundle) is linked from there instead of rebuilt."""
    papers = model.papers
    shards = count(len(papers))
    if shards == 1:
        search.build_index((("/" + p.path, search.record(p)) for p in papers), len(papers), bundle, say)
        return
    for i, group in enumerate(split(papers, shards)):
        if not group:  # ~SHARD_PAPERS papers a shard on average: only a tiny test threshold can
            raise ContentError("pagefind", None, f"search shard {i} of {shards} would be empty")
        key = digest(base, shards, i, [page_keys[p.slug] for p in group])
        target = Path(bundle) / folder(i)
        source = old / folder(i) if old is not None else None
        if source is not None and _key(source) == key:
            _link_shard(source, target, top=(i == 0))
            say(f"search index: {len(group)} papers unchanged (shard {i} of {shards})")
        else:
            search.build_index((("/" + p.path, search.record(p, shard=i)) for p in group), len(group), target,
                               lambda line, *a, **k: say(f"{line} (shard {i} of {shards})", *a, **k))
        (target / SHARD_KEY).write_text(key, encoding="utf-8")


def _key(shard: Path) -> str | None:
    try:
        return (shard / SHARD_KEY).read_text(encoding="utf-8")
    except OSError:
        return None


def _link_shard(source: Path, target: Path, top: bool) -> None:
    """Hard-link a shard's files; the primary's folder also holds the other shards and the
    site's index key, which are not its own."""
    from .files import INDEX_KEY, link  # files imports search, which this module imports
    skip = lambda d, names: [n for n in names if n.startswith("shard-") or n == INDEX_KEY] if top and Path(d) == source else []
    shutil.copytree(source, target, copy_function=link, ignore=skip, dirs_exist_ok=True)
