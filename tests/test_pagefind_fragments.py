"""Fragments of a merged search index: two shards can name different pages alike (a name is
the start of a hash), and the merge must then name them as Pagefind does in one run."""

from __future__ import annotations

import gzip
import hashlib
import json

from catalog.render.pagefind_files import SIGNATURE
from catalog.render.pagefind_fragments import link_fragments


def full_hash(data: bytes) -> str:
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def colliding_fragments() -> tuple[bytes, bytes]:
    """Two different fragments whose 7-character names are the same (a birthday search)."""
    seen: dict[str, bytes] = {}
    for n in range(200_000):
        data = json.dumps({"url": f"/papers/{n}/", "content": f"paper {n}"}).encode()
        name = full_hash(data)[:7]
        if name in seen and full_hash(seen[name])[:8] != full_hash(data)[:8]:
            return seen[name], data
        seen[name] = data
    raise AssertionError("no collision found")


def write_shard(root, pages):
    (root / "fragment").mkdir(parents=True)
    listed = []
    for data in pages:
        name = "en_" + full_hash(data)[:7]
        (root / "fragment" / f"{name}.pf_fragment").write_bytes(gzip.compress(SIGNATURE + data))
        listed.append([name, 3])
    return [None, listed]


def read(folder, name):
    return gzip.decompress((folder / f"{name}.pf_fragment").read_bytes())[len(SIGNATURE):]


def test_pages_of_two_shards_with_one_name_keep_their_own_fragments(tmp_path):
    first, second = colliding_fragments()
    other = json.dumps({"url": "/papers/other/", "content": "other"}).encode()
    metas = [write_shard(tmp_path / "a", [second, other]), write_shard(tmp_path / "b", [first, first])]
    numbers = [[1, 2], [0, 3]]  # catalog order: first, second, other, first again (an identical page)
    out = tmp_path / "merged"
    out.mkdir()
    pages = link_fragments([tmp_path / "a", tmp_path / "b"], metas, numbers, out, 4)
    names = [name for name, _ in pages]
    assert names[0] == names[3] == "en_" + full_hash(first)[:7]  # identical pages share one file
    assert names[1] == "en_" + full_hash(second)[:8]  # the later page gets the longer name
    assert [read(out, n) for n in names] == [first, second, other, first]
    assert len(list(out.iterdir())) == 3
