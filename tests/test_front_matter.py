"""catalog/front_matter.py reads dump_page's front matter without YAML: it must give what
YAML gives on every page it accepts, and hand back (None) every text it cannot be sure of."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import front_matter
from catalog.pages import dump_page, new_meta

ROOT = Path(__file__).resolve().parent.parent


def front(text: str) -> str:
    return text.split("---\n", 2)[1]


def both(text: str):
    return front_matter.parse(text), yaml.safe_load(text)


def test_every_seed_and_fixture_page_reads_as_yaml_reads_it():
    pages = sorted((ROOT / "content" / "papers").glob("*.md")) + sorted((ROOT / "tests").rglob("papers/*.md"))
    fast = 0
    for path in pages:
        text = front(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
        mine, theirs = both(text)
        assert mine is None or mine == theirs, path
        fast += mine is not None
    assert fast >= len(pages) // 2  # the written form is the usual one


def test_synthetic_pages_read_as_yaml_reads_them(tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import make_catalog
    make_catalog(tmp_path / "content", 300)
    for path in sorted((tmp_path / "content" / "papers").glob("*.md")):
        mine, theirs = both(front(path.read_text(encoding="utf-8")))
        assert mine == theirs, path


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=400, deadline=None)
@given(title=TEXT, authors=st.lists(TEXT, max_size=4), topics=st.lists(TEXT, max_size=3), venue=st.none() | TEXT,
       extra=st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
                             st.none() | st.booleans() | st.integers() | TEXT | st.lists(TEXT, max_size=2), max_size=3))
def test_any_page_dump_page_writes_reads_as_yaml_reads_it(title, authors, topics, venue, extra):
    meta = new_meta("x")
    meta.update(extra)
    meta.update(title=title, authors=authors, topics=topics, venue=venue, generated={"title": title, "authors": authors})
    text = front(dump_page(meta, "body"))
    mine, theirs = both(text)
    assert mine is None or mine == theirs
    if mine is None:  # what it leaves to YAML: keys YAML reads otherwise, only
        assert any(k.lower() in front_matter._SPECIAL_KEYS for k in extra) or front_matter._PLAIN.search(text)


@pytest.mark.parametrize("text", [
    'title: unquoted words\n', 'title: "a" # a comment\n', 'year: 2024.5\n', 'on: "x"\n', 'date: 2024-10\n',
    'title: "tab\tinside"\n', 'title: "\u0085"\n', 'a: "x"\n  b: "y"\n', 'authors:\n- "a"\n', 'title:\n',
    'title: "a\\/b"\n', 'title: "\\ud83d\\ude00"\n', 'x: 012\n', 'links:\n  code:\n', '',
])
def test_what_it_is_not_sure_of_goes_to_yaml(text):
    assert front_matter.parse(text) is None


def test_values():
    text = ('slug: "a"\ncount: -12\nok: true\nnone: null\nempty: []\nnothing: {}\ntopics: ["moe", "x y"]\n'
            'links:\n  code:\n    - "https://x"\n  other: []\ngenerated:\n  title: "T \\"q\\" \\u00e9"\n')
    assert front_matter.parse(text) == yaml.safe_load(text)
