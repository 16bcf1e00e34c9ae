"""A PDF's first page (catalog/ingest/readers/headed.py): title over lines, author line, abstract.

    python bench/pdf_heads_eval.py [tests/data/topics/topics-dev.yaml]

Each paper's real title is set over two or three lines at 40, 50 and 60 columns (as a title's
large type wraps it; titles that fit one line are left out), a stand-in author line under it
(the sets have no authors) with footnote marks ("Ada Lovelace1, Alan Turing2*, …") and without,
then "Abstract" and the abstract wrapped at 76. Right: one head, the whole title, the three names.
`-v` lists the misses.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from catalog.ingest.readers.fields import FOOTNOTE_MARKS  # noqa: E402
from catalog.ingest.readers.headed import take_heads  # noqa: E402

NAMES = "Ada Lovelace, Alan Turing, Grace Hopper"
AUTHOR_LINES = {"with marks": "Ada Lovelace1, Alan Turing2*, Grace Hopper1", "without": NAMES}


def right(lines: list[str], title: str) -> bool:
    heads = list(take_heads(list(enumerate(lines, 1)))[1].values())
    return len(heads) == 1 and heads[0].title == title and FOOTNOTE_MARKS.sub("", heads[0].authors) == NAMES


def main() -> int:
    args = [arg for arg in sys.argv[1:] if arg != "-v"]
    path = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "tests/data/topics/topics-dev.yaml"
    papers = yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]
    for kind, authors in AUTHOR_LINES.items():
        found = total = 0
        for width in (40, 50, 60):
            for paper in papers:
                title = " ".join(paper["title"].split())
                lines = textwrap.wrap(title, width, break_on_hyphens=False)
                if not 2 <= len(lines) <= 3:
                    continue
                abstract = textwrap.wrap(" ".join(paper["abstract"].split()), 76, break_on_hyphens=False)
                total += 1
                ok = right([*lines, authors, "Abstract", *abstract, f"arXiv:{paper['arxiv']}"], title)
                found += ok
                if not ok and "-v" in sys.argv:
                    print(f"  missed ({kind}, {width} columns): {' / '.join(lines)}")
        print(f"author line {kind:10}: {found}/{total} titles and authors read whole")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
