"""A line-end hyphen in a hard-wrapped dump: a compound's ("information-" / "rich") or a word
broken in two ("effi-" / "cient")? When the dump does not settle it, the spelling real
abstracts use more often decides (readers/spellings.py). Checked on real papers no rule and no
count was made from: the 102 abstracts of tests/data/topics/unseen-real.yaml, wrapped by
Python's textwrap, which breaks compounds after their hyphens (DESIGN: `Mixture-of-` /
`Experts`)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from catalog.ingest import ingest
from catalog.ingest.clean import clean_abstract
from catalog.ingest.readers import wrapped
from catalog.ingest.readers.spellings import spellings
from catalog.pages import load_pages

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = yaml.safe_load((ROOT / "tests/data/topics/unseen-real.yaml").read_text(encoding="utf-8"))["papers"]


@pytest.mark.parametrize("left, right, one_word", [
    ("information", "rich", False),    # each of these three read as one word before
    ("multi", "turn", False),
    ("evidence", "grounded", False),
    ("effi", "cient", True),           # TeX's hyphenation point
    ("REIN", "FORCE.", True),          # the algorithm, broken by TeX: capitals are no compound sign alone
    ("GPT", "4", False),               # a digit after the hyphen: a model's name
])
def test_the_usual_spelling_decides_a_line_end_hyphen(left, right, one_word):
    assert wrapped._word_break(left, right, (wrapped._Vocabulary([]),)) is one_word


def test_the_dumps_own_spelling_comes_first():
    """A dump that writes "multiturn" elsewhere means it there too, whatever abstracts usually do."""
    lines = [(1, "a multiturn benchmark")]
    assert spellings().one_word("multi", "turn") is False
    assert wrapped._word_break("multi", "turn", (wrapped._Vocabulary(lines),)) is True


def test_unseen_abstracts_wrapped_by_textwrap_come_back_whole(tmp_path):
    """End to end through ingest: 102 real abstracts, wrapped at 72 columns, an id line after
    each. Before the spellings, 88 of 102 came back exactly (13 compounds lost their hyphen)."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    dump = "\n\n".join("\n".join(textwrap.wrap(" ".join(p["abstract"].split()), 72)) + f"\narXiv:{p['arxiv']}"
                       for p in UNSEEN)
    (content / "sources" / "wrapped.txt").write_text(dump + "\n", encoding="utf-8")
    ingest(content, say=lambda *a: None)
    pages = {page.meta["arxiv"]: page for page in load_pages(content / "papers")}
    assert sorted(pages) == sorted(str(p["arxiv"]) for p in UNSEEN)
    whole = [p["arxiv"] for p in UNSEEN if pages[str(p["arxiv"])].body == clean_abstract(" ".join(p["abstract"].split()))[0]]
    assert len(whole) >= 100, sorted(set(str(p["arxiv"]) for p in UNSEEN) - set(map(str, whole)))
