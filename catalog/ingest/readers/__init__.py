"""A reader per dump layout, picked by the file's extension (and in a text file, per block).

As Pelican's readers: each reader turns one kind of file into the same records
(record.Abstract: text, id, title, authors, categories, comments, doi, journal, file:line),
so the rest of ingest never knows which layout a paper came from.

    .txt            text.py: plain, hard-wrapped, arXiv mailing, listing and abs-page blocks
    .bib            bibtex.py: a reference manager's or arXiv's BibTeX export
    .jsonl, .json   jsonl.py: records in the shape of arXiv's metadata snapshot
    .md, .html      links.py: no abstracts, only the arXiv papers a note or saved page links

Any of them may be gzipped (`cut.jsonl.gz`). A `.txt` file that holds BibTeX or snapshot
records (saved under the wrong name) is read as what it holds. Any other file gets one
warning naming it, and is not read.
"""

from __future__ import annotations

import gzip
import re
import zlib
from functools import partial
from pathlib import Path
from typing import Callable

from ...arxiv.record import NEW_ID, base_id
from ...errors import Warning_
from ..record import Abstract
from ..sources import decode_dump
from ..lone_ids import LoneId
from .bibtex import read_bibtex
from .jsonl import read_jsonl
from . import links
from .text import read_text

Reader = Callable[[str, str, list[Warning_]], list[Abstract]]


ABSTRACTS: dict[str, Reader] = {".txt": read_text, ".bib": read_bibtex, ".jsonl": read_jsonl, ".json": read_jsonl}
ONLY = f"ingest reads only {', '.join(sorted(ABSTRACTS))} files (and arXiv links in .md and .html)"
READERS: dict[str, Reader] = {**ABSTRACTS, **dict.fromkeys(links.EXTENSIONS, partial(links.read_links, unread=ONLY))}


def reader_for(name: str) -> Reader | None:
    name = name.lower().removesuffix(".gz")
    return READERS.get(name[name.rfind("."):] if "." in name else "")


def read_source(name: str, data: bytes, decode_warnings: list[Warning_],
                read_warnings: list[Warning_]) -> list[Abstract] | None:
    """The abstracts of one file of content/sources/; None when it cannot be read at all."""
    reader = reader_for(name)
    if reader is None:
        decode_warnings.append(not_read(Path(name)))
        return None
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            decode_warnings.append(Warning_(name, f"not read: not a whole gzip file ({exc})"))
            return None
    text = decode_dump(name, data, decode_warnings)
    if text is None:
        return None
    records = _by_content(text, reader)(name, text, read_warnings)
    if reader not in ABSTRACTS.values():
        return None  # a note read for its links only: not a dump of abstracts (the summary counts none)
    for record in records:
        if record.arxiv and "/" in record.arxiv:  # "math.DG/0211159" (as old papers are cited) is math/0211159
            record.arxiv = base_id(record.arxiv) or record.arxiv
    return records


BIBTEX_START = re.compile(r"\A\s*(?:%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")
JSON_RECORD = re.compile(r'\A\s*\{\s*"(?:id|abstract|title)"\s*:')


def _by_content(text: str, reader: Reader) -> Reader:
    """A text file that is BibTeX or snapshot records read as such."""
    if reader is read_text and BIBTEX_START.match(text):
        return read_bibtex
    if reader is read_text and JSON_RECORD.match(text):
        return read_jsonl
    return reader


def not_read(path: Path) -> Warning_:
    """The warning for a folder or a file that no reader reads. A file named by arXiv's id
    (its PDF as arXiv names it, "2401.04088v1.pdf") is the paper: ingest names the id with the
    `add` command, unless the catalog has it (lone_ids.py)."""
    what = "a folder (dumps go straight into sources/)" if path.is_dir() else ONLY
    pdf = path.name[:-4] if path.name.lower().endswith(".pdf") and not path.is_dir() else ""
    named = re.fullmatch(rf"(?:arXiv[_:-]?)?(?P<id>{NEW_ID})(?:v\d+)?", pdf, re.IGNORECASE)
    if named:
        return LoneId(path.name, f"not read: {what}", (named.group("id"),))
    return Warning_(path.name, f"not read: {what}")
