"""Text dumps (`*.txt`): each block read in the layout it is written in.

An arXiv mailing entry (mailing.py) and an arXiv abstract page (abspage.py) are found by
their own markers wherever they are in a file; every other line is plain text, hard-wrapped
paragraphs joined first (wrapped.py), then split as today (split.py). A file of one
abstract per line reads exactly as before.
"""

from __future__ import annotations

from ...errors import Warning_
from ..record import Abstract
from ..split import split_lines
from . import abspage, mailing
from .wrapped import unwrap


def read_text(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    lines = text.split("\n")
    out: list[Abstract] = []
    plain_from, index = 0, 0
    in_mailing = any(line.strip() == "\\\\" and mailing.entry_at(lines, i) is not None for i, line in enumerate(lines))
    while index < len(lines):
        first, last, reader = index, mailing.entry_at(lines, index), mailing.read_entry
        if last is None:
            span, reader = abspage.span_at(lines, index, plain_from), abspage.read_page
            first, last = span if span else (index, None)
        if last is None:
            index += 1
            continue
        out += _plain(name, lines, plain_from, first, in_mailing, warnings)
        record = reader(name, lines, first, last, warnings)
        out += [record] if record else []
        plain_from = index = last + 1
    return out + _plain(name, lines, plain_from, len(lines), in_mailing, warnings)


def _plain(name: str, lines: list[str], start: int, end: int, in_mailing: bool,
           warnings: list[Warning_]) -> list[Abstract]:
    """The abstracts of lines[start:end], a part in the plain or hard-wrapped layout."""
    numbered = [(number, line) for number, line in enumerate(lines[start:end], start + 1)]
    if in_mailing:
        numbered = _without_mailing_chrome(numbered)
    return split_lines(name, unwrap(numbered), warnings)


def _without_mailing_chrome(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A mailing's rules, header and footer; the names of the lists it covers (between
    "Submissions to:" and "received from …") with them."""
    out, in_header = [], False
    for number, line in numbered:
        lowered = line.strip().lower()
        if lowered.startswith("submissions to:"):
            in_header = True
        elif lowered.startswith("received from"):
            in_header = False
        elif not in_header and not mailing.is_chrome(line):
            out.append((number, line))
            continue
        out.append((number, ""))  # a blank line in its place: what came before has ended
    return out
