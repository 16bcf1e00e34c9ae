"""A paper as numbers for the learned layer: the vocabulary's scores, TF-IDF terms, categories.

One row per paper, the same code for training and classifying:

    vocabulary   for every topic: log(1 + score), score / threshold (at most 3), assigned (0/1)
    terms        TF-IDF of the title (when a person, arXiv or a dump gave one) and abstract:
                 words and word pairs seen in at least two training papers, 1 + log(count)
                 times the inverse document frequency, the row scaled to length 1
    categories   arXiv categories (`cs.CV`, `eess.AS`, …) and their archives (`cs`, `eess`)
                 seen in the training papers, 1 each

The vocabulary's block is scaled up (VOCAB_SCALE) so the regularisation, which shrinks
every weight alike, leans on the few readable scores before thousands of terms.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from .classify import Judgement

TOKEN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*|[0-9]+[a-z][a-z0-9]*")
MIN_PAPERS = 2  # a term must be in this many training papers
VOCAB_SCALE = 3.0
VOCAB_PER_TOPIC = 3


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

    def vocabulary(self, judgements: list[Judgement]) -> np.ndarray:
        """The vocabulary's block: three numbers a topic, scaled."""
        vocab = []
        for j in judgements:
            ratio = min(j.score / max(j.threshold, 1e-9), 3.0)
            vocab += [math.log1p(j.score), ratio, 1.0 if j.assigned else 0.0]
        return np.asarray(vocab, dtype=np.float64) * VOCAB_SCALE

    def terms_row(self, title: str, text: str, categories=()) -> tuple[np.ndarray, np.ndarray]:
        """(column indexes, values) of the terms and categories, indexes ascending; the
        categories' columns follow the terms'."""
        get = self.terms.get
        found = sorted((i, n) for t, n in terms_of(title, text).items() if (i := get(t)) is not None)
        idx = np.array([i for i, _ in found], dtype=np.int64)
        weights = (1.0 + np.log(np.array([n for _, n in found], dtype=np.float64))) * self.idf[idx]
        norm = float(np.sqrt(weights @ weights))
        if norm:
            weights /= norm
        cats = sorted(len(self.terms) + self.categories[c] for c in categories_of(categories) if c in self.categories)
        return np.concatenate([idx, np.asarray(cats, dtype=np.int64)]), np.concatenate([weights, np.ones(len(cats))])

    @property
    def terms_width(self) -> int:
        return len(self.terms) + len(self.categories)


def make_space(topics: int, papers: list[tuple[str, str, list]]) -> Space:
    """The columns for training papers given as (title, text, categories)."""
    counts: Counter = Counter()
    for title, text, _ in papers:
        counts.update(set(terms_of(title, text)))
    kept = sorted(t for t, n in counts.items() if n >= MIN_PAPERS)
    n = len(papers)
    idf = np.array([math.log((1 + n) / (1 + counts[t])) + 1.0 for t in kept])
    cats = sorted({c for _, _, categories in papers for c in categories_of(categories)})
    return Space(topics, {t: i for i, t in enumerate(kept)}, idf, {c: i for i, c in enumerate(cats)})
