"""Search index: run Pagefind over the built (staged) site, writing `pagefind/` inside it.

render_site calls `build_index(stage, ...)` after every page is written and before the
staging directory is swapped in, so a failed index leaves the previous site untouched.

What Pagefind indexes is decided by the templates: only paper pages carry
`data-pagefind-body` (on the paper's <article>), and once any page has it Pagefind
leaves every page without it (index, topic pages, 404) out of the index. Inside the
article, navigation, the BibTeX block and related papers are `data-pagefind-ignore`;
filters (topic, year), the date sort key and result metadata come from
templates/_search.html. The browser side is templates/static/search.js.

The index is checked after the run: it must hold exactly one page per paper, so a
template change that drops or duplicates `data-pagefind-body` fails the build instead
of silently shipping a search that finds index pages or nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import time
from pathlib import Path
from typing import Callable

from ..errors import ContentError

BUNDLE = "pagefind"  # site-relative directory of the index; search.js loads BUNDLE/pagefind.js
LANGUAGE = "en"      # one index for the whole site, whatever lang a page declares
# Parts of a paper page that are not the paper: breadcrumbs, the BibTeX block
# (its fields would match every query for "title" or "author"), related papers and the
# pager (other papers' titles would make this page a hit for them).
# The header (chips, title, authors, facts, buttons) is left out too: title, authors,
# venue, arXiv id and slug are indexed, weighted, from a hidden block at the end of the
# article (templates/_search.html) that starts its own Pagefind section, so excerpts
# show the abstract rather than these fields.
# MathML annotations hold a formula's TeX (for copying): the rendered formula is indexed.
EXCLUDE = (".crumbs", ".paper-head", "#abstract-title", ".cite", ".related", ".pager", "annotation")
# Pagefind's stock UIs and highlighter: we ship our own small UI (static/search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    found = get_executable() if get_executable else None
    if found is None or not Path(found).is_file():
        raise ContentError("pagefind", None, "the search indexer is missing: pip install 'pagefind[bin]'")
    return Path(found)


def build_index(site_dir: Path, expected_pages: int, say: Callable[..., None] = print,
                bundle: Path | None = None) -> float:
    """Index `site_dir` into `site_dir/pagefind/` (or into `bundle`, for a build that swaps
    it in afterwards); returns the seconds it took. Raises ContentError on failure."""
    site_dir = Path(site_dir)
    bundle = Path(bundle) if bundle is not None else site_dir / BUNDLE
    if expected_pages == 0:  # no page would carry data-pagefind-body: Pagefind would index them all
        say("search index: no papers, none built")
        return 0.0
    started = time.perf_counter()
    command = [str(executable()), "--site", str(site_dir), "--output-path", str(bundle.resolve()),
               "--force-language", LANGUAGE, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ContentError("pagefind", None, f"search index failed: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ContentError("pagefind", None, "search index failed: " + (detail[-1] if detail else f"exit {result.returncode}"))
    pages = indexed_pages(bundle)
    if pages != expected_pages:
        raise ContentError("templates/paper.html", None,
                           f"search index holds {pages} pages, expected one per paper ({expected_pages}); "
                           "is data-pagefind-body on the paper article, and only there?")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    canonicalise(bundle)
    seconds = time.perf_counter() - started
    say(f"search index: {pages} papers in {seconds:.2f} s -> {BUNDLE}/")
    return seconds


def indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(bundle / "pagefind-entry.json", None, f"search index is unreadable: {exc}") from None
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())


# --- Byte-identical output -------------------------------------------------------------
# Pagefind 1.5.2 writes each filter's values in Rust HashMap order, which changes from run
# to run: the same content gives filter/*.pf_filter files with the same values in another
# order, hence other content hashes in their names, hence another pagefind.*.pf_meta (it
# lists them) and another pagefind-entry.json. Everything else is already stable. So we
# rewrite the filter files with their values sorted, rename them by content hash, and
# update the two files that reference them. The files are gzip'd CBOR behind a
# "pagefind_dcd" signature; the reader is Pagefind's own, which does not care about order.

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
