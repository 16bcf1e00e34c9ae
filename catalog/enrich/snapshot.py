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
from pathlib import Path
from typing import Callable, Iterator

from ..arxiv.snapshot import to_raw  # also imported from here by callers

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
