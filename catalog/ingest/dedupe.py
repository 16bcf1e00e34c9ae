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
from dataclasses import dataclass

SHINGLE = 3
ROWS = 4  # 4 rows x 9 bands: a pair at Jaccard 0.85 is a candidate with p > 0.998, one at
BANDS = 9  # 0.2 (shared boilerplate) with p < 0.015; measured in bench/dedupe_bench.py
BINS = ROWS * BANDS
THRESHOLD = 0.6  # Jaccard of word 3-grams; a changed word in a 150-word abstract is ~0.96
EMPTY = 1 << 32
WORD = re.compile(r"\w+")


@dataclass
class Item:
    """Something to group: a parsed abstract or an existing page."""

    text: str
    arxiv: str | None = None
    page: str | None = None  # slug, for an existing page
    locations: tuple[str, ...] = ()
    compare_text: bool = True  # False: matched by location and id only


def shingles(words: list[str]) -> frozenset[int]:
    if len(words) < SHINGLE:
        return frozenset([zlib.crc32(" ".join(words).encode())])
    return frozenset(zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1))


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


def group(items: list[Item]) -> list[list[int]]:
    """Indices of `items` grouped by paper; groups and members in first-seen order."""
    digests: list[bytes | None] = []
    hashes: list[array | None] = []
    for item in items:
        if item.compare_text:
            words = WORD.findall(item.text.lower())
            digests.append(hashlib.blake2b(" ".join(words).encode(), digest_size=16).digest())
            hashes.append(array("I", sorted(shingles(words))))  # 4 bytes a shingle, not a set's ~70
        else:
            digests.append(None)
            hashes.append(None)
    groups = _Groups(items)
    for a, b in _certain_pairs(items, digests):
        groups.union(a, b)
    for _, a, b in sorted(_similar_pairs(hashes, digests), key=lambda t: (-t[0], t[1], t[2])):
        groups.union(a, b)
    members: dict[int, list[int]] = {}
    for index in range(len(items)):
        members.setdefault(groups.find(index), []).append(index)
    return list(members.values())


def _certain_pairs(items: list[Item], digests: list[bytes | None]):
    """Same location, same arXiv id, or the same words: no similarity needed."""
    first_by_key: dict[tuple, int] = {}
    for index, item in enumerate(items):
        keys = [("loc", loc) for loc in item.locations]
        if item.arxiv:
            keys.append(("id", item.arxiv))
        if digests[index] is not None:
            keys.append(("text", digests[index]))
        for key in keys:
            if key in first_by_key:
                yield first_by_key[key], index
            else:
                first_by_key[key] = index


def _similar_pairs(hashes: list[array | None], digests: list[bytes | None]):
    """(similarity, a, b) for LSH candidates that pass the Jaccard threshold."""
    buckets: dict[tuple, list[int]] = {}
    seen: set[tuple[int, int]] = set()
    texts: set[bytes] = set()
    for index, item_hashes in enumerate(hashes):
        if item_hashes is None or digests[index] in texts:  # exact copies are already grouped
            continue
        texts.add(digests[index])
        mine = frozenset(item_hashes)
        sig = signature(mine)
        for band in range(BANDS):
            key = (band, *sig[band * ROWS:(band + 1) * ROWS])
            bucket = buckets.setdefault(key, [])
            for other in bucket:
                if (other, index) in seen:
                    continue
                seen.add((other, index))
                similarity = jaccard(frozenset(hashes[other]), mine)
                if similarity >= THRESHOLD:
                    yield similarity, other, index
            bucket.append(index)
