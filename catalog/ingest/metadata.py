"""Metadata from the dumps (title, authors, categories, doi, journal, year) into pages.

Written as machine-set fields, recorded under `generated:` like enrich's, by the same
ownership rules (catalog/enrich/apply.py):
- a curated page (no `generated:` record, a title) is never touched;
- a field is filled when it is empty and either a machine wrote it or none ever did (a
  field a person emptied stays empty, one a person filled stays theirs);
- a title is also replaced while it is still the one ingest derived from the abstract.
A dump never overwrites metadata another dump or enrich gave: the first copy that gives a
field wins, so an ingest from scratch and one dump at a time give the same page.
"""

from __future__ import annotations

from ..ownership import GENERATED, has_derived_title, is_curated, machine_owned, set_generated
from .record import META_FIELDS
from .titles import derive_title


def merged(metas) -> dict:
    """Each field from the first copy that gives it, in META_FIELDS order."""
    out: dict = {}
    for meta in metas:
        for key, value in meta.items():
            out.setdefault(key, value)
    return {key: out[key] for key in META_FIELDS if key in out}


def set_new(meta: dict, given: dict) -> None:
    """A new page's metadata fields (its title is set by the caller)."""
    for key, value in given.items():
        if key != "title":
            set_generated(meta, key, value)


def fill(meta: dict, body: str, given: dict) -> bool:
    """Write into an existing page what it may take of `given`; True if anything changed."""
    if not given or is_curated(meta):
        return False
    changed = False
    for key, value in given.items():
        if meta.get(key) != value and _fillable(meta, key, body):
            set_generated(meta, key, value)
            changed = True
    return changed


def _fillable(meta: dict, key: str, body: str) -> bool:
    owned = machine_owned(meta, key)
    record = meta.get(GENERATED)
    if key == "title" and owned and _derived(meta, record, body):
        return True
    never_written = not (isinstance(record, dict) and key in record)
    return meta.get(key) in (None, "", []) and (owned or never_written)


def _derived(meta: dict, record: dict, body: str) -> bool:
    """Is the machine's title the one made from the abstract (not a dump's or arXiv's)? It is
    when `generated:` says so, when it still reads as derived, or when no machine ever gave the
    page any metadata (a title derived before `generated:` said so)."""
    return (has_derived_title(meta) or meta["title"] == derive_title(body)
            or not any(key in record for key in META_FIELDS if key != "title"))
