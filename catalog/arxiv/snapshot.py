"""A record of arXiv's metadata snapshot (one JSON object a line) -> the raw form the API client also gives."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

from .latex_text import split_authors
from .record import WITHDRAWN


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
