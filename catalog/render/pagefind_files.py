"""Pagefind's bundle made byte-identical from build to build (search.py calls canonicalise).

Pagefind 1.5.2 writes each filter's values in Rust HashMap order, which changes from run
to run: the same content gives filter/*.pf_filter files with the same values in another
order, hence other content hashes in their names, hence another pagefind.*.pf_meta (it
lists them) and another pagefind-entry.json. Everything else is already stable. So we
rewrite the filter files with their values sorted, rename them by content hash, and
update the two files that reference them. The files are gzip'd CBOR behind a
"pagefind_dcd" signature; the reader is Pagefind's own, which does not care about order.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from ..errors import ContentError

SIGNATURE = b"pagefind_dcd"


def canonicalise(bundle: Path) -> None:
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry.get("languages", {}).values():
        meta_path = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_cbor(meta_path)
        filters = meta[3]  # MetaIndex: [version, pages, index_chunks, filters, sorts, meta_fields]
        for item in filters:  # [filter name, file hash]
            old = bundle / "filter" / f"{item[1]}.pf_filter"
            data = _read_cbor(old)  # FilterIndex: [filter name, [[value, [page, ...]], ...]]
            data[1].sort(key=lambda value: value[0])
            item[1] = _write_cbor(bundle / "filter", item[1], data, ".pf_filter", 7)
            if bundle / "filter" / f"{item[1]}.pf_filter" != old:
                old.unlink()
        filters.sort(key=lambda item: item[0])
        new_hash = _write_cbor(bundle, language["hash"], meta, ".pf_meta", 10, prefix="pagefind.")
        if new_hash != language["hash"]:
            meta_path.unlink()
            language["hash"] = new_hash
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _read_cbor(path: Path):
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ContentError(path, None, "unexpected search index format (no pagefind_dcd signature)")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw) or _encode(value) != raw[len(SIGNATURE):]:
        raise ContentError(path, None, "unexpected search index format (Pagefind version changed?)")
    return value


def _write_cbor(directory: Path, old_hash: str, value, suffix: str, digits: int, prefix: str = "") -> str:
    raw = SIGNATURE + _encode(value)
    language = old_hash.split("_", 1)[0]
    new_hash = f"{language}_{hashlib.sha256(raw).hexdigest()[:digits]}"
    (directory / f"{prefix}{new_hash}{suffix}").write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))
    return new_hash


def _decode(data: bytes, i: int):
    """Just enough CBOR for Pagefind's index files: ints, strings, bytes, arrays, simple values."""
    first = data[i]
    major, info = first >> 5, first & 31
    i += 1
    if info < 24:
        arg = info
    elif info <= 27:
        size = 1 << (info - 24)
        arg = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise ContentError("pagefind", None, f"unsupported CBOR item {first:#x} in the search index")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major == 2:
        return bytes(data[i:i + arg]), i + arg
    if major == 3:
        return data[i:i + arg].decode("utf-8"), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], i
    raise ContentError("pagefind", None, f"unsupported CBOR item {first:#x} in the search index")


def _head(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * size):
            return bytes([major << 5 | info]) + arg.to_bytes(size, "big")
    raise ValueError(arg)


def _encode(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xF4 if value is False else 0xF5 if value is True else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(3, len(data)) + data
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise TypeError(type(value))
