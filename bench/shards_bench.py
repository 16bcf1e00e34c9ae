#!/usr/bin/env python3
"""Cold builds with the search index: shards (catalog/render/shards.py) against one index,
in alternating turns, on bench/synthetic.py's catalog.

    python bench/shards_bench.py --papers 30000 --turns 1 --work /tmp/shb
    python bench/shards_bench.py --papers 10000 --variants one,limit-5000   # SHARD_PAPERS = 5000

Each turn removes the site and the render cache first. "one index" is the same build with
SHARD_PAPERS set above the catalog's size. Time, CPU (user+sys of the tree) and peak memory
(sum of the tree's proportional set sizes, Pagefind included: compare.measure).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from compare import measure  # noqa: E402
from synthetic import make_catalog  # noqa: E402

RUN = ("import sys; sys.path.insert(0, {root!r}); from catalog.render import shards; shards.SHARD_PAPERS = {limit};"
       " from catalog import cli; sys.exit(cli.main({argv!r}))")


def command(content: Path, site: Path, limit: int | None) -> list[str]:
    argv = ["render", "-q", "--content", str(content), "--output", str(site)]
    if limit is None:
        return [sys.executable, str(ROOT / "build.py"), *argv]
    return [sys.executable, "-c", RUN.format(root=str(ROOT), limit=limit, argv=argv)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=30_000)
    ap.add_argument("--turns", type=int, default=1)
    ap.add_argument("--work", type=Path, default=Path("/tmp/shards-bench"))
    ap.add_argument("--variants", default="shards,one")
    args = ap.parse_args()
    content, site = args.work / "content", args.work / "site"
    if not (content / "papers").is_dir():
        make_catalog(content, args.papers)
    runs: dict[str, list] = {}
    for turn in range(args.turns):
        for name in args.variants.split(","):
            shutil.rmtree(site, ignore_errors=True)
            shutil.rmtree(args.work / ".cache", ignore_errors=True)  # cache.default_dir
            limit = None if name == "shards" else 10 ** 9 if name == "one" else int(name.split("-")[1])  # limit-N
            result = measure(command(content, site, limit))
            runs.setdefault(name, []).append(result)
            print(f"turn {turn + 1} {name}: {result[0]:.1f} s, {result[2]:.1f} s CPU, {result[1] / 2**20:,.0f} MB", flush=True)
    print(f"\n{args.papers:,} papers, cold build with the search index, {args.turns} turn(s)\n")
    print("| variant | time | CPU | peak memory (tree) |\n|---|---|---|---|")
    for name, results in runs.items():
        print(f"| {name} | {statistics.median(r[0] for r in results):.1f} s | "
              f"{statistics.median(r[2] for r in results):.1f} s | {max(r[1] for r in results) / 2**20:,.0f} MB |")


if __name__ == "__main__":
    main()
