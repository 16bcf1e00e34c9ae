"""Papers in -> right pages out, per dump layout (tests/data/layouts/), for any checkout.

    python bench/layouts_eval.py [--project DIR] [--layouts FOLDER]

Each fixture is ingested alone with `python build.py ingest` run in DIR (default: this
checkout; `--project ../main` gives the figures before the readers). A page is right when it
is the only page for its paper, with the id, the abstract whole (as ingest cleans it), and the
title and authors where the layout gives them (a derived title where it does not). The
expected pages come from this checkout's tests/data/layouts/expected.yaml, or with `--layouts
tests/data/layouts_unseen` from the papers the readers were not built on.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.ingest.clean import clean_abstract  # noqa: E402

LAYOUTS = ROOT / "tests" / "data" / "layouts"


def pages(folder: Path) -> list[tuple[dict, str]]:
    out = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        match = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", path.read_text(encoding="utf-8"), re.S)
        out.append((yaml.safe_load(match.group(1)) or {}, match.group(2).strip("\n")))
    return out


def right(expected: dict, layout: dict, key: str, found: list[tuple[dict, str]]) -> bool:
    paper = expected["papers"][key]
    body = clean_abstract(paper["abstract"])[0]  # exactly: a known miss (expected.yaml) counts as wrong
    mine = [(meta, text) for meta, text in found if (meta.get("arxiv") or meta.get("slug")) == key]
    if len(mine) != 1 or mine[0][1] != body:
        return False
    meta = mine[0][0]
    titles = layout.get("titles", True)  # False for the whole layout, or per paper: {key: False}
    if titles is False or (isinstance(titles, dict) and not titles.get(key, True)) or key in layout.get("derived", ()):
        return not meta.get("authors")
    authors = paper["authors"] if layout.get("authors", True) else []  # authors: false, a layout with titles only
    return meta.get("title") == paper["title"] and (meta.get("authors") or []) == authors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--layouts", type=Path, default=LAYOUTS, help="a folder of fixtures and their expected.yaml")
    args = parser.parse_args()
    layouts = args.layouts.resolve()
    expected = yaml.safe_load((layouts / "expected.yaml").read_text(encoding="utf-8"))
    total_in = total_right = 0
    print(f"{'layout':16} {'papers':>6} {'pages':>6} {'right':>6} {'extra':>6} {'warnings':>8}")
    for name, layout in expected["layouts"].items():
        with tempfile.TemporaryDirectory() as tmp:
            content = Path(tmp) / "content"
            (content / "sources").mkdir(parents=True)
            shutil.copy(ROOT / "content" / "topics.yaml", content)
            shutil.copy(layouts / name, content / "sources" / name)
            run = subprocess.run([sys.executable, "build.py", "ingest", "-q", "--content", str(content)],
                                 cwd=args.project, capture_output=True, text=True)
            found = pages(content / "papers")
        good = sum(right(expected, layout, key, found) for key in layout["papers"])
        warnings = run.stderr.count("warning: ")
        extra = sum((meta.get("arxiv") or meta.get("slug")) not in layout["papers"] for meta, _ in found)  # junk pages
        print(f"{name:16} {len(layout['papers']):>6} {len(found):>6} {good:>6} {extra:>6} {warnings:>8}")
        total_in, total_right = total_in + len(layout["papers"]), total_right + good
    print(f"{'all':16} {total_in:>6} {'':>6} {total_right:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
