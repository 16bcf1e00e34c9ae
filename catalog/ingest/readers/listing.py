"""Text copied from an arXiv listing page (arxiv.org/list/cs.LG/new) in a browser:

    New submissions (showing 7 of 7 entries)

    [1] arXiv:2512.04392 [pdf, html, other]
    Title: Informative missingness and its implications in semi-supervised learning
    Jinran Wu, You-Gan Wang, Geoffrey J. McLachlan
    Comments: 1
    Subjects: Machine Learning (stat.ML); Machine Learning (cs.LG)

    Semi-supervised learning (SSL) constructs classifiers using both labelled and …

An entry starts at its `[n] arXiv:ID [pdf, …]` line; the author line has no label; the
abstract is the paragraph after the fields. A replacement is listed without an abstract and
gets a warning. The page's own lines (its header, "Cross submissions (showing …)", the footer;
in the older pages "New submissions for Thu, 21 Jul 2022", "Cross-lists for …")
are set apart by `is_chrome` in a file that holds entries, and so are the short lines
before its first entry (the list's name).
"""

from __future__ import annotations

import re

from ...errors import Warning_
from ..record import Abstract
from ..split import ARXIV_ID
from .abspage import SUBJECT
from .fields import authors_list, latex_line

START = re.compile(rf"^\s*\[\d+\]\s+arXiv:{ARXIV_ID}\s*(?:\((?:replaced|cross-list[^)]*)\)\s*)?(?:\[[^\]]*\])?\s*$")
FIELD = re.compile(r"^\s*(?P<key>Title|Authors|Comments|Journal-ref|Subjects|DOI|Report-no|MSC-class|ACM-class)"
                   r":\s*(?P<value>.*)$")
CHROME = re.compile(r"^\s*(?:[•*-]\s*)?(?:Skip to main content|Cornell University|We gratefully acknowledge .*|"
                    r"arxiv logo.*|arXiv logo|Cornell University Logo|Help \| Advanced Search|quick links|Login|Help|"
                    r"Help Pages|About|See recent articles|Showing (?:new )?listings for .*|Total of \d+ entries|"
                    r"Showing up to \d+ entries per page.*|(?:New|Cross|Replacement) submissions(?: \(.*\))?|"
                    r"New submissions|Cross-lists|Replacements|(?:New submissions|Cross-lists|Replacements) for .*|"
                    r"Authors and titles for .*|See today's new changes|\[ showing .*\]|"
                    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4}(?: \(showing .*\))?|"
                    r"Which authors of this paper are endorsers\?.*|"
                    r"Disable MathJax.*|contact arXiv.*|subscribe to arXiv mailings.*|Copyright|Privacy Policy|"
                    r"Web Accessibility Assistance|arXiv Operational Status.*|Get status notifications via .*|"
                    r"Click here to contact arXiv|Contact|Subscribe|email|slack|Search|GO|Donate)\s*$", re.IGNORECASE)


def entry_at(lines: list[str], index: int) -> int | None:
    """The index of an entry's last line when one starts at lines[index] (its `[n] arXiv:` line)."""
    if not START.match(lines[index]) or index + 1 >= len(lines) or not FIELD.match(lines[index + 1]):
        return None
    position = index + 1
    while position < len(lines) and lines[position].strip():  # the title, authors and fields
        if START.match(lines[position]):
            return position - 1
        position += 1
    while position < len(lines) and not lines[position].strip():
        position += 1
    if position == len(lines) or START.match(lines[position]) or is_chrome(lines[position]):
        return _last_text(lines, index, position)  # no abstract: a replacement
    while position < len(lines) and lines[position].strip() and not START.match(lines[position]):
        position += 1
    return position - 1


def _last_text(lines: list[str], index: int, position: int) -> int:
    while position > index and not lines[position - 1].strip():
        position -= 1
    return position - 1


def read_entry(name: str, lines: list[str], first: int, last: int, warnings: list[Warning_]) -> Abstract | None:
    start = START.match(lines[first])
    fields, authors, position = {}, "", first + 1
    while position <= last and lines[position].strip():
        field = FIELD.match(lines[position])
        if field:
            fields[field.group("key")] = field.group("value").strip()
        elif "Title" in fields and not authors:
            authors = lines[position].strip()  # the unlabelled author line after the title
        position += 1
    body = [line.strip() for line in lines[position:last + 1] if line.strip()]
    ident = start.group("id")
    if not body:
        warnings.append(Warning_(f"{name}:{first + 1}", f"arXiv:{ident}: listed with no abstract (a replacement?); "
                                                        "no page made from it"))
        return None
    at = next(i for i in range(position, last + 1) if lines[i].strip())
    journal = latex_line(fields.get("Journal-ref", ""))
    years = re.findall(r"\b(?:19|20)\d\d\b", journal)
    return Abstract(name, at + 1, 1, " ".join(" ".join(body).split()), arxiv=ident, version=start.group("version"),
                    comments=[latex_line(fields["Comments"])] if fields.get("Comments") else [],
                    title=latex_line(fields.get("Title", "")), authors=authors_list(fields.get("Authors") or authors),
                    categories=SUBJECT.findall(fields.get("Subjects", "")), doi=" ".join(fields.get("DOI", "").split()),
                    journal=journal, year=years[-1] if years else "")


def is_chrome(line: str) -> bool:
    return bool(CHROME.match(line))
