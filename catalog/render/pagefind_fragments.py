"""The pages' fragments of a merged Pagefind index (shard_merge.py): the shards' own files,
linked, under the names Pagefind would give them in one run."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from ..engine.output import link
from .pagefind_files import SIGNATURE


def link_fragments(shards: list[Path], metas: list, numbers: list, folder: Path, total: int) -> list:
    """The pages' [fragment, words] in catalog order, their fragments linked into `folder`.
    A fragment is named by the start of its content's hash, so two shards can give different
    pages one name (~17 % at 10,000 papers): the later page gets a longer name, as Pagefind
    names them within one run; identical pages share their file."""
    sources: list = [None] * total
    for shard, meta, own in zip(shards, metas, numbers):
        for (fragment, words), number in zip(meta[1], own):
            sources[number] = (shard / "fragment" / f"{fragment}.pf_fragment", fragment, words)
    taken: dict[str, Path] = {}
    pages = []
    for file, name, words in sources:
        full = None
        while name in taken and not _same_fragment(taken[name], file):
            full = full or _full_hash(file)
            name = f"en_{full[:len(name) - len('en_') + 1]}"  # one digit longer
        if name not in taken:
            taken[name] = file
            link(file, folder / f"{name}.pf_fragment")
        pages.append([name, words])
    return pages


def _fragment_json(file: Path) -> bytes:
    return gzip.decompress(file.read_bytes())[len(SIGNATURE):]


def _same_fragment(a: Path, b: Path) -> bool:
    return a == b or _fragment_json(a) == _fragment_json(b)


def _full_hash(file: Path) -> str:
    """Pagefind's full_hash of a fragment: SHA-1 of its JSON, each byte in hex without its leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(_fragment_json(file)).digest())
