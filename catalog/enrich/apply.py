"""Merge arXiv metadata into a page's front matter without ever overwriting a person.

The rule, field by field:
- a page with no `generated:` record and a non-empty title is curated (the seed pages):
  enrich leaves every field of it alone, even an empty one;
- otherwise a field is enrich's to write when it still holds exactly what ingest or enrich
  wrote there (`machine_owned`), or when it is empty and no machine ever wrote it (a field
  a person emptied after a machine filled it stays empty);
- `date` is also enrich's when it still holds the month ingest read off the arXiv id.
Every value written is remembered in `generated:`, so the next run can tell a person's
edit. The values depend only on the metadata, never on the clock: a second run with the
same metadata writes the same bytes.
"""

from __future__ import annotations

from ..arxiv.record import date_from_arxiv
from ..ownership import GENERATED, is_curated, machine_owned, set_generated
from ..arxiv.record import Record

# Fields enrich may write, in the order they are added to a page that lacks them.
NEW_FIELDS = ("categories", "doi", "journal")


def may_set(meta: dict, key: str) -> bool:
    if machine_owned(meta, key):
        return True
    record = meta.get(GENERATED)
    if isinstance(record, dict) and key in record:
        return False  # a machine wrote it and a person changed it since
    if key == "date" and meta.get("date") and meta.get("arxiv"):
        return meta["date"] == date_from_arxiv(meta["arxiv"])
    return meta.get(key) in (None, "", [])


def updates(record: Record) -> dict:
    """The fields a record gives; empty ones are left out (nothing to give)."""
    values = {
        "title": record.title,
        "authors": record.authors,
        "date": record.month,
        "comments": [record.comment] if record.comment else [],
        "categories": record.categories,
        "doi": record.doi,
        "journal": record.journal,
        "year": record.journal_year,
    }
    return {key: value for key, value in values.items() if value}


def apply_record(meta: dict, record: Record) -> list[str]:
    """Write what the record gives into `meta` where allowed; the names of changed fields."""
    if is_curated(meta):
        return []
    changed = []
    for key, value in updates(record).items():
        if not may_set(meta, key):
            continue
        before = meta.get(key)
        set_generated(meta, key, value)
        if before != value:
            changed.append(key)
    return changed
