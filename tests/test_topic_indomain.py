"""In-domain word vectors in the learned topic layer (catalog/ingest/indomain.py): the shipped
table loads from the package, puts real papers on the same subject near each other, is part of
the model and of its cache key, and its absence is one warning line and a model without it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from catalog.ingest import indomain, vectors
from catalog.ingest.clean import clean_abstract, plain_text
from catalog.ingest.decide import Classifier
from catalog.ingest.labels import SHIPPED, shipped_examples
from catalog.ingest.model import model_key, train
from catalog.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent


def _unseen(arxiv: str) -> tuple[str, set[str]]:
    paper = next(p for p in yaml.safe_load((ROOT / "tests/data/topics/unseen-real.yaml").read_text())["papers"]
                 if str(p["arxiv"]) == arxiv)
    return plain_text(clean_abstract(paper["abstract"])[0]), set(paper["topics"])


def _vectors(table: indomain.Table, texts: list[str]) -> np.ndarray:
    columns = vectors._Columns(table.words)
    return table.pool([columns.of("", text) for text in texts])


def test_the_shipped_table_is_small_float16_and_loads():
    assert indomain.DATA.stat().st_size < 5_000_000
    with np.load(indomain.DATA) as data:
        assert data["table"].dtype == np.float16 and data["table"].shape == (16_000, 128)
    table = indomain.load()
    assert table is not None and table.name.startswith("indomain ") and table.dim == 128 and not table.log_tf
    assert {"experts", "quantization", "rlhf", "multimodal"} <= set(table.words)


def test_near_words_and_near_papers():
    """Words used alike get near rows; each of the six real unseen papers labeled moe alone
    (never trained on) is nearer the shipped MoE papers, on average, than any other topic's;
    and each topic's shipped papers are nearer one another than to the papers with no topic."""
    table = indomain.load()
    rows = table.table / np.linalg.norm(table.table, axis=1, keepdims=True)
    near = rows[table.words["experts"]] @ rows[table.words["routing"]]
    assert near > 0.4 and rows[table.words["experts"]] @ rows[table.words["segmentation"]] < near - 0.3
    items = list(shipped_examples(SHIPPED))
    found = _vectors(table, [e.text for e in items])
    assert np.allclose(np.linalg.norm(found, axis=1), 1.0, atol=1e-5)
    inside = {topic: np.array([topic in e.topics for e in items]) for topic in ("moe", "alignment", "multimodal", "efficiency")}
    for arxiv in ("2510.19210", "2506.23201", "2509.04816", "2508.13676", "2506.13192", "2504.20509"):
        text, topics = _unseen(arxiv)
        assert topics == {"moe"}
        mine = _vectors(table, [text])[0]
        means = {topic: float(np.mean(found[rows] @ mine)) for topic, rows in inside.items()}
        assert max(means, key=means.get) == "moe", (arxiv, means)
    nothing = np.array([not e.topics for e in items])
    for topic, rows in inside.items():
        within = found[rows] @ found[rows].T
        same = (within.sum() - rows.sum()) / (rows.sum() * (rows.sum() - 1))
        assert same > float(np.mean(found[rows] @ found[nothing].T)) + 0.03, topic


def test_the_model_has_the_block_and_its_key_follows_it(monkeypatch):
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    model = train(topics, items)
    space = model.space
    assert space.indomain == indomain.load().name and space.terms_width == len(space.terms) + len(space.categories) + 128
    index, values = space.terms_row("", items[0].text)
    assert index[-128:].tolist() == list(range(space.terms_width - 128, space.terms_width)) and values[-128:].any()
    key, shipped = model_key(topics, items), vectors.INDOMAIN_SCALE
    monkeypatch.setattr(vectors, "INDOMAIN_SCALE", 0.0)
    assert model_key(topics, items) != key and train(topics, items[:250]).space.indomain is None
    monkeypatch.setattr(vectors, "INDOMAIN_SCALE", shipped)
    monkeypatch.setitem(indomain._names, indomain.DATA, "indomain another")  # another file's hash
    assert model_key(topics, items) != key  # another table, another model


def test_few_labeled_papers_train_no_block():
    topics = load_topics(ROOT / "content")
    assert train(topics, list(shipped_examples(SHIPPED))[:150]).space.indomain is None


def test_without_the_table_one_warning_and_a_model_without_the_block(monkeypatch, tmp_path, capsys):
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    key = model_key(topics, items)
    monkeypatch.setattr(indomain, "DATA", tmp_path / "missing.npz")
    assert indomain.load() is None and indomain.load() is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warning: topics: in-domain word vectors unavailable")
    assert model_key(topics, items) != key
    model = train(topics, items)
    assert model.space.indomain is None and model.topics
    assert Classifier(topics, model).classify("", items[0].text) is not None
