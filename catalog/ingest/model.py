"""The learned layer over the vocabulary: per topic, a TF-IDF logistic regression (terms,
arXiv categories and the paper's in-domain word vectors) stacked with the vocabulary's scores in a second, small one, its threshold
chosen by 5-fold cross-validation repeated over 3 fold assignments (`learn.py`; the columns
are `vectors.py`'s).

The second model sees the first one's out-of-fold logit beside the topic's own vocabulary
scores, so it learns how far to trust the terms over the readable vocabulary. A topic learns
once it has MIN_LABELED labeled papers on each side and its cross-validated F1 beats giving
it to every labeled paper; until then (a topic new in topics.yaml) the vocabulary alone
decides it, as before, and `vocabulary_alone` says why. A person's page counts PAGE_WEIGHT
shipped papers. Training takes a second or two and is kept in the ingest cache under a key of
everything it depends on: examples, topics, code, the in-domain table.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse

from ..topics import Topic
from . import indomain, learn, vectors
from .classify import judge
from .labels import Example, digest
from .vectors import VOCAB_PER_TOPIC, Space, make_space

MIN_LABELED = 8  # labeled papers on each side before a topic learns
PAGE_WEIGHT = 3.0  # how much a page a person labeled counts against a shipped paper (1, 3, 5, 10 measured: bench/topics_loop.py)
L2_TERMS, L2_STACK = 1.0, 1.0
FOLDS, REPEATS = 5, 3
BEAT_EVERYTHING = 0.05  # a topic learns only if its CV F1 beats giving it to every labeled paper by this much
OWN_VOCABULARY = True  # measured: develop CV 0.954 against 0.930 with every topic's (bench/topics_results.md)


@dataclass
class Learned:
    terms: np.ndarray  # the TF-IDF model's weights, then its intercept
    stack: np.ndarray  # the second model's: vocabulary block, the terms' logit, intercept
    threshold: float
    positives: int
    negatives: int


@dataclass
class TopicModel:
    key: str
    space: Space
    topics: dict[str, Learned]  # the topics that learned; the others are the vocabulary's alone
    vocabulary_alone: dict[str, str]  # topic key -> why it has not learned
    names: list[str] = field(default_factory=list)  # the examples, for the nearest labeled papers
    titles: list[str] = field(default_factory=list)
    labels: list[tuple[str, ...]] = field(default_factory=list)
    pages: list[str | None] = field(default_factory=list)
    term_rows: sparse.csr_matrix | None = None


def model_key(topics: list[Topic], items: list[Example]) -> str:
    h = hashlib.sha256(repr(topics).encode())
    h.update(digest(items).encode())
    for name in ("learn.py", "vectors.py", "model.py", "classify.py", "labels.py", "indomain.py"):
        h.update((Path(__file__).parent / name).read_bytes())
    table = indomain.identity() if vectors.INDOMAIN_SCALE > 0 else None  # with or without the in-domain block
    h.update(f"{table or '-'} {vectors.INDOMAIN_SCALE} {vectors.MIN_INDOMAIN_PAPERS}".encode())
    h.update(f"{MIN_LABELED} {L2_TERMS} {L2_STACK} {FOLDS} {REPEATS} {PAGE_WEIGHT} {OWN_VOCABULARY} {BEAT_EVERYTHING}".encode())
    return h.hexdigest()[:32]


def fold_of(name: str, repeat: int = 0) -> int:
    """The same on every machine, whatever the order of the examples."""
    return int.from_bytes(hashlib.sha256(f"{repeat}:{name}".encode()).digest()[:8], "big") % FOLDS


def train(topics: list[Topic], items: list[Example], key: str | None = None) -> TopicModel:
    with _one_blas_thread():
        return _train(topics, items, key)


def _one_blas_thread():
    """Small fits run fastest on one BLAS thread: OpenBLAS's threads spin, and on a busy machine
    training took 2-10x the CPU time (measured 1.3 s against 2.5-17 s for 374 papers)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # not installed: as fast on an idle machine
        return contextlib.nullcontext()
    return threadpool_limits(1, user_api="blas")


