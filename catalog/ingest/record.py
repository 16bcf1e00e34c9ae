"""The one record every reader yields: an abstract as found in a dump, with what the dump told of it.

A plain dump gives the text, maybe an arXiv id and comment lines; an arXiv listing, an abs
page, a BibTeX entry or a snapshot record also give a title, authors, categories… The rest of
ingest never knows which layout a record came from (see readers/__init__.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Metadata a dump may carry, written into a page as machine-set fields (catalog/ingest/metadata.py).
META_FIELDS = ("title", "authors", "categories", "doi", "journal", "year")


@dataclass
class Abstract:
    """One abstract as found in a dump (text not yet cleaned)."""

    file: str
    line: int
    column: int  # 1-based column where the text starts; 1 unless glued after something
    text: str
    arxiv: str | None = None
    version: str | None = None
    comments: list[str] = field(default_factory=list)
    prefix: str = ""  # an "Abstract:" prefix that was stripped
    glued: bool = False  # split off the abstract before it on the same line
    title: str = ""
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # primary first
    doi: str = ""
    journal: str = ""  # journal reference, or a BibTeX journal/booktitle
    year: str = ""

    @property
    def location(self) -> str:
        """"file:line"; a second abstract starting on the same line also gets its column."""
        return f"{self.file}:{self.line}:{self.column}" if self.glued else f"{self.file}:{self.line}"

    def metadata(self) -> dict:
        """The metadata fields the dump gave (empty ones left out), in META_FIELDS order."""
        values = {key: getattr(self, key) for key in META_FIELDS}
        return {key: (list(value) if isinstance(value, list) else value) for key, value in values.items() if value}
