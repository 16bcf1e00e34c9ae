"""The learned topic layer: it learns from the pages a person labeled, on real dev-set papers.

A person's labels are what a maintainer writes into `topics:` by hand; ingest must learn from
them at the next run, re-classify the machine's pages, and never touch a hand-set page.
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest
import yaml

from catalog.ingest import ingest, labels, model as model_module
from catalog.ingest.decide import Classifier
from catalog.ingest.explain import explain, review_order
from catalog.ingest.labels import SHIPPED, Example, examples, person_labeled, shipped_examples
from catalog.ingest.model import load_or_train, train
from catalog.pages import dump_page, load_pages
from catalog.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent
PAPERS = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))["papers"]
VISUAL = re.compile(r"\b(?:image|images|visual|vision)\b", re.IGNORECASE)
VISION_TOPIC = "  - key: vision\n    name: Vision\n    threshold: 6\n    signals:\n      3: [image classification]\n"


def quiet(content: Path):
    return ingest(content, say=lambda *a: None)


def catalog_of(tmp_path: Path, papers: list[dict], extra_topics: str = "") -> Path:
    """A fresh catalog of real papers, from a dump as score_topics.py writes one (no titles)."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "topics.yaml").write_text((ROOT / "content" / "topics.yaml").read_text() + extra_topics)
    (content / "sources" / "dump.txt").write_text(
        "".join(" ".join(p["abstract"].split()) + f"\narXiv:{p['arxiv']}\n\n" for p in papers), encoding="utf-8")
    return content


def by_id(content: Path) -> dict:
    return {p.meta["arxiv"]: p for p in load_pages(content / "papers")}


def micro_f1(rows) -> float:
    tp = sum(len(g & o) for g, o in rows)
    return 2 * tp / max(2 * tp + sum(len(g ^ o) for g, o in rows), 1)


def test_a_maintainers_corrections_teach_the_next_ingest(tmp_path, monkeypatch):
    """The correction loop on real papers the model never saw: the model ships with 60 labeled
    papers, the catalog holds 90 others; a person corrects the 20 papers `topics --review` lists
    first; the next ingest retrains and re-classifies the machine's pages, and only those."""
    shipped = tmp_path / "shipped.yaml"
    shipped.write_text(yaml.safe_dump({"topics": ["moe", "alignment", "multimodal", "efficiency"], "papers": PAPERS[90:]}))
    monkeypatch.setattr(labels, "SHIPPED", shipped)
    papers = PAPERS[:90]
    gold = {p["arxiv"]: set(p["topics"]) for p in papers}
    content = catalog_of(tmp_path, papers, VISION_TOPIC)
    quiet(content)
    assert "vocabulary alone: 0 labeled papers with it" in explain(content, papers[0]["arxiv"]).split("vision:")[1]

    listed = [page for _, page, _ in review_order(content)[:20]]
    for page in listed:  # the person sets the topics the rubric gives
        page.path.write_text(dump_page(dict(page.meta, topics=sorted(gold[page.meta["arxiv"]])), page.body))
    # A list written back as ingest gave it is still the machine's (nothing tells them apart).
    hand_set = {p.path.name: p.path.read_bytes() for p in load_pages(content / "papers") if person_labeled(p.meta)}
    assert len(hand_set) >= 3
    before = {p.meta["arxiv"]: set(p.meta["topics"]) for p in load_pages(content / "papers")}
    result = quiet(content)

    after = {p.meta["arxiv"]: p for p in load_pages(content / "papers")}
    changed = sorted(a for a in gold if set(after[a].meta["topics"]) != before[a])
    assert changed and changed == sorted(result.retopiced)
    assert f"{len(changed)} pages changed topics" in result.summary()
    assert {name: (content / "papers" / name).read_bytes() for name in hand_set} == hand_set  # never touched
    for arxiv in changed:  # the machine's pages, and they say so
        assert after[arxiv].meta["generated"]["topics"] == after[arxiv].meta["topics"]
    rest = [a for a in gold if a not in {p.meta["arxiv"] for p in listed}]
    assert micro_f1([(gold[a], set(after[a].meta["topics"])) for a in rest]) >= micro_f1([(gold[a], before[a]) for a in rest])
    first = [page.slug for _, page, _ in review_order(content)[:len(changed)]]
    assert sorted(first) == changed  # `topics --review` lists them first
    assert "vocabulary alone: 0 labeled papers with it" in explain(content, rest[0]).split("vision:")[1]
    assert quiet(content).retopiced == []  # nothing new: nothing re-classified


