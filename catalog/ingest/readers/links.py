"""Notes and saved pages (`*.md`, `*.html`): no abstracts, but often a reading list. Their
arXiv links ("[Mixtral](https://arxiv.org/abs/2401.04088)", "arXiv:2401.04088", the mirrors
`add` reads) are read as ids no abstract came with (lone_ids.py: one line a file with the
`add` command, for the papers the catalog lacks); the rest of the file is not read, and a file
with no such link gets the one warning any unread file gets."""

from __future__ import annotations

from ...arxiv.ids import ids_in_text
from ...errors import Warning_
from ..record import Abstract
from ..lone_ids import LoneId

EXTENSIONS = (".md", ".markdown", ".html", ".htm")


def read_links(name: str, text: str, warnings: list[Warning_], *, unread: str) -> list[Abstract]:
    """No abstracts: the file's arXiv links as LoneIds, a line each."""
    found = [(number, ids) for number, line in enumerate(text.split("\n"), 1) if (ids := tuple(ids_in_text(line)))]
    warnings += [LoneId(f"{name}:{number}", "not read: a link in notes", ids) for number, ids in found]
    if not found:
        warnings.append(Warning_(name, f"not read: {unread}"))
    return []
