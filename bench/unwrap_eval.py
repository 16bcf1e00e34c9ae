"""How often unwrapping hard-wrapped abstracts restores them exactly (readers/wrapped.py).

    python bench/unwrap_eval.py [--show]

Real abstracts -- the 150 of the dev set, and the 334 of the two held-out sets (never used to
choose a rule; readers/spellings.py's counts leave all three out) -- are each wrapped five
ways: at 72 columns at spaces only (an e-mail), at 72 and 80 by Python's textwrap (a compound
broken after its own hyphen), and at 76 and 80 columns as LaTeX sets a PDF (a word too long for
the line broken at a TeX hyphenation point -- pyphen's en_US patterns, at least two letters
before and three after --, a compound broken after its own hyphen). Needs the
bench extra (`pip install -e '.[bench]'`, for pyphen). Printed: line-end hyphens decided right, split by kind (a word broken, a
compound broken), and abstracts restored exactly; `--show` lists the misses.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.ingest.readers import wrapped  # noqa: E402

def latex_wrap(text: str, width: int) -> list[str]:
    """Greedy lines of at most `width`, breaking after a compound's hyphen or at a hyphenation point."""
    import pyphen  # the bench extra: TeX's hyphenation patterns, as LibreOffice ships them

    patterns = pyphen.Pyphen(lang="en_US", left=2, right=3)
    lines, line = [], ""
    for word in text.split():
        while True:
            joined = f"{line} {word}" if line else word
            if len(joined) <= width:
                line = joined
                break
            room = width - len(line) - (1 if line else 0)
            cut = word.rfind("-", 0, room)
            points = [p for p in patterns.positions(word.rstrip(".,;:")) if p + 1 <= room]
            if 0 < cut < len(word) - 1:  # a compound: break after its hyphen
                at, mark = cut + 1, ""
            elif points and re.fullmatch(r"[A-Za-z]+[.,;:]?", word):  # a word: hyphenated
                at, mark = max(points), "-"
            else:
                lines.append(line)
                line = word
                break
            lines.append(f"{line} {word[:at]}{mark}".strip())
            line, word = "", word[at:]
    return [item for item in lines + [line] if item]


SETS = {"dev": "tests/data/topics/topics-dev.yaml", "held-out-2025b": "tests/data/topics/held-out-2025b.yaml",
        "unseen-real": "tests/data/topics/unseen-real.yaml"}
WRAPS = {
    "e-mail 72": lambda text: textwrap.wrap(text, 72, break_on_hyphens=False),
    "textwrap 72": lambda text: textwrap.wrap(text, 72),  # Python's default: compounds broken after a hyphen
    "textwrap 80": lambda text: textwrap.wrap(text, 80),
    "LaTeX 76": lambda text: latex_wrap(text, 76),
    "LaTeX 80": lambda text: latex_wrap(text, 80),
}


def score(papers: list[dict], show: bool) -> tuple[dict, dict]:
    """({kind: [seen, right]} of line-end hyphens, {wrap: abstracts restored exactly})."""
    kinds = {"word broken": [0, 0], "compound broken": [0, 0]}
    exact = dict.fromkeys(WRAPS, 0)
    for paper in papers:
        text = " ".join(paper["abstract"].split())
        for how, wrap in WRAPS.items():
            lines = wrap(text)
            joined = [line for _, line in wrapped.unwrap(list(enumerate(lines, 1)))]
            exact[how] += joined == [text]
            words = wrapped._Vocabulary(list(enumerate(lines, 1)))  # the abstract's own spelling
            for before, after in zip(lines, lines[1:]):
                left = wrapped.hyphen_end(before, after)
                if left is None or not re.match(r"[\w']", after):
                    continue
                kind = "compound broken" if f"{before.split()[-1]}{after.split()[0]}" in text else "word broken"
                ok = wrapped._word_break(left, after.split()[0], (words,)) == (kind == "word broken")
                kinds[kind][0] += 1
                kinds[kind][1] += ok
                if show and not ok:
                    print(f"  miss ({kind}, {how}): {before.split()[-1]} / {after.split()[0]}")
    return kinds, exact


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    for name, path in SETS.items():
        papers = yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["papers"]
        kinds, exact = score(papers, args.show)
        print(f"{name} ({len(papers)} abstracts)")
        for kind, (seen, right) in kinds.items():
            print(f"  {kind:16} {right}/{seen} line-end hyphens decided right")
        print("  restored exactly: " + ", ".join(f"{how} {n}/{len(papers)}" for how, n in exact.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
