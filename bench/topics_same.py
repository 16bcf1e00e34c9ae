"""Do two versions of the code decide the same topics? For checking a speed-up changes nothing.

    python bench/topics_same.py --code /work/main --out /tmp/main.json [--from real10k.jsonl]
    python bench/topics_same.py --code . --out /tmp/new.json [--from real10k.jsonl]
    python bench/topics_same.py --compare /tmp/main.json /tmp/new.json

With `--code DIR` it imports the catalog package from DIR, trains the shipped model (with the
in-domain block, no cache) and classifies, as ingest does (abstracts cleaned, to plain text):
the dev set, the held-out unseen set, and the `--from` JSON-lines file twice, from the abstract
alone and with its title (the title path reads "title abstract"); all at once through
`decide_many` when the code has it (as ingest), else one `decide` a paper. It writes every paper's
topics and learned probabilities. `--compare` prints how many papers' topics differ (and which),
and the largest probability difference.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent.parent / "shared" / "reference" / "topics-dev.yaml"
UNSEEN = ROOT / "tests" / "data" / "topics" / "unseen-real.yaml"


def decisions(code: Path, source: Path | None, dev: Path) -> dict:
    sys.path.insert(0, str(code.resolve()))
    import yaml

    from catalog.ingest.clean import clean_abstract, plain_text
    from catalog.ingest.decide import Classifier
    from catalog.ingest.labels import SHIPPED, shipped_examples
    from catalog.ingest.model import train
    from catalog.topics import load_topics

    assert Path(sys.modules["catalog"].__file__).resolve().is_relative_to(code.resolve()), "imported another checkout"
    topics = load_topics(code / "content")
    classifier = Classifier(topics, train(topics, list(shipped_examples(SHIPPED))))
    sets = {}
    for name, path in (("dev", dev), ("unseen", code / "tests" / "data" / "topics" / "unseen-real.yaml")):
        if path.exists():
            sets[name] = [(str(p["arxiv"]), "", p["abstract"]) for p in yaml.safe_load(path.read_text())["papers"]]
    if source:
        rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets["file"] = [(r["id"], "", r["abstract"]) for r in rows]
        sets["file+title"] = [(r["id"], " ".join(r["title"].split()), r["abstract"]) for r in rows]
    many = getattr(classifier, "decide_many", lambda papers: [classifier.decide(*paper) for paper in papers])
    out = {}
    for name, papers in sets.items():
        decided = many([(title, plain_text(clean_abstract(abstract)[0]), ()) for _, title, abstract in papers])
        for (key, _, _), found in zip(papers, decided):
            out[f"{name}:{key}"] = {"topics": [d.key for d in found if d.assigned],
                                    "p": {d.key: d.probability for d in found if d.learned}}
    return out


def compare(a: dict, b: dict) -> int:
    differ = [k for k in a if k not in b or a[k]["topics"] != b[k]["topics"]]
    missing = set(a) ^ set(b)
    gap = max((abs(a[k]["p"][t] - b[k]["p"][t]) for k in a if k in b for t in a[k]["p"] if t in b[k]["p"]), default=0.0)
    sizes = Counter(k.split(":")[0] for k in a)
    print(f"{len(a)} papers ({', '.join(f'{s} {n}' for s, n in sorted(sizes.items()))}): "
          f"{len(differ)} with other topics, {len(missing)} missing; largest probability difference {gap:.2g}")
    for key in differ[:20]:
        print(f"  {key}: {a[key]['topics']} -> {b.get(key, {}).get('topics')}")
    return 1 if differ or missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--code", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--from", dest="source", type=Path)
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        return compare(*(json.loads(p.read_text()) for p in args.compare))
    args.out.write_text(json.dumps(decisions(args.code, args.source, args.dev), sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
