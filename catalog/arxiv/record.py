"""One paper's arXiv metadata, the same whether it came from the API or the snapshot.

`raw` dicts are what the sources say (LaTeX and folded lines included); the cache keeps
them, so a better cleaning applies without asking arXiv again. `Record` is the cleaned form
that is written into pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .latex_text import author_name, clean_text

# New-style ids (0704.0001, 2410.02098) and old-style (hep-th/9901001, math.GT/0309136),
# each with an optional version.
_ID = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
# A new-style id as arXiv issues them: a real month from 0704 on, four digits to 1412, five since
# 1501. Dumps (ingest/split.py) and `add` (arxiv/ids.py) accept only these.
NEW_ID = (r"(?:(?:1[5-9]|[2-9]\d)(?:0[1-9]|1[0-2])\.\d{5}"
          r"|(?:07(?:0[4-9]|1[0-2])|0[89](?:0[1-9]|1[0-2])|1[0-4](?:0[1-9]|1[0-2]))\.\d{4})")
# How arXiv's comment and abstract say a paper was withdrawn ("This paper has been withdrawn by…").
WITHDRAWN = re.compile(r"\b(?:has been|is|was|been) withdrawn\b|^\s*withdrawn\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def base_id(text: str | None) -> str | None:
    """The canonical id, without "arXiv:", version or an old id's subject class:
    "2410.02098v2" -> "2410.02098", "math.GT/0309136v1" -> "math/0309136"; None if no id."""
    match = _ID.match((text or "").strip())
    if not match:
        return None
    ident = match.group(1)
    archive, sep, number = ident.partition("/")
    return f"{archive.split('.')[0].lower()}/{number}" if sep else ident


@dataclass
class Record:
    id: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: str = ""                 # first version, YYYY-MM-DD
    categories: list[str] = field(default_factory=list)  # primary first
    doi: str = ""
    journal: str = ""
    comment: str = ""
    withdrawn: bool = False

    @property
    def month(self) -> str | None:
        return self.published[:7] if re.match(r"^\d{4}-\d{2}", self.published) else None

    @property
    def journal_year(self) -> str | None:
        """The publication year a journal reference names (its last year), if any."""
        years = YEAR.findall(self.journal)
        return years[-1] if years else None


def from_raw(raw: dict) -> Record:
    """Clean a raw record. Authors are names ("Petar Veli\\v{c}kovi\\'c") or parsed
    [last, first, suffix] lists, as the snapshot's authors_parsed gives them."""
    authors = []
    for author in raw.get("authors") or []:
        name = author_name(*[str(p) for p in author[:3]]) if isinstance(author, list) else clean_text(str(author))
        if name and name not in authors:
            authors.append(name)
    categories = list(dict.fromkeys(c for c in raw.get("categories") or [] if c))
    comment = clean_text(raw.get("comment"))
    return Record(
        id=raw["id"], title=clean_text(raw.get("title")), authors=authors,
        published=str(raw.get("published") or "")[:10], categories=categories,
        doi=" ".join(str(raw.get("doi") or "").split()), journal=clean_text(raw.get("journal_ref")),
        comment=comment, withdrawn=bool(raw.get("withdrawn") or WITHDRAWN.search(comment)),
    )


def date_from_arxiv(arxiv: str) -> str | None:
    """YYYY-MM from the id: 2410.02098 -> 2024-10, hep-th/9901001 -> 1999-01."""
    match = re.match(r"^(\d{2})(\d{2})\.\d{4,5}$", arxiv) or re.match(r"^[a-z.\-A-Z]+/(\d{2})(\d{2})\d{3}$", arxiv)
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    century = 1900 if year >= 91 else 2000
    return f"{century + year}-{month}"
