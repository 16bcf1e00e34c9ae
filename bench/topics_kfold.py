"""Sanity check of the thresholds: 5-fold cross-validation on the whole dev set.

    python bench/topics_kfold.py

The signal vocabulary is fixed (content/topics.yaml); per fold, each topic's threshold and
the common `share` are re-tuned by grid search on the other four folds and scored on the
held fold. If the configured thresholds were fitted to noise, the re-tuned ones would move
a lot and the held-fold F1 would fall well below the configured one.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from catalog.ingest.classify import judge  # noqa: E402
from catalog.topics import load_topics  # noqa: E402
from topics_eval import labeled  # noqa: E402

THRESHOLDS = [3, 4, 5, 6, 7, 8, 9, 10, 12]
SHARES = [0.0, 0.2, 0.3, 0.4]


def f1(rows, keys, thresholds, share) -> float:
    tp = wrong = 0
    for gold, scores in rows:
        top = max(scores.values())
        got = {k for k in keys if scores[k] > 0 and scores[k] >= max(thresholds[k], share * top)}
        tp += len(gold & got)
        wrong += len(gold ^ got)
    return 2 * tp / max(2 * tp + wrong, 1)


def tune(rows, keys):
    best = None
    for share in SHARES:
        thresholds = {k: 5 for k in keys}
        for _ in range(2):  # coordinate ascent, twice over
            for k in keys:
                thresholds[k] = max(THRESHOLDS, key=lambda t: f1(rows, keys, {**thresholds, k: t}, share))
        score = f1(rows, keys, thresholds, share)
        if best is None or score > best[0]:
            best = (score, dict(thresholds), share)
    return best


def main() -> None:
    topics = load_topics(ROOT / "content")
    keys = [t.key for t in topics]
    configured = ({t.key: t.threshold for t in topics}, topics[0].share)
    rows = [(set(p["topics"]), {j.key: j.score for j in judge("", p["text"], topics)}) for p in labeled("all")]
    random.Random(5).shuffle(rows)
    folds = [rows[i::5] for i in range(5)]
    held_scores = []
    for i, fold in enumerate(folds):
        train = list(itertools.chain(*(f for j, f in enumerate(folds) if j != i)))
        _, thresholds, share = tune(train, keys)
        held = f1(fold, keys, thresholds, share)
        held_scores.append(held)
        print(f"fold {i + 1}: tuned {thresholds} share {share} -> held fold F1 {held:.3f}, "
              f"configured on it {f1(fold, keys, *configured):.3f}")
    print(f"mean held-fold F1 {sum(held_scores) / 5:.3f}; configured thresholds on all 150: {f1(rows, keys, *configured):.3f}")


if __name__ == "__main__":
    main()
