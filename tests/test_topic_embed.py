"""Static word embeddings in the learned topic layer (catalog/ingest/embed.py): they load from the
installed wheel with no network, the same on every run, pool exactly WordLlama's own token
vectors, are kept per paper, change real decisions the right way, and their absence is one
warning line and a model without them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from catalog.ingest import embed, model as model_module, vectors
from catalog.ingest.decide import Classifier
from catalog.ingest.labels import SHIPPED, shipped_examples
from catalog.ingest.model import model_key, train
from catalog.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent
wordllama = pytest.importorskip("wordllama")


@pytest.fixture(scope="module", autouse=True)
def wordllama_block():
    """The WordLlama block is off in the shipped model (EMBED_SCALE 0: the in-domain block
    replaced it, bench/topics_results.md); these tests turn it on as it was (scale 1.5, no
    in-domain block)."""
    before = vectors.EMBED_SCALE, vectors.INDOMAIN_SCALE
    vectors.EMBED_SCALE, vectors.INDOMAIN_SCALE = 1.5, 0.0
    model_module._recent.clear()
    yield
    vectors.EMBED_SCALE, vectors.INDOMAIN_SCALE = before
    model_module._recent.clear()

OFFLINE = """
import hashlib, socket, sys
def refuse(*args, **kwargs):
    raise OSError("network used")
