#!/usr/bin/env python3
"""One paper edited, then `build.py render` with the search index, on a site that
bench/shards_bench.py built: time, CPU, peak (compare.measure) and how many index chunks
the new index kept from the old one (the same file, linked: catalog/render/shard_merge.py).

    python bench/shards_bench.py --papers 10000 --variants shards --work /tmp/sb
    python bench/shard_edit_bench.py --work /tmp/sb --edit title        # or --edit sentence
    python bench/shard_edit_bench.py --work /tmp/sb2 --root /work/main  # another checkout's build
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from compare import measure  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--edit", choices=("title", "sentence"), default="title")
    ap.add_argument("--paper", type=int, default=200, help="which page, in file-name order")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose build.py runs")
    args = ap.parse_args()
    content, site = args.work / "content", args.work / "site"
    chunks = lambda: {p.name: p.stat().st_ino for p in (site / "pagefind" / "index").glob("*")}
    before = chunks()
    page = sorted((content / "papers").glob("*.md"))[args.paper]
    text = page.read_text(encoding="utf-8")
    if args.edit == "title":
        text = text.replace('title: "', 'title: "Revised: ', 1)
    else:
        text = text.rstrip("\n") + " An added closing sentence.\n"
    page.write_text(text, encoding="utf-8")
    seconds, peak, cpu = measure([sys.executable, str(args.root / "build.py"), "render", "-q",
                                  "--content", str(content), "--output", str(site)])
    after = chunks()
    kept = sum(1 for name, inode in after.items() if before.get(name) == inode)
    print(f"{args.edit} edited: {seconds:.1f} s, CPU {cpu:.1f} s, peak {peak / 2**20:.0f} MB; "
          f"index chunks kept {kept} of {len(after)}")


if __name__ == "__main__":
    main()
