"""Text dumps (`*.txt`): each block read in the layout it is written in.

An arXiv mailing entry (mailing.py), listing-page entry (listing.py) and abstract page
(abspage.py) are found by their own markers wherever they are in a file; every other line is
plain text, hard-wrapped paragraphs joined first (wrapped.py), then split as today
(split.py). A file of one abstract per line reads exactly as before. A PDF's ligatures
("ﬁ") and soft hyphens are read as the letters they stand for.
"""

from __future__ import annotations

import re

from ...errors import Warning_
from ..record import Abstract
from ..split import ARXIV_ID, OWN_ID, split_lines
from . import abspage, listing, mailing
from .fields import authors_list
from .headed import ids_first, ids_leading, is_title, take_heads, without_list_marks
from .wrapped import COMMENT, PROSE_MIN, unwrap

# What a PDF's text layer gives for "fi", "fl"… and its hyphens, as the words a dump spells.
PDF_CHARACTERS = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                                "\u2010": "-", "\u2011": "-"})
SOFT_HYPHEN = re.compile("\u00ad(?![ \t]*\n)")  # invisible inside a line; at its end it joins (wrapped.py)
# A paper's own id written another way on its line: "[arXiv:2106.09685]", "arXiv:2106.09685 [cs.CL]"
# (arXiv's "Cite as"), "https://arxiv.org/abs/2106.09685v2"; read as the plain layout's `arXiv:ID` line.
ID_LINE = re.compile(rf"^(\s*){OWN_ID}\s*$", re.IGNORECASE)
DASHED_PREFIX = re.compile(r"^(\s*)Abstract\s*[—–]\s*")  # IEEE's "Abstract—…"
# arXiv's dateline, copied with a paper's title and authors: "(Submitted on 10 Sep 2014 (v1), last
# revised 14 Dec 2014 (this version, v3))" (older pages), "[Submitted on 18 May 2023]"; not text.
DATELINE = re.compile(r"^\s*[\[(]Submitted on \d{1,2} [A-Z][a-z]{2} \d{4}\b.*[\])]\s*$")
RULE_LINE = re.compile(r"^\s*([-=_*~])\1{2,}\s*$")  # "-----", "=====" between papers: a blank line
PAGE_TITLE = re.compile(rf"^\s*\[{ARXIV_ID}\]\s+(?P<title>\S.*)$")  # "[ID] Title", an abs page's <title>
PAGE_TITLE_ID = re.compile(rf"^arXiv:{ARXIV_ID}$")
QUOTE_MARK = re.compile(r"^(?:[ \t]*>)+ ?")  # a mail reply's "> " (or "> > ", ">> ") before each line
QUOTED_RUN = 3  # lines in a row: one wrapped line may start with "> 90% …"; a quoted e-mail is a run


