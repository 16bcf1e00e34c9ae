"""One Pagefind index made from the shards' indexes (shards.py), as Pagefind would have
built it for all the records at once, without its memory for all of them. Served side by
side, shards cost a reader's first query an index chunk per word per shard (Pagefind cuts
every index into chunks of ~20,000 word positions): 386 KB at 10,000 papers in 3 shards
against 263 KB merged (bench/search_index_results.md).

Pages are numbered in the catalog's order (Pagefind's: the order records are added), so
every file comes out as Pagefind writes it for the same records: chunks cut at the same
words, filters, the date sort, the metadata; fragments are the shards' own files, named as
one run names them (pagefind_fragments.py)
(tests/test_search_shards.py compares them file by file). Memory: one decoded chunk per
shard and the chunk being written. The format is Pagefind 1.5.2's (gzip'd CBOR after
"pagefind_dcd"; a word is [word, [[page delta, positions, metadata positions], ...],
[[variant, postings], ...]]); another version fails the build in one line.
"""

from __future__ import annotations

import collections
import gzip
import hashlib
import heapq
import itertools
import json
import os
import zlib
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter
from pathlib import Path

import cbor2

from ..engine import collector
from ..engine.output import link
from ..errors import ContentError
from .pagefind_files import SIGNATURE
from .pagefind_fragments import link_fragments

FORMAT = "1.5.2"          # the Pagefind version whose files this merges
CHUNK_POSITIONS = 20_000  # Pagefind 1.5.2: src/index/mod.rs, chunk_index(word_map, 20000)
LANGUAGE = "en"
PAGES = ".catalog-pages.json"  # in a shard's folder: its pages' URLs, in its page order


class FormatError(ContentError):
    """The shards are not in the format this module merges."""


