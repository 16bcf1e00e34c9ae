"""A paper's topics: the vocabulary's judgement, and the learned layer's where a topic learned.

`Classifier(topics, model)` is what ingest, `topics --explain` and `--review` use; with no
model (or for a topic that has not learned) it is the vocabulary alone. Many papers at once
(ingest's new pages, a re-classification) go through `decide_many`/`classify_many`: the same
decisions as one `decide` a paper, for ~40 % less CPU (bench/topics_results.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np

from ..engine import collector
from ..topics import Topic
from . import learn
from .batch_judge import judge_many
from .classify import Judgement
from .model import TopicModel

NEAREST = 5
BATCH = 256  # papers decided together, phase by phase (measured: 64 and 256 alike)


@dataclass
class Decision:
    """One topic's decision on a paper: the vocabulary's judgement and, when the topic
    learned, the learned layer's probability against its threshold (which then decides)."""

    judgement: Judgement
    probability: float | None = None
    threshold: float | None = None

    @property
    def key(self) -> str:
        return self.judgement.key

    @property
    def learned(self) -> bool:
        return self.probability is not None

    @property
    def assigned(self) -> bool:
        return self.judgement.assigned if self.probability is None else self.probability >= self.threshold

    @property
    def margin(self) -> float:
        """Distance from the line (0 = on it): in log-odds for the learned layer, relative to
        the threshold for the vocabulary (`Judgement.margin`)."""
        if self.probability is None:
            return self.judgement.margin
        return abs(_log_odds(self.probability) - _log_odds(self.threshold))


def _log_odds(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class Classifier:
    """The topics and, when there is one, the model learned over their vocabulary."""

    def __init__(self, topics: list[Topic], model: TopicModel | None = None):
        self.topics, self.model = topics, model
        learned = model.topics if model is not None else {}
        self.learned = [t.key for t in topics if t.key in learned]
        if self.learned:
            self._terms = np.stack([learned[k].terms for k in self.learned])
            self._stack = np.stack([learned[k].stack for k in self.learned])
            self._thresholds = [learned[k].threshold for k in self.learned]

    def decide(self, title: str, text: str, categories=()) -> list[Decision]:
        """Every topic's decision, in config order."""
        return self.decide_many([(title, text, categories)])[0]

    def decide_many(self, papers: Iterable[tuple[str, str, Sequence]]) -> list[list[Decision]]:
        """`decide` for each (title, text, categories), the same decisions, faster (_batches)."""
        return [found for batch in self._batches(papers) for found in batch]

    def _batches(self, papers: Iterable[tuple[str, str, Sequence]]) -> Iterator[list[list[Decision]]]:
        """The decisions, BATCH papers at a time, phase by phase (the vocabulary, the terms, the
        embeddings), so each phase's tables stay in the CPU's caches, and the terms of all are
        counted at once. Papers are read as they come (a generator of 100,000 stays small)."""
        papers = iter(papers)
        while batch := list(islice(papers, BATCH)):
            with collector.paused():  # a batch makes no cycles; collections cost ~8 % of its CPU
                decided = self._decide_batch(batch)
            yield decided

    def _decide_batch(self, batch: list[tuple[str, str, Sequence]]) -> list[list[Decision]]:
        judgements = judge_many([(title, text) for title, text, _ in batch], self.topics)
        if not self.learned:
            return [[Decision(j) for j in found] for found in judgements]
        rows = self.model.space.terms_rows(batch)
        return [self._learned(found, index, values) for found, (index, values) in zip(judgements, rows)]

    def _learned(self, judgements: list[Judgement], index: np.ndarray, values: np.ndarray) -> list[Decision]:
        decisions = [Decision(j) for j in judgements]
        inner = self._terms[:, index] @ values + self._terms[:, -1]
        vocab = self.model.space.vocabulary(judgements)
        outer = self._stack[:, :len(vocab)] @ vocab + self._stack[:, len(vocab)] * inner + self._stack[:, -1]
        by_key = {d.key: d for d in decisions}
        for key, p, threshold in zip(self.learned, learn.probability(outer), self._thresholds):
            by_key[key].probability, by_key[key].threshold = float(p), threshold
        return decisions

    def classify(self, title: str, text: str, categories=()) -> list[str]:
        return self.classify_many([(title, text, categories)])[0]

    def classify_many(self, papers: Iterable[tuple[str, str, Sequence]]) -> list[list[str]]:
        """The topic keys of each (title, text, categories): `decide_many`'s assigned ones."""
        return [[d.key for d in found if d.assigned] for batch in self._batches(papers) for found in batch]

    def nearest(self, title: str, text: str, count: int = NEAREST) -> list[tuple[float, int]]:
        """(cosine similarity of their terms, example number) of the nearest labeled papers."""
        if self.model is None or not self.model.names:
            return []
        index, values = self.model.space.terms_row(title, text, indomain=False)
        query = np.zeros(self.model.space.terms_width)
        query[index] = values
        similarity = self.model.term_rows @ query
        order = sorted(range(len(similarity)), key=lambda i: (-round(float(similarity[i]), 9), i))[:count]
        return [(float(similarity[i]), i) for i in order]
