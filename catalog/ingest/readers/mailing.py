"""arXiv's listing e-mail (the daily mailing): one entry per paper, as arXiv sends it.

    ------------------------------------------------------------------------------
    \\\\
    arXiv:2410.02098
    Date: Wed, 2 Oct 2024 17:58:59 GMT   (1265kb,D)

    Title: EC-DiT: Scaling Diffusion Transformers with Adaptive Expert-Choice
      Routing
    Authors: Haotian Sun, Tao Lei, Bowen Zhang, Yanghao Li, Haoshuo Huang, Ruoming
      Pang, Bo Dai, Nan Du
    Categories: cs.CV cs.LG
    Comments: 15 figures
    \\\\
      Diffusion transformers have been widely adopted for text-to-image synthesis.
    While scaling these models up to billions of parameters shows promise, the
    …
    \\\\ ( https://arxiv.org/abs/2410.02098 ,  1265kb)

Fields fold onto lines indented by two spaces; the abstract is wrapped (a paragraph of its
own starts with a space). A cross-list says `arXiv:ID (*cross-listing*)`; a replacement says
`replaced with revised version …` and has no abstract (the paper was announced before), so it
gets a warning rather than a page. `Journal-ref:` and `DOI:` are read too.
"""

from __future__ import annotations

import re

from ...errors import Warning_
from ..record import Abstract
from ..split import ARXIV_ID
from .fields import authors_list, latex_line

START = re.compile(rf"^arXiv:{ARXIV_ID}(?:\s+\(\*cross-listing\*\))?\s*$")
END = re.compile(r"^\\\\?\s*\(\s*https?://arxiv\.org/abs/(?P<id>\S+?)\s*,\s*\S+\s*\)\s*$")
FIELD = re.compile(r"^(?P<key>[A-Z][A-Za-z-]*):\s*(?P<value>.*)$")
RULE = re.compile(r"^(?:-{10,}|%[-%]{10,}%?)\s*$")
CHROME = re.compile(r"^\s*(?:Send any comments regarding submissions directly to submitter\.|Archives at http\S*"
                    r"|To unsubscribe, e-mail To: .*|Submissions to:|received from .*|For subscribe options .*"
                    r"|Subject: .*|\(\s*\d+ kb\s*\)"
                    # the mailing forwarded or quoted in a reply (Gmail, Apple Mail, Outlook, Thunderbird)
                    r"|-+ ?Forwarded message ?-+|Begin forwarded message:|-+ ?Original Message ?-+|On .{6,200} wrote:)\s*$",
                    re.IGNORECASE)
# The e-mail's own header, when the mailing is saved from a mail client: an mbox "From " line
# and header fields, each maybe folded onto indented lines, up to a blank line.
MAIL_HEADER = re.compile(r"^(?:From \S+@\S+|(?:Return-Path|Received|Date|Message-I[Dd]|From|Reply-To|To|Cc|Subject|"
                         r"Content-Type|Content-Transfer-Encoding|MIME-Version|Delivered-To|Sender|Precedence|"
                         r"List-[\w-]+|X-[\w-]+|ARC-[\w-]+|DKIM-Signature|Authentication-Results):)", re.IGNORECASE)
MAX_HEADER = 40  # lines between an entry's id and its abstract; more means it is no entry


def entry_at(lines: list[str], index: int) -> int | None:
    """The index of an entry's last line when one starts at lines[index] (the `\\\\` line
    before its id): its closing `\\\\ ( https://arxiv.org/abs/ID , …)` line, or, in a mailing
    cut short, the line before the next entry or rule, or the file's last line."""
    if not is_delimiter(lines[index]) or index + 1 >= len(lines) or not START.match(lines[index + 1].strip()):
        return None
    for end in range(index + 2, len(lines)):
        stripped = lines[end].strip()
        if END.match(stripped):
            return end
        if RULE.match(stripped):
            return end - 1
        if START.match(stripped) and is_delimiter(lines[end - 1]):
            return end - 2
    return len(lines) - 1


def read_entry(name: str, lines: list[str], first: int, last: int, warnings: list[Warning_]) -> Abstract | None:
    """The entry lines[first..last] (0-based, both `\\\\` lines included); line numbers are 1-based."""
    start = START.match(lines[first + 1].strip())
    ident, version = start.group("id"), start.group("version")
    fields, body_at, replaced = _fields(lines, first + 2, last)
    where = f"{name}:{first + 2}"
    if body_at is None:
        what = "a replacement notice" if replaced else "an entry"
        warnings.append(Warning_(where, f"arXiv:{ident}: {what} with no abstract; no page made from it"))
        return None
    body = [line.rstrip() for line in lines[body_at:last if END.match(lines[last].strip()) else last + 1]]
    text = _paragraphs(body)
    if not text:
        warnings.append(Warning_(where, f"arXiv:{ident}: the entry's abstract is empty; no page made from it"))
        return None
    journal = latex_line(fields.get("Journal-ref", ""))
    return Abstract(name, body_at + 1, 1, text, arxiv=ident, version=version,
                    comments=[latex_line(fields["Comments"])] if fields.get("Comments") else [],
                    title=latex_line(fields.get("Title", "")), authors=authors_list(fields.get("Authors", "")),
                    categories=fields.get("Categories", "").split(), doi=" ".join(fields.get("DOI", "").split()),
                    journal=journal, year=_year(journal))


def _fields(lines: list[str], start: int, last: int) -> tuple[dict[str, str], int | None, bool]:
    """The header fields (folded lines unfolded), the index of the abstract's first line, replaced?"""
    fields: dict[str, str] = {}
    key, replaced = None, False
    for index in range(start, min(last, start + MAX_HEADER)):
        line = lines[index]
        if is_delimiter(line):
            return fields, index + 1, replaced
        match = FIELD.match(line)
        if match:
            key = match.group("key")
            fields[key] = match.group("value").strip()
        elif line.startswith((" ", "\t")) and key and line.strip():
            fields[key] += " " + line.strip()
        elif line.strip().lower().startswith("replaced with revised version"):
            replaced = True
    return fields, None, replaced


def _paragraphs(body: list[str]) -> str:
    """The wrapped abstract as one line; its paragraphs joined by a space."""
    return " ".join(" ".join(body).split())


def _year(journal: str) -> str:
    years = re.findall(r"\b(?:19|20)\d\d\b", journal)
    return years[-1] if years else ""


def is_delimiter(line: str) -> bool:
    """The `\\\\` line around an entry's header (a mail viewer may show it as one backslash)."""
    return line.strip() in ("\\\\", "\\")


def is_chrome(line: str) -> bool:
    """The mailing's own lines around the entries (rules, its header and footer)."""
    return bool(RULE.match(line.strip()) or CHROME.match(line))
