"""Related papers in time linear in the catalog, with numpy/scipy doing the arithmetic.

Each paper is reduced to its TOP_TERMS highest TF-IDF terms (terms in one paper only say
nothing about relatedness and are dropped). An inverted index maps a term to the papers
that have it among their top terms, capped at MAX_POSTINGS (a term shared by thousands of
papers says little), and a paper's score against another is the dot product of their
top-term vectors over those postings. So every paper is compared with at most
TOP_TERMS x MAX_POSTINGS others: the work grows with the number of papers, not its square.
The scoring is a sparse matrix product, done in row blocks so memory stays bounded.

Term counts come per paper as a compact vector (`term_vector`: 64-bit term hashes and
counts, as bytes), so the build cache keeps them with the page and a build only joins them.
"""

from __future__ import annotations

import re
import threading
import zlib
from array import array
from collections import Counter

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and scipy are imported when first needed: a no-op build never loads them
    import numpy as np
    from scipy import sparse

TOP_TERMS = 25
MAX_POSTINGS = 100
MIN_SCORE = 0.02
BLOCK = 1024  # rows of the score matrix computed at once (~100 MB of scores at 100,000 papers)
WORD = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]|[a-z]")
STOPWORDS = frozenset("""
a about above across after again against all also although among an and any are as at be
because been before being below between both but by can could did do does doing done down
during each either et even few for from further had has have having here how however if in
into is it its itself just large larger less many may more most much must new no nor not now
of off on once one only or other our ours out over own per paper propose proposed present
same several should show shows shown significant significantly since so some such than that
the their them then there these they this those through thus to too two under until up upon
use used uses using via was we well were what when where whether which while who whose why
will with within without work would yet model models method methods approach results based
achieve achieves across existing state-of-the-art novel task tasks performance data first
""".split())


def terms(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS]


def term_id(term: str) -> int:
    data = term.encode("utf-8")
    return zlib.crc32(data) << 32 | zlib.adler32(data)


class _TermIds(dict):
    """term -> term_id(term), remembered: abstracts share most of their words (a fifth of
    term_vector's time was hashing them again: ~0.13 s of CPU per 10,000 abstracts)."""
    LIMIT = 1_000_000  # words kept at most (~100 MB); then it starts over

    def __missing__(self, term: str) -> int:
        if len(self) >= self.LIMIT:
            self.clear()
        self[term] = value = term_id(term)
        return value


_TERM_IDS = _TermIds()


def term_vector(text: str, extra: int = 0) -> tuple[bytes, bytes]:
    """(term hashes, counts) of a text, as uint64 and int32 bytes."""
    counts = Counter(terms(text))
    return array("Q", map(_TERM_IDS.__getitem__, counts)).tobytes(), array("i", counts.values()).tobytes()


def related(docs: list[tuple[str, str]], count: int) -> dict[str, list[str]]:
    """slug -> up to `count` slugs of the most similar documents, best first."""
    return related_vectors([slug for slug, _ in docs], [term_vector(text) for _, text in docs], count)


def related_vectors(slugs: list[str], vectors: list[tuple[bytes, bytes]], count: int) -> dict[str, list[str]]:
    """The same from each document's term vector (the order of `slugs` breaks ties)."""
    n = len(slugs)
    if count <= 0 or n < 2:
        return {slug: [] for slug in slugs}
    _import()
    rows, ids, weights = _top_terms(vectors)
    vectors = sparse.csr_matrix((weights, (rows, ids)), shape=(n, int(ids.max(initial=0)) + 1))
    postings = _postings(rows, ids, weights, vectors.shape[1], n)
    best: list[list[int]] = []
    for start in range(0, n, BLOCK):
        best += _best(vectors[start:start + BLOCK] @ postings, start, count)
    return {slugs[i]: [slugs[j] for j in best[i]] for i in range(n)}


def _import() -> None:
    global np, sparse
    import numpy as np
    from scipy import sparse


def preload() -> None:
    """Import numpy and scipy in a thread (~0.2 s), for a build that is sure to compute the
    lists and has other work meanwhile (its workers parsing the pages)."""
    threading.Thread(target=_import, daemon=True).start()