socket.socket.connect = socket.create_connection = refuse
from catalog.ingest import embed
e = embed.load()
assert e is not None
v = e.vector("Mixture-of-Experts routing", sys.argv[1])
print(e.name, hashlib.sha256(v.tobytes()).hexdigest())
"""


def test_the_embeddings_load_offline_and_the_same_every_time(tmp_path):
    """No Hugging Face download (HF_HUB_OFFLINE, an empty home, sockets refused), and two
    processes give the same bytes."""
    text = next(iter(shipped_examples(SHIPPED))).text
    env = dict(os.environ, HF_HUB_OFFLINE="1", HOME=str(tmp_path), HF_HOME=str(tmp_path / "hf"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    runs = [subprocess.run([sys.executable, "-c", OFFLINE, text], env=env, capture_output=True, text=True, cwd=tmp_path)
            for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "warning" not in run.stderr
    assert runs[0].stdout == runs[1].stdout and runs[0].stdout.startswith("wordllama ")
    assert not any(tmp_path.rglob("*.safetensors")) and not any(tmp_path.rglob("*tokenizer*"))  # nothing downloaded


def test_a_papers_vector_is_wordllamas_own_mean_of_its_tokens():
    """Our pooling (words tokenized once, one string per batch of new words) against WordLlama's
    own `embed` of the same pieces, on real papers."""
    embedder = embed.load()
    library = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)
    for e in list(shipped_examples(SHIPPED))[::40]:
        ours = embedder._pool(e.title, e.text)
        theirs = library.embed([" ".join(embed.PIECE.findall(f"{e.title} {e.text}"))])[0]
        np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6)


def test_a_papers_vector_is_kept_and_an_edited_abstract_is_embedded_again(tmp_path):
    embedder = embed.load()
    first, edited = "Sparse experts route tokens to a few feed-forward blocks.", "Sparse experts route tokens."
    vector = embedder.vector("", first)
    embedder.keep(tmp_path)
    fresh = embed.Embedder(embedder.table, embedder._tokenizer, embedder.name)
    fresh.recall(tmp_path)
    assert np.array_equal(fresh.vector("", first), vector) and not fresh._tokens  # from the cache, not tokenized
    assert not np.array_equal(fresh.vector("", edited), vector) and fresh._tokens  # another text: embedded anew


@pytest.fixture(scope="module")
def both_models():
    """The shipped model with and without the embedding block."""
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    before = vectors.EMBED_SCALE
    try:
        vectors.EMBED_SCALE = 0.0
        without = Classifier(topics, train(topics, items))
    finally:
        vectors.EMBED_SCALE = before
    with_block = Classifier(topics, train(topics, items))
    assert with_block.model.space.embedder is not None and without.model.space.embedder is None
    return without, with_block


def test_few_labeled_papers_train_no_embedding_block():
    """256 numbers a paper overfit a small training set (150 dev papers: no gain on the unseen set)."""
    topics = load_topics(ROOT / "content")
    assert train(topics, list(shipped_examples(SHIPPED))[:150]).space.embedder is None


@pytest.mark.parametrize("arxiv, topic, right", [
    ("2510.08859", "alignment", True),  # multi-turn jailbreak defence: safety alignment, missed by the terms alone
    ("2504.04907", "alignment", False),  # video generation assessment: "alignment" as an evaluation metric (a trap)
])
def test_the_embedding_block_decides_real_unseen_papers_the_right_way(both_models, arxiv, topic, right):
    """Two of the held-out real papers (tests/data/topics/unseen-real.yaml, never trained on)
    whose decision the embeddings turn from wrong to right (abstract only, as from a dump)."""
    import yaml

    paper = next(p for p in yaml.safe_load((ROOT / "tests/data/topics/unseen-real.yaml").read_text())["papers"]
                 if str(p["arxiv"]) == arxiv)
    assert (topic in paper["topics"]) == right
    from catalog.ingest.clean import clean_abstract, plain_text

    text = plain_text(clean_abstract(paper["abstract"])[0])
    without, with_embeddings = both_models
    assert (topic in without.classify("", text)) != right
    assert (topic in with_embeddings.classify("", text)) == right


def test_without_wordllama_one_warning_and_a_model_without_the_block(monkeypatch, capsys):
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    with_key = model_key(topics, items)
    monkeypatch.setitem(sys.modules, "wordllama", None)  # import wordllama now fails, as when not installed
    monkeypatch.setattr(embed, "_loaded", [])
    assert embed.load() is None and embed.load() is None
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("warning: topics: word embeddings unavailable")
    assert model_key(topics, items) != with_key  # a model trained with the block is not reused
    model = train(topics, items)
    assert model.space.embedder is None and model.topics  # it learned (from 374 papers), without the block
    classifier = Classifier(topics, model)
    assert classifier.embedder is None
    assert classifier.classify("", items[0].text) is not None
    assert capsys.readouterr().err == ""  # no second warning
    monkeypatch.setattr(model_module, "_recent", {})


def test_ingest_keeps_the_pages_embeddings_after_a_correction(tmp_path):
    """A fresh catalog of real unseen papers, one page corrected by hand: the next ingest
    re-classifies the machine's pages and keeps their embeddings in the ingest cache, where
    the ingest after it finds them."""
    import yaml

    from catalog.ingest import ingest
    from catalog.ingest.cache import cache_dir
    from catalog.pages import dump_page, load_pages

    papers = yaml.safe_load((ROOT / "tests/data/topics/unseen-real.yaml").read_text())["papers"][:12]
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "topics.yaml").write_text((ROOT / "content" / "topics.yaml").read_text())
    (content / "sources" / "dump.txt").write_text(
        "".join(" ".join(p["abstract"].split()) + f"\narXiv:{p['arxiv']}\n\n" for p in papers), encoding="utf-8")
    ingest(content, say=lambda *a: None)
    page = load_pages(content / "papers")[0]
    page.path.write_text(dump_page(dict(page.meta, topics=sorted(set(page.meta["topics"]) ^ {"efficiency"})), page.body))
    ingest(content, say=lambda *a: None)
    kept = list(cache_dir(content).glob("embeddings-*.npz"))
    assert len(kept) == 1
    with np.load(kept[0]) as data:  # the 11 pages ingest re-classified, and the training papers'
        assert data["vectors"].shape[1] == embed.DIM and len(data["vectors"]) >= 11 + 374
    fresh = embed.Embedder(embed.load().table, embed.load()._tokenizer, embed.load().name)
    fresh.recall(cache_dir(content))
    other = load_pages(content / "papers")[1]
    from catalog.ingest.clean import plain_text
    from catalog.ingest.labels import evidence_title

    fresh.vector(evidence_title(other.meta, other.body), plain_text(other.body))
    assert not fresh._tokens  # found, not embedded again