def test_labels_that_do_not_tell_a_topic_apart_leave_it_to_the_vocabulary(tmp_path):
    """A person adds a new topic to the pages about images and touches no other page: nearly
    every label has it, so giving it to every paper would score as well; it must not learn that."""
    (tmp_path / "topics.yaml").write_text((ROOT / "content" / "topics.yaml").read_text() + VISION_TOPIC)
    topics = load_topics(tmp_path)
    visual = [e for e in shipped_examples(SHIPPED) if VISUAL.search(e.text)][:30]
    others = [e for e in shipped_examples(SHIPPED) if not VISUAL.search(e.text)][:9]
    items = [Example(e.name, "", e.text, (), e.topics | ({"vision"} if e in visual else set()), None, e.name)
             for e in visual + others]
    model = train(topics, items)
    assert "vision" not in model.topics and "no better than giving it to every paper" in model.vocabulary_alone["vision"]


def test_hand_set_topics_are_never_changed_and_count_as_labels(tmp_path):
    papers = PAPERS[:12]
    content = catalog_of(tmp_path, papers)
    quiet(content)
    page = by_id(content)[papers[0]["arxiv"]]
    page.path.write_text(dump_page(dict(page.meta, topics=["alignment", "moe"]), page.body))
    before = page.path.read_bytes()
    quiet(content)
    assert page.path.read_bytes() == before
    items = examples(load_pages(content / "papers"))
    mine = [e for e in items if e.page == page.slug]
    assert len(mine) == 1 and mine[0].topics == {"alignment", "moe"} and mine[0].judged is None
    assert sum(e.name == papers[0]["arxiv"] for e in items) == 1  # it replaces the shipped label


def test_training_is_deterministic():
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    one, two = train(topics, items), train(topics, list(items))
    assert one.key == two.key
    assert pickle.dumps(one.topics) == pickle.dumps(two.topics)
    assert set(one.topics) == {"moe", "alignment", "multimodal", "efficiency"}


def test_a_topic_with_no_labels_is_the_vocabulary_alone(tmp_path):
    (tmp_path / "topics.yaml").write_text((ROOT / "content" / "topics.yaml").read_text() + VISION_TOPIC)
    topics = load_topics(tmp_path)
    model = train(topics, list(shipped_examples(SHIPPED)))
    assert "vision" not in model.topics and "moe" in model.topics
    decision = {d.key: d for d in Classifier(topics, model).decide("", "We propose a new image classification network.")}
    assert decision["vision"].probability is None and decision["vision"].assigned  # 3 x 2 (own work) >= 6
    assert decision["moe"].probability is not None


def test_the_model_is_kept_in_the_cache_keyed_by_its_training_data(tmp_path, monkeypatch):
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    first = load_or_train(tmp_path, topics, items)
    assert [p.name for p in tmp_path.iterdir()] == [f"topic-model-{first.key}.pickle"]

    def no_training(*args, **kwargs):
        raise AssertionError("trained again although the cache holds this model")

    monkeypatch.setattr(model_module, "train", no_training)
    model_module._recent.clear()  # what another process finds: the file alone
    assert load_or_train(tmp_path, topics, items).key == first.key
    monkeypatch.undo()
    relabeled = items[:-1] + [Example(items[-1].name, "", items[-1].text, (), frozenset(), None, "a-page")]
    second = load_or_train(tmp_path, topics, relabeled)
    assert second.key != first.key
    assert [p.name for p in tmp_path.iterdir()] == [f"topic-model-{second.key}.pickle"]  # the old one is gone


@pytest.mark.parametrize("arxiv", ["2503.18893", "2405.14734"])
def test_ingest_classifies_new_pages_with_the_learned_layer(tmp_path, arxiv):
    content = catalog_of(tmp_path, [p for p in PAPERS if p["arxiv"] == arxiv])
    quiet(content)
    page = by_id(content)[arxiv]
    expected = next(p["topics"] for p in PAPERS if p["arxiv"] == arxiv)
    assert page.meta["topics"] == expected
    assert "learned probability" in explain(content, page.slug)