def _top_terms(vectors: list[tuple[bytes, bytes]]) -> tuple["np.ndarray", "np.ndarray", "np.ndarray"]:
    """(row, term id, weight) of every document's TOP_TERMS terms, unit length per row."""
    n = len(vectors)
    lengths = np.fromiter((len(v[1]) // 4 for v in vectors), np.int64, n)
    # Built one array at a time, each freed when done and indices 32-bit: at 100,000 papers
    # every array here is ~13 million long, so the peak is a few of them, not a dozen.
    vocabulary, ids = np.unique(np.frombuffer(b"".join(v[0] for v in vectors), np.uint64), return_inverse=True)
    size = len(vocabulary)  # dense ids, in hash order
    del vocabulary
    ids = ids.ravel().astype(np.int32)
    tfs = np.frombuffer(b"".join(v[1] for v in vectors), np.int32).astype(np.float64)
    counts = sparse.csr_matrix((tfs, (np.repeat(np.arange(n, dtype=np.int32), lengths), ids)), shape=(n, size))
    del tfs, ids
    counts.sum_duplicates()  # a term given twice (a topic term also in the text) counts once, summed
    counts = counts.tocoo()
    rows, ids_a, tf = counts.row, counts.col, counts.data
    del counts
    df = np.bincount(ids_a, minlength=size)
    weights = (1 + np.log(tf)) * np.log(n / df[ids_a])
    keep = (df[ids_a] > 1) & (weights > 0)
    rows, ids_a, weights = rows[keep], ids_a[keep], weights[keep]
    # Entries come row by row, each row's ids ascending (canonical CSR): a stable sort by row,
    # then weight, leaves ties in id order.
    order = np.lexsort((-weights, rows))
    rows, ids_a, weights = rows[order], ids_a[order], weights[order]
    keep = _rank(rows, n) < TOP_TERMS
    rows, ids_a, weights = rows[keep], ids_a[keep], weights[keep]
    norms = np.sqrt(np.bincount(rows, weights * weights, minlength=n))
    return rows, ids_a, weights / norms[rows]


def _rank(groups: np.ndarray, size: int) -> np.ndarray:
    """Position of each item within its group (`groups` sorted)."""
    starts = np.concatenate(([0], np.cumsum(np.bincount(groups, minlength=size))[:-1]))
    return np.arange(len(groups)) - starts[groups]


def _postings(rows, ids, weights, terms_count: int, n: int) -> sparse.csr_matrix:
    """term x document: each term's MAX_POSTINGS heaviest documents (ties: first document)."""
    order = np.lexsort((rows, -weights, ids))
    rows, ids, weights = rows[order], ids[order], weights[order]
    keep = _rank(ids, terms_count) < MAX_POSTINGS
    return sparse.csr_matrix((weights[keep], (ids[keep], rows[keep])), shape=(terms_count, n))


def _best(scores: sparse.csr_matrix, start: int, count: int) -> list[list[int]]:
    """Per row of a block of the score matrix: the `count` best other documents."""
    scores = scores.tocsr()
    height = scores.shape[0]
    rows = np.repeat(np.arange(height), np.diff(scores.indptr))  # row-major; columns in no order
    cols, data = scores.indices, scores.data
    keep = (data >= MIN_SCORE) & (cols != rows + start)
    rows, cols, data = rows[keep], cols[keep], data[keep]
    # Scores are cosines in (0, 1]: ordering by row - score orders rows, then best score
    # first; ties (equal keys) go to the lowest column. Only the entries up to each row's
    # count-th key are sorted: a few per row, not thousands.
    key = rows * 2.0 - data
    keep = key <= _limits(key, rows, height, count)[rows]
    rows, cols, key = rows[keep], cols[keep], key[keep]
    order = np.lexsort((cols, key))
    rows, cols = rows[order], cols[order]
    keep = _rank(rows, height) < count
    out: list[list[int]] = [[] for _ in range(height)]
    for row, col in zip(rows[keep].tolist(), cols[keep].tolist()):
        out[row].append(col)
    return out


def _limits(key: "np.ndarray", rows: "np.ndarray", height: int, count: int) -> "np.ndarray":
    """Per row (`rows` sorted), its count-th smallest key counting ties (inf when fewer)."""
    level = np.full(height, -np.inf)
    if not len(rows):
        return level
    starts = np.flatnonzero(np.diff(rows, prepend=-1))  # where each row's entries begin
    present = rows[starts]
    for _ in range(count):
        short = np.bincount(rows, weights=key <= level[rows], minlength=height) < count
        above = np.where(key > level[rows], key, np.inf)
        step = np.full(height, np.inf)
        step[present] = np.minimum.reduceat(above, starts)
        level = np.where(short, step, level)
    return level
