"""A paper's BibTeX entry as the site shows it (paper page, catalog.bib): the cached piece
(fragments.py) when there is one, else made here (bibtex.py)."""

from __future__ import annotations

from . import bibtex


def bibtex_url(model, paper) -> str:
    return model.urls.absolute(paper.path) if model.config.site_url else ""  # a relative url field helps no one


def bibtex_entry(model, paper) -> str:
    if paper.exported:  # the build cache's (fragments.py)
        return paper.exported[1]
    return bibtex.entry(paper.meta, paper.cite_key, bibtex_url(model, paper))
