"""JSON lines in the shape of arXiv's metadata snapshot: one record a line.

    {"id":"2006.16668","authors":"Dmitry Lepikhin, HyoukJoong Lee, …","title":"GShard: Scaling Giant
     Models with Conditional Computation and Automatic\\n  Sharding","comments":null,"journal-ref":null,
     "doi":null,"categories":"cs.CL cs.LG stat.ML","abstract":"  Neural network scaling has been …\\n",
     "versions":[{"version":"v1","created":"Tue, 30 Jun 2020 10:42:02 GMT"}],"update_date":"2020-07-01",
     "authors_parsed":[["Lepikhin","Dmitry",""],…]}

A maintainer cuts their papers out of the snapshot, and `build.py add` writes the records it
fetches in the same shape. A JSON array of such records is read too. The record is read by the snapshot code enrich uses (catalog/arxiv/) (one cleaning of
titles and names for both), so a page gets the same metadata from a dump as from enrich.
"""

from __future__ import annotations

import json
import re

from ...errors import Warning_
from ...arxiv.latex_text import unfold
from ...arxiv.record import base_id, from_raw
from ...arxiv.snapshot import to_raw
from ..record import Abstract
from ..lone_ids import LoneId


def read_jsonl(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    """One abstract per record line; a line that is no record gets a warning naming it. A file
    holding one JSON document instead (an array of records, or one record over many lines) is
    read as such, each record located where it starts."""
    found = _documents(text)
    if found is None:
        found = [(number, 1, line) for number, line in enumerate(text.split("\n"), 1) if line.strip()]
    out = []
    for number, column, line in found:
        abstract = _record(name, number, line, warnings)
        if abstract is not None:
            abstract.column, abstract.glued = column, column > 1  # a second record on a line: file:line:column
            out.append(abstract)
    return out


def _documents(text: str) -> list[tuple[int, int, str]] | None:
    """(line, column, record as JSON) of each record when the file is one JSON array or one
    object over several lines; None when it is JSON lines (or no JSON at all)."""
    stripped = text.lstrip()
    start = len(text) - len(stripped)
    try:
        whole = json.loads(text) if stripped.startswith(("[", "{")) else None
    except json.JSONDecodeError:
        return None  # JSON lines, or broken: read line by line, each bad line named
    if isinstance(whole, dict) and "\n" in stripped.rstrip():
        return [(text.count("\n", 0, start) + 1, 1, json.dumps(whole))]
    if not isinstance(whole, list):
        return None
    decoder, out, position = json.JSONDecoder(), [], start + 1
    for _ in whole:
        position = SEPARATOR.match(text, position).end()
        item, end = decoder.raw_decode(text, position)
        line = text.count("\n", 0, position) + 1
        shared = bool(out) and out[-1][0] == line  # a second record on a line is told apart by its column
        out.append((line, position - text.rfind("\n", 0, position) if shared else 1, json.dumps(item)))
        position = end
    return out


SEPARATOR = re.compile(r"[\s,]*")


def _record(name: str, number: int, line: str, warnings: list[Warning_]) -> Abstract | None:
    where = f"{name}:{number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        warnings.append(Warning_(where, f"not a JSON record ({exc.msg}, column {exc.colno}); skipped"))
        return None
    if not isinstance(obj, dict):
        warnings.append(Warning_(where, "not a JSON object (a snapshot record is {\"id\": …, \"abstract\": …}); skipped"))
        return None
    obj = _snapshot_shaped(obj)
    given = str(obj.get("id") or "").strip()
    ident = base_id(given)
    label = f"arXiv:{ident}" if ident else "the record"
    if given and ident is None:
        warnings.append(Warning_(where, f"{given!r} is not an arXiv id; the paper is read without one"))
    text = unfold(str(obj.get("abstract") or ""))
    if not text:
        message = f"{label} has no abstract; skipped"
        warnings.append(LoneId(where, message, (ident,)) if ident else Warning_(where, message))
        return None
    record = from_raw(to_raw(ident or "", obj))
    if record.withdrawn:
        warnings.append(Warning_(where, f"{label} is withdrawn; skipped"))
        return None
    return Abstract(name, number, 1, text, arxiv=ident, version=_last_version(obj.get("versions")),
                    comments=[record.comment] if record.comment else [], title=record.title,
                    authors=record.authors, categories=record.categories, doi=record.doi,
                    journal=record.journal, year=record.journal_year or "")


def _last_version(versions) -> str | None:
    names = [v.get("version") for v in versions if isinstance(v, dict)] if isinstance(versions, list) else []
    return next((str(v) for v in reversed(names) if v), None)


def _snapshot_shaped(obj: dict) -> dict:
    """The snapshot's own shape from a record that lists its authors or categories (as other
    tools write them): "A, B" and "cs.LG cs.CL", as the snapshot has them. Semantic Scholar's
    and Hugging Face's paper records too: authors as {"name": …}, the arXiv id in
    `externalIds.ArXiv` (Semantic Scholar), the abstract as `summary` (Hugging Face)."""
    obj = {**obj, "title": str(obj.get("title") or "")}
    external = obj.get("externalIds")
    if not obj.get("id") and isinstance(external, dict) and external.get("ArXiv"):
        obj["id"] = external["ArXiv"]
    if not obj.get("abstract") and isinstance(obj.get("summary"), str):
        obj["abstract"] = obj["summary"]
    if isinstance(obj.get("authors"), list) and not obj.get("authors_parsed"):
        names = [author.get("name") if isinstance(author, dict) else author for author in obj["authors"]]
        obj["authors"] = ", ".join(str(name) for name in names if name)
    if isinstance(obj.get("categories"), list):
        obj["categories"] = " ".join(str(code) for code in obj["categories"] if code)
    return obj