def _train(topics: list[Topic], items: list[Example], key: str | None) -> TopicModel:
    space = make_space(len(topics), [(e.title, e.text, e.categories) for e in items])
    vocab = np.stack([space.vocabulary(judge(e.title, e.text, topics)) for e in items]) if items else None
    terms = _matrix([space.terms_row(e.title, e.text, e.categories) for e in items], space.terms_width)
    folds = [np.array([fold_of(e.name, r) for e in items]) for r in range(REPEATS)]
    weight = np.array([PAGE_WEIGHT if e.page is not None else 1.0 for e in items])
    gram = learn.gram_of(terms) if items else None  # every fit over the terms slices it
    learned, vocabulary_alone = {}, {}
    for number, topic in enumerate(topics):
        use = np.array([e.labeled_for(topic.key) for e in items], dtype=bool)
        y = np.array([topic.key in e.topics for e in items], dtype=np.float64)[use]
        positives, negatives = int(y.sum()), int(len(y) - y.sum())
        if min(positives, negatives) < MIN_LABELED:
            vocabulary_alone[topic.key] = f"{positives} labeled papers with it and {negatives} without; it learns from {MIN_LABELED} of each"
            continue
        c, columns = weight[use], _vocab_columns(number, len(topics))
        inners, helds = [], []
        for fold in folds:  # CV repeated over REPEATS fold assignments: a steadier threshold on few papers
            inners.append(learn.out_of_fold(terms[use], y, fold[use], L2_TERMS, c, gram[np.ix_(use, use)]))
            stacked = np.column_stack([vocab[use][:, columns], inners[-1]])
            helds.append(learn.probability(learn.out_of_fold(stacked, y, fold[use], L2_STACK, c)))
        held, y_all = np.concatenate(helds), np.tile(y, REPEATS)
        threshold = learn.best_threshold(held, y_all)
        f1, everything = learn.f1(held >= threshold, y_all), learn.f1(np.ones(len(y), dtype=bool), y)
        stacked = np.column_stack([vocab[use][:, columns], np.mean(inners, axis=0)])
        if f1 < everything + BEAT_EVERYTHING:  # the labels do not tell the topic apart yet (all of one kind?)
            vocabulary_alone[topic.key] = (f"learned F1 {f1:.2f} under cross-validation, no better than giving it to every "
                                           f"paper ({everything:.2f}): the labels do not tell it apart yet")
            continue
        stack = np.zeros(vocab.shape[1] + 2)  # laid out over every topic's vocabulary block, as decide.py reads it
        stack[np.r_[columns, vocab.shape[1], vocab.shape[1] + 1]] = learn.fit(stacked, y, L2_STACK, c)
        learned[topic.key] = Learned(learn.fit(terms[use], y, L2_TERMS, c, gram[np.ix_(use, use)]), stack, threshold,
                                     positives, negatives)
    term_rows = _matrix([space.terms_row(e.title, e.text, indomain=False) for e in items], space.terms_width)
    return TopicModel(key or model_key(topics, items), space, learned, vocabulary_alone, [e.name for e in items],
                      [e.title for e in items], [tuple(sorted(e.topics)) for e in items], [e.page for e in items], term_rows)


def _vocab_columns(number: int, count: int) -> np.ndarray:
    """The vocabulary columns a topic's second model sees: every topic's, or its own alone."""
    if not OWN_VOCABULARY:
        return np.arange(VOCAB_PER_TOPIC * count)
    return np.arange(VOCAB_PER_TOPIC * number, VOCAB_PER_TOPIC * (number + 1))


def _matrix(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csr_matrix:
    indptr = np.cumsum([0] + [len(i) for i, _ in rows])
    index = np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, dtype=np.int64)
    values = np.concatenate([v for _, v in rows]) if rows else np.zeros(0)
    return sparse.csr_matrix((values, index, indptr), shape=(len(rows), width))


_recent: dict[str, TopicModel] = {}  # the last model this process used (serve and the tests ingest again and again)


def load_or_train(folder: Path | None, topics: list[Topic], items: list[Example]) -> TopicModel:
    """The model for these examples from `folder` (the ingest cache), trained and kept there if missing."""
    key = model_key(topics, items)
    path = folder / f"topic-model-{key}.pickle" if folder is not None else None
    model = _recent.get(key) or (_read(path, key) if path is not None else None) or train(topics, items, key)
    if path is not None and not path.exists():
        _keep(path, model)
    _recent.clear()
    _recent[key] = model
    return model


def _read(path: Path, key: str) -> TopicModel | None:
    try:
        with open(path, "rb") as handle:
            model = pickle.load(handle)
    except Exception:  # missing, truncated or from other code: train again
        return None
    return model if isinstance(model, TopicModel) and model.key == key else None


def _keep(path: Path, model: TopicModel) -> None:
    """Write the model (atomically) and drop the ones trained on other labels."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)
    for old in path.parent.glob("topic-model-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
