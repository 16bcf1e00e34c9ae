"""A small client for arXiv's query API (Atom over HTTP), for metadata by id.

Why not the `arxiv` package from PyPI: its Client retries every non-200 answer (also the
400 that a malformed id gets, which can never succeed) with the same fixed delay, reads
no Retry-After, sets no timeout, and its URL is a class attribute. Here: ids batched
(up to 100 a request, `max_results` set so none are cut off), at least `delay` seconds
between requests (arXiv asks for 3), HTTP 429/5xx and connection failures retried with
exponential back-off (Retry-After honoured), and arXiv's in-feed error entries
("incorrect id format for …") turned into per-id failures.

The Atom is read with ElementTree, by namespace. (feedparser was tried first: it loses the
text of an `arxiv:doi` that re-declares a namespace the feed root already declares.)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen
from xml.etree import ElementTree


from ..arxiv.record import WITHDRAWN, base_id

DEFAULT_URL = "https://export.arxiv.org/api/query"
BATCH = 100
MIN_DELAY = 3.0  # seconds between requests to arxiv.org, per its terms of use
RETRY_STATUS = {429, 500, 502, 503, 504}
USER_AGENT = "paper-catalog-enrich/0.1 (static catalog site builder; Python urllib)"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ERROR_ID = re.compile(r"/api/errors#?(.*)$")
_BAD_ID = re.compile(r"incorrect id format for (\S+)")
_VERSION = re.compile(r"(v\d+)$")


class ApiUnavailable(Exception):
    """The API could not be reached or kept failing after every retry: stop asking."""


@dataclass
class Answer:
    """What one request taught: raw records by id, ids arXiv does not know, rejected ids."""

    records: dict[str, dict] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)  # id -> arXiv's message


@dataclass
class SearchPage:
    records: list[dict]  # raw records in arXiv's order
    total: int           # opensearch:totalResults: how many the whole search has


@dataclass
class Client:
    base_url: str = DEFAULT_URL
    delay: float = MIN_DELAY
    retries: int = 3
    timeout: float = 30.0
    warn: Callable[[str], None] = lambda message: None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0
    _last: float | None = None

    def fetch(self, ids: list[str]) -> Answer:
        """Metadata for up to BATCH base ids."""
        answer = Answer()
        pending, asked_again = list(ids), False
        while pending:
            query = urlencode({"id_list": ",".join(pending), "start": 0, "max_results": len(pending)})
            records, errors = parse_feed(self._get(f"{self.base_url}?{query}"))
            if not records and not errors and len(pending) > 1 and not asked_again:
                # The API is known to answer an empty page now and then; ask once more.
                asked_again = True
                continue
            rejected = {bad: message for message in errors for bad in _bad_ids(message) if bad in pending}
            if errors and not rejected:
                raise ApiUnavailable(f"arXiv API answered with an error: {'; '.join(errors)}")
            if rejected:  # one bad id fails the whole request: ask again without it
                answer.rejected.update(rejected)
                pending = [i for i in pending if i not in rejected]
                continue
            for ident in pending:
                if ident in records:
                    answer.records[ident] = records[ident]
                else:
                    answer.unknown.append(ident)
            pending = []
        return answer

    def search(self, query: str, start: int, count: int) -> "SearchPage":
        """One page of an API search, newest submissions first."""
        asked_again = False
        while True:
            args = {"search_query": query, "sortBy": "submittedDate", "sortOrder": "descending",
                    "start": start, "max_results": count}
            body = self._get(f"{self.base_url}?{urlencode(args)}")
            records, errors = parse_feed(body)
            if errors:
                raise ApiUnavailable(f"arXiv API answered with an error: {'; '.join(errors)}")
            total = total_results(body)
            if records or start >= total or asked_again:
                return SearchPage(list(records.values()), total)
            asked_again = True  # an empty page inside the results: the API's known hiccup, ask once more

    def _get(self, url: str) -> bytes:
        for attempt in range(self.retries + 1):
            self._wait_turn()
            wait = self.delay * 2 ** (attempt + 1)  # back-off: 6, 12, 24 s after the 3 s turn
            try:
                self.requests += 1
                with urlopen(Request(url, headers={"User-Agent": USER_AGENT}), timeout=self.timeout) as response:
                    body = response.read()
                if is_feed(body):
                    return body
                problem = f"an answer that is no Atom feed ({body[:40]!r})"  # e.g. "Rate exceeded."
            except HTTPError as exc:
                if exc.code == 400:  # arXiv explains a rejected id in an Atom body
                    return exc.read()
                if exc.code not in RETRY_STATUS:
                    raise ApiUnavailable(f"arXiv API answered HTTP {exc.code} {exc.reason}") from None
                problem = f"HTTP {exc.code}"
                wait = max(wait, _retry_after(exc.headers.get("Retry-After")))
            except (URLError, OSError) as exc:
                problem = f"cannot reach {self.base_url} ({getattr(exc, 'reason', exc)})"
            finally:
                self._last = self.clock()
            if attempt == self.retries:
                raise ApiUnavailable(f"arXiv API: {problem}, still after {self.retries + 1} tries")
            self.warn(f"arXiv API: {problem}; retrying in {wait:.0f} s")
            self.sleep(wait)
        raise AssertionError("unreachable")

    def _wait_turn(self) -> None:
        if self._last is not None:
            left = self._last + self.delay - self.clock()
            if left > 0:
                self.sleep(left)


def _retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (a number or an HTTP date); 0 if absent or odd."""
    if not value:
        return 0.0
    if value.strip().isdigit():
        return min(float(value), 600.0)
    try:
        return min(max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0), 600.0)
    except (TypeError, ValueError):
        return 0.0


