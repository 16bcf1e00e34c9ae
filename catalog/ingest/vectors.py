"""A paper as numbers for the learned layer: the vocabulary's scores, TF-IDF terms, categories.

One row per paper, the same code for training and classifying:

    vocabulary   for every topic: log(1 + score), score / threshold (at most 3), assigned (0/1)
    terms        TF-IDF of the title (when a person, arXiv or a dump gave one) and abstract:
                 words and word pairs seen in at least two training papers, 1 + log(count)
                 times the inverse document frequency, the row scaled to length 1
    categories   arXiv categories (`cs.CV`, `eess.AS`, …) and their archives (`cs`, `eess`)
                 seen in the training papers, 1 each
    in-domain    the idf-weighted mean of the paper's word vectors learned from ~74,000
                 unlabeled arXiv abstracts (indomain.py, 128 numbers; none without its file
                 or from fewer than MIN_INDOMAIN_PAPERS training papers), centred on the
                 training papers' mean and scaled to an average length of INDOMAIN_SCALE

The vocabulary's block is scaled up (VOCAB_SCALE) so the regularisation, which shrinks
every weight alike, leans on the few readable scores before thousands of terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import NamedTuple

import numpy as np

from . import indomain
from .classify import Judgement

TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[0-9]+[a-z][a-z0-9]*")
MIN_PAPERS = 2  # a term must be in this many training papers
VOCAB_SCALE = 3.0
VOCAB_PER_TOPIC = 3
MIN_INDOMAIN_PAPERS = 200  # fewer labeled papers: no in-domain block (measured with the WordLlama block before it: 150 no gain, ~260 +0.016, 374 +0.034)
# The in-domain block's length against the terms' 1 (0: no block), chosen by CV on the 374
# (bench/topics_results.md, "In-domain vectors": CV 0.878 / 0.896 with title, against 0.866 / 0.897
# for the WordLlama embedding it replaced, at 0.70-0.84x its CPU and without its 72 MB install).
INDOMAIN_SCALE = 1.0
_CHUNK = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789-" else ord(" ") for c in range(256))
MAX_CHUNKS = 500_000  # the memo of chunks' columns is emptied past this many


def terms_of(title: str, text: str) -> Counter:
    words = TOKEN.findall(f"{title} . {text}".lower())
    return Counter(words + [f"{a} {b}" for a, b in zip(words, words[1:])])


def categories_of(categories) -> list[str]:
    out = []
    for category in categories or ():
        category = str(category).strip()
        if category:
            out += [f"cat:{category}", f"cat:{category.split('.')[0]}"]
    return sorted(set(out))


class _Columns(dict):
    """chunk -> the term columns (-1: none) of its TOKEN words, found on first sight. A chunk is
    a run of the bytes TOKEN's words are made of (a-z, 0-9, "-"): no word spans two chunks, so a
    text's words are its chunks' words in turn, and a chunk ("mixture-of-experts", "2024", "3d")
    is looked at once however often it comes."""

    def __init__(self, terms: dict[str, int]):
        super().__init__()
        self.terms = terms

    def __missing__(self, chunk: bytes) -> tuple[int, ...]:
        if len(self) > MAX_CHUNKS:
            self.clear()
        found = self[chunk] = tuple(self.terms.get(w, -1) for w in TOKEN.findall(chunk.decode()))
        return found

    def of(self, title: str, text: str) -> list[int]:
        """The column of each of `terms_of`'s words (-1 for a word without one), in order."""
        both = f"{title} . {text}"
        if not both.isascii():  # (a non-ASCII letter may lowercase to ASCII ones: TOKEN itself)
            return [self.terms.get(w, -1) for w in TOKEN.findall(both.lower())]
        return list(chain.from_iterable(map(self.__getitem__, both.encode().lower().translate(_CHUNK).split())))


class _PairLookup(NamedTuple):
    """The word-pair columns keyed by their words' columns (first * len(terms) + second), sorted."""

    pair_codes: np.ndarray
    pair_columns: np.ndarray

    @classmethod
    def of(cls, terms: dict[str, int]) -> _PairLookup:
        pairs = [(terms[a] * len(terms) + terms[b], column) for term, column in terms.items() if " " in term
                 for a, b in [term.split(" ")]]
        codes = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        return cls(codes[:, 0].copy(), codes[:, 1].copy())


