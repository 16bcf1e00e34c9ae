#!/usr/bin/env python3
"""Render benchmark: build a synthetic catalog and report time and peak memory.

    python bench/render_bench.py                 # 10,000 papers
    python bench/render_bench.py --papers 50000 --keep /tmp/bench

A clean build (no cache). Not a test: it prints figures; bench/compare.py has the cached
scenarios and Hugo. Peak memory is the process's maximum resident set size
(resource.getrusage), which includes the interpreter and libraries.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_catalog  # noqa: E402
from catalog.engine import workers  # noqa: E402
from catalog.render import pipeline  # noqa: E402
from catalog.render.pipeline import render_site  # noqa: E402

PHASES: dict[str, float] = {}


def timed(module, name: str, label: str) -> None:
    """Wrap module.name so its total time is reported as a phase."""
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            PHASES[label] = PHASES.get(label, 0.0) + time.perf_counter() - start
    setattr(module, name, wrapper)

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="build here instead of a temporary directory")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: phases are timed in-process)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="render-bench-"))
    start = time.perf_counter()
    content = work / "content"
    make_catalog(content, args.papers)
    made = time.perf_counter()
    timed(pipeline, "load_pages", "read and parse pages (YAML, Markdown, terms)")
    timed(pipeline, "load_model", "model (related papers included)")
    timed(workers, "render_job", "render outputs (one process: --jobs 1)")
    timed(pipeline.search, "build_index", "search index (Pagefind)")
    render_site(content, work / "site", site_url="https://example.org/bench", say=lambda *a: None,
                cache=False, jobs=args.jobs)
    built = time.perf_counter()
    files = sum(1 for p in (work / "site").rglob("*") if p.is_file())
    size = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"papers:        {args.papers}")
    print(f"content made:  {made - start:.1f} s (not part of render)")
    print(f"render:        {built - made:.1f} s  ({(built - made) / args.papers * 1000:.2f} ms/paper)")
    for label, seconds in PHASES.items():
        print(f"  {label + ':':<40} {seconds:.1f} s")
    print(f"output:        {files} files, {size / 1e6:.1f} MB")
    print(f"peak RSS:      {peak_kb / 1024:.0f} MiB (whole process)")
    print(f"work dir:      {work}")


if __name__ == "__main__":
    main()