def _bad_ids(message: str) -> list[str]:
    return [base_id(m) or m for m in _BAD_ID.findall(message)]


def is_feed(body: bytes) -> bool:
    return b"<feed" in body[:4000]


def parse_feed(body: bytes) -> tuple[dict[str, dict], list[str]]:
    """An API answer -> (raw records by base id, error messages)."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise ApiUnavailable(f"arXiv API sent a feed that is not well-formed XML ({exc})") from None
    records, errors = {}, []
    for entry in root.iter(f"{ATOM}entry"):
        entry_id, title = _text(entry, "id"), _text(entry, "title")
        if _ERROR_ID.search(entry_id) or (title == "Error" and "/abs/" not in entry_id):
            errors.append(" ".join((_text(entry, "summary") or entry_id).split()))
            continue
        ident = base_id(entry_id.rsplit("/abs/", 1)[-1])
        if ident and title:
            records[ident] = _raw(ident, entry)
    return records, errors


def total_results(body: bytes) -> int:
    found = ElementTree.fromstring(body).find(f"{OPENSEARCH}totalResults")
    try:
        return int((found.text or "").strip()) if found is not None else 0
    except ValueError:
        return 0


def _text(entry, name: str, ns: str = ATOM) -> str:
    return (entry.findtext(f"{ns}{name}") or "").strip()


def _raw(ident: str, entry) -> dict:
    primary = entry.find(f"{ARXIV}primary_category")
    categories = [primary.get("term") if primary is not None else None]
    categories += [c.get("term") for c in entry.findall(f"{ATOM}category")]
    return {
        "id": ident,
        "title": _text(entry, "title"),
        "authors": [n for n in (a.findtext(f"{ATOM}name", "").strip() for a in entry.findall(f"{ATOM}author")) if n],
        "published": _text(entry, "published")[:10],
        "categories": [c for c in dict.fromkeys(categories) if c],
        "doi": _text(entry, "doi", ARXIV),
        "journal_ref": _text(entry, "journal_ref", ARXIV),
        "comment": _text(entry, "comment", ARXIV),
        "withdrawn": bool(WITHDRAWN.search(_text(entry, "summary")[:200])),
        # for `add`, which writes the paper itself (enrich reads none of these)
        "abstract": entry.findtext(f"{ATOM}summary") or "",
        "submitted": _text(entry, "published"),
        "updated": _text(entry, "updated"),
        "version": "".join(_VERSION.findall(_text(entry, "id"))),
    }
