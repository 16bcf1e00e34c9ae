"""Score topic assignment on the labeled dev set, in-process and per part, with the misses.

    python bench/topics_eval.py [--part develop|heldout|all] [--errors] [--time N]

The same path as ingest (clean the abstract, no title: a dump has none) on
tests/data/topics/topics-dev.yaml; the parts are the fixed split in tests/data/topics/
(tune only on `develop`). The end-to-end figure is `python /work/shared/tools/score_topics.py
--only-keys tests/data/topics/heldout.txt`. `--time N` classifies N abstracts (the set,
repeated) and prints the seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.ingest.classify import classify, judge  # noqa: E402
from catalog.ingest.clean import clean_abstract, plain_text  # noqa: E402
from catalog.topics import load_topics  # noqa: E402

DATA = ROOT / "tests" / "data" / "topics"


def labeled(part: str) -> list[dict]:
    papers = yaml.safe_load((DATA / "topics-dev.yaml").read_text(encoding="utf-8"))["papers"]
    for paper in papers:
        paper["text"] = plain_text(clean_abstract(" ".join(paper["abstract"].split()))[0])
    if part == "all":
        return papers
    keep = set((DATA / f"{part}.txt").read_text().split())
    return [p for p in papers if str(p["arxiv"]) in keep]


def score(papers: list[dict], topics, errors: bool = False) -> dict:
    keys = [t.key for t in topics]
    stats = {k: [0, 0, 0] for k in keys}
    exact = traps = traps_ok = 0
    for paper in papers:
        gold, got = set(paper["topics"]), set(classify("", paper["text"], topics))
        for k in keys:
            stats[k][0] += k in gold and k in got
            stats[k][1] += k in got and k not in gold
            stats[k][2] += k in gold and k not in got
        exact += gold == got
        traps += bool(paper.get("trap"))
        traps_ok += bool(paper.get("trap")) and gold == got
        if errors and gold != got:
            print(f"{paper['arxiv']} gold={sorted(gold)} got={sorted(got)} {'TRAP ' if paper.get('trap') else ''}| {paper['title'][:70]}")
            print("    " + "  ".join(f"{j.key}={j.score:g}/{j.threshold:g}" for j in judge("", paper["text"], topics)))
    tp, fp, fn = (sum(s[i] for s in stats.values()) for i in range(3))
    return {"papers": len(papers), "exact": exact, "traps": traps, "traps_ok": traps_ok,
            "f1": 2 * tp / max(2 * tp + fp + fn, 1),
            "per_topic": {k: (s[0] / max(s[0] + s[1], 1), s[0] / max(s[0] + s[2], 1)) for k, s in stats.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", default="develop", choices=["develop", "heldout", "all"])
    parser.add_argument("--errors", action="store_true", help="print every paper whose topics are wrong")
    parser.add_argument("--time", type=int, default=0, help="classify this many abstracts and print the seconds")
    args = parser.parse_args()
    topics = load_topics(ROOT / "content")
    papers = labeled(args.part)
    result = score(papers, topics, args.errors)
    print(f"{args.part}: {result['papers']} papers, micro-F1 {result['f1']:.3f}, exact {result['exact']}, "
          f"traps right {result['traps_ok']}/{result['traps']}")
    for key, (precision, recall) in result["per_topic"].items():
        print(f"  {key:12s} precision {precision:.2f}  recall {recall:.2f}")
    if args.time:
        texts = [p["text"] for p in papers] * (args.time // len(papers) + 1)
        start, cpu = time.perf_counter(), time.process_time()
        for text in texts[:args.time]:
            classify("", text, topics)
        print(f"classified {args.time} abstracts in {time.perf_counter() - start:.2f} s "
              f"({time.process_time() - cpu:.2f} s of CPU; the machine is shared)")


if __name__ == "__main__":
    main()
