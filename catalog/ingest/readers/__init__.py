"""A reader per dump layout, picked by the file's extension (and in a text file, per block).

As Pelican's readers: each reader turns one kind of file into the same records
(record.Abstract: text, id, title, authors, categories, comments, doi, journal, file:line),
so the rest of ingest never knows which layout a paper came from.

    .txt            text.py: plain, hard-wrapped, arXiv listing/mailing and abs-page blocks
    .bib            bibtex.py: a reference manager's or arXiv's BibTeX export
    .jsonl, .json   jsonl.py: records in the shape of arXiv's metadata snapshot

Any other file gets one warning naming it, and is not read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ...errors import Warning_
from ..record import Abstract
from ..sources import decode_dump
from .jsonl import read_jsonl
from .text import read_text

Reader = Callable[[str, str, list[Warning_]], list[Abstract]]


def _read_bibtex(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    from .bibtex import read_bibtex  # imported here: bibtexparser is loaded only for .bib dumps
    return read_bibtex(name, text, warnings)


READERS: dict[str, Reader] = {".txt": read_text, ".bib": _read_bibtex, ".jsonl": read_jsonl, ".json": read_jsonl}


def reader_for(name: str) -> Reader | None:
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    return READERS.get(suffix)


def read_source(name: str, data: bytes, decode_warnings: list[Warning_],
                read_warnings: list[Warning_]) -> list[Abstract] | None:
    """The abstracts of one file of content/sources/; None when it cannot be read at all."""
    reader = reader_for(name)
    if reader is None:
        decode_warnings.append(not_read(Path(name)))
        return None
    text = decode_dump(name, data, decode_warnings)
    return None if text is None else reader(name, text, read_warnings)


def not_read(path: Path) -> Warning_:
    """The warning for a folder or a file that no reader reads."""
    kinds = ", ".join(sorted(READERS))
    what = "a folder (dumps go straight into sources/)" if path.is_dir() else f"ingest reads only {kinds} files"
    return Warning_(path.name, f"not read: {what}")