@dataclass
class Space:
    """The columns: what `terms` and `categories` were seen in training, and each term's idf."""

    topics: int  # how many topics the vocabulary block has
    terms: dict[str, int]
    idf: np.ndarray
    categories: dict[str, int]
    indomain: str | None = None  # the in-domain table's name when the rows have its block
    indomain_mean: np.ndarray | None = None
    indomain_scale: float = 0.0
    _pairs: _PairLookup | None = field(default=None, repr=False, compare=False)
    _columns: _Columns | None = field(default=None, repr=False, compare=False)
    _indomain_columns: _Columns | None = field(default=None, repr=False, compare=False)

    def vocabulary(self, judgements: list[Judgement]) -> np.ndarray:
        """The vocabulary's block: three numbers a topic, scaled."""
        vocab = []
        for j in judgements:
            ratio = min(j.score / max(j.threshold, 1e-9), 3.0)
            vocab += [math.log1p(j.score), ratio, 1.0 if j.assigned else 0.0]
        return np.asarray(vocab, dtype=np.float64) * VOCAB_SCALE

    def terms_row(self, title: str, text: str, categories=(), indomain: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(column indexes, values) of the terms, categories and in-domain block (`indomain`),
        indexes ascending; the categories' columns follow the terms', the block's the categories'."""
        return self.terms_rows([(title, text, categories)], indomain)[0]

    def terms_rows(self, papers: list[tuple[str, str, Sequence]],
                   indomain: bool = True) -> list[tuple[np.ndarray, np.ndarray]]:
        """`terms_row` of each (title, text, categories): the terms of all, then the in-domain vectors
        of all (each step's tables stay in the CPU's caches)."""
        rows = []
        for (index, values), (_, _, categories) in zip(self._tfidf(papers), papers):
            cats = sorted(len(self.terms) + self.categories[c] for c in categories_of(categories) if c in self.categories)
            if cats:
                index = np.concatenate([index, np.asarray(cats, dtype=np.int64)])
                values = np.concatenate([values, np.ones(len(cats))])
            rows.append((index, values))
        if not indomain or self.indomain is None:
            return rows
        found = self.indomain_vectors([(t, x) for t, x, _ in papers])
        start = len(self.terms) + len(self.categories)
        columns = np.arange(start, start + found.shape[1])
        return [(np.concatenate([index, columns]), np.concatenate([values, vector]))
                for (index, values), vector in zip(rows, found)]

    def indomain_vectors(self, papers: list[tuple[str, str]]) -> np.ndarray:
        """The in-domain block of each (title, text): centred and scaled (papers x dim)."""
        table = indomain.load()
        if table is None or table.name != self.indomain:  # cannot happen through model_key; no crash if it does
            return np.zeros((len(papers), len(self.indomain_mean)))
        if self._indomain_columns is None:
            self._indomain_columns = _Columns(table.words)
        return (table.pool([self._indomain_columns.of(t, x) for t, x in papers]) - self.indomain_mean) * self.indomain_scale

    def _tfidf(self, papers: list[tuple[str, str, Sequence]]) -> list[tuple[np.ndarray, np.ndarray]]:
        """Each paper's term columns (ascending) and weights (terms_of's counts, 1 + log(count)
        times idf, the row scaled to length 1), counted for all the papers at once. Word pairs
        are not spelled out: a pair seen in MIN_PAPERS papers has both its words among the
        columns, so it is looked up by their two column numbers."""
        width = len(self.terms)
        if not width:
            return [(np.zeros(0, dtype=np.int64), np.zeros(0)) for _ in papers]
        if self._columns is None:
            self._columns = _Columns(self.terms)
        words = [self._columns.of(title, text) for title, text, _ in papers]  # each word's column, -1 if none
        sizes = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        cols = np.fromiter(chain.from_iterable(words), dtype=np.int64, count=int(sizes.sum()))
        owner = np.repeat(np.arange(len(words), dtype=np.int64), sizes)  # the paper of each word
        both = (cols[:-1] >= 0) & (cols[1:] >= 0) & (owner[:-1] == owner[1:])
        codes, lookup = cols[:-1][both] * width + cols[1:][both], self._lookup()
        at = np.minimum(np.searchsorted(lookup.pair_codes, codes), max(len(lookup.pair_codes) - 1, 0))
        found = lookup.pair_codes[at] == codes if len(lookup.pair_codes) else np.zeros(len(codes), dtype=bool)
        single = cols >= 0
        keys = np.concatenate([owner[single] * width + cols[single],
                               owner[:-1][both][found] * width + lookup.pair_columns[at[found]]])
        keys, counts = np.unique(keys, return_counts=True)
        paper_of, columns = np.divmod(keys, width)
        weights = (1.0 + np.log(counts)) * self.idf[columns]
        bounds = np.searchsorted(paper_of, np.arange(len(words) + 1)).tolist()
        rows = []
        for start, end in zip(bounds, bounds[1:]):
            row = weights[start:end].copy()
            norm = float(np.sqrt(row @ row))
            if norm:
                row /= norm
            rows.append((columns[start:end], row))
        return rows

    def _lookup(self) -> _PairLookup:
        if self._pairs is None:
            self._pairs = _PairLookup.of(self.terms)
        return self._pairs

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_pairs": None, "_columns": None, "_indomain_columns": None}  # derived, rebuilt on first use

    @property
    def terms_width(self) -> int:
        return len(self.terms) + len(self.categories) + (len(self.indomain_mean) if self.indomain is not None else 0)


def make_space(topics: int, papers: list[tuple[str, str, list]]) -> Space:
    """The columns for training papers given as (title, text, categories)."""
    counts: Counter = Counter()
    for title, text, _ in papers:
        counts.update(set(terms_of(title, text)))
    kept = sorted(t for t, n in counts.items() if n >= MIN_PAPERS)
    n = len(papers)
    idf = np.array([math.log((1 + n) / (1 + counts[t])) + 1.0 for t in kept])
    cats = sorted({c for _, _, categories in papers for c in categories_of(categories)})
    space = Space(topics, {t: i for i, t in enumerate(kept)}, idf, {c: i for i, c in enumerate(cats)})
    table = indomain.load() if INDOMAIN_SCALE > 0 and len(papers) >= MIN_INDOMAIN_PAPERS else None
    if table is not None:
        space.indomain = table.name  # (set first: indomain_vectors checks it)
        space.indomain_mean, space.indomain_scale = np.zeros(table.dim), 1.0
        found = space.indomain_vectors([(title, text) for title, text, _ in papers])
        space.indomain_mean = found.mean(axis=0)
        length = float(np.mean(np.linalg.norm(found - space.indomain_mean, axis=1)))
        space.indomain_scale = INDOMAIN_SCALE / max(length, 1e-9)
    return space