def test_shipped_labels_follow_also_and_read_an_id_once(tmp_path):
    """A shipped labels file may name more files under `also` (read after it, beside it); an
    arXiv id already read is not read again."""
    keys = ["moe", "alignment", "multimodal", "efficiency"]
    (tmp_path / "more.yaml").write_text(yaml.safe_dump({"topics": keys, "papers": PAPERS[:3]}))
    (tmp_path / "main.yaml").write_text(yaml.safe_dump({"topics": keys, "also": ["more.yaml"], "papers": PAPERS[2:5]}))
    got = [e.name for e in shipped_examples(tmp_path / "main.yaml")]
    assert got == [str(p["arxiv"]) for p in PAPERS[2:5] + PAPERS[:2]]


def test_the_2025_papers_and_the_unseen_set_do_not_overlap():
    """The held-out real papers are never training data: the split is the hash of the id, and no
    id is in the dev set or in both files."""
    import hashlib
    more = yaml.safe_load((SHIPPED.parent / "labeled-papers-2025.yaml").read_text(encoding="utf-8"))["papers"]
    unseen = yaml.safe_load((ROOT / "tests/data/topics/unseen-real.yaml").read_text(encoding="utf-8"))["papers"]
    held = lambda i: int(hashlib.sha256(f"unseen-real:{i}".encode()).hexdigest(), 16) % 3 == 0  # noqa: E731
    dev = {str(p["arxiv"]) for p in PAPERS}
    assert len(more) == 224 and len(unseen) == 102
    assert not any(held(p["arxiv"]) for p in more) and all(held(p["arxiv"]) for p in unseen)
    ids = [str(p["arxiv"]) for p in more + unseen]
    assert len(set(ids)) == len(ids) and not set(ids) & dev
    assert all(set(p["topics"]) <= {"moe", "alignment", "multimodal", "efficiency"} and p["rationale"] for p in more + unseen)


def test_the_fit_through_the_papers_is_the_fit_over_every_term():
    """learn.fit solves wide problems (more terms than papers) through the papers' Gram matrix;
    the optimum must be the one the plain fit over every column finds."""
    import numpy as np
    from scipy import sparse, optimize

    from catalog.ingest import learn

    rng = np.random.default_rng(7)
    x = sparse.random(40, 300, density=0.05, random_state=8, format="csr")
    y = (rng.random(40) < 0.4).astype(float)
    c = np.ones(40)
    wide = learn.fit(x, y, 0.3, c)

    def loss(w):  # the primal objective learn.fit states, over all 301 numbers
        z = x @ w[:300] + w[300]
        value = c @ (np.logaddexp(0.0, z) - y * z) + 0.5 * 0.3 * w[:300] @ w[:300]
        r = c * (1 / (1 + np.exp(-z)) - y)
        return value, np.concatenate([x.T @ r + 0.3 * w[:300], [r.sum()]])

    plain = optimize.minimize(loss, np.zeros(301), jac=True, method="L-BFGS-B",
                              options={"maxiter": 5000, "gtol": 1e-10, "ftol": 1e-15}).x
    assert np.allclose(learn.logit(x, wide), learn.logit(x, plain), atol=1e-4)
    assert not np.allclose(learn.logit(x, wide), 0.0)


def test_a_large_curated_catalog_trains_on_at_most_max_page_labels_corrections_first(monkeypatch):
    from catalog.pages import Page
    dev = yaml.safe_load((ROOT / "tests" / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))["papers"][:6]
    pages = [Page(Path(f"{p['arxiv']}.md"), {"slug": str(p["arxiv"]), "arxiv": str(p["arxiv"]), "topics": list(p["topics"])},
                  p["abstract"]) for p in dev]
    corrected = pages[4]
    corrected.meta["generated"] = {"topics": ["moe"] if corrected.meta["topics"] != ["moe"] else []}  # a hand edit
    monkeypatch.setattr(labels, "MAX_PAGE_LABELS", 3)
    kept = [e.page for e in labels.examples(pages) if e.page]
    assert len(kept) == 3 and corrected.slug in kept
    assert kept == [e.page for e in labels.examples(list(reversed(pages))) if e.page]  # whatever the order
    shipped = {e.name for e in labels.examples([])}
    left_out = [p.slug for p in pages if p.slug not in kept]
    assert all(name in shipped for name in left_out)  # a page left out keeps its shipped label
