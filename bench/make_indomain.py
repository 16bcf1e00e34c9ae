"""Write an in-domain word table for the topic model (catalog/ingest/indomain.py) from arXiv listings.

    python bench/make_indomain.py LISTING.jsonl [...] [--kind ppmi|lsa] [--dim 128] [--words 16000] [--out FILE]

Input: JSON lines with `id`, `title` and `summary` or `abstract` (the daily listing files of
dw-dengwei/daily-arXiv-ai-enhanced, branch `data`, `data/2025-*.jsonl`: 74,098 distinct 2025
cs.* papers once the labeled ones are left out: bench/make_word_counts.py's 74,099 less one whose
title is a labeled paper's).
Every paper of the project's labeled sets (tests/data/topics/*.yaml, catalog/ingest/data/*.yaml)
is left out, by id and by title, so no figure scored on them saw their text.

Words: vectors.TOKEN's (lowercased: what the topic model's terms are), the `--words` most
frequent by document frequency (at least MIN_DF papers). Two kinds:

    lsa    TF-IDF of each paper (1 + log count, idf = log(N / df)), rows scaled to length 1,
           truncated SVD (scipy.sparse.linalg.svds, ARPACK, a fixed start vector): the table is
           the word side V (words x dim) times S^power (--power, 0: the plain projection); a
           paper is then its TF-IDF row times the table
    ppmi   word-context counts within +-WINDOW words in each paper, positive PMI with the
           contexts' counts raised to 0.75, truncated SVD: the table is U S^0.5, each row scaled
           to length 1; a paper is then the idf-weighted mean of its words' rows

Each component's sign is fixed (its largest entry positive), the table is rounded to float16,
and the output (npz: words, idf, table, kind) is the same bytes for the same input.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse
from scipy.sparse.linalg import svds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.arxiv.latex_text import unfold  # noqa: E402
from catalog.ingest.vectors import TOKEN  # noqa: E402

OUT = ROOT / "catalog/ingest/data/indomain.npz"
LABELED = [*sorted((ROOT / "tests/data/topics").glob("*.yaml")), *sorted((ROOT / "catalog/ingest/data").glob("*.yaml"))]
MIN_DF = 5
WINDOW = 5


def _title_key(title: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", unfold(title or "").lower()))


def labeled() -> tuple[set[str], set[str]]:
    papers = [p for path in LABELED for p in yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]]
    return {str(p["arxiv"]) for p in papers}, {_title_key(p.get("title") or "") for p in papers} - {""}


def corpus(paths: list[Path]) -> list[list[str]]:
    """Each unlabeled paper's words (title . abstract), in the order first seen."""
    skip_ids, skip_titles = labeled()
    seen, docs, dropped = set(), [], Counter()
    for path in paths:
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            arxiv = re.sub(r"v\d+$", "", record["id"])
            if arxiv in seen:
                continue
            seen.add(arxiv)
            if arxiv in skip_ids or _title_key(record.get("title") or "") in skip_titles:
                dropped["labeled id" if arxiv in skip_ids else "labeled title"] += 1
                continue
            text = f"{unfold(record.get('title') or '')} . {unfold(record.get('summary') or record.get('abstract') or '')}"
            docs.append(TOKEN.findall(text.lower()))
    print(f"{len(docs)} papers ({len(seen)} distinct ids; left out: {dict(dropped)})", file=sys.stderr)
    return docs


def vocabulary(docs: list[list[str]], size: int) -> tuple[list[str], np.ndarray]:
    df = Counter(w for doc in docs for w in set(doc))
    kept = sorted((w for w, n in df.items() if n >= MIN_DF), key=lambda w: (-df[w], w))[:size]
    kept.sort()
    return kept, np.array([df[w] for w in kept], dtype=np.float64)


def _ids(docs, column):
    return [np.array([column[w] for w in doc if w in column], dtype=np.int64) for doc in docs]


