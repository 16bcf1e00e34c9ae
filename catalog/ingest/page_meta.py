"""What a new page says, taken from its copies in the dumps, and what later copies add to a page."""

from __future__ import annotations

from ..arxiv.record import date_from_arxiv
from ..pages import new_meta
from ..ownership import set_derived_title, set_generated
from . import metadata
from .scan import Found
from .titles import slug_for


def new_page_meta(copies: list[Found], derived_title: str, topic_keys: list[str], taken: set[str],
              restored_slug=None) -> dict:
    """A new page; a title a dump gives is used over the one derived from the abstract."""
    arxiv = next((c.arxiv for c in copies if c.arxiv), None)
    given = metadata.merged(c.meta for c in copies)
    title = given.get("title") or derived_title
    meta = new_meta(restored_slug or slug_for(arxiv, title, taken))  # a restored paper's slug, else a new one
    meta.update(arxiv=arxiv, date=date_from_arxiv(arxiv) if arxiv else given.get("year"))
    if given.get("title"):
        set_generated(meta, "title", title)
    else:
        set_derived_title(meta, title)
    set_generated(meta, "topics", topic_keys)
    metadata.set_new(meta, given)
    for copy in copies:
        add_new(meta["comments"], copy.comments)
        add_new(meta["links"]["code"], copy.code)
        add_new(meta["sources"], [copy.location])
    return meta


def learn(meta: dict, body: str, copies: list[Found]) -> bool:
    """Add to an existing page what copies from unseen locations tell; True if anything changed."""
    changed = metadata.fill(meta, body, metadata.merged(c.meta for c in copies if c.location not in meta["sources"]))
    for copy in copies:
        if copy.location in meta["sources"]:
            continue
        meta["sources"].append(copy.location)
        changed = True
        if copy.arxiv and not meta["arxiv"]:
            meta["arxiv"] = copy.arxiv
            meta["date"] = meta["date"] or date_from_arxiv(copy.arxiv)
        add_new(meta["comments"], copy.comments)
        add_new(meta["links"].setdefault("code", []), copy.code)
    return changed


def add_new(target: list, values) -> None:
    for value in values:
        if value not in target:
            target.append(value)
