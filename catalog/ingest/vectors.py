"""A paper as numbers for the learned layer: the vocabulary's scores, TF-IDF terms, categories.

One row per paper, the same code for training and classifying:

    vocabulary   for every topic: log(1 + score), score / threshold (at most 3), assigned (0/1)
    terms        TF-IDF of the title (when a person, arXiv or a dump gave one) and abstract:
                 words and word pairs seen in at least two training papers, 1 + log(count)
                 times the inverse document frequency, the row scaled to length 1
    categories   arXiv categories (`cs.CV`, `eess.AS`, …) and their archives (`cs`, `eess`)
                 seen in the training papers, 1 each
    embedding    the mean of the title's and abstract's token embeddings (embed.py, 256
                 numbers; none when wordllama is not installed or from fewer than
                 MIN_EMBED_PAPERS training papers), centred on the training
                 papers' mean and scaled to an average length of EMBED_SCALE

The vocabulary's block is scaled up (VOCAB_SCALE) so the regularisation, which shrinks
every weight alike, leans on the few readable scores before thousands of terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from . import embed
from .classify import Judgement

TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[0-9]+[a-z][a-z0-9]*")
MIN_PAPERS = 2  # a term must be in this many training papers
VOCAB_SCALE = 3.0
VOCAB_PER_TOPIC = 3
MIN_EMBED_PAPERS = 200  # fewer labeled papers: no embedding block (measured: 150 no gain, ~260 +0.016, 374 +0.034)
EMBED_SCALE = 1.5  # the embedding block's length against the terms' 1: chosen by CV on the 374 (bench/topics_results.md)


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


@dataclass
class Space:
    """The columns: what `terms` and `categories` were seen in training, and each term's idf."""

    topics: int  # how many topics the vocabulary block has
    terms: dict[str, int]
    idf: np.ndarray
    categories: dict[str, int]
    embedder: str | None = None  # the embedder's name when the rows have its block
    embed_mean: np.ndarray | None = None
    embed_scale: float = 0.0

    def vocabulary(self, judgements: list[Judgement]) -> np.ndarray:
        """The vocabulary's block: three numbers a topic, scaled."""
        vocab = []
        for j in judgements:
            ratio = min(j.score / max(j.threshold, 1e-9), 3.0)
            vocab += [math.log1p(j.score), ratio, 1.0 if j.assigned else 0.0]
        return np.asarray(vocab, dtype=np.float64) * VOCAB_SCALE

    def terms_row(self, title: str, text: str, categories=(), embedding: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(column indexes, values) of the terms, categories and embedding, indexes ascending;
        the categories' columns follow the terms', the embedding's the categories'."""
        counts = terms_of(title, text)
        found = [(i, n) for i, n in zip(map(self.terms.get, counts), counts.values()) if i is not None]
        idx = np.fromiter((i for i, _ in found), dtype=np.int64, count=len(found))
        order = np.argsort(idx)
        idx = idx[order]
        n = np.fromiter((n for _, n in found), dtype=np.float64, count=len(found))[order]
        weights = (1.0 + np.log(n)) * self.idf[idx]
        norm = float(np.sqrt(weights @ weights))
        if norm:
            weights /= norm
        cats = sorted(len(self.terms) + self.categories[c] for c in categories_of(categories) if c in self.categories)
        parts = [(idx, weights), (np.asarray(cats, dtype=np.int64), np.ones(len(cats)))]
        if embedding and self.embedder is not None:
            start = len(self.terms) + len(self.categories)
            parts.append((np.arange(start, start + embed.DIM), self.embedding(title, text)))
        return np.concatenate([i for i, _ in parts]), np.concatenate([v for _, v in parts])

    def embedding(self, title: str, text: str) -> np.ndarray:
        embedder = embed.load()
        if embedder is None or embedder.name != self.embedder:  # cannot happen through model_key; no crash if it does
            return np.zeros(embed.DIM)
        return (embedder.vector(title, text) - self.embed_mean) * self.embed_scale

    @property
    def terms_width(self) -> int:
        return len(self.terms) + len(self.categories) + (embed.DIM if self.embedder is not None else 0)


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
    embedder = embed.load() if EMBED_SCALE > 0 and len(papers) >= MIN_EMBED_PAPERS else None
    if embedder is not None:
        vectors = np.stack([embedder.vector(title, text) for title, text, _ in papers])
        space.embed_mean = vectors.mean(axis=0)
        length = float(np.mean(np.linalg.norm(vectors - space.embed_mean, axis=1)))
        space.embedder, space.embed_scale = embedder.name, EMBED_SCALE / max(length, 1e-9)
    return space
