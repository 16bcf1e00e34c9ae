"""A second look at the ways in (tests/data/layouts_second/): real papers in forms the other layout
sets do not cover -- an arXiv mailing quoted in a reply ("> ") and forwarded, a paper's own id at
the end of its line as people paste it ("(arXiv:IDv4)", a PDF URL), a hand-kept BibTeX file with
`@string` macros joined by `#`, notes copied from arXiv pages (title, authors, the "(Submitted on
…)" dateline, the id above the abstract), an abs page's own title "[ID] Title" above the abstract,
the older abs page, Semantic Scholar's and Hugging Face's paper records, and old-style ids
(hep-th/9711200; math.DG/0211159 is math/0211159)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from catalog.ingest.clean import clean_abstract
from test_layouts_unseen import ingest_dumps, pages_by_id

SECOND = Path(__file__).parent / "data" / "layouts_second"
EXPECTED = yaml.safe_load((SECOND / "expected.yaml").read_text(encoding="utf-8"))
LAYOUTS = EXPECTED["layouts"]


def check_page(page, arxiv: str, layout: dict) -> None:
    paper, meta = EXPECTED["papers"][arxiv], page.meta
    assert meta["arxiv"] == (arxiv if re.search(r"\d{4}\.\d{4,5}|/\d{7}", arxiv) else None)  # else: the slug
    assert page.body == clean_abstract(paper["abstract"])[0], arxiv
    titles = layout.get("titles", True)
    if titles is not False and (not isinstance(titles, dict) or titles.get(arxiv, True)):
        assert meta["title"] == paper["title"], arxiv
        assert meta["authors"] == paper["authors"], arxiv
    assert meta["comments"] == layout.get("comments", {}).get(arxiv, []), arxiv
    if arxiv in layout.get("categories", {}):
        assert meta.get("categories", []) == layout["categories"][arxiv], arxiv
    if arxiv in layout.get("journals", {}):
        assert meta.get("journal") == layout["journals"][arxiv], arxiv


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_form_gives_exactly_its_pages_and_warnings(tmp_path, name):
    layout = LAYOUTS[name]
    content, result = ingest_dumps(tmp_path, {name: (SECOND / name).read_bytes()})
    pages = pages_by_id(content)
    assert sorted(pages) == sorted(layout["papers"])
    for arxiv in layout["papers"]:
        check_page(pages[arxiv], arxiv, layout)
    assert [f"{w.where}: {w.message}" for w in result.warnings] == layout.get("warnings", [])


def test_all_forms_at_once_give_one_page_a_paper(tmp_path):
    content, result = ingest_dumps(tmp_path, {name: (SECOND / name).read_bytes() for name in LAYOUTS})
    pages = pages_by_id(content)
    assert sorted(pages) == sorted({arxiv for layout in LAYOUTS.values() for arxiv in layout["papers"]})
    assert sorted(f"{w.where}: {w.message}" for w in result.warnings) == sorted(
        w for layout in LAYOUTS.values() for w in layout.get("warnings", []))


@pytest.mark.parametrize("note", ["Worth a look, esp. the MoE one:",  # a short line: was dropped without a word
                                  "Worth a look, esp. the second one, and we could read it together"])  # a comment
def test_a_note_above_a_forwarded_mailing_is_not_lost_silently(tmp_path, note):
    """A person's note typed above the mailing they forward is no paper's: not read, and said so
    (the short one was taken for a list's name; the longer one said "attached to the next one" and was not)."""
    dump = f"{note}\n\n" + (SECOND / "forwarded.txt").read_text(encoding="utf-8")
    content, result = ingest_dumps(tmp_path, {"fwd.txt": dump.encode()})
    assert sorted(pages_by_id(content)) == sorted(LAYOUTS["forwarded.txt"]["papers"])
    assert [(w.where, repr(note) in w.message and "not read" in w.message) for w in result.warnings] == [
        ("fwd.txt:1", True)]


def test_a_quote_mark_starting_one_wrapped_line_is_text(tmp_path):
    """A reply's "> " is taken off a run of lines; one wrapped line that starts with ">" is the abstract's."""
    lines = textwrap.wrap(EXPECTED["papers"]["2102.05918"]["abstract"], 72, break_on_hyphens=False)
    lines[2] = "> " + lines[2]  # "… such as\n> 90% of …" in a wrapped abstract
    content, result = ingest_dumps(tmp_path, {"one.txt": ("\n".join(lines) + "\narXiv:2102.05918\n").encode()})
    assert pages_by_id(content)["2102.05918"].body == clean_abstract(" ".join(lines))[0]


def test_a_wrapped_line_opening_with_a_cited_id_is_text(tmp_path):
    """"[ID] Title" is a page's title; a wrapped line that opens with a citation ("[2010.11929] showed
    …") stays a line of its abstract."""
    lines = textwrap.wrap(EXPECTED["papers"]["2102.05918"]["abstract"], 72, break_on_hyphens=False)
    lines[3] = "[2010.11929] showed " + lines[3]
    content, result = ingest_dumps(tmp_path, {"one.txt": ("\n".join(lines) + "\narXiv:2102.05918\n").encode()})
    assert pages_by_id(content)["2102.05918"].body == clean_abstract(" ".join(lines))[0]
    assert not result.warnings


DEV = yaml.safe_load((Path(__file__).parent / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))["papers"]


@pytest.mark.parametrize("form", ["one a line", "wrapped, a blank line between", "wrapped, no blank line"])
def test_ids_opening_their_abstracts_line_are_their_own(tmp_path, form):
    """"arXiv:2006.16668 Neural network scaling…": a list that opens each abstract with its id gives
    each page its own id (it gave every id to the abstract above it, and the first one to none)."""
    papers = DEV[:6]
    texts = [f"arXiv:{p['arxiv']} " + " ".join(p["abstract"].split()) for p in papers]
    if form != "one a line":
        texts = [textwrap.fill(text, 72, break_on_hyphens=False) for text in texts]
    dump = ("\n\n" if "blank" in form else "\n").join(texts) + "\n"
    content, result = ingest_dumps(tmp_path, {"ids.txt": dump.encode()})
    pages = pages_by_id(content)
    assert sorted(pages) == sorted(str(p["arxiv"]) for p in papers)
    for paper in papers:
        assert pages[str(paper["arxiv"])].body == clean_abstract(paper["abstract"])[0], paper["arxiv"]
    assert [f"{w.where}: {w.message}" for w in result.warnings] == []


def test_an_id_glued_to_the_next_abstract_is_still_the_one_above(tmp_path):
    """The seeds' form with a space: "…quality.⏎arXiv:ID Augmenting…" (a list that does not open
    with an id): the id is the abstract's above, as before."""
    a, b = DEV[:2]
    dump = f"{' '.join(a['abstract'].split())}\narXiv:{a['arxiv']} {' '.join(b['abstract'].split())}\narXiv:{b['arxiv']}\n"
    content, result = ingest_dumps(tmp_path, {"glued.txt": dump.encode()})
    pages = pages_by_id(content)
    assert pages[str(a["arxiv"])].body == clean_abstract(a["abstract"])[0]
    assert pages[str(b["arxiv"])].body == clean_abstract(b["abstract"])[0]
    assert not result.warnings


def test_a_fold_after_a_hyphen_joins_a_compound_and_keeps_a_suspended_hyphen(tmp_path):
    """arXiv folds abstracts after hyphens too: "state-⏎of-the-art" is one compound (it read
    "state- of-the-art"), "pose-⏎and occlusion-aware" keeps its space."""
    folds = Path(__file__).parent / "data" / "folds" / "listing.jsonl"
    content, result = ingest_dumps(tmp_path, {"listing.jsonl": folds.read_bytes()})
    bodies = {arxiv: page.body for arxiv, page in pages_by_id(content).items()}
    assert "To advance the state-of-the-art in" in bodies["2509.25816"]
    assert "comprehensive pose- and occlusion-aware" in bodies["2509.26166"]
    assert "to better fuse identity-preserving and" in bodies["2510.04410"]
    assert not result.warnings
