"""In-domain word vectors of a paper (a feature block of the learned topic layer, vectors.py).

data/indomain.npz holds a word table learned from ~74,000 unlabeled 2025 arXiv cs.* abstracts
(bench/make_indomain.py, which says how; none of the project's labeled papers among them):
for each of its 16,000 words (vectors.TOKEN's, lowercased) an idf and 128 numbers, from the
SVD of the words' positive PMI with the words around them ("ppmi"), so words used in the same
contexts ("experts", "routing", "gating") get near rows. A paper's vector is the mean of its
words' rows weighted by count times idf, scaled to length 1. (A table of kind "lsa", the word
side of an SVD of the corpus's TF-IDF, weights by 1 + log count instead: a paper is then its
TF-IDF row projected on the corpus's main directions. Measured, not shipped.)

The table ships with the package (a few MB, float16) and is read once per process; without it
(or if it is unreadable) `load()` says so in one warning line and the model learns without
the block. Pooling is cheap (~0.2 s for 10,000 abstracts once their words' columns are known,
~0.4 s for those): no cache is needed.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "indomain.npz"


@dataclass
class Table:
    name: str  # the file's kind and a hash of its bytes: the model's cache key
    words: dict[str, int]
    idf: np.ndarray  # float32, one a word
    table: np.ndarray  # float32, words x dim
    log_tf: bool  # "lsa": 1 + log(count); "ppmi": count

    @property
    def dim(self) -> int:
        return self.table.shape[1]

    def pool(self, columns: list[list[int]]) -> np.ndarray:
        """One row a paper (papers x dim, float64, each of length 1 or 0) from each paper's word
        columns in order (-1: a word the table does not have). The weights of all the papers
        at once, then each paper's rows summed apart: a paper's vector is the same bytes alone
        as in a batch (`classify` and `classify_many` agree), ~0.17 s for 10,000 abstracts."""
        sizes = np.fromiter(map(len, columns), dtype=np.int64, count=len(columns))
        cols = np.fromiter(chain.from_iterable(columns), dtype=np.int64, count=int(sizes.sum()))
        owner = np.repeat(np.arange(len(columns), dtype=np.int64), sizes)
        known, width = cols >= 0, len(self.words)
        keys, counts = np.unique(owner[known] * width + cols[known], return_counts=True)
        paper_of, column = np.divmod(keys, width)
        tf = 1.0 + np.log(counts) if self.log_tf else counts.astype(np.float64)
        weights = (tf * self.idf[column]).astype(np.float32)
        bounds = np.searchsorted(paper_of, np.arange(len(columns) + 1)).tolist()
        out = np.zeros((len(columns), self.dim))
        for i, (start, end) in enumerate(zip(bounds, bounds[1:])):
            if end > start:
                row = (weights[start:end] @ self.table[column[start:end]]).astype(np.float64)
                norm = float(np.sqrt(row @ row))
                out[i] = row / norm if norm else row
        return out


_loaded: dict[Path, Table | None] = {}
_names: dict[Path, str | None] = {}


def identity() -> str | None:
    """The table's name (a hash of the file's bytes: ~10 ms, the table itself not read) for the
    model's cache key, or None without the file."""
    if DATA not in _names:
        try:
            _names[DATA] = f"indomain {hashlib.sha256(DATA.read_bytes()).hexdigest()[:16]}"
        except OSError:
            _names[DATA] = None
    return _names[DATA] if _loaded.get(DATA, True) is not None else None


def load() -> Table | None:
    """The table, read once per process (~0.1 s), or None with one warning line."""
    if DATA not in _loaded:
        _loaded[DATA] = _load(DATA)
    return _loaded[DATA]


def _load(path: Path) -> Table | None:
    try:
        with np.load(path) as data:
            words = bytes(data["words"]).decode().split("\n")
            kind = bytes(data["kind"]).decode()
            idf, table = data["idf"].astype(np.float32), data["table"].astype(np.float32)
        if table.shape[0] != len(words) or idf.shape != (len(words),):
            raise ValueError(f"{len(words)} words, {table.shape[0]} rows, {len(idf)} idf")
        name = identity()
    except Exception as error:
        print(f"warning: topics: in-domain word vectors unavailable ({type(error).__name__}: {error}); "
              f"the topic model learns without them", file=sys.stderr)
        return None
    return Table(name, {w: i for i, w in enumerate(words)}, idf, np.ascontiguousarray(table), kind.startswith("lsa"))
