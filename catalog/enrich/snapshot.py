"""Stream arXiv's bulk metadata snapshot (JSON lines, ~2.7 M lines, several GB).

One pass, line by line, in bytes: the id is read off the start of the line with a regex
and a line is JSON-parsed only when its id is one the catalog asks for, so memory stays
flat however large the file is and the lines nobody wants cost a regex match each.
A record line looks like (shortened):

    {"id":"0704.0001","submitter":"…","authors":"C. Bal\\'azs, E. L. Berger, …",
     "title":"Calculation of prompt diphoton production cross sections at Tevatron and\\n  LHC
     energies","comments":"37 pages, 15 figures; published version","journal-ref":"…",
     "doi":"…","categories":"hep-ph","abstract":"…","versions":[{"version":"v1",
     "created":"Mon, 2 Apr 2007 19:18:42 GMT"},…],"update_date":"2008-11-13",
     "authors_parsed":[["Balázs","C.",""],["Berger","E. L.",""],…]}
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterator

from .latex_text import split_authors
from .record import WITHDRAWN

_ID_AT_START = re.compile(rb'^\s*\{\s*"id"\s*:\s*"([^"\\]*)"')
_ID_ANYWHERE = re.compile(rb'(?<!\\)"id"\s*:\s*"([^"\\]*)"')
PROGRESS_EVERY = 20_000  # lines between progress-bar updates


@dataclass
class Found:
    line: int
    id: str
    raw: dict | None  # None: the line is malformed (a warning says why)
    text: bytes = b""  # the line as it stands in the file (`add --from` keeps it verbatim)


def read_snapshot(path: Path, wanted: set[str], warn: Callable[[str], None],
                  progress: Callable[[int], None] = lambda n: None,
                  every: Callable[[int, str, bytes], None] | None = None) -> Iterator[Found]:
    """Every line of `path` whose id is in `wanted`, as raw records, first line per id.
    `every(number, id, line)` sees each record line as it goes by (by_abstract.py)."""
    # Snapshot ids are canonical (no version): compare the bytes as they stand.
    wanted_bytes = {ident.encode("ascii") for ident in wanted}
    seen: set[bytes] = set()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        done = 0
        for number, line in enumerate(f, 1):
            done += len(line)
            if number % PROGRESS_EVERY == 0:
                progress(done)
                done = 0
            match = _ID_AT_START.match(line) or _ID_ANYWHERE.search(line)
            if not match:
                if line.strip():
                    warn(f'{path}:{number}: not a metadata record (no "id"); skipped')
                continue
            key = match.group(1)
            if every is not None:
                every(number, key.decode("ascii", "replace"), line)
            if key not in wanted_bytes or key in seen:
                continue
            seen.add(key)
            ident = key.decode("ascii")
            yield Found(number, ident, _parse(path, number, ident, line, warn), line)
        progress(done)


def _parse(path: Path, number: int, ident: str, line: bytes, warn: Callable[[str], None]) -> dict | None:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        warn(f"{path}:{number}: malformed JSON for arXiv:{ident} ({getattr(exc, 'msg', exc)}); skipped")
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("title"), str):
        warn(f"{path}:{number}: the record of arXiv:{ident} has no title; skipped")
        return None
    return to_raw(ident, obj)


def to_raw(ident: str, obj: dict) -> dict:
    """A snapshot object -> the raw record form the API client also gives (see record.py)."""
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed and all(isinstance(a, list) for a in parsed):
        authors = [[str(p or "") for p in a[:3]] for a in parsed]
    else:
        authors = split_authors(str(obj.get("authors") or ""))
    return {
        "id": ident,
        "title": obj["title"],
        "authors": authors,
        "published": first_version_date(obj.get("versions")),
        "categories": str(obj.get("categories") or "").split(),
        "doi": obj.get("doi") or "",
        "journal_ref": obj.get("journal-ref") or "",
        "comment": obj.get("comments") or "",
        "withdrawn": bool(WITHDRAWN.search(str(obj.get("abstract") or "")[:200])),
    }


def first_version_date(versions) -> str:
    """"Mon, 2 Apr 2007 19:18:42 GMT" of v1 -> "2007-04-02"; "" if there is none."""
    if not isinstance(versions, list):
        return ""
    entries = [v for v in versions if isinstance(v, dict)]
    first = next((v for v in entries if v.get("version") == "v1"), entries[0] if entries else None)
    try:
        return parsedate_to_datetime(first["created"]).strftime("%Y-%m-%d")
    except (TypeError, ValueError, KeyError, IndexError):
        return ""
