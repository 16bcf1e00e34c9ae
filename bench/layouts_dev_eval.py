"""Every layout at scale: the dev set's 150 abstracts written in each dump layout, ingested.

    python bench/layouts_dev_eval.py [--set tests/data/topics/held-out-2025b.yaml]

The 150 papers of tests/data/topics/topics-dev.yaml (title, id, abstract; the authors are a
stand-in, the set has none) are written as each reader expects them -- one file per layout,
in a fixed random order of widths and styles -- and ingested alone. A page is right when it is
the only page of its paper with the whole abstract (and, where the layout has one, the
title). Needs the bench extra (pyphen) for the PDF-wrapped file.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from catalog.ingest import ingest  # noqa: E402
from catalog.ingest.clean import clean_abstract  # noqa: E402
from catalog.pages import load_pages  # noqa: E402
from unwrap_eval import latex_wrap  # noqa: E402



def papers_of(path: Path) -> list[tuple[str, str, str]]:
    return [(str(p["arxiv"]), " ".join(p["title"].split()), " ".join(p["abstract"].split()))
            for p in yaml.safe_load(path.read_text(encoding="utf-8"))["papers"]]


PAPERS = papers_of(ROOT / "tests/data/topics/topics-dev.yaml")  # --set replaces it
AUTHORS = ["Ada Lovelace", "Alan Turing"]
RULE = "-" * 78
ZOTERO = {"\\": "{\\textbackslash}", "%": "\\%", "&": "\\&", "#": "\\#", "_": "\\_", "$": "\\$", "{": "\\{",
          "}": "\\}", "^": "\\^{}", "~": "\\~{}"}


def wrapped(rng: random.Random) -> str:
    parts = []
    for arxiv, _, text in PAPERS:
        width = rng.choice([72, 76, 80])
        lines = latex_wrap(text, width) if rng.random() < 0.6 else textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)
        parts.append(("Abstract: " if rng.random() < 0.3 else "") + "\n".join(lines) + f"\narXiv:{arxiv}")
    return "\n\n".join(parts) + "\n"


def mailing(_) -> str:
    def fold(label, value):
        return "\n".join(textwrap.wrap(f"{label}: {value}", 78, subsequent_indent="  ", break_on_hyphens=False,
                                       break_long_words=False))
    entries = [RULE]
    for arxiv, title, text in PAPERS:
        entries.append("\n".join(["\\\\", f"arXiv:{arxiv}", "Date: Mon, 2 Oct 2023 17:00:00 GMT   (100kb,D)", "",
                                  fold("Title", title), fold("Authors", ", ".join(AUTHORS)), "Categories: cs.LG",
                                  "\\\\", *textwrap.wrap(text, 80, initial_indent="  ", break_on_hyphens=False,
                                                         break_long_words=False),
                                  f"\\\\ ( https://arxiv.org/abs/{arxiv} ,  100kb)", RULE]))
    return "\n".join(entries) + "\n"


def listing(_) -> str:
    return "\n\n".join(f"[{n}] arXiv:{arxiv} [pdf, html, other]\nTitle: {title}\n{', '.join(AUTHORS)}\n"
                       f"Subjects: Machine Learning (cs.LG)\n\n{text}" for n, (arxiv, title, text) in enumerate(PAPERS, 1)) + "\n"


def abspages(_) -> str:
    return "\n".join(f"{title}\n{', '.join(AUTHORS)}\nAbstract:{text}\nSubjects:\tMachine Learning (cs.LG)\n"
                     f"Cite as:\tarXiv:{arxiv} [cs.LG]" for arxiv, title, text in PAPERS) + "\n"


def snapshot(_) -> str:
    return "".join(json.dumps({"id": arxiv, "title": title, "authors": ", ".join(AUTHORS), "categories": "cs.LG",
                               "abstract": "  " + "\n".join(textwrap.wrap(text, 80, break_on_hyphens=False,
                                                                             break_long_words=False)) + "\n"})
                   + "\n" for arxiv, title, text in PAPERS)


def zotero(_) -> str:
    return "\n\n".join(f"@misc{{k{n},\n\ttitle = {{{title}}},\n\tabstract = {{{''.join(ZOTERO.get(c, c) for c in text)}}},"
                       f"\n\tauthor = {{Lovelace, Ada and Turing, Alan}},\n\tnote = {{arXiv:{arxiv} [cs]}},\n}}"
                       for n, (arxiv, title, text) in enumerate(PAPERS)) + "\n"


LAYOUTS = {"wrapped.txt": (wrapped, False), "mailing.txt": (mailing, True), "listing.txt": (listing, True),
           "abspages.txt": (abspages, True), "snapshot.jsonl": (snapshot, True), "zotero.bib": (zotero, True)}


def main() -> int:
    global PAPERS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, help="another labeled set, e.g. tests/data/topics/held-out-2025b.yaml")
    args = parser.parse_args()
    if args.set:
        PAPERS = papers_of(args.set)
    print(f"{'layout':16} {'papers':>6} {'pages':>6} {'right':>6} {'warnings':>8}")
    for name, (write, titled) in LAYOUTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            (content / "sources").mkdir(parents=True)
            shutil.copy(ROOT / "content" / "topics.yaml", content)
            (content / "sources" / name).write_text(write(random.Random(7)), encoding="utf-8")
            result = ingest(content, say=lambda *a: None)
            pages = {page.meta["arxiv"]: page for page in load_pages(content / "papers")}
        right = sum(1 for arxiv, title, text in PAPERS if arxiv in pages
                    and pages[arxiv].body == clean_abstract(text)[0] and (not titled or pages[arxiv].meta["title"] == title))
        print(f"{name:16} {len(PAPERS):>6} {len(pages):>6} {right:>6} {len(result.warnings):>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
