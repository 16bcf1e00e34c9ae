"""Which arXiv ids the catalog already has, and which it removed, before `add` asks arXiv.

Read from the pages' front matter (`arxiv:`, any version; `withdrawn: true`) with a
line match rather than a YAML parse, so a catalog of 100,000 pages is looked through in
about a second; and from `content/ledger.tsv`, which remembers the pages deleted by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..enrich.record import base_id
from ..ingest.ledger import read_ledger
from .records import FILE, added_ids

_ARXIV = re.compile(r"""^arxiv:[ \t]*["']?([^"'\s#]+)""", re.MULTILINE)
_WITHDRAWN = re.compile(r"^withdrawn:[ \t]*(?:true|True|TRUE|yes|on)\b", re.MULTILINE)
_LOCATION = re.compile(r"^(.*):(\d+)$")


@dataclass
class Known:
    pages: dict[str, Path] = field(default_factory=dict)      # base id -> its page
    withdrawn: dict[str, Path] = field(default_factory=dict)  # base id -> its page, `withdrawn: true`
    deleted: dict[str, str] = field(default_factory=dict)     # base id -> the deleted page's slug
    added: dict[str, int] = field(default_factory=dict)       # base id -> its line in arxiv-added.jsonl
    files: set[Path] = field(default_factory=set)             # every page, with an id or not

    def removed(self, ident: str) -> str | None:
        """Why the catalog keeps `ident` out, with how to bring it back; None if it does not."""
        if ident in self.withdrawn:
            return (f"removed from the catalog: {self.withdrawn[ident]} says `withdrawn: true` "
                    "(delete that line to bring it back)")
        if ident in self.deleted:
            slug = self.deleted[ident]
            return (f"removed from the catalog: its page content/papers/{slug}.md was deleted "
                    f"(to bring it back, delete the lines of {slug} from content/ledger.tsv and run the build)")
        return None


def front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    if not text.lstrip("\ufeff").startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[:end] if end > 0 else text


def what_the_catalog_has(content_dir: Path) -> Known:
    known = Known(added=added_ids(content_dir / "sources"))
    papers = content_dir / "papers"
    for path in sorted(papers.glob("*.md")):
        known.files.add(path)
        head = front_matter(path)
        match = _ARXIV.search(head)
        ident = base_id(match.group(1)) if match else None
        if ident:
            (known.withdrawn if _WITHDRAWN.search(head) else known.pages).setdefault(ident, path)
    line_ids = {line: ident for ident, line in known.added.items()}
    for location, slug in read_ledger(content_dir).items():
        if (papers / f"{slug}.md").exists():
            continue
        ident = _id_of_slug(slug)
        where = _LOCATION.match(location)
        if where and where.group(1) == FILE:
            ident = line_ids.get(int(where.group(2)), ident)
        if ident and ident not in known.pages:
            known.deleted.setdefault(ident, slug)
    return known


def _id_of_slug(slug: str) -> str | None:
    """Pages of papers with an id are named by it: "2410.02098", "hep-th-9901001"."""
    return base_id(slug) or base_id(re.sub(r"-(\d{7})$", r"/\1", slug))
