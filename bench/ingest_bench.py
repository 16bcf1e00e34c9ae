"""Benchmark the whole ingest stage (read, split, clean, dedupe, write pages) at scale.

    python bench/ingest_bench.py --n 10000

Writes N synthetic abstracts (10% with a near-duplicate copy in a later dump, half of
the copies carrying the arXiv id) into dumps, then times: a from-scratch ingest, a
re-ingest with nothing new, and a re-ingest after one small new dump. Peak RSS is read
from the process after all three.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.ingest import ingest  # noqa: E402

WORDS = [f"w{i}" for i in range(20000)]
PHRASES = ["large language models", "state of the art", "we propose a novel", "experimental results show",
           "in this paper", "mixture of experts", "on a wide range of benchmarks", "outperforms strong baselines"]


def synthetic_abstract(rng: random.Random, index: int) -> str:
    sentences = []
    for _ in range(rng.randint(7, 11)):
        words = rng.sample(WORDS, rng.randint(12, 20))
        if rng.random() < 0.5:
            words.insert(rng.randint(0, len(words)), rng.choice(PHRASES))
        sentences.append(" ".join(words).capitalize() + ".")
    sentences.insert(1, f"We introduce Method{index}, a system for task {index}.")
    return " ".join(sentences)


def write_dumps(sources: Path, n: int, rng: random.Random) -> None:
    sources.mkdir(parents=True)
    first, later = [], []
    for index in range(n):
        text = synthetic_abstract(rng, index)
        arxiv = f"arXiv:24{index % 12 + 1:02d}.{index:05d}"
        first.append(text + ("\n" + arxiv if index % 2 else ""))
        if index % 10 == 0:
            words = text.split()
            words[rng.randrange(len(words))] = "changed"
            later.append(" ".join(words) + ("\n" + arxiv if index % 4 == 0 else ""))
    for start in range(0, len(first), 5000):
        (sources / f"{start // 5000:03d}.txt").write_text("\n".join(first[start:start + 5000]) + "\n")
    (sources / "900_copies.txt").write_text("\n".join(later) + "\n")


def timed(label: str, content: Path) -> None:
    start = time.perf_counter()
    result = ingest(content, say=lambda *a: None)
    print(f"| {label} | {time.perf_counter() - start:.2f} s | {len(result.new)} new, "
          f"{len(result.updated)} updated, {result.unchanged} unchanged |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    args = parser.parse_args()
    rng = random.Random(42)
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        write_dumps(content / "sources", args.n, rng)
        print(f"ingest of {args.n} synthetic papers (+{args.n // 10} near-duplicate copies)\n")
        print("| run | time | result |\n|---|---|---|")
        timed("from scratch", content)
        timed("again, nothing new", content)
        (content / "sources" / "999_new.txt").write_text(synthetic_abstract(rng, 10**6) + "\n")
        timed("one new dump", content)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
