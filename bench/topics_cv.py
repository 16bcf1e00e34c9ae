"""The learned topic layer measured honestly: 5-fold CV on the dev set's `develop` part (100
papers, where every choice is made), then the `heldout` part (50) scored once.

    python bench/topics_cv.py [--seeds 3] [--heldout] [--l2 1.0] [--scale 3] [--indomain-scale 1] [--no-train-titles]
    python bench/topics_cv.py --seeds 0 --unseen

`--unseen` scores tests/data/topics/unseen-real.yaml (102 real 2025 papers never trained on nor
used for a choice) with the vocabulary alone, the model trained on the 150 dev papers only, and
the model trained on dev + catalog/ingest/data/labeled-papers-2025.yaml. `--part all` runs the
CV on those 374. End to end through ingest:
`python /work/shared/tools/score_topics.py --set tests/data/topics/unseen-real.yaml`.

Every figure is abstract only (a dump has no title) unless marked "with title". Per fold the
model is trained exactly as ingest trains it (inner 5-fold CV for the thresholds) on the
other folds; the vocabulary (content/topics.yaml) is fixed: it was tuned on `develop`.
"""

from __future__ import annotations

import argparse
import sys
import time
import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.ingest import indomain, model as model_module, vectors  # noqa: E402
from catalog.ingest.clean import clean_abstract, plain_text  # noqa: E402
from catalog.ingest.labels import SHIPPED, Example, shipped_examples  # noqa: E402
from catalog.ingest.decide import Classifier
from catalog.ingest.model import train  # noqa: E402
from catalog.topics import load_topics  # noqa: E402

import yaml  # noqa: E402

DATA = ROOT / "tests" / "data" / "topics"
BOTH_TITLES = "--both-titles" in sys.argv  # experiment: each paper also trained on without its title
UNSEEN = yaml.safe_load((DATA / "unseen-real.yaml").read_text(encoding="utf-8"))["papers"]
MORE_FILE = SHIPPED.parent / "labeled-papers-2025.yaml"  # training data not (yet) named by SHIPPED's `also`
MORE = yaml.safe_load(MORE_FILE.read_text(encoding="utf-8"))["papers"]
HELD_OUT_B = yaml.safe_load((DATA / "held-out-2025b.yaml").read_text(encoding="utf-8"))["papers"]
TRAPS = {str(p["arxiv"]) for p in yaml.safe_load((DATA / "topics-dev.yaml").read_text())["papers"] + MORE + UNSEEN
         + HELD_OUT_B if p.get("trap")}


def part(name: str) -> list[Example]:
    everything = list(shipped_examples(SHIPPED))
    if name == "all":  # the shipped papers and the 2025 ones
        taken = {e.name for e in everything}
        return everything + [e for e in shipped_examples(MORE_FILE) if e.name not in taken]
    if name == "dev":  # the 150 dev papers
        return part("develop") + part("heldout")
    keep = set((DATA / f"{name}.txt").read_text().split())
    return [e for e in everything if e.name in keep]


def unseen() -> list[Example]:
    """The held-out real papers, read as the shipped ones are (title, cleaned abstract, no categories)."""
    return [Example(str(p["arxiv"]), p["title"], plain_text(clean_abstract(p["abstract"])[0]), (),
                    frozenset(p["topics"]), None) for p in UNSEEN]


def untitled(items: list[Example]) -> list[Example]:
    return [Example(e.name, "", e.text, e.categories, e.topics, e.judged) for e in items]


def score(rows: list[tuple[Example, set[str]]], keys: list[str]) -> dict:
    stats = {k: [0, 0, 0] for k in keys}
    for e, got in rows:
        for k in keys:
            stats[k][0] += k in e.topics and k in got
            stats[k][1] += k in got and k not in e.topics
            stats[k][2] += k in e.topics and k not in got
    tp, fp, fn = (sum(s[i] for s in stats.values()) for i in range(3))
    traps = [(e, got) for e, got in rows if e.name in TRAPS]
    return {"f1": 2 * tp / max(2 * tp + fp + fn, 1), "exact": sum(set(e.topics) == got for e, got in rows),
            "n": len(rows), "traps": (sum(set(e.topics) == got for e, got in traps), len(traps)),
            "per": {k: (s[0] / max(s[0] + s[1], 1), s[0] / max(s[0] + s[2], 1)) for k, s in stats.items()}}


