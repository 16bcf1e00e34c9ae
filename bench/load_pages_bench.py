"""CPU time of reading and checking every page (catalog.pages.load_pages) of a synthetic catalog.

    python bench/load_pages_bench.py [N]     # default 10,000 pages; prints the best of 5 runs
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from synthetic import make_catalog

from catalog.pages import load_pages


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        make_catalog(content, n)
        times = []
        for _ in range(5):
            started = time.process_time()
            load_pages(content / "papers")
            times.append(time.process_time() - started)
    print(f"load_pages: {n} pages, best of 5: {min(times):.3f} s CPU ({min(times) / n * 1e6:.0f} µs per page)")


if __name__ == "__main__":
    main()
