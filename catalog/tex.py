"""TeX math in a page's Markdown body: where it is. One rule for every stage: ingest
keeps math exactly as written (no Markdown escaping inside it), render turns it into
MathML (catalog/render/math.py).

Delimiters: `$…$`, `\\(…\\)`, and for display math `$$…$$`. Not `\\[…\\]`: in Markdown
that is an escaped bracket, which ingest writes for every literal "[" ("\\[Gunasekar et
al., 2023\\]"), so it cannot also mean math. `$…$` is read as
pandoc reads it: no space just inside the dollars ("costs $5 and $10" is not math), an
escaped `\\$` is never a delimiter, and a digit right after the closing `$` is allowed only
when the inside is clearly TeX ("$\\sim$3B", not "$5-$10").
"""

from __future__ import annotations

import re
from typing import Iterator

# Every branch starts with "$" or "\\", which lets the regex engine skip ahead fast (5x
# faster over abstracts with no math than a pattern that opens with a lookbehind).
PATTERN = (r"\$(?<![\\$]\$)(?:\$(?P<block>[^$]+?)\$\$|(?P<inline>[^\s$](?:[^$]*?[^\s\\$])?)\$(?!\$))"
           r"|\\\((?P<paren>.+?)\\\)")
MATH = re.compile(PATTERN)
_TEX_SIGN = re.compile(r"[\\^_{]")


def delimited(match: re.Match) -> tuple[str, bool] | None:
    """(TeX, is display math) of a PATTERN match; None when it is not math after all."""
    inline = match.group("inline")
    if inline is not None and match.string[match.end():match.end() + 1].isdigit() and not _TEX_SIGN.search(inline):
        return None
    for name, block in (("inline", False), ("paren", False), ("block", True)):
        if match.group(name) is not None:
            return match.group(name).strip(), block
    raise ValueError(match.group(0))


def math_spans(text: str) -> Iterator[re.Match]:
    """The math in `text`, in order."""
    for match in MATH.finditer(text):
        if delimited(match) is not None:
            yield match
