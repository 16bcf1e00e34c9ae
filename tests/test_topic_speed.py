"""The fast paths of topic classification decide exactly what the plain definitions decide, on
real papers: papers decided in batches as one at a time, the vocabulary's judgements of many
papers (`judge_many`) as `judge`'s, the batched TF-IDF as `terms_of`
counts it, the ASCII searches of a sentence's place as the case-insensitive ones, the pieces
tokenized straight through the BPE model as the tokenizer does, and ingest's batches of new
pages (on the process pool too) as a single batch."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from catalog.ingest import classify, decide, ingest, run as run_module
from catalog.ingest.batch_judge import MARK, judge_many
from catalog.ingest.clean import clean_abstract, plain_text
from catalog.ingest.decide import Classifier
from catalog.ingest.labels import SHIPPED, shipped_examples
from catalog.ingest.model import train
from catalog.ingest.vectors import TOKEN, terms_of
from catalog.pages import load_pages
from catalog.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = yaml.safe_load((ROOT / "tests/data/topics/unseen-real.yaml").read_text(encoding="utf-8"))["papers"]
TOPICS = load_topics(ROOT / "content")


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    """The shipped model (with the in-domain block)."""
    return Classifier(TOPICS, train(TOPICS, list(shipped_examples(SHIPPED))))


def real_papers() -> list[tuple[str, str, list]]:
    """Unseen real abstracts as ingest reads them, some with their title and categories, and
    shipped papers with theirs: every path (title, categories, none) on real text."""
    papers = [("", plain_text(clean_abstract(p["abstract"])[0]), []) for p in UNSEEN]
    papers += [(e.title, e.text, ["cs.CV", "eess.AS"][: i % 3]) for i, e in enumerate(list(shipped_examples(SHIPPED))[::9])]
    return papers + [("", "", []), ("A title alone", "", ["cs.CL"])]


def test_papers_decided_in_batches_are_decided_as_one_at_a_time(classifier, monkeypatch):
    papers = real_papers()
    one_by_one = [classifier.decide(*paper) for paper in papers]
    monkeypatch.setattr(decide, "BATCH", 7)  # many batches, a short last one
    batched = classifier.decide_many(papers)
    assert len(batched) == len(papers)
    for alone, together in zip(one_by_one, batched):
        assert [(d.key, d.probability, d.threshold, d.assigned) for d in alone] == \
               [(d.key, d.probability, d.threshold, d.assigned) for d in together]
        assert [d.judgement for d in alone] == [d.judgement for d in together]
    assert any(d.learned for found in batched for d in found)
    assert classifier.classify_many(papers) == [[d.key for d in found if d.assigned] for found in one_by_one]


def test_the_vocabulary_judges_many_papers_as_it_judges_each():
    """judge_many (a paper tokenized in one go, by byte operations when ASCII; phrases looked for
    only where one may start) against judge, sentence by sentence: scores, thresholds and every
    piece of evidence, on every shipped paper with its title and without, unseen abstracts,
    and texts that take the other ways: letters that lowercase to ASCII ("İ", the Kelvin sign),
    a MARK inside a sentence, phrases cut by a sentence's end or the text's."""
    shipped = list(shipped_examples(SHIPPED))
    papers = [(e.title, e.text) for e in shipped] + [("", e.text) for e in shipped]
    papers += [(title, text) for title, text, _ in real_papers()]
    moe = next(e.text for e in shipped if "mixture-of-experts" in e.text.lower())
    papers += [("", moe.replace("i", "\u0130", 3)), ("", moe.replace("k", "\u212a")),  # "İ" -> "i̇", "K" -> "k"
               ("", moe.replace(" ", f" {MARK} ", 5)), (f"Sparse {MARK}experts", moe),
               ("", "We study a mixture. Of experts, we say little. Our router uses a mixture of"),
               ("MoE", ""), ("", "Mixture-of-Experts"), ("", "   "), ("", "")]
    expected = [classify.judge(title, text, TOPICS) for title, text in papers]
    assert judge_many(papers, TOPICS) == expected
    assert judge_many(reversed(papers), TOPICS) == expected[::-1]  # memos filled in another order
    assert sum(not (t + a).isascii() for t, a in papers) >= 12
    assert sum(bool(j.evidence) for found in expected for j in found) > 300


def test_a_sentence_with_one_phrase_scores_as_any_other():
    """sentence_score's shortcut for one phrase against the general rule, for every phrase hit in
    the shipped papers' sentences, every weight in topics.yaml, a passing phrase and zeros."""
    singles = [[(number, *hit)] for e in list(shipped_examples(SHIPPED))
               for sentence, _ in classify.sentences(e.title, e.text)
               for number, *hit in classify.matcher_for(TOPICS).hits(sentence)]
    weights = {w for t in TOPICS for _, w in t.signals} | {classify.PASSING, 0.0, -0.0}
    singles += [[(0, w, "phrase", 3, 5)] for w in weights]
    for (hit,) in singles:
        one = [hit[1:]]
        assert repr(classify.sentence_score(one)) == repr(classify.phrases_score(one)), hit
    assert len(singles) > 1000 and any(w is not None and w < 0 for w in weights)


