"""What the learned topic layer costs: training, and classifying N abstracts, in CPU seconds.

    python bench/topics_speed.py [--papers 10000] [--rounds 2] [--from FILE.jsonl]

Trains the model ingest trains on the shipped labeled papers (no cache), with and without the
in-domain word-vector block ("embeddings"), then classifies N abstracts with the vocabulary
alone, the model without embeddings and the model with them, alternately (A B C D A B C D: the
machine is shared), and prints each round and the medians; with embeddings twice: for new
papers (no word's columns known), and re-classifying the same papers (as after a correction). Papers are classified as ingest does (`classify_many`), and once more one call a
paper (`classify`, as `topics --explain` does: the same decisions, slower). The abstracts:
`--from` a JSON-lines file of distinct real ones (`abstract` fields; e.g. 10,000 from arXiv's
listings), else the shipped papers' repeated to N. The sizes
of the shipped data and of the trained model (as kept in the ingest cache) are printed too.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import json  # noqa: E402

from catalog.ingest import vectors  # noqa: E402
from catalog.ingest.clean import clean_abstract, plain_text  # noqa: E402
from catalog.ingest.decide import Classifier  # noqa: E402
from catalog.ingest.labels import SHIPPED, shipped_examples  # noqa: E402
from catalog.ingest.model import train  # noqa: E402
from catalog.topics import load_topics  # noqa: E402


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--from", dest="source", type=Path, help="JSON lines with `abstract` fields")
    args = parser.parse_args()
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    models = {}
    shipped = vectors.INDOMAIN_SCALE
    for name, scale in (("without embeddings", 0.0), ("with embeddings", shipped)):
        vectors.INDOMAIN_SCALE = scale  # with embeddings: the shipped in-domain block
        seconds = cpu(lambda: models.__setitem__(name, train(topics, items)))
        print(f"training {name} on {len(items)} labeled papers: {seconds:.2f} s CPU; "
              f"model {len(pickle.dumps(models[name])) / 1e6:.2f} MB pickled")
    print(f"shipped data {SHIPPED.stat().st_size / 1e6:.2f} MB")
    if args.source:
        with open(args.source, encoding="utf-8") as handle:
            texts = [plain_text(clean_abstract(json.loads(line)["abstract"])[0]) for line in handle if line.strip()]
    else:
        texts = [e.text for e in items] * (args.papers // len(items) + 1)
    texts = texts[:args.papers]
    with_embeddings = Classifier(topics, models["with embeddings"])
    classifiers = {"vocabulary alone": Classifier(topics),
                   "learned layer, no embeddings": Classifier(topics, models["without embeddings"]),
                   "learned layer with embeddings, new papers": with_embeddings,
                   "learned layer with embeddings, kept (re-classifying)": with_embeddings,
                   "learned layer with embeddings, new papers, one call a paper": with_embeddings}
    papers = [("", t, ()) for t in texts]
    times = {name: [] for name in classifiers}
    for _ in range(args.rounds):
        for name, classifier in classifiers.items():
            if "kept" not in name:  # new papers: no chunk's in-domain columns known
                models["with embeddings"].space._indomain_columns = None
            if "one call" in name:
                times[name].append(cpu(lambda: [classifier.classify(*paper) for paper in papers]))
            else:  # as ingest and re-classification call it (decide.py: phase by phase, BATCH papers at a time)
                times[name].append(cpu(lambda: classifier.classify_many(papers)))
            print(f"  {name}: {len(texts)} abstracts in {times[name][-1]:.2f} s CPU")
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.2f} s CPU for {len(texts)} abstracts")


if __name__ == "__main__":
    main()
