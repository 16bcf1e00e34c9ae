#!/usr/bin/env python3
"""Superseded by catalog/render/shard_merge.py (the build now merges its shards; kept as the
record of the measurement in bench/engine_results.md).

Probe (issue 19, part 3): what a reader's first query would download if a sharded site's
Pagefind shards were merged into one index after they are built, one at a time as now.

    python bench/shard_merge_probe.py SITE OUT      # OUT: SITE with one merged index
    python bench/search_bench.py --site OUT         # its first query; compare with --site SITE

Pagefind cuts each index's words into chunks of ~20,000 word positions (a constant in its
code: `chunk_index(word_map, 20000)`), so a query fetches a chunk per word per shard: 3
shards send ~3x the index bytes of one index. Merging the shards' files (the formats are
Pagefind 1.5.2's: gzip'd CBOR behind "pagefind_dcd"; page numbers in a word's postings are
deltas) gives one index as Pagefind would have built it, without its memory. Not product
code: it loads every posting at once (memory ~ the whole index), keeps no shard for an
incremental build, and orders the date sort by the fragments' `sort` meta.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.render.pagefind_files import SIGNATURE, _encode, _read_cbor  # noqa: E402

CHUNK_POSITIONS = 20_000  # Pagefind 1.5.2: pagefind/src/index/mod.rs, chunk_index(word_map, 20000)


def write(directory: Path, value, suffix: str, digits: int, prefix: str = "") -> str:
    raw = SIGNATURE + _encode(value)
    name = f"en_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (directory / f"{prefix}{name}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return name


def read_shards(bundles: list[Path], out: Path):
    pages, words, filters, dated, offset = [], {}, {}, [], 0
    for bundle in bundles:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        version, own_pages, chunks, own_filters, sorts, fields = _read_cbor(
            bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
        for fragment, word_count in own_pages:
            shutil.copy(bundle / "fragment" / f"{fragment}.pf_fragment", out / "fragment")
            pages.append([fragment, word_count])
        for _, _, name in chunks:
            for word, postings, extra in _read_cbor(bundle / "index" / f"{name}.pf_index")[0]:
                page = 0
                for posting in postings:  # deltas -> absolute page numbers of the merged index
                    page += posting[0]
                    posting[0] = page + offset
                words.setdefault(word, [word, [], extra])[1].extend(postings)
        for name, file in own_filters:
            if name != "shard":  # only search.js's sort across shards needs it
                for value, numbers in _read_cbor(bundle / "filter" / f"{file}.pf_filter")[1]:
                    filters.setdefault(name, {}).setdefault(value, []).extend(n + offset for n in numbers)
        for number in sorts[0][1]:
            raw = gzip.decompress((bundle / "fragment" / f"{own_pages[number][0]}.pf_fragment").read_bytes())
            dated.append((json.loads(raw[len(SIGNATURE):])["meta"]["sort"], number + offset))
        offset += len(own_pages)
    return entry, version, fields, pages, words, filters, sorted(dated)


def chunked(words: dict) -> list[list]:
    chunks, chunk, size = [], [], 0
    for word in sorted(words):
        postings, last = words[word][1], 0
        for posting in postings:  # back to deltas
            posting[0], last = posting[0] - last, posting[0]
        size += sum(len(p[1]) + len(p[2]) + 1 for p in postings)
        chunk.append(words[word])
        if size >= CHUNK_POSITIONS:
            chunks.append(chunk)
            chunk, size = [], 0
    return chunks + [chunk] if chunk else chunks


def prefixes(a: str, b: str) -> tuple[str, str]:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n + 1], b[:n + 1]


def merge(site: Path, out: Path) -> str:
    started = time.perf_counter()
    bundles = [site / "pagefind"] + sorted((site / "pagefind").glob("shard-*"), key=lambda p: int(p.name[6:]))
    for sub in ("index", "filter", "fragment"):
        (out / sub).mkdir(parents=True)
    for name in ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind"):
        shutil.copy(bundles[0] / name, out / name)
    entry, version, fields, pages, words, filters, dated = read_shards(bundles, out)
    chunks = chunked(words)
    ranges = [[chunk[0][0], chunk[-1][0], ""] for chunk in chunks]
    for left, right in zip(ranges, ranges[1:]):
        left[1], right[0] = prefixes(left[1], right[0])
    for item, chunk in zip(ranges, chunks):
        item[2] = write(out / "index", [chunk], ".pf_index", 7)
    filter_files = [[name, write(out / "filter", [name, [[v, sorted(n)] for v, n in sorted(values.items())]], ".pf_filter", 7)]
                    for name, values in sorted(filters.items())]
    meta = [version, pages, ranges, filter_files, [["date", [number for _, number in dated]]], fields]
    entry["languages"]["en"].update(hash=write(out, meta, ".pf_meta", 10, prefix="pagefind."), page_count=len(pages))
    (out / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return (f"{len(bundles)} shards -> one index: {len(pages)} pages, {len(words)} words, {len(chunks)} chunks, "
            f"{time.perf_counter() - started:.1f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> int:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    if not (site / "pagefind" / "shard-1").is_dir():
        sys.exit(f"{site} has one search index already")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for item in site.iterdir():  # the rest of the site, linked; the pages no longer name shards
        if item.name == "index.html":
            (out / item.name).write_text(item.read_text(encoding="utf-8").replace(' data-shards="', ' data-was-shards="'),
                                         encoding="utf-8")
        elif item.name != "pagefind":
            (out / item.name).symlink_to(item.resolve())
    print(merge(site, out / "pagefind"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
