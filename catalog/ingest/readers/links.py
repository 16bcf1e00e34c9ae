"""Notes and saved pages (`*.md`, `*.html`): no abstracts, but often a reading list. Their
arXiv links ("[Mixtral](https://arxiv.org/abs/2401.04088)", "arXiv:2401.04088", the mirrors
`add` reads) are read as ids no abstract came with (lone_ids.py: one line a file with the
`add` command, for the papers the catalog lacks); the rest of the file is not read: a file with
no such link gets the one warning any unread file gets, a note with lines of text one line
saying they were not read."""

from __future__ import annotations

from ...arxiv.ids import ids_in_text
from ...errors import Warning_
from ..record import Abstract
from ..lone_ids import LoneId

EXTENSIONS = (".md", ".markdown", ".html", ".htm")
PROSE_WORDS = 15  # a longer line is text a person may have meant as an abstract (split.COMMENT_MAX_WORDS)


def read_links(name: str, text: str, warnings: list[Warning_], *, unread: str) -> list[Abstract]:
    """No abstracts: the file's arXiv links as LoneIds, a line each."""
    lines = list(enumerate(text.split("\n"), 1))
    found = [(number, ids) for number, line in lines if (ids := tuple(ids_in_text(line)))]
    warnings += [LoneId(f"{name}:{number}", "not read: a link in notes", ids) for number, ids in found]
    if not found:
        warnings.append(Warning_(name, f"not read: {unread}"))
    elif prose := [number for number, line in lines if len(line.split()) > PROSE_WORDS and not ids_in_text(line)]:
        if name.lower().removesuffix(".gz").endswith((".md", ".markdown")):  # a saved page's lines are its markup
            warnings.append(Warning_(f"{name}:{prose[0]}", f"{len(prose)} line{'s' * (len(prose) > 1)} of text not "
                                     "read: a .md is read for its arXiv links only (abstracts go in a .txt file)"))
    return []
