"""Per-paper pieces of the catalog-wide exports, kept in the build cache.

papers.json and catalog.bib list every paper, so every edit rewrites them. Each paper's
piece (its papers.json record, its BibTeX entry) is kept by its page's content hash,
with what else it depends on: the code, the citation key (unique across the catalog, so
another page can change it) and the entry's url field. A build renders the pieces of
edited papers only and joins the rest; a clean build renders them all. Both write the
same bytes: the pieces are the strings the exports are made of (exports.py).

The paper page shows the same BibTeX entry: it is taken from here too.
"""

from __future__ import annotations

from . import bibtex, exports
from .citation import bibtex_url
from .model import Model

USERS = ("papers.json", "catalog.bib")  # outputs made of the pieces


def fill(model: Model, stored: dict[str, tuple], page_keys: dict[str, str], code: str) -> tuple[dict, set]:
    """Give every paper its pieces (`paper.exported`), from `stored` (page key -> (code,
    citation key, url, record, entry)) where still valid. Updates `stored`; returns what
    was added and the keys no paper uses any more, for the cache."""
    added, used = {}, set()
    inline = exports.abstracts_inline(model)
    code = f"{code}:{'inline' if inline else 'split'}"  # the record holds the abstract or its file
    for paper in model.papers:
        key, url = page_keys[paper.slug], bibtex_url(model, paper)
        piece = stored.get(key)
        if piece is None or piece[0] != code or piece[1] != paper.cite_key or piece[2] != url:
            piece = (code, paper.cite_key, url, exports.record_json(paper, inline),
                     bibtex.entry(paper.meta, paper.cite_key, url))
            stored[key] = added[key] = piece
        paper.exported = piece[3:]
        used.add(key)
    gone = set(stored) - used
    for key in gone:
        del stored[key]
    return added, gone
