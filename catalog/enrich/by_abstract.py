"""Find the arXiv id of a page that has none by its abstract, in arXiv's metadata snapshot.

Ingest's test for "the same paper" is used: the Jaccard similarity of the texts' word
3-grams (dedupe.py: same words, same shingles, same THRESHOLD), the snapshot's abstract
first cleaned as ingest cleans a dump's. Candidates are found exactly rather than by
dedupe's MinHash bands, which are made for all pairs of a large set and miss some pairs near
the threshold (and every pair below it, whose best one is reported here): every page's
shingles are indexed, and a snapshot line is cleaned and compared in full only when at
least QUICK of its raw word triples (split at spaces: C speed, ~4x cheaper than shingles)
are in some page — for the millions of lines that are not, that is all the work. Memory
grows with the pages searched for, not with the file: each keeps its two best records.
"""

from __future__ import annotations

import json
from json.decoder import scanstring
from dataclasses import dataclass
from typing import NamedTuple

from ..ingest.clean import clean_abstract
from ..ingest.dedupe import THRESHOLD, features
from ..pages import Page
from .snapshot import to_raw

FLOOR = 0.3  # a record below this similarity is not even a candidate worth naming
MARGIN = 0.1  # the best record must lead the next by this much to be taken
QUICK = 0.2  # share of a line's raw word triples in some page below which it is not compared


class Candidate(NamedTuple):
    similarity: float
    id: str
    line: int
    raw: dict  # the record as snapshot.to_raw gives it


@dataclass
class Verdict:
    page: Page
    best: Candidate | None
    second: Candidate | None

    @property
    def found(self) -> bool:
        """One record at or above the threshold, clearly ahead of the next."""
        best, second = self.best, self.second
        return best is not None and best.similarity >= THRESHOLD and (
            second is None or (second.similarity < THRESHOLD and best.similarity - second.similarity >= MARGIN))

    @property
    def ambiguous(self) -> bool:
        return self.best is not None and self.best.similarity >= THRESHOLD and not self.found


class AbstractMatcher:
    """Fed every snapshot line (`consider`), keeps each page's two best records."""

    def __init__(self, pages: list[Page]):
        self.pages = pages
        self.sizes: list[int] = []
        self.index: dict[int, list[int]] = {}  # shingle -> pages holding it
        for number, page in enumerate(pages):
            own = frozenset(features(page.body).shingles)
            self.sizes.append(len(own))
            for value in own:
                self.index.setdefault(value, []).append(number)
        self.known = frozenset(self.index)
        self.triples = frozenset(t for page in pages for t in _triples(page.body))
        self.top: list[list[Candidate]] = [[] for _ in pages]
        self.compared = 0  # lines cleaned and compared in full

    def consider(self, number: int, ident: str, line: bytes) -> None:
        if not self.pages:
            return
        text = _abstract(line)
        if text is None:
            return
        quick = _triples(text)
        if not quick or len(quick & self.triples) < QUICK * len(quick):
            return
        self.compared += 1
        own = frozenset(features(clean_abstract(text)[0]).shingles)
        shared: dict[int, int] = {}
        for value in own & self.known:
            for page in self.index[value]:
                shared[page] = shared.get(page, 0) + 1
        record = None
        for page, count in shared.items():
            similarity = count / (len(own) + self.sizes[page] - count)
            if similarity >= FLOOR:
                record = record or _record(ident, line)
                if record is not None:
                    self._keep(page, Candidate(round(similarity, 4), ident, number, record))

    def _keep(self, page: int, candidate: Candidate) -> None:
        top = [c for c in self.top[page] if c.id != candidate.id] + [candidate]
        self.top[page] = sorted(top, key=lambda c: (-c.similarity, c.id))[:2]

    def verdicts(self) -> list[Verdict]:
        return [Verdict(page, *(top + [None, None])[:2]) for page, top in zip(self.pages, self.top)]


def _abstract(line: bytes) -> str | None:
    """The record's abstract, decoded alone (the record is parsed only for a candidate)."""
    key = line.find(b'"abstract":')
    start = line.find(b'"', key + 11) if key >= 0 else -1
    if start < 0:
        return None
    try:
        return scanstring(line[start + 1:].decode("utf-8"), 0)[0]
    except (ValueError, UnicodeDecodeError):
        return None  # read_snapshot names a malformed line when a page wants it by id


def _triples(text: str) -> set[tuple[str, str, str]]:
    words = text.lower().split()
    return set(zip(words, words[1:], words[2:]))


def _record(ident: str, line: bytes) -> dict | None:
    try:
        obj = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    if not isinstance(obj, dict) or not isinstance(obj.get("title"), str):
        return None
    return to_raw(ident, obj)
