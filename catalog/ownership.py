"""Who owns a page's fields: what ingest, enrich and the dump readers wrote is recorded under
`generated:`, so a later run can tell a person's edit and never rewrite it."""

from __future__ import annotations

# What ingest and enrich wrote last, field by field, under this front-matter key. A field
# whose value still equals its record is the machine's and may be updated (a better title
# from arXiv, topics after topics.yaml changed); a field a person edited, or one with no
# record (curated pages), is the person's and is never rewritten.
GENERATED = "generated"


def machine_owned(meta: dict, key: str) -> bool:
    """True when `key` still holds exactly what ingest or enrich wrote there."""
    record = meta.get(GENERATED)
    return isinstance(record, dict) and key in record and record[key] == meta.get(key)


def is_curated(meta: dict) -> bool:
    """A page with no `generated:` record and a title (the seed pages): no machine writes into it."""
    return not isinstance(meta.get(GENERATED), dict) and bool(meta.get("title"))


def set_generated(meta: dict, key: str, value) -> None:
    """Write a machine-derived value and remember it, so a later run can tell a person's edit."""
    meta[key] = value
    record = meta.get(GENERATED)
    if not isinstance(record, dict):
        record = meta[GENERATED] = {}
    record[key] = list(value) if isinstance(value, list) else value
    if key == "title":
        record.pop(TITLE_FROM, None)  # a title from arXiv or a dump is a real one


# In the `generated:` record: "abstract" while the title is one ingest made from the abstract
# (the last resort; render shows it as such and counts it). Any other title ends it.
TITLE_FROM = "title_from"


def set_derived_title(meta: dict, title: str) -> None:
    set_generated(meta, "title", title)
    meta[GENERATED][TITLE_FROM] = "abstract"


def has_derived_title(meta: dict) -> bool:
    """The title is still the one ingest made from the abstract (no person or source changed it)."""
    record = meta.get(GENERATED)
    return isinstance(record, dict) and record.get(TITLE_FROM) == "abstract" and machine_owned(meta, "title")
