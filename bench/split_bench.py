"""Splitting is linear in the size of a dump, however it is glued.

    python bench/split_bench.py [--sizes 1 5 10]

Builds dumps of N MB from the seed abstracts (content/sources) and times `split_dump` on
three layouts: one abstract a line with its id; every abstract glued to the next on ONE
line ("…prompting.We introduce…", the worst case of the old splitter: 21 s at 1 MB); and one
line of seams that refer back ("…Duo.Our studies show…": never split, so every seam looks
back). Prints seconds and MB/s per size; the MB/s column should stay flat.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.ingest.sources import read_dumps  # noqa: E402
from catalog.ingest.split import split_dump  # noqa: E402


def seed_abstracts() -> list[str]:
    dumps = read_dumps(ROOT / "content" / "sources", [])
    texts = {a.text for d in dumps for a in split_dump(d.name, d.text, [])}
    return sorted(texts)


def layouts(abstracts: list[str], megabytes: int) -> dict[str, str]:
    size = megabytes * 1_000_000
    lines, glued, back, total, i = [], [], [], 0, 0
    while total < size:
        text = abstracts[i % len(abstracts)].rstrip(".") + f" run{i}."  # distinct copies
        lines.append(f"{text}\narXiv:2401.{i % 100000:05d}")
        glued.append(text)
        back.append(text + "Our results hold.")
        total += len(text) + 1
        i += 1
    return {"one a line": "\n".join(lines), "glued, one line": "".join(glued), "refers back, one line": "".join(back)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 10], help="dump sizes in MB")
    args = parser.parse_args()
    abstracts = seed_abstracts()
    print("| size | layout | abstracts | seconds | MB/s |\n|---|---|---|---|---|")
    for megabytes in args.sizes:
        for name, text in layouts(abstracts, megabytes).items():
            start = time.perf_counter()
            found = split_dump("bench.txt", text, [])
            seconds = time.perf_counter() - start
            print(f"| {megabytes} MB | {name} | {len(found)} | {seconds:.2f} | {len(text) / 1e6 / seconds:.1f} |", flush=True)


if __name__ == "__main__":
    main()
