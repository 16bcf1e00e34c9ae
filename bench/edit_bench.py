#!/usr/bin/env python3
"""Rebuilds after one edit, A/B: two versions of the code on the same synthetic catalog.

    python bench/edit_bench.py --papers 10000 --turns 5 --code main=/tmp/main-export --code branch=.

Each version gets its own copy of the catalog (its own cache and site), built cold once.
Then, per scenario, the versions take turns (A B A B ...): the same edit is made to each
copy, then `python build.py render --no-search` runs. Scenarios: nothing changed, one
title, one abstract (a sentence appended: related papers are recomputed), one paper's
topics (it moves between topic pages). Prints medians of wall and CPU seconds (the
process tree's user + sys: steadier than wall time on a busy machine).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import make_catalog  # noqa: E402

from catalog.pages import dump_page, read_page  # noqa: E402

SCENARIOS = ("nothing", "title", "abstract", "topics")


def edit(content: Path, scenario: str, turn: int) -> None:
    """The compare.py edit (a title), or an abstract or topics edit, of the middle paper."""
    if scenario == "nothing":
        return
    pages = sorted((content / "papers").glob("*.md"))
    path = pages[len(pages) // 2]
    page = read_page(path)
    if scenario == "title":
        page.meta["title"] = f"Edited title number {turn} about sparse experts"
    elif scenario == "abstract":
        page.body = page.body.rstrip() + f" Edited sentence number {turn} about routing.\n"
    else:
        choices = [["moe"], ["alignment", "efficiency"], ["multimodal"]]
        page.meta["topics"] = next(t for t in choices[turn % 3:] + choices if t != page.meta["topics"])
    path.write_text(dump_page(page.meta, page.body), encoding="utf-8")


def build(code: Path, work: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `build.py render --no-search`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(code / "build.py"), "render", "-q", "--no-search", "--content",
                    str(work / "content"), "--output", str(work / "site")], check=True, cwd=code,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--code", action="append", required=True, metavar="LABEL=DIR",
                        help="a version of the project (a checkout or `git archive` export); give two")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--keep", type=Path, help="work here (catalog copies are reused)")
    args = parser.parse_args()
    codes = dict(item.split("=", 1) for item in args.code)
    codes = {label: Path(path).resolve() for label, path in codes.items()}
    work = args.keep or Path(tempfile.mkdtemp(prefix="edit-bench-"))
    source = work / "catalog"
    if not (source / "papers").is_dir():
        make_catalog(source, args.papers)
    for label, code in codes.items():
        if not (work / label / "content").is_dir():
            shutil.copytree(source, work / label / "content")
        shutil.rmtree(work / label / ".cache", ignore_errors=True)
        shutil.rmtree(work / label / "site", ignore_errors=True)
        wall, cpu = build(code, work / label)
        build(code, work / label)  # settle: the second build finds nothing to do
        print(f"cold {label}: {wall:.2f} s (CPU {cpu:.2f} s)", flush=True)
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for scenario in args.scenarios.split(","):
        for turn in range(args.turns):
            for label, code in codes.items():
                edit(work / label / "content", scenario, turn)
                results.setdefault((scenario, label), []).append(build(code, work / label))
                time.sleep(0.05)
            print(f"  {scenario} turn {turn + 1}: " + ", ".join(
                f"{label} {results[(scenario, label)][-1][0]:.2f} s" for label in codes), flush=True)
    print(f"\n{args.papers:,} papers, medians of {args.turns} turns (wall / CPU seconds)\n")
    print("| scenario | " + " | ".join(codes) + " |")
    print("|---|" + "---|" * len(codes))
    for scenario in args.scenarios.split(","):
        cells = []
        for label in codes:
            runs = results[(scenario, label)]
            cells.append(f"{statistics.median(w for w, _ in runs):.2f} / {statistics.median(c for _, c in runs):.2f}")
        print(f"| {scenario} | " + " | ".join(cells) + " |")
    print(f"\nwork dir: {work}")


if __name__ == "__main__":
    main()
