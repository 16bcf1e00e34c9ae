"""What a person types after `add`: an arXiv id or any arXiv URL -> the paper's base id.

    2410.02098   2410.02098v2   arXiv:2410.02098   hep-th/9901001v3   math.GT/0309136
    https://arxiv.org/abs/2410.02098v2          arxiv.org/pdf/2410.02098v2.pdf
    https://arxiv.org/html/2410.02098v5#S3      https://export.arxiv.org/abs/hep-th/9901001
    https://doi.org/10.48550/arXiv.2410.02098
    https://huggingface.co/papers/2410.02098    https://www.alphaxiv.org/abs/2410.02098v2
    https://ar5iv.labs.arxiv.org/html/2410.02098  https://www.semanticscholar.org/arxiv/2410.02098

The version is dropped: a catalog page is the paper, whatever its version (the API answers
with the latest). Anything else is refused with the reason, never guessed.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .record import NEW_ID, base_id

_HOSTS = {"arxiv.org", "www.arxiv.org", "export.arxiv.org", "browse.arxiv.org"}
_PATH = re.compile(r"^/(?:abs|pdf|html|format|src)/(?P<id>.+?)(?:\.pdf)?/?$")
# Sites that show an arXiv paper at a path naming its id: the id is arXiv's.
_MIRRORS = {"huggingface.co": "papers", "alphaxiv.org": "abs|overview|pdf", "ar5iv.labs.arxiv.org": "html|abs",
            "ar5iv.org": "html|abs", "semanticscholar.org": "arxiv"}
_DOI = re.compile(r"^/?10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
_NEW_STYLE = re.compile(r"\d{4}\.\d{4,5}")


class NotAnId(ValueError):
    """The text names no arXiv paper; the message says why, for one line of output."""


def parse_target(text: str) -> str:
    """The base arXiv id `text` names, or NotAnId."""
    text = text.strip().strip("<>\"'").rstrip(",;")  # pasted from a list or a mail: "<https://…>", "2410.02098,"
    if not text:
        raise NotAnId("an empty argument")
    candidate = _from_url(text) if ("/" in text and ("." in text.split("/")[0] or "://" in text)) else text
    ident = base_id(candidate)
    if ident is None or not _plausible(ident):
        raise NotAnId(f"{text!r} is not an arXiv id or arXiv URL")
    return ident


def _from_url(text: str) -> str:
    """The id part of an arXiv (or arXiv DOI) URL; the text itself when it is an old-style id."""
    url = urlsplit(text if "://" in text else "https://" + text)
    host = (url.hostname or "").lower()
    if host in ("doi.org", "dx.doi.org"):
        match = _DOI.match(unquote(url.path))
        if match:
            return match.group("id")
        raise NotAnId(f"{text!r} is a DOI, but not one of arXiv's (10.48550/arXiv.ID)")
    mirror = _MIRRORS.get(host.removeprefix("www."))
    if mirror:
        match = re.match(rf"^/(?:{mirror})/(?P<id>[^/]+(?:/\d{{7}})?)/?$", unquote(url.path))
        if match:
            return match.group("id")
        raise NotAnId(f"{text!r} names no arXiv paper (expected {host}/{mirror.split('|')[0]}/ID)")
    if host not in _HOSTS:
        if "://" not in text:
            return text  # "hep-th/9901001": an old-style id, not a URL
        raise NotAnId(f"{text!r} is not an arXiv URL (arxiv.org/abs/…, /pdf/…, /html/…)")
    match = _PATH.match(unquote(url.path))
    if not match:
        raise NotAnId(f"{text!r} is an arXiv URL but names no paper (expected /abs/ID, /pdf/ID or /html/ID)")
    return match.group("id")


def _plausible(ident: str) -> bool:
    """A new-style id one arXiv could have issued (NEW_ID); old-style ids: base_id checked the shape."""
    return not _NEW_STYLE.fullmatch(ident) or re.fullmatch(NEW_ID, ident) is not None


_URL = re.compile(r"(?:https?://|www\.|\b(?:arxiv\.org|huggingface\.co|alphaxiv\.org|ar5iv\.org)/)[^\s()\[\]<>\"'`]+",
                  re.IGNORECASE)
_ID = rf"(?P<id>{NEW_ID}|[a-z-]+(?:\.[A-Z]{{2}})?/\d{{7}})(?:v\d+)?(?!\d|\.\d)"
_PREFIXED = re.compile(rf"\barXiv\s*:\s*{_ID}", re.IGNORECASE)
_LISTED = re.compile(rf"^\s*(?:[-*•+]|\d+[.)])?\s*{_ID}", re.IGNORECASE)  # a reading list's "- 2401.04088 …", "2. 2401.04088"


def starts_with_id(text: str) -> bool:
    """Does the line start with an id, after a list mark ("2401.04088", "2. 2305.00001 DPO")?"""
    return _LISTED.match(text) is not None


def ids_in_text(text: str) -> list[str]:
    """The base ids of the papers a line of text links or names ("arXiv:ID", any URL
    `parse_target` reads: a Markdown reading list's "[Title](https://huggingface.co/papers/ID)";
    an id the line starts with, after a list mark), in order, each once."""
    found = [(match.start(), base_id(match.group("id"))) for match in _PREFIXED.finditer(text)]
    found += [(match.start("id"), base_id(match.group("id"))) for match in [_LISTED.match(text)] if match]
    for match in _URL.finditer(text):
        try:
            found.append((match.start(), parse_target(match.group(0).rstrip(".,;:"))))
        except NotAnId:
            pass
    return list(dict.fromkeys(ident for _, ident in sorted(found) if ident))
