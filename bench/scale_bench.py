#!/usr/bin/env python3
"""How the cold render scales: time, CPU and peak memory (process tree) per catalog size,
optionally against another checkout of the project, in alternating turns.

    python bench/scale_bench.py --papers 10000 100000 --turns 3
    python bench/scale_bench.py --papers 10000 --turns 4 --against /tmp/old-checkout

Each run is `python build.py render -q --no-search` on a synthetic catalog (bench/synthetic.py)
with no site and no cache: a cold build. Peak memory is the largest sum of the proportional
set sizes of the build's processes (workers included), polled every 20 ms (compare.measure).
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


def command(checkout: Path, content: Path, site: Path) -> list[str]:
    return [sys.executable, str(checkout / "build.py"), "render", "-q", "--no-search",
            "--content", str(content), "--output", str(site)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[10_000])
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("/tmp/scale-bench"), help="catalogs are made here once")
    parser.add_argument("--against", type=Path, help="another checkout, run in turns with this one")
    args = parser.parse_args()
    sides = {"this": ROOT} | ({"other": args.against.resolve()} if args.against else {})
    table = []
    for papers in args.papers:
        content, site = args.work / str(papers) / "content", args.work / str(papers) / "site"
        if not (content / "papers").is_dir():
            make_catalog(content, papers)
        runs = {side: [] for side in sides}
        for turn in range(args.turns):
            for side, checkout in sides.items():
                shutil.rmtree(site, ignore_errors=True)
                shutil.rmtree(content.parent / ".cache", ignore_errors=True)
                runs[side].append(measure(command(checkout, content, site)))
                seconds, peak, cpu = runs[side][-1]
                print(f"{papers} turn {turn + 1} {side}: {seconds:.1f} s, CPU {cpu:.1f} s, "
                      f"peak {peak / 2**20:.0f} MB", flush=True)
        for side, r in runs.items():
            table.append((papers, side, statistics.median(s for s, _, _ in r), statistics.median(c for _, _, c in r),
                          max(m for _, m, _ in r)))
    print("\n| papers | checkout | time (median) | CPU (median) | peak memory (max) |\n|---|---|---|---|---|")
    for papers, side, seconds, cpu, peak in table:
        print(f"| {papers:,} | {side} | {seconds:.1f} s | {cpu:.1f} s | {peak / 2**20:,.0f} MB |")


if __name__ == "__main__":
    main()
