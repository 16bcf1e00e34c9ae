"""Enrich from a bulk snapshot: time and peak memory for a large catalog and a large file.

    python bench/enrich_bench.py [--papers 100000] [--lines 300000,1200000] [--keep DIR]

Writes a catalog of `--papers` machine-made pages (derived title, no authors, an arXiv id
each) and, for each `--lines` count, a snapshot in arXiv's JSON-lines format (~1.4 KB a
line, like the real one) in which every third line is a catalog paper (so 300,000 lines hold
all of 100,000) and the rest are papers the catalog does not have. Each run
is a fresh `python build.py enrich --from FILE` in a subprocess on a fresh copy of the
catalog; peak RSS comes from the child's rusage. The memory figure should not grow with
the number of lines; the time should grow with the bytes read.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.pages import dump_page, new_meta, set_generated  # noqa: E402

STEP = 3
ABSTRACT = ("  We study a problem that matters and propose a method that works better than the\n"
            "baselines on the benchmarks everybody uses, with an analysis of why it works. " * 9)


def arxiv_id(i: int) -> str:
    """The i-th id of a numbering that runs 1501.10000, 1501.10001, … 1501.99999, 1502.10000, …"""
    return f"{15 + i // 1_080_000}{1 + i // 90_000 % 12:02d}.{i % 90_000 + 10_000:05d}"


def make_catalog(content: Path, n: int) -> list[str]:
    papers = content / "papers"
    papers.mkdir(parents=True)
    ids = [arxiv_id(i * STEP) for i in range(n)]  # every STEP-th line of a snapshot is wanted
    for ident in ids:
        meta = new_meta(ident)
        meta["arxiv"] = ident
        set_generated(meta, "title", f"We study a problem {ident}")
        (papers / f"{ident}.md").write_text(dump_page(meta, ABSTRACT.strip()), encoding="utf-8")
    return ids


def make_snapshot(path: Path, lines: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i in range(lines):
            record = {
                "id": arxiv_id(i), "submitter": "Ana Kim",
                "authors": "Ana Kim, Lukas M\\\"uller, Wei Zhang and Priya Singh",
                "title": f"A Title About Problem {i} with a Fold\n  Across Two Lines",
                "comments": "9 pages", "journal-ref": None, "doi": None, "report-no": None,
                "categories": "cs.LG cs.AI", "license": None, "abstract": ABSTRACT,
                "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
                "update_date": "2007-04-03",
                "authors_parsed": [["Kim", "Ana", ""], ["M\\\"uller", "Lukas", ""], ["Zhang", "Wei", ""],
                                   ["Singh", "Priya", ""]],
            }
            f.write(json.dumps(record, separators=(",", ":")) + "\n")


def run_once(catalog: Path, snapshot: Path, work: Path, fresh: bool = True) -> tuple[float, float, str]:
    content = work / "content"
    if fresh:
        shutil.rmtree(content, ignore_errors=True)
        shutil.copytree(catalog, content)
    code = ("import resource, sys, time; sys.argv = ['build.py'] + sys.argv[1:]; t = time.perf_counter(); "
            "from catalog.cli import main; rc = main(sys.argv[1:]); "
            "print('SECONDS', time.perf_counter() - t); "
            "print('PEAK_MB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024); sys.exit(rc)")
    out = subprocess.run([sys.executable, "-c", code, "enrich", "--content", str(content), "--from", str(snapshot), "-q"],
                         cwd=ROOT, capture_output=True, text=True)
    values = dict(line.split() for line in out.stdout.splitlines() if line.startswith(("SECONDS", "PEAK_MB")))
    return float(values["SECONDS"]), float(values["PEAK_MB"]), out.stderr.strip()[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--lines", default="300000,1200000")
    parser.add_argument("--second-run", action="store_true", help="also time a second run on the enriched pages")
    parser.add_argument("--keep", type=Path, default=None, help="work directory to keep (default: a temp dir)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="enrich-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    make_catalog(work / "catalog", args.papers)
    print(f"catalog: {args.papers} pages in {time.perf_counter() - t:.1f} s")
    for lines in (int(x) for x in args.lines.split(",")):
        snapshot = work / f"snapshot-{lines}.json"
        make_snapshot(snapshot, lines)
        size = snapshot.stat().st_size / 2**30
        seconds, peak, err = run_once(work / "catalog", snapshot, work)
        print(f"snapshot {lines:>9} lines {size:5.2f} GB: {seconds:6.1f} s, peak RSS {peak:6.0f} MB"
              f"{'  stderr: ' + err if err else ''}")
        if args.second_run:
            seconds, peak, err = run_once(work / "catalog", snapshot, work, fresh=False)
            print(f"  second run, nothing to change: {seconds:6.1f} s, peak RSS {peak:6.0f} MB")
        snapshot.unlink()
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
