"""Titles above abstracts (catalog/ingest/readers/headed.py) on the topic dev set's 150 papers.

    python bench/heads_eval.py [tests/data/topics/topics-dev.yaml]

Each abstract is wrapped at 60, 72 and 80 columns (as `fmt -w N` does) with its `arXiv:` line:
once alone (any title found there is false), once under its title line (found, and whole?).
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.ingest.readers.headed import take_heads  # noqa: E402


def lines(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), 1))


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "tests/data/topics/topics-dev.yaml"
    papers = yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]
    false = found = total = 0
    for width in (60, 72, 80):
        for paper in papers:
            wrapped = textwrap.fill(" ".join(paper["abstract"].split()), width, break_on_hyphens=False)
            wrapped += f"\narXiv:{paper['arxiv']}"
            false += bool(take_heads(lines(wrapped))[1])
            heads = take_heads(lines(f"{paper['title']}\n{wrapped}"))[1]
            total += 1
            if heads.get(2) is not None and heads[2].title == " ".join(paper["title"].split()):
                found += 1
            else:
                print(f"missed ({width} columns): {paper['title']}")
    print(f"abstracts alone: {false} false titles in {total}; under their title: {found}/{total} found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