def merge(shards: list[Path], bundle: Path, position: dict[str, int], sorts: dict[str, list[str]],
          old: Path | None = None) -> int:
    """Write into `bundle` one index of the pages of the indexes `shards`: page `url` gets
    number position[url]; sorts[name][n] is page n's value of the sort `name`. A file the
    previous index `old` has as it is (after a small edit, most chunks) is linked from there,
    not compressed again. Returns the number of pages."""
    metas = [_meta(shard) for shard in shards]
    numbers = [[_number(position, url, shard) for url in page_urls(shard)] for shard in shards]
    total = sum(map(len, numbers))
    if sorted(itertools.chain(*numbers)) != list(range(total)):
        raise ContentError(shards[0], None, "search shards: the pages are not numbered 0..N-1 once each")
    for sub in ("index", "filter", "fragment"):
        (bundle / sub).mkdir(parents=True, exist_ok=True)
    for name in ("pagefind.js", "pagefind-worker.js", f"wasm.{LANGUAGE}.pagefind", "wasm.unknown.pagefind"):
        link(shards[0] / name, bundle / name)
    pages = link_fragments(shards, metas, numbers, bundle / "fragment", total)
    names = sorted({name for meta in metas for name, _ in meta[4]})
    if names != sorted(sorts) or any(len(sorts[name]) != total for name in names):
        raise FormatError(shards[0], None, f"search shards sort by {names}, the catalog gives {sorted(sorts)}")
    fields = sorted({field for meta in metas for field in meta[5]})
    with _Files(bundle, old) as files, collector.paused():
        chunks = _write_words(shards, metas, numbers, fields, bundle / "index", files)
        filters = _write_filters(shards, metas, numbers, bundle / "filter", files)
        meta = [FORMAT, pages, chunks, filters, [[name, _sort_order(sorts[name])] for name in names], fields]
        meta_hash = files.write(bundle, meta, ".pf_meta", 10, prefix="pagefind.")
    entry = json.loads((shards[0] / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"][LANGUAGE].update(hash=meta_hash, page_count=total)
    (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                                                encoding="utf-8")
    return total


def page_urls(shard: Path) -> list[str]:
    """The URLs of a shard's pages in its page order, read from its fragments once (the
    format checked: another fails in one line) and kept beside them (PAGES)."""
    kept = shard / PAGES
    try:
        return json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    urls = []
    for fragment, _ in _meta(shard)[1]:
        raw = gzip.decompress((shard / "fragment" / f"{fragment}.pf_fragment").read_bytes())
        urls.append(json.loads(raw[len(SIGNATURE):])["url"])
    kept.write_text(json.dumps(urls), encoding="utf-8")
    return urls


# --- reading ----------------------------------------------------------------------------

def _meta(shard: Path) -> list:
    """[version, pages, chunks, filters, sorts, metadata fields] of a shard, its format checked."""
    try:
        entry = json.loads((shard / "pagefind-entry.json").read_text(encoding="utf-8"))
        version, languages = entry.get("version"), entry["languages"]
    except (OSError, ValueError, KeyError, AttributeError) as exc:
        raise FormatError(shard, None, f"search shard is unreadable: {exc}") from None
    if version != FORMAT or list(languages) != [LANGUAGE]:
        raise FormatError(shard, None, f"Pagefind {version} wrote this search shard; catalog/render/shard_merge.py "
                          f"merges Pagefind {FORMAT}'s format only: pip install 'pagefind[bin]=={FORMAT}'")
    meta = _read(shard / f"pagefind.{languages[LANGUAGE]['hash']}.pf_meta")
    if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == FORMAT):
        raise FormatError(shard, None, f"search shard's metadata is not in Pagefind {FORMAT}'s format")
    return meta


def _read(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise FormatError(path, None, f"not a Pagefind {FORMAT} index file (no pagefind_dcd signature)")
    return cbor2.loads(raw[len(SIGNATURE):])


def _number(position: dict[str, int], url: str, shard: Path) -> int:
    try:
        return position[url]
    except KeyError:
        raise ContentError(shard, None, f"search shard holds {url}, which is not in the catalog") from None


def _words(shard: Path, meta: list, numbers: list[int], fields: list[str]):
    """(word, postings, variants) of a shard in word order, pages and metadata fields
    renumbered, one chunk read at a time."""
    # In a posting's metadata positions, -1 - i switches to the i-th metadata field of the
    # index (meta[5], sorted): a shard may lack a field the catalog has, so i changes.
    switch = {-1 - i: -1 - fields.index(field) for i, field in enumerate(meta[5])}
    switch = switch if any(k != v for k, v in switch.items()) else None
    for _, _, name in meta[2]:
        for word, postings, variants in _read(shard / "index" / f"{name}.pf_index")[0]:
            yield word, _renumber(postings, numbers, switch), [(v, _renumber(p, numbers, switch)) for v, p in variants]


def _renumber(postings: list, numbers: list[int], switch: dict[int, int] | None) -> list:
    page = 0
    for posting in postings:  # page numbers are deltas from the previous posting's
        page += posting[0]
        posting[0] = numbers[page]
        if switch:
            posting[2] = [switch[n] if n < 0 else n for n in posting[2]]
    return postings


# --- writing ----------------------------------------------------------------------------

def _write_words(shards: list[Path], metas: list, numbers: list, fields: list[str], directory: Path, files) -> list:
    """The merged words in chunks cut as Pagefind cuts them; their [from, to, file] list."""
    streams = [_words(shard, meta, own, fields) for shard, meta, own in zip(shards, metas, numbers)]
    chunks, chunk, size, last = [], [], 0, None
    for word, group in itertools.groupby(heapq.merge(*streams, key=itemgetter(0)), key=itemgetter(0)):
        group = list(group)
        if len(group) == 1:  # a shard's postings are in page order already
            postings, variants = group[0][1], dict(group[0][2])
        else:
            postings, variants = sorted(itertools.chain.from_iterable(g[1] for g in group), key=itemgetter(0)), {}
            for _, _, own in group:
                for variant, found in own:
                    variants.setdefault(variant, []).extend(found)
        chunk.append([word, postings, [[v, sorted(p, key=itemgetter(0))] for v, p in sorted(variants.items())]])
        for _, found in chunk[-1][2]:
            _deltas(found)
        size += _deltas(postings)
        if size >= CHUNK_POSITIONS:
            last = _close(chunks, chunk, directory, last, files)
            chunk, size = [], 0
    if chunk:
        _close(chunks, chunk, directory, last, files)
    return chunks


def _deltas(postings: list) -> int:
    """Page numbers made deltas again; the positions they hold, as Pagefind counts them."""
    previous = size = 0
    for posting in postings:
        if posting[0] < previous:  # a shard's pages out of the catalog's order
            raise FormatError("pagefind", None, "search shards: a word's pages are not in page order")
        posting[0], previous = posting[0] - previous, posting[0]
        size += len(posting[1]) + len(posting[2]) + 1
    return size


def _close(chunks: list, chunk: list, directory: Path, last: str | None, files) -> str:
    """Write a full chunk; its range's ends are cut to the shortest prefixes that tell it
    from its neighbours', as Pagefind's chunk_meta does."""
    first = chunk[0][0]
    if chunks:
        chunks[-1][1], first = _prefixes(last, first)
    chunks.append([first, chunk[-1][0], files.write(directory, [chunk], ".pf_index", 7)])
    return chunk[-1][0]


def _prefixes(a: str, b: str) -> tuple[str, str]:
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return a[:common + 1], b[:common + 1]


def _write_filters(shards: list[Path], metas: list, numbers: list, directory: Path, files) -> list:
    values: dict[str, dict[str, list[int]]] = {}
    for shard, meta, own in zip(shards, metas, numbers):
        for name, file in meta[3]:
            _, found = _read(shard / "filter" / f"{file}.pf_filter")
            for value, pages in found:
                values.setdefault(name, {}).setdefault(value, []).extend(own[page] for page in pages)
    return [[name, files.write(directory, [name, [[value, sorted(pages)] for value, pages in sorted(found.items())]],
                          ".pf_filter", 7)]
            for name, found in sorted(values.items())]


def _sort_order(values: list[str]) -> list[int]:
    """Page numbers by value, ties in page order: Pagefind compares numbers when every
    value reads as one, else strings."""
    try:
        keys = [float(value) for value in values]
    except ValueError:
        keys = values
    return sorted(range(len(values)), key=keys.__getitem__)


class _Files:
    """Index files gzip'd and written by a thread per core (gzip "best", as Pagefind's, is half
    the merge's CPU; zlib lets go of the GIL), a few at a time (memory)."""

    def __init__(self, bundle: Path, old: Path | None):
        self.bundle, self.old = bundle, old
        self.workers = os.cpu_count() or 1
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        self.pending: collections.deque = collections.deque()
        self.taken: set[Path] = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        try:
            while self.pending:
                self.pending.popleft().result()
        finally:
            self.pool.shutdown(cancel_futures=True)

    def write(self, directory: Path, value, suffix: str, digits: int, prefix: str = "") -> str:
        """Its name: a chunk's as Pagefind names it, SHA-1 of its CBOR, each byte in hex without
        its leading zero (Rust's `{:x?}`); filters and the metadata as
        pagefind_files.canonicalise renames them (Pagefind's own change from run to run)."""
        data = cbor2.dumps(value)
        raw = SIGNATURE + data
        if suffix == ".pf_index":
            digest = "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())
        else:
            digest = hashlib.sha256(raw).hexdigest()
        path = directory / f"{prefix}{LANGUAGE}_{digest[:digits]}{suffix}"
        while path in self.taken:  # another file's name: a longer one, as Pagefind does
            digits += 2
            path = directory / f"{prefix}{LANGUAGE}_{digest[:digits]}{suffix}"
        self.taken.add(path)
        if len(self.pending) >= 2 * self.workers:
            self.pending.popleft().result()
        before = self.old / path.relative_to(self.bundle) if self.old is not None else None
        self.pending.append(self.pool.submit(_gzip_to, path, raw, before))
        return path.name[len(prefix):-len(suffix)]


def _gzip_to(path: Path, raw: bytes, before: Path | None) -> None:
    try:
        if before is not None and gzip.decompress(before.read_bytes()) == raw:
            link(before, path)
            return
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
        pass  # not there, or not what it should be: written anew
    path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