def test_the_terms_of_a_batch_are_terms_ofs_counts(classifier):
    """The batched TF-IDF (word pairs looked up by their words' columns) against the definition:
    terms_of's counts of words and word pairs, 1 + log(count) times idf, scaled to length 1."""
    space = classifier.model.space
    papers = real_papers()
    rows = space.terms_rows(papers, indomain=False)
    for (title, text, _), (index, values) in zip(papers, rows):
        counts = terms_of(title, text)
        expected = sorted((space.terms[t], (1 + math.log(n)) * space.idf[space.terms[t]]) for t, n in counts.items()
                          if t in space.terms)
        norm = math.sqrt(sum(w * w for _, w in expected)) or 1.0
        terms = len(index) - sum(1 for i in index if i >= len(space.terms))  # the categories' columns follow
        assert index[:terms].tolist() == [i for i, _ in expected]
        np.testing.assert_allclose(values[:terms], [w / norm for _, w in expected], rtol=1e-12)
    assert any(" " in t for t in space.terms) and any(len(index) for index, _ in rows)


def test_a_texts_term_columns_are_those_of_its_token_words(classifier):
    """The terms' words found by chunks (runs of a-z, 0-9 and "-", each looked at once) as
    TOKEN finds them in the whole lowercased text, on real papers and on the chunks TOKEN
    splits or drops: digits, hyphens at either end or doubled, a digit-led word."""
    space = classifier.model.space
    space.terms_rows([("", "made on first use", [])], indomain=False)
    columns = space._columns
    tricky = ["3D-aware Mixture-of-Experts: 2024 models, 12ab3 1-a a--b -x x- --", "State-of-the-art (SOTA) MoE-LLaVA!",
              "GPT-4o vs. LLaMA-3.1-8B; top-2 routing", "e.g.\tx-1\n\n2x 1.5B -- k-means", "Kelvin \u212a-means", "naïve x²"]
    papers = [(title, text) for title, text, _ in real_papers()] + [("", t) for t in tricky] + [(t, "Abstract.") for t in tricky]
    for title, text in papers:
        expected = [space.terms.get(w, -1) for w in TOKEN.findall(f"{title} . {text}".lower())]
        assert columns.of(title, text) == expected, (title, text)
    assert {"mixture-of-experts", "state-of-the-art"} <= space.terms.keys()


def test_a_sentences_place_is_the_same_by_the_ascii_searches():
    """ASCII sentences are searched lowercased without IGNORECASE; any other by the original
    case-insensitive patterns, which also fold letters such as "ſ" (long s) to "s"."""
    sentences = [s for p in UNSEEN[:40] for s, _ in classify.sentences("", p["abstract"])]
    sentences += ["WE PROPOSE A ROUTER.", "In This Paper, experts route.", "Ours VS. theirs.", "Here it is.",
                  "Results OUTPERFORM all.", "Weird wording."]
    for index, sentence in enumerate(sentences):
        expected = next((w for p, w in classify.PLACES if p.search(sentence)),
                        classify.OPENING_WEIGHT if index == 0 else classify.OTHER_WEIGHT)
        assert classify.place_weight(sentence, index) == expected, sentence
    assert classify.place_weight("Compariſon of two routers.", 3) == classify.COMPARING_WEIGHT  # not ASCII
    assert classify.place_weight("Comparison of two routers.", 3) == classify.COMPARING_WEIGHT


def test_new_pages_in_batches_on_the_pool_get_the_topics_of_one_batch(tmp_path, monkeypatch):
    """Ingest titles and classifies new pages DESCRIBE_BATCH at a time (on the process pool
    past PARALLEL_PAGES): small batches on the pool write the same pages as one batch here."""
    def catalog(name: str) -> Path:
        content = tmp_path / name
        (content / "sources").mkdir(parents=True)
        (content / "topics.yaml").write_text((ROOT / "content" / "topics.yaml").read_text())
        (content / "sources" / "dump.txt").write_text(
            "".join(" ".join(p["abstract"].split()) + f"\narXiv:{p['arxiv']}\n\n" for p in UNSEEN[40:80]), encoding="utf-8")
        return content

    def topics(content: Path) -> dict:
        return {p.meta["arxiv"]: (p.meta["title"], p.meta["topics"]) for p in load_pages(content / "papers")}

    one = catalog("one")
    ingest(one, say=lambda *a: None)
    monkeypatch.setattr(run_module, "DESCRIBE_BATCH", 3)
    monkeypatch.setattr(run_module, "PARALLEL_PAGES", 1)
    pooled = catalog("pooled")
    ingest(pooled, say=lambda *a: None)
    assert topics(pooled) == topics(one) and len(topics(one)) == 40
    assert any(t for _, t in topics(one).values())
