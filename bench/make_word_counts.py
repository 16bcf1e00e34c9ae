"""Write catalog/ingest/data/word-counts.tsv.gz: how real abstracts spell words and compounds.

    python bench/make_word_counts.py LISTING.jsonl [LISTING.jsonl ...]

Unwrapping hard-wrapped text must tell "information-" / "rich" (a compound broken after its
hyphen) from "effi-" / "cient" (a word broken at a hyphenation point). When the dump itself
does not spell the word elsewhere, readers/wrapped.py asks how abstracts spell it: this file
counts every word and hyphenated compound (lowercased) in arXiv titles and abstracts.

Input: JSON lines with `id`, `title` and `summary` or `abstract` (arXiv's metadata snapshot,
or the daily listing files of the public repository dw-dengwei/daily-arXiv-ai-enhanced,
branch `data`, `data/2025-*.jsonl`, which the shipped file was made from: 74,099 papers of
2025). Papers in the project's labeled sets (the topic training files and tests/data/topics)
are left out, so the benches that score unwrapping on them score text the counts never saw.
Words seen fewer than MIN_COUNT times are left out (a typo is no spelling). The output is the
same bytes for the same input.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.arxiv.latex_text import unfold  # noqa: E402
from catalog.ingest.readers.spellings import TOKEN  # noqa: E402

OUT = ROOT / "catalog/ingest/data/word-counts.tsv.gz"
MIN_COUNT = 3
LABELED = [*sorted((ROOT / "tests/data/topics").glob("*.yaml")), *sorted((ROOT / "catalog/ingest/data").glob("*.yaml"))]


def labeled_ids() -> set[str]:
    return {str(p["arxiv"]) for path in LABELED for p in yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("listings", nargs="+", type=Path)
    args = parser.parse_args()
    skip, seen, counts = labeled_ids(), set(), Counter()
    for path in args.listings:
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            arxiv = re.sub(r"v\d+$", "", record["id"])
            if arxiv in seen or arxiv in skip:
                continue
            seen.add(arxiv)
            text = f"{unfold(record.get('title') or '')} {unfold(record.get('summary') or record.get('abstract') or '')}"
            counts.update(word.lower() for word in TOKEN.findall(text))
    rows = "".join(f"{word}\t{n}\n" for word, n in sorted(counts.items()) if n >= MIN_COUNT)
    OUT.write_bytes(gzip.compress(rows.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(seen)} papers, {rows.count(chr(10))} words and compounds -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