def _svd(matrix: sparse.spmatrix, dim: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    start = np.random.default_rng(0).standard_normal(min(matrix.shape))
    u, s, vt = svds(matrix.astype(np.float64), k=dim, v0=start, solver="arpack", maxiter=5000)
    order = np.argsort(-s)
    u, s, vt = u[:, order], s[order], vt[order]
    sign = np.sign(vt[np.arange(dim), np.abs(vt).argmax(axis=1)])
    return u * sign, s, vt * sign[:, None]


def lsa(docs, words, df, dim: int, power: float) -> np.ndarray:
    column = {w: i for i, w in enumerate(words)}
    idf = np.log(len(docs) / df)
    rows, cols, vals = [], [], []
    for r, ids in enumerate(_ids(docs, column)):
        u, c = np.unique(ids, return_counts=True)
        v = (1 + np.log(c)) * idf[u]
        n = np.sqrt(v @ v)
        rows.append(np.full(len(u), r)), cols.append(u), vals.append(v / n if n else v)
    x = sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(docs), len(words)))
    _, s, vt = _svd(x, dim)
    print(f"singular values {s[0]:.2f} ... {s[-1]:.2f}", file=sys.stderr)
    return vt.T * (s / s[0]) ** power


def ppmi(docs, words, df, dim: int) -> np.ndarray:
    column, n = {w: i for i, w in enumerate(words)}, len(words)
    counts = sparse.csr_matrix((n, n))
    for offset in range(1, WINDOW + 1):
        a, b = [], []
        for ids in _ids(docs, column):
            a.append(ids[:-offset]), b.append(ids[offset:])
        a, b = np.concatenate(a), np.concatenate(b)
        pair = sparse.csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
        counts = counts + pair + pair.T
    counts = counts.tocoo()
    total, word = counts.sum(), np.asarray(counts.sum(axis=1)).ravel()
    context = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    pmi = np.log(counts.data * context.sum() / (word[counts.row] * context[counts.col]))
    keep = pmi > 0
    print(f"{len(counts.data)} pairs, {keep.sum()} with positive PMI, {total:.0f} counts", file=sys.stderr)
    matrix = sparse.csr_matrix((pmi[keep], (counts.row[keep], counts.col[keep])), shape=(n, n))
    u, s, _ = _svd(matrix, dim)
    table = u * np.sqrt(s)
    return table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)


def write(path: Path, words: list[str], idf: np.ndarray, table: np.ndarray, kind: str) -> None:
    """npz members written in order with a fixed date: the same bytes for the same arrays."""
    members = {"words": np.frombuffer("\n".join(words).encode(), dtype=np.uint8), "idf": idf.astype(np.float32),
               "table": table.astype(np.float16), "kind": np.frombuffer(kind.encode(), dtype=np.uint8)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for name, array in members.items():
            buffer = io.BytesIO()
            np.save(buffer, array)
            out.writestr(zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue(),
                         compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("listings", nargs="+", type=Path)
    parser.add_argument("--kind", choices=["lsa", "ppmi"], default="ppmi", help="ppmi (the defaults make the shipped file)")
    parser.add_argument("--dim", type=int, default=128)
    parser.add_argument("--words", type=int, default=16000)
    parser.add_argument("--power", type=float, default=0.0, help="lsa: the table is V S^power (S scaled to its largest 1)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    start = time.process_time()
    docs = corpus(args.listings)
    words, df = vocabulary(docs, args.words)
    idf = np.log(len(docs) / df)
    if args.kind == "lsa":
        table, kind = lsa(docs, words, df, args.dim, args.power), f"lsa tfidf"
    else:
        table, kind = ppmi(docs, words, df, args.dim), "ppmi idf-mean"
    write(args.out, words, idf, table, kind)
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()[:12]
    print(f"{len(words)} words x {table.shape[1]} ({kind}) -> {args.out} {args.out.stat().st_size:,} bytes "
          f"sha256 {digest} ({time.process_time() - start:.0f} s CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
