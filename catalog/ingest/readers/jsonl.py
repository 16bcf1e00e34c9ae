"""JSON lines in the shape of arXiv's metadata snapshot: one record a line.

    {"id":"2006.16668","authors":"Dmitry Lepikhin, HyoukJoong Lee, …","title":"GShard: Scaling Giant
     Models with Conditional Computation and Automatic\\n  Sharding","comments":null,"journal-ref":null,
     "doi":null,"categories":"cs.CL cs.LG stat.ML","abstract":"  Neural network scaling has been …\\n",
     "versions":[{"version":"v1","created":"Tue, 30 Jun 2020 10:42:02 GMT"}],"update_date":"2020-07-01",
     "authors_parsed":[["Lepikhin","Dmitry",""],…]}

A maintainer cuts their papers out of the snapshot, and `build.py add` writes the records it
fetches in the same shape. The record is read by enrich's own snapshot code (one cleaning of
titles and names for both), so a page gets the same metadata from a dump as from enrich.
"""

from __future__ import annotations

import json

from ...errors import Warning_
from ..record import Abstract


def read_jsonl(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    """One abstract per record line; a line that is no record gets a warning naming it."""
    if text.lstrip().startswith("["):
        warnings.append(Warning_(name, "not read: a JSON array; write one record a line (JSON lines, "
                                       "as arXiv's metadata snapshot)"))
        return []
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            abstract = _record(name, number, line, warnings)
            if abstract is not None:
                out.append(abstract)
    return out


def _record(name: str, number: int, line: str, warnings: list[Warning_]) -> Abstract | None:
    # Imported here: the enrich package imports ingest, so ingest reaches into it only when run.
    from ...enrich.record import base_id, from_raw
    from ...enrich.snapshot import to_raw

    where = f"{name}:{number}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        warnings.append(Warning_(where, f"not a JSON record ({exc.msg} at column {exc.colno}); skipped"))
        return None
    if not isinstance(obj, dict):
        warnings.append(Warning_(where, "not a JSON object (a snapshot record is {\"id\": …, \"abstract\": …}); skipped"))
        return None
    given = str(obj.get("id") or "").strip()
    ident = base_id(given)
    label = f"arXiv:{ident}" if ident else "the record"
    if given and ident is None:
        warnings.append(Warning_(where, f"{given!r} is not an arXiv id; the paper is read without one"))
    text = " ".join(str(obj.get("abstract") or "").split())
    if not text:
        warnings.append(Warning_(where, f"{label} has no abstract; skipped"))
        return None
    record = from_raw(to_raw(ident or "", {**obj, "title": str(obj.get("title") or "")}))
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
