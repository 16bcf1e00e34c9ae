"""Metadata text as layouts give it, cleaned the way enrich cleans arXiv's (catalog/arxiv/latex_text.py)."""

from __future__ import annotations

import re

from ...arxiv.latex_text import clean_text, split_authors


def latex_line(text: str) -> str:
    """One line of readable text: LaTeX accents and math decoded, folded lines unfolded."""
    return clean_text(text)


# A PDF's footnote marks after a name: "Jane Doe1,2", "Wei Zhang*", "Bob Lee†‡".
FOOTNOTE_MARKS = re.compile(r"(?<=[^\W\d_.])[\d*†‡§¶♠♣♦♥]+(?:,[\d*†‡§¶♠♣♦♥]+)*(?=\s*(?:,|\band\b|$))")


def authors_list(text: str) -> list[str]:
    """"A. Smith, B. Jones and C. Doe" (arXiv's author line) -> one name each, LaTeX decoded."""
    while True:  # affiliations: "A. Smith (MIT), B. Jones ((1) CMU, (2) NYU)"
        text, count = re.subn(r"\s*\([^()]*\)", "", text)
        if not count:
            break
    return [name for name in split_authors(FOOTNOTE_MARKS.sub("", text)) if name]
