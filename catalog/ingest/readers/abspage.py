"""Text copied from an arXiv abstract page (arxiv.org/abs/ID) in a browser:

    Computer Science > Machine Learning
    [Submitted on 17 Jun 2021 (v1), last revised 16 Oct 2021 (this version, v2)]
    LoRA: Low-Rank Adaptation of Large Language Models
    Edward J. Hu, Yelong Shen, Phillip Wallis, Zeyuan Allen-Zhu, Yuanzhi Li, Shean Wang, Lu Wang, Weizhu Chen
    View PDF
    Abstract:An important paradigm of natural language processing consists of …
    Comments:	Draft V2 includes better baselines, experiments on GLUE, and more on adapter latency
    Subjects:	Computation and Language (cs.CL); Artificial Intelligence (cs.AI); Machine Learning (cs.LG)
    Cite as:	arXiv:2106.09685 [cs.CL]
     	(or arXiv:2106.09685v2 [cs.CL] for this version)

A page is found by its `Abstract:` line followed by the page's fields, among them `Subjects:`
or `Cite as:` (a plain dump's `Abstract:` line has neither), or, in a copy of only the title,
the authors and the abstract, preceded by a title line and a line of two or more names. The
two lines before it that are not the page's own chrome are the title and the author line
(with or without the `Title:` and `Authors:` labels some browsers copy); the page's lines
after `Cite as:` (the DOI arXiv mints, the submission history) are skipped.
"""

from __future__ import annotations

import re

from ...errors import Warning_
from ..record import Abstract
from ..split import ARXIV_ID
from .fields import authors_list, latex_line