def read_text(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    lines = _unquoted(SOFT_HYPHEN.sub("", text.translate(PDF_CHARACTERS)).split("\n"))
    out: list[Abstract] = []
    chrome = _chrome(lines)
    plain_from, index = 0, 0
    while index < len(lines):
        found = _block_at(lines, index, plain_from)
        if found is None:
            index += 1
            continue
        first, last, reader = found
        if plain_from == 0 and chrome is not None and _only_a_header(lines[:first], chrome):
            warnings += _notes(name, lines[:first], chrome) if reader is mailing.read_entry else []
            plain_from = first  # a page's or mailing's header: its short lines name the lists it covers
        top = abspage.header_start(lines, first, plain_from)  # a listing page's header: not text
        out += _plain(name, lines, plain_from, top, chrome, warnings)
        record = reader(name, lines, first, last, warnings)
        out += [record] if record else []
        plain_from = index = last + 1
    return out + _plain(name, lines, plain_from, len(lines), chrome, warnings)


def _unquoted(lines: list[str]) -> list[str]:
    """The lines of a mailing or abstracts quoted in a reply ("> " before each) as they were sent;
    each line stays on its number, so warnings name the line the file shows."""
    quoted = [QUOTE_MARK.match(line) is not None for line in lines]
    out, index = list(lines), 0
    while index < len(lines):
        end = index
        while end < len(lines) and quoted[end]:
            end += 1
        if end - index >= QUOTED_RUN:
            out[index:end] = [QUOTE_MARK.sub("", line, count=1) for line in lines[index:end]]
        index = max(end, index + 1)
    return out


def _block_at(lines: list[str], index: int, plain_from: int):
    """(first, last, reader) of a mailing entry, listing entry or abs page at lines[index]; else None."""
    last = mailing.entry_at(lines, index)
    if last is not None:
        return index, last, mailing.read_entry
    last = listing.entry_at(lines, index)
    if last is not None:
        return index, last, listing.read_entry
    span = abspage.span_at(lines, index, plain_from)
    return (*span, abspage.read_page) if span else None


def _chrome(lines: list[str]):
    """The test for a line of a mailing's or listing page's own (None: the file holds neither)."""
    has_mailing = any(mailing.is_delimiter(line) and mailing.entry_at(lines, i) is not None for i, line in enumerate(lines))
    has_listing = any(listing.START.match(line) and listing.entry_at(lines, i) is not None for i, line in enumerate(lines))
    tests = [test for test, present in ((mailing.is_chrome, has_mailing), (listing.is_chrome, has_listing)) if present]
    return (lambda line: any(test(line) for test in tests)) if tests else None


def _only_a_header(lines: list[str], chrome) -> bool:
    """Only names before a file's first entry (besides its chrome): no line of prose, no id?"""
    return all(chrome(line) or (len(line.strip()) < PROSE_MIN and "arxiv:" not in line.lower()) for line in lines)


def _notes(name: str, header: list[str], chrome) -> list[Warning_]:
    """A person's note above a mailing they forwarded or quoted ("Worth a look:"): a mailing's
    header has no line of its own besides its chrome, so the note is not read, and said so."""
    kept = [(number, line.strip()) for number, line in _without_chrome(list(enumerate(header, 1)), chrome)
            if line.strip()]
    if not kept:
        return []
    more = f" (and {len(kept) - 1} more line{'s' if len(kept) > 2 else ''})" if len(kept) > 1 else ""
    return [Warning_(f"{name}:{kept[0][0]}", f"{kept[0][1]!r}{more} not read: a note above the arXiv mailing, "
                                              "not an abstract")]


def _plain(name: str, lines: list[str], start: int, end: int, chrome, warnings: list[Warning_]) -> list[Abstract]:
    """The abstracts of lines[start:end], a part in the plain or hard-wrapped layout."""
    numbered = [(number, line) for number, line in enumerate(lines[start:end], start + 1)]
    if chrome is not None:
        numbered = _without_chrome(numbered, chrome)
    numbered = [(number, "" if RULE_LINE.match(line) else _canonical(line))
                for number, line in _page_titles(numbered) if not DATELINE.match(line)]
    numbered, heads = take_heads(ids_first(without_list_marks(numbered)))
    numbered = ids_leading(numbered)  # after the heads: a wrapped first line, the id taken off, is no title
    records = split_lines(name, unwrap(numbered), warnings)
    for record in records:
        head = heads.get(record.line) if not record.glued else None
        if head is not None:
            record.title, record.authors = head.title, authors_list(head.authors)
    skipped = [(head.skipped_at, head.skipped) for head in heads.values() if head.skipped]
    if skipped:
        count, papers = sum(n for _, n in skipped), len(skipped)
        warnings.append(Warning_(f"{name}:{min(skipped)[0]}", f"{count} line{'s' * (count > 1)} between the authors and "
                                 f"'Abstract' (affiliations, e-mail addresses) not read, in {papers} "
                                 f"paper{'s' * (papers > 1)}; the title, authors and abstract were"))
    return records


def _page_titles(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """An abs page's own title, "[2112.10752] High-Resolution Image Synthesis…" (what a browser's
    tab, bookmark or phone's share sheet gives), as the id line above a title line (headed.py
    reads the list); the page's URL under it, the same id again, dropped."""
    out: list[tuple[int, str]] = []
    for number, line in numbered:
        match = PAGE_TITLE.match(line)
        if match and is_title(match.group("title")):
            ident = f"arXiv:{match.group('id')}{match.group('version') or ''}"
            out += [(number, ""), (number, ident), (number, match.group("title"))]  # a paper starts: a block of its own
            continue
        above = PAGE_TITLE_ID.match(out[-2][1]) if len(out) > 1 else None
        if not (above and ID_LINE.match(line) and ID_LINE.match(line).group("id") == above.group("id")):
            out.append((number, line))
    return out


def _names_a_list(line: str, following: str) -> bool:
    """A listing page's short heading right above its own lines: the list's name ("Machine
    Learning" above "See recent articles"), not a comment ("9 pages") of the abstract before it."""
    return (bool(following.strip()) and listing.is_chrome(following) and len(line.strip()) < PROSE_MIN
            and not COMMENT.search(line) and not ID_LINE.match(line) and "arxiv:" not in line.lower())


def _canonical(line: str) -> str:
    """An id line or an "Abstract—" prefix written another way, as the plain layout writes it."""
    match = ID_LINE.match(line)
    if match:
        return f"{match.group(1)}arXiv:{match.group('id')}{match.group('version') or ''}"
    return DASHED_PREFIX.sub(r"\1Abstract: ", line)


def _without_chrome(numbered: list[tuple[int, str]], chrome) -> list[tuple[int, str]]:
    """Without a mailing's or listing page's own lines; the names of the lists a mailing covers
    (between "Submissions to:" and "received from …") with them, and a saved e-mail's header."""
    out, in_header, in_mail_header = [], False, False
    for index, (number, line) in enumerate(numbered):
        lowered = line.strip().lower()
        following = numbered[index + 1][1] if index + 1 < len(numbered) else ""
        in_mail_header = bool(line.strip()) and (
            mailing.MAIL_HEADER.match(line) is not None or in_mail_header and line[:1] in " \t")
        if lowered.startswith("submissions to:"):
            in_header = True
        elif lowered.startswith("received from"):
            in_header = False
        elif not in_header and not in_mail_header and not chrome(line) and not _names_a_list(line, following):
            out.append((number, line))
            continue
        out.append((number, ""))  # a blank line in its place: what came before has ended
    return out
