"""What the learned topic layer costs: training, and classifying N abstracts, in CPU seconds.

    python bench/topics_speed.py [--papers 10000] [--rounds 2]

Trains the model ingest trains on the shipped labeled papers (no cache), then classifies the
dev set's abstracts repeated to N, with the vocabulary alone and with the model, alternately
(A B A B: the machine is shared), and prints each round and the medians. The size of the
shipped data and of the trained model (as kept in the ingest cache) are printed too.
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
    args = parser.parse_args()
    topics = load_topics(ROOT / "content")
    items = list(shipped_examples(SHIPPED))
    trained = []
    seconds = cpu(lambda: trained.append(train(topics, items)))
    model = trained[0]
    print(f"training on {len(items)} labeled papers: {seconds:.2f} s CPU; model {len(pickle.dumps(model)) / 1e6:.2f} MB "
          f"pickled; shipped data {SHIPPED.stat().st_size / 1e6:.2f} MB")
    texts = [e.text for e in items] * (args.papers // len(items) + 1)
    texts = texts[:args.papers]
    vocabulary, learned = Classifier(topics), Classifier(topics, model)
    times = {"vocabulary alone": [], "with the learned layer": []}
    for _ in range(args.rounds):
        for name, classifier in (("vocabulary alone", vocabulary), ("with the learned layer", learned)):
            times[name].append(cpu(lambda: [classifier.classify("", t) for t in texts]))
            print(f"  {name}: {args.papers} abstracts in {times[name][-1]:.2f} s CPU")
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.2f} s CPU for {args.papers} abstracts")


if __name__ == "__main__":
    main()
