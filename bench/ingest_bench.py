"""Benchmark the whole ingest stage (read, split, clean, dedupe, write pages) at scale.

    python bench/ingest_bench.py --n 10000
    python bench/ingest_bench.py --n 10000 --code /tmp/new --code /tmp/old --rounds 3   # A/B

Writes N synthetic abstracts (10% with a near-duplicate copy in a later dump, half of
the copies carrying the arXiv id) into dumps, then times, each in a fresh process (so
every peak RSS is its own): a from-scratch ingest, a re-ingest with nothing new, a
re-ingest after one page was edited by hand, and one after a small new dump.

`--code DIR` (repeatable; default: this checkout) runs the code in DIR (a folder holding
`catalog/`, e.g. from `git archive COMMIT catalog | tar -x -C DIR`); checkouts run in
alternating turns and the table gives medians. The pages each writes are compared byte
for byte. `--tmp /dev/shm` keeps the disk (and other processes' I/O) out of the figures.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = [f"w{i}" for i in range(20000)]
PHRASES = ["large language models", "state of the art", "we propose a novel", "experimental results show",
           "in this paper", "mixture of experts", "on a wide range of benchmarks", "outperforms strong baselines"]
PHASES = ["from scratch", "again, nothing new", "one page edited", "one new dump"]

# Runs in a fresh interpreter: one ingest, then as JSON its time, CPU time (with any pool
# workers'), the process's peak RSS and the largest worker's.
CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from catalog.ingest import ingest
start = time.perf_counter()
result = ingest(Path(sys.argv[2]), say=lambda *a: None)
seconds = time.perf_counter() - start
me, pool = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "rss_mb": me.ru_maxrss / 1024, "worker_rss_mb": pool.ru_maxrss / 1024,
                  "cpu": me.ru_utime + me.ru_stime + pool.ru_utime + pool.ru_stime,
                  "new": len(result.new), "updated": len(result.updated), "unchanged": result.unchanged}))
"""


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


def run_phase(code: Path, content: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(code), str(content)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def one_round(code: Path, sources: Path, work: Path, n: int) -> tuple[list[dict], str]:
    """All phases on a fresh copy of the dumps; returns the figures and a hash of the pages."""
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    shutil.copytree(sources, content / "sources")
    shutil.copy(sources.parent / "topics.yaml", content / "topics.yaml")
    figures = [run_phase(code, content), run_phase(code, content)]
    edited = sorted((content / "papers").glob("*.md"))[n // 2]
    edited.write_text(edited.read_text(encoding="utf-8").replace('title: "', 'title: "Edited: ', 1), encoding="utf-8")
    figures.append(run_phase(code, content))
    (content / "sources" / "999_new.txt").write_text(synthetic_abstract(random.Random(7), 10**6) + "\n")
    figures.append(run_phase(code, content))
    return figures, pages_hash(content / "papers")


def pages_hash(papers: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(papers.glob("*.md")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--code", type=Path, action="append", default=[],
                        help="a checkout to run (a folder holding catalog/); repeat to compare (default: this one)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--tmp", type=Path, default=None, help="where to write (e.g. /dev/shm: no disk in the figures)")
    args = parser.parse_args()
    codes = [c.resolve() for c in args.code] or [ROOT]
    results: dict[Path, list[list[dict]]] = {code: [] for code in codes}
    hashes: dict[Path, set[str]] = {code: set() for code in codes}
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        sources = Path(tmp) / "sources"
        write_dumps(sources, args.n, random.Random(42))
        shutil.copy(ROOT / "content" / "topics.yaml", sources.parent / "topics.yaml")  # one config for every round
        for round_ in range(args.rounds):
            for code in codes if round_ % 2 == 0 else codes[::-1]:  # A B, then B A
                figures, digest = one_round(code, sources, Path(tmp) / "work", args.n)
                results[code].append(figures)
                hashes[code].add(digest)
                print(f"round {round_ + 1} {code}: " + ", ".join(f"{f['seconds']:.2f} s" for f in figures), file=sys.stderr)
    print_table(args.n, codes, results, hashes)


def print_table(n: int, codes: list[Path], results: dict, hashes: dict) -> None:
    rounds = len(results[codes[0]])
    print(f"ingest of {n} synthetic papers (+{n // 10} near-duplicate copies), medians of {rounds}\n")
    print("| run | " + " | ".join(f"{code.name}: time | CPU | peak RSS (worker)" for code in codes) + " |")
    print("|---|" + "---|---|---|" * len(codes))
    for index, phase in enumerate(PHASES):
        cells = []
        for code in codes:
            runs = [r[index] for r in results[code]]
            worker = max(r["worker_rss_mb"] for r in runs)
            cells.append(f"{statistics.median(r['seconds'] for r in runs):.2f} s | "
                         f"{statistics.median(r['cpu'] for r in runs):.2f} s | "
                         f"{statistics.median(r['rss_mb'] for r in runs):.0f} MB"
                         + (f" ({worker:.0f} MB)" if worker > 20 else ""))
        print(f"| {phase} | " + " | ".join(cells) + " |")
    last = results[codes[0]][-1]
    print("\nresults (" + codes[0].name + "): " + "; ".join(
        f"{p}: {r['new']} new, {r['updated']} updated, {r['unchanged']} unchanged" for p, r in zip(PHASES, last)))
    print("pages written: " + ", ".join(f"{code.name} {sorted(hashes[code])}" for code in codes)
          + (" (identical)" if len({frozenset(h) for h in hashes.values()}) == 1 else " (DIFFER)"))


if __name__ == "__main__":
    main()
