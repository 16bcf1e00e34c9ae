"""Property-based tests of the text readers (hypothesis): papers written in any mix of layouts,
in any order, come back one record each with their id and their whole abstract; random text
never crashes a reader and never turns into an empty abstract."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.errors import Warning_
from catalog.ingest.readers import read_source

PAPERS = {key: paper for key, paper in yaml.safe_load(
    (Path(__file__).parent / "data" / "layouts" / "expected.yaml").read_text(encoding="utf-8"))["papers"].items()
    if "." in key}  # the papers with an arXiv id
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def plain(key: str, paper: dict) -> str:
    return f"{paper['abstract']}\narXiv:{key}"


def wrapped(key: str, paper: dict) -> str:  # an e-mail: wrapped at spaces only
    return "\n".join(textwrap.wrap(paper["abstract"], 72, break_on_hyphens=False, break_long_words=False)) + f"\narXiv:{key}"


def mailing(key: str, paper: dict) -> str:
    body = textwrap.wrap(paper["abstract"], 80, initial_indent="  ", break_on_hyphens=False, break_long_words=False)
    title = textwrap.wrap("Title: " + paper["title"], 78, subsequent_indent="  ", break_on_hyphens=False)
    return "\n".join(["\\\\", f"arXiv:{key}", "Date: Mon, 2 Oct 2023 17:00:00 GMT   (100kb,D)", "", *title,
                      "Authors: " + ", ".join(paper["authors"] or ["Ada Lovelace"]), "Categories: cs.LG", "\\\\",
                      *body, f"\\\\ ( https://arxiv.org/abs/{key} ,  100kb)", "-" * 78])


def abspage(key: str, paper: dict) -> str:
    return "\n".join([paper["title"], ", ".join(paper["authors"] or ["Ada Lovelace"]), "Abstract:" + paper["abstract"],
                      "Subjects:\tMachine Learning (cs.LG)", f"Cite as:\tarXiv:{key} [cs.LG]"])


def listing(key: str, paper: dict) -> str:
    return "\n".join([f"[1] arXiv:{key} [pdf, html, other]", "Title: " + paper["title"],
                      ", ".join(paper["authors"] or ["Ada Lovelace"]), "Subjects: Machine Learning (cs.LG)", "",
                      paper["abstract"], ""])  # the page has a blank line after each entry


def abscopy(key: str, paper: dict) -> str:  # the title, the authors and the abstract only: no id
    return "\n".join([paper["title"], ", ".join(paper["authors"] or ["Ada Lovelace", "Alan Turing"]),
                      "Abstract:" + paper["abstract"]])


LAYOUTS = [plain, wrapped, mailing, listing, abspage, abscopy]
dump = st.lists(st.tuples(st.sampled_from(sorted(PAPERS)), st.sampled_from(LAYOUTS), st.sampled_from(["\n", "\n\n", "\n\n\n"])),
                min_size=1, max_size=8, unique_by=lambda item: item[0])


@SETTINGS
@given(dump)
def test_any_mix_of_layouts_gives_each_paper_once_and_whole(items):
    text = "".join(layout(key, PAPERS[key]) + gap for key, layout, gap in items)
    warnings: list[Warning_] = []
    found = read_source("mix.txt", text.encode(), [], warnings)
    expected = [(None if layout is abscopy else key, PAPERS[key]["abstract"]) for key, layout, _ in items]
    assert [(a.arxiv, " ".join(a.text.split())) for a in found] == expected
    assert warnings == []
    for (key, layout, _), record in zip(items, found):
        if layout in (mailing, listing, abspage, abscopy):
            assert record.title == PAPERS[key]["title"]


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=120), st.sampled_from(["\\\\", "arXiv:2401.00001", "Abstract:", "Subjects: x (cs.LG)", "[1] arXiv:2401.00001 [pdf]",
                                                                   "Cite as: arXiv:2401.00001", "Title: T", "-" * 78, ""])),
                max_size=30).map("\n".join))
def test_random_text_never_crashes_a_reader_nor_makes_an_empty_abstract(text):
    for name in ("r.txt", "r.jsonl", "r.bib"):
        found = read_source(name, text.encode("utf-8", "surrogatepass"), [], [])
        assert all(a.text.strip() for a in found or [])