ABSTRACT = re.compile(r"^\s*Abstract:\s*(?P<text>.*)$")
FIELD = re.compile(r"^\s*(?P<key>Comments|Subjects|Journal reference|Journal-ref|Cite as|Report number|MSC classes|"
                   r"ACM classes|Related DOI|DOI)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
CITE = re.compile(rf"arXiv:{ARXIV_ID}")
SUBJECT = re.compile(r"\(([a-z\-]+(?:\.[A-Za-z\-]+)?)\)")
# The subject line: "Computer Science > Machine Learning"; a physics archive of its own has no group.
BEFORE = re.compile(r"^\s*(?:[A-Z][A-Za-z ]+ > .+|(?:High Energy Physics|Nuclear) - [A-Z][a-z]+|Quantum Physics"
                    r"|General Relativity and Quantum Cosmology|Mathematical Physics"
                    r"|[\[(]Submitted on .*[\])]|View PDF.*|Download PDF.*|HTML \(experimental\)|Other formats"
                    r"|Access Paper:?|Help \| Advanced Search|Search\.\.\.)\s*$")
AFTER = re.compile(r"^\s*(?:\(or arXiv:.*\)|https://doi\.org/10\.48550/arXiv\..*|Focus to learn more|Submission history"
                   r"|From: .*|\[v\d+\] .*|Bibliographic Tools|Full-text links:?)\s*$")
OTHER = re.compile(r"^\s*(?:\[\d+\]\s+)?arXiv:|^\s*\\")  # an id line, a listing's or mailing's entry
# A whole page copied (select all): its header from the top bar down, its footer (links, tools,
# arXivLabs, the site's footer) down to the page's last line; both bounded.
PAGE_TOP = re.compile(r"^\s*(?:close this message|Skip to main content)\s*$", re.IGNORECASE)
PAGE_BOTTOM = re.compile(r"^\s*Get status notifications via (?:email or slack|\S+)\s*$", re.IGNORECASE)
FOOTER_START = re.compile(r"^\s*(?:Full-text links:?|Access Paper:?|Download(?: PDF)?:?|View PDF)\s*$", re.IGNORECASE)
CHROME_LINES_MAX, CHROME_LINE_MAX = 200, 300  # a page's header or footer: lines, and characters a line
LABEL = re.compile(r"^\s*(?:Title|Authors?):\s*")
TITLE_MAX, AUTHORS_MAX = 400, 5000
ABSTRACT_LINES_MAX = 30  # lines of an abstract before the page's fields


def span_at(lines: list[str], index: int, lowest: int) -> tuple[int, int] | None:
    """(first, last) line indexes of an abs page whose `Abstract:` line is lines[index], not
    reaching above `lowest`; None when lines[index] starts no abs page."""
    if not ABSTRACT.match(lines[index]):
        return None
    last, seen = _fields_end(lines, index)
    first = _start(lines, index, lowest)
    if not seen & {"subjects", "cite as"} and not _titled(lines[first:index]):
        return None
    return header_start(lines, first, lowest), _footer_end(lines, last)


def header_start(lines: list[str], first: int, lowest: int) -> int:
    """The first line of a whole arXiv page's header (an abs or listing page) above lines[first]
    (`first` when there is none), not above `lowest`."""
    top = first
    for position in range(first - 1, max(lowest, first - CHROME_LINES_MAX) - 1, -1):
        line = lines[position]
        if PAGE_TOP.match(line):
            top = position  # and on up: a banner ("close this message") may stand above the top bar
        elif len(line) > CHROME_LINE_MAX or ABSTRACT.match(line) or OTHER.match(line):
            break
    return top


def _footer_end(lines: list[str], last: int) -> int:
    """The page's last line when a whole page's footer follows lines[last] (`last` when none does)."""
    following = next((i for i in range(last + 1, len(lines)) if lines[i].strip()), None)
    if following is None or not FOOTER_START.match(lines[following]):
        return last
    for position in range(following, min(len(lines), following + CHROME_LINES_MAX)):
        line = lines[position]
        if PAGE_BOTTOM.match(line):
            return position
        if PAGE_TOP.match(line) or len(line) > CHROME_LINE_MAX or ABSTRACT.match(line) or OTHER.match(line):
            break
    return last


def _titled(head: list[str]) -> bool:
    """A copy of only the title, the author line and the abstract: the line before `Abstract:`
    names two or more people (or says `Authors:`) and a title line comes before it."""
    text = [line for line in head if line.strip() and not BEFORE.match(line)]
    return len(text) == 2 and (LABEL.match(text[1]) is not None and "Auth" in text[1] or names_line(text[1]))


NAME = re.compile(r"^(?:(?:[^\W\d_][\w.'’-]*|van|von|de|der|den|da|di|del|la|le|du|dos|bin)\s*){1,5}$")


def names_line(line: str) -> bool:
    """"A. Smith, Bo Li and C. de la Cruz": two or more names of one to five words each."""
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", line.strip())]
    return len(names) >= 2 and not line.rstrip().endswith(".") and all(
        n and n[0].isupper() and NAME.match(n) for n in names)


def _fields_end(lines: list[str], index: int) -> tuple[int, set[str]]:
    """The last line of the page's fields and the page chrome after them, and the fields seen."""
    seen: set[str] = set()
    last, position = index, index + 1
    while position < len(lines):
        line = lines[position]
        field = FIELD.match(line)
        if field:
            seen.add(field.group("key").lower())
            last = position
        elif AFTER.match(line) and seen:
            last = position
        elif line.strip() and seen:
            break
        elif not seen and (position - index > ABSTRACT_LINES_MAX or ABSTRACT.match(line) or OTHER.match(line)):
            break  # a plain dump's "Abstract:" line, or only title, authors and abstract: no fields follow
        position += 1
    return last, seen


def _start(lines: list[str], index: int, lowest: int) -> int:
    """Up over the page's chrome and at most two lines of text (the title and the authors)."""
    first, taken = index, 0
    for position in range(_over_blanks(lines, index, lowest) - 1, lowest - 1, -1):
        line = lines[position]
        if not line.strip():
            break
        if BEFORE.match(line):
            first = position
            continue
        if taken == 2 or len(line) > (AUTHORS_MAX if taken == 0 else TITLE_MAX):
            break
        first, taken = position, taken + 1
    return first


def _over_blanks(lines: list[str], index: int, lowest: int) -> int:
    """Where the lines above `Abstract:` start: over blank lines when an author line (or the page's
    "View PDF") stands above them (a browser's reader view sets the abstract apart, often indented)."""
    above = index
    while above > lowest and not lines[above - 1].strip():
        above -= 1
    authors = above - 1
    if above == index or authors < lowest:
        return index
    line = lines[authors]
    page = BEFORE.match(line) or len(line) <= AUTHORS_MAX and (names_line(line) or LABEL.match(line) and "Auth" in line)
    return above if page else index


def read_page(name: str, lines: list[str], first: int, last: int, warnings: list[Warning_]) -> Abstract | None:
    index = next(i for i in range(first, last + 1) if ABSTRACT.match(lines[i]))
    top = _start(lines, index, first)  # below a whole page's header
    head = [LABEL.sub("", line).strip() for line in lines[top:index] if line.strip() and not BEFORE.match(line)]
    title, authors = (head + ["", ""])[:2] if len(head) == 2 else (head[0] if head else "", "")
    text, fields = [ABSTRACT.match(lines[index]).group("text")], {}
    for line in lines[index + 1:last + 1]:
        if FOOTER_START.match(line) and fields:
            break  # a whole page's footer
        field = FIELD.match(line)
        if field:
            fields[field.group("key").lower()] = field.group("value").strip()
        elif not fields and not AFTER.match(line):
            text.append(line)  # the abstract's further paragraphs
    abstract = " ".join(" ".join(text).split())
    cite = CITE.search(fields.get("cite as", ""))
    where = f"{name}:{index + 1}"
    if not abstract:
        warnings.append(Warning_(where, "an arXiv abstract page with an empty abstract; no page made from it"))
        return None
    journal = latex_line(fields.get("journal reference") or fields.get("journal-ref") or "")
    years = re.findall(r"\b(?:19|20)\d\d\b", journal)
    return Abstract(name, index + 1, 1, abstract, arxiv=cite.group("id") if cite else None,
                    version=cite.group("version") if cite else None,
                    comments=[latex_line(fields["comments"])] if fields.get("comments") else [],
                    title=latex_line(title), authors=authors_list(authors),
                    categories=SUBJECT.findall(fields.get("subjects", "")),
                    doi=_doi(fields.get("related doi") or fields.get("doi") or ""),
                    journal=journal, year=years[-1] if years else "")


def _doi(text: str) -> str:
    """"https://doi.org/10.1145/3442188" -> "10.1145/3442188"."""
    return re.sub(r"^https?://(?:dx\.)?doi\.org/", "", " ".join(text.split()))