def line(name: str, s: dict) -> str:
    per = "  ".join(f"{k} {p:.2f}/{r:.2f}" for k, (p, r) in s["per"].items())
    return (f"{name:<34} micro-F1 {s['f1']:.3f}  exact {s['exact']}/{s['n']}  traps {s['traps'][0]}/{s['traps'][1]}"
            f"  P/R {per}")


def evaluate(train_items, test_items, topics, train_titles: bool) -> dict[str, list]:
    """Predictions on test_items: vocabulary alone and model, each abstract only and with title."""
    if BOTH_TITLES:
        train_items = train_items + untitled([e for e in train_items if e.title])
    classifier = Classifier(topics, train(topics, train_items if train_titles else untitled(train_items)))
    vocab = Classifier(topics)
    out = {"vocabulary": [], "model": [], "vocabulary, with title": [], "model, with title": []}
    for e in test_items:
        out["vocabulary"].append((e, set(vocab.classify("", e.text))))
        out["model"].append((e, set(classifier.classify("", e.text))))
        out["vocabulary, with title"].append((e, set(vocab.classify(e.title, e.text))))
        out["model, with title"].append((e, set(classifier.classify(e.title, e.text))))
    return out


def cross_validate(items, topics, seed: int, train_titles: bool) -> dict[str, list]:
    folds = [int(hashlib.sha256(f"{seed}:{e.name}".encode()).hexdigest(), 16) % 5 for e in items]
    merged: dict[str, list] = {}
    for fold in range(5):
        train_items = [e for e, f in zip(items, folds) if f != fold]
        test_items = [e for e, f in zip(items, folds) if f == fold]
        for name, rows in evaluate(train_items, test_items, topics, train_titles).items():
            merged.setdefault(name, []).extend(rows)
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", default="develop", choices=["develop", "dev", "all"], help="the papers CV runs on")
    parser.add_argument("--seeds", type=int, default=3, help="CV repeated with this many fold assignments")
    parser.add_argument("--heldout", action="store_true", help="also train on develop and score heldout, once")
    parser.add_argument("--both-titles", action="store_true", help="each paper also trained on without its title")
    parser.add_argument("--unseen", action="store_true", help="score unseen-real.yaml: vocabulary, dev-only, everything")
    parser.add_argument("--l2", type=float, default=model_module.L2_STACK)
    parser.add_argument("--l2-terms", type=float, default=model_module.L2_TERMS)
    parser.add_argument("--scale", type=float, default=vectors.VOCAB_SCALE)
    parser.add_argument("--indomain-scale", type=float, default=vectors.INDOMAIN_SCALE, help="0: no in-domain block")
    parser.add_argument("--indomain", type=Path, default=indomain.DATA, help="the in-domain table (bench/make_indomain.py)")
    parser.add_argument("--all-vocabulary", action="store_true", help="each topic's second model sees every topic's scores")
    parser.add_argument("--no-train-titles", action="store_true", help="train on abstracts only")
    args = parser.parse_args()
    model_module.L2_STACK, model_module.L2_TERMS, vectors.VOCAB_SCALE = args.l2, args.l2_terms, args.scale
    model_module.OWN_VOCABULARY = not args.all_vocabulary
    vectors.INDOMAIN_SCALE, indomain.DATA = args.indomain_scale, args.indomain
    topics = load_topics(ROOT / "content")
    keys = [t.key for t in topics]
    titles = not args.no_train_titles
    start = time.process_time()
    for seed in range(args.seeds):
        for name, rows in cross_validate(part(args.part), topics, seed, titles).items():
            print(line(f"CV {args.part} seed {seed}: {name}", score(rows, keys)))
    if args.heldout:
        for name, rows in evaluate(part("develop"), part("heldout"), topics, titles).items():
            print(line(f"heldout (trained on develop): {name}", score(rows, keys)))
    if args.unseen:
        dev = part("dev")
        for label, items in ((f"dev only ({len(dev)})", dev), (f"dev + 2025 ({len(part('all'))})", part("all"))):
            for name, rows in evaluate(items, unseen(), topics, titles).items():
                if label.startswith("dev only") or name.startswith("model"):
                    print(line(f"unseen, trained on {label}: {name}", score(rows, keys)))
    print(f"({time.process_time() - start:.1f} s CPU; l2 {args.l2}, vocabulary scale {args.scale}, "
          f"in-domain {args.indomain_scale} {args.indomain.name}, training titles {'yes' if titles else 'no'})")


if __name__ == "__main__":
    main()
