"""Group copies of the same paper: exact copies, near-duplicates and same-id versions.

No all-pairs comparison. Candidates come from MinHash locality-sensitive hashing
(one-permutation hashing into BINS bins, BANDS bands of ROWS bins each); only the
candidate pairs are verified with the exact Jaccard similarity of word 3-grams.
Merges are applied best-first through a union-find that refuses to join two
different arXiv ids or two existing pages: two different papers never merge.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from array import array
from typing import Callable, NamedTuple

SHINGLE = 3
ROWS = 4  # 4 rows x 9 bands: a pair at Jaccard 0.85 is a candidate with p > 0.998, one at
BANDS = 9  # 0.2 (shared boilerplate) with p < 0.015; measured in bench/dedupe_bench.py
BINS = ROWS * BANDS
THRESHOLD = 0.6  # Jaccard of word 3-grams; a changed word in a 150-word abstract is ~0.96
EMPTY = 1 << 32
WORD = re.compile(r"\w+")


class Features(NamedTuple):
    """What dedupe compares of a text; computed once and kept in the ingest cache."""

    digest: bytes  # of the text's words: equal digests are exact copies
    bands: array  # BANDS LSH keys ("q"), one per band of the MinHash signature
    shingles: array | None = None  # sorted word 3-gram hashes ("I"); None until loaded


class Item(NamedTuple):
    """Something to group: a parsed abstract or an existing page."""

    text: str | None
    arxiv: str | None = None
    page: str | None = None  # slug, for an existing page
    locations: tuple[str, ...] = ()
    compare_text: bool = True  # False: matched by location and id only
    features: Features | None = None  # precomputed (from the cache); else from `text`


def features(text: str) -> Features:
    words = WORD.findall(text.lower())
    hashes = shingles(words)
    sig = signature(hashes)
    bands = array("q", (hash((band, *sig[band * ROWS:(band + 1) * ROWS])) for band in range(BANDS)))
    digest = hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest()
    return Features(digest, bands, array("I", sorted(hashes)))  # 4 bytes a shingle, not a set's ~70


def shingles(words: list[str]) -> frozenset[int]:
    if len(words) < SHINGLE:
        return frozenset([zlib.crc32(" ".join(words).encode())])
    grams = map(" ".join, zip(*(words[i:] for i in range(SHINGLE))))
    return frozenset(map(zlib.crc32, map(str.encode, grams)))


def signature(hashes: frozenset[int]) -> list[int]:
    """One-permutation MinHash: the minimum hash falling in each of BINS bins."""
    mins = [EMPTY] * BINS
    for value in hashes:
        mixed = (value * 0x9E3779B1) & 0xFFFFFFFF  # spread crc32 values before binning
        slot = mixed % BINS
        if mixed < mins[slot]:
            mins[slot] = mixed
    return _densify(mins)


def _densify(mins: list[int]) -> list[int]:
    """Fill empty bins from the next filled one (rotation densification), so short texts
    still get full signatures instead of sharing an "empty" key with every other short text."""
    if all(value == EMPTY for value in mins):
        return mins
    out = list(mins)
    for slot, value in enumerate(mins):
        step = 1
        while value == EMPTY:
            value = mins[(slot + step) % BINS]
            step += 1
        if mins[slot] == EMPTY:
            out[slot] = value + step * EMPTY  # offset by distance: stays distinct from real mins
    return out


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


class _Groups:
    """Union-find that keeps, per group, its arXiv id and page (at most one of each)."""

    def __init__(self, items: list[Item]):
        self.parent = list(range(len(items)))
        self.arxiv = [item.arxiv for item in items]
        self.page = [item.page for item in items]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if _clash(self.arxiv[ra], self.arxiv[rb]) or _clash(self.page[ra], self.page[rb]):
            return False
        ra, rb = min(ra, rb), max(ra, rb)  # the earliest item roots the group: deterministic
        self.parent[rb] = ra
        self.arxiv[ra] = self.arxiv[ra] or self.arxiv[rb]
        self.page[ra] = self.page[ra] or self.page[rb]
        return True


def _clash(a, b) -> bool:
    return a is not None and b is not None and a != b


def group(items: list[Item], load_shingles: Callable[[int], array] | None = None) -> list[list[int]]:
    """Indices of `items` grouped by paper; groups and members in first-seen order.

    `load_shingles(index)` supplies the shingles of an item whose features came without
    them; it is called only for the few items that are a candidate pair's side."""
    feats = [(item.features or features(item.text)) if item.compare_text else None for item in items]
    groups = _Groups(items)
    for a, b in _certain_pairs(items, [f.digest if f else None for f in feats]):
        groups.union(a, b)
    # Two items already in groups with a page can never be joined (a group holds at most
    # one page), so only pairs with a side that has no page yet need their similarity.
    open_ = [f is not None and groups.page[groups.find(i)] is None for i, f in enumerate(feats)]

    loaded: dict[int, array] = {}

    def shingles_of(index: int) -> array:
        if feats[index].shingles is not None:
            return feats[index].shingles
        if index not in loaded:
            loaded[index] = load_shingles(index)
        return loaded[index]

    for _, a, b in sorted(_similar_pairs(feats, open_, shingles_of), key=lambda t: (-t[0], t[1], t[2])):
        groups.union(a, b)
    members: dict[int, list[int]] = {}
    for index in range(len(items)):
        members.setdefault(groups.find(index), []).append(index)
    return list(members.values())


def _certain_pairs(items: list[Item], digests: list[bytes | None]):
    """Same location, same arXiv id, or the same words: no similarity needed."""
    first_loc: dict[str, int] = {}
    first_id: dict[str, int] = {}
    first_text: dict[bytes, int] = {}
    for index, item in enumerate(items):
        for loc in item.locations:
            first = first_loc.setdefault(loc, index)
            if first != index:
                yield first, index
        if item.arxiv:
            first = first_id.setdefault(item.arxiv, index)
            if first != index:
                yield first, index
        if digests[index] is not None:
            first = first_text.setdefault(digests[index], index)
            if first != index:
                yield first, index


def _similar_pairs(feats: list[Features | None], open_: list[bool], shingles_of):
    """(similarity, a, b) for LSH candidates with an open side that pass the Jaccard threshold.

    Candidates are the pairs of items sharing a band key, each text counted once (an exact
    copy is already grouped). Open items are bucketed; the others only look them up."""
    buckets: dict[int, list[int]] = {}
    seen: set[tuple[int, int]] = set()
    texts: set[bytes] = set()
    closed = []
    for index, feat in enumerate(feats):
        if feat is None or feat.digest in texts:
            continue
        texts.add(feat.digest)
        if not open_[index]:
            closed.append(index)
            continue
        for key in feat.bands:
            bucket = buckets.setdefault(key, [])
            for other in bucket:
                yield from _verify(other, index, seen, shingles_of)
            bucket.append(index)
    for index in closed:
        for key in feats[index].bands:
            for other in buckets.get(key, ()):
                yield from _verify(min(index, other), max(index, other), seen, shingles_of)


def _verify(a: int, b: int, seen: set, shingles_of):
    if (a, b) in seen:
        return
    seen.add((a, b))
    similarity = jaccard(frozenset(shingles_of(a)), frozenset(shingles_of(b)))
    if similarity >= THRESHOLD:
        yield similarity, a, b
