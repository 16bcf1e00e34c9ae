"""Hard-wrapped abstracts with what people copy around them, from real papers.

A wrapped sentence that goes on at a line's start with "- " or "1)" keeps them: list marks
are dropped only where a list item can start. tests/data/wrapped/list_marks.txt holds three
real abstracts (two of unseen-real.yaml, one of held-out-2025b.yaml) as
bench/layouts_dev_eval.py wraps them (LaTeX-like, 80 columns): "(AWS)" / "- structured
summaries …", "(UniR)" / "- a single, lightweight …", and "three key modules:" / "1) Blurred
…" / "2) Custom …". Before, the two dashes (two lines starting "- " in one file read as a
bulleted list) and the two numbers (counting up) were dropped. And a PDF's first page: a
title over lines, authors with footnote marks, affiliations (pdf_first_pages.txt)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import yaml

from catalog.ingest import ingest
from catalog.ingest.clean import clean_abstract
from catalog.ingest.readers.text import read_text
from catalog.pages import load_pages

ROOT = Path(__file__).resolve().parent.parent
SETS = ("unseen-real.yaml", "held-out-2025b.yaml")
ABSTRACTS = {str(p["arxiv"]): " ".join(p["abstract"].split())
             for name in SETS for p in yaml.safe_load((ROOT / "tests/data/topics" / name).read_text(encoding="utf-8"))["papers"]}


def ingested(tmp_path, fixture: str) -> dict:
    """The pages (by arXiv id) ingest makes of one fixture of tests/data/wrapped/ alone."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    shutil.copy(ROOT / "tests/data/wrapped" / fixture, content / "sources")
    ingest(content, say=lambda *a: None)
    return {page.meta["arxiv"]: page for page in load_pages(content / "papers")}


def test_a_wrapped_sentence_keeps_a_dash_or_number_at_a_line_start(tmp_path):
    pages = ingested(tmp_path, "list_marks.txt")
    assert sorted(pages) == ["2505.14910", "2505.19075", "2507.03313"]
    for arxiv, page in pages.items():
        assert page.body == clean_abstract(ABSTRACTS[arxiv])[0], arxiv
    assert "(AWS) - structured summaries" in pages["2507.03313"].body
    assert "modules: 1) Blurred" in pages["2505.14910"].body


def test_a_numbered_list_an_abstract_a_line_drops_its_numbers_after_a_url():
    """One abstract a line, numbered: the abstract above "2." ends with its code's URL, not a
    full stop, and its line is far longer than a wrapped line: "2." still starts an item."""

    ids = ["2503.15868", "2507.22418", "2510.08859"]  # unseen-real: the first two end with a URL, no full stop
    lines = [f"{n}. {ABSTRACTS[arxiv]}" for n, arxiv in enumerate(ids, 1)]
    records = read_text("list.txt", "\n".join(lines) + "\n", warnings := [])
    assert [record.text for record in records] == [ABSTRACTS[arxiv] for arxiv in ids] and not warnings


def test_a_pdfs_first_page_gives_title_authors_and_abstract(tmp_path):
    """tests/data/wrapped/pdf_first_pages.txt: two real papers (unseen-real.yaml; authors as
    arXiv lists them) as a PDF's first page copies: the title over three lines, the authors
    over two with footnote marks ("Wu1,2, Wang2*,"), an affiliation and an e-mail line, an
    "Abstract" heading, the abstract wrapped. Before, the title was its first line only, the
    authors none, and the rest of the head went into the abstract above."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    shutil.copy(ROOT / "tests/data/wrapped/pdf_first_pages.txt", content / "sources")
    result = ingest(content, say=lambda *a: None)
    pages = {page.meta["arxiv"]: page for page in load_pages(content / "papers")}
    assert sorted(pages) == ["2505.13944", "2510.27684"]
    phased = pages["2510.27684"].meta
    assert phased["title"] == "Phased DMD: Few-step Distribution Matching Distillation via Score Matching within Subintervals"
    assert phased["authors"] == ["Xiangyu Fan", "Zesong Qiu", "Zhuguanyu Wu", "Fanzhou Wang", "Zhiqian Lin", "Tianxiang Ren"]
    assert pages["2505.13944"].meta["authors"][-1] == "Linh Ngo Van"
    for arxiv, page in pages.items():
        assert page.body == clean_abstract(ABSTRACTS[arxiv])[0] and not page.meta["comments"], arxiv
    assert [str(w) for w in result.warnings] == [
        "warning: pdf_first_pages.txt:6: 4 lines between the authors and 'Abstract' (affiliations, e-mail addresses) "
        "not read, in 2 papers; the title, authors and abstract were"]


def test_a_title_line_that_reads_like_names_stays_in_the_title(tmp_path):
    """tests/data/wrapped/pdf_title_names.txt: three real papers' first pages (1710.10196 and
    2201.12086 of the dev set, 2507.22805 of unseen-real; authors as the papers list them) whose
    title's second line reads like a list of names: "Quality, Stability, and Variation" over
    authors with footnote marks, "Unified Vision-Language Understanding and Generation" under
    "… Pre-training for", "MoE Connector and Hierarchical Group Attention" under "… with".
    Before, that line was taken for the first line of the authors."""
    topics = {str(p["arxiv"]): p for name in ("topics-dev.yaml", "unseen-real.yaml")
              for p in yaml.safe_load((ROOT / "tests/data/topics" / name).read_text(encoding="utf-8"))["papers"]}
    pages = ingested(tmp_path, "pdf_title_names.txt")
    assert sorted(pages, key=str) == ["1710.10196", "2201.12086", "2507.22805"]
    for arxiv, page in pages.items():
        paper = topics[arxiv]
        assert page.meta["title"] == " ".join(paper["title"].split()), arxiv
        assert page.body == clean_abstract(" ".join(paper["abstract"].split()))[0], arxiv
    assert pages["1710.10196"].meta["authors"] == ["Tero Karras", "Timo Aila", "Samuli Laine", "Jaakko Lehtinen"]
    assert pages["2201.12086"].meta["authors"] == ["Junnan Li", "Dongxu Li", "Caiming Xiong", "Steven Hoi"]
    assert pages["2507.22805"].meta["authors"][0] == "Yuqi Pang"


def test_authors_over_two_lines_with_marks_on_the_second_only_are_all_authors():
    """Marks (equal contribution, corresponding author) on some authors only: the authors' first
    line has none, and reads like names with commas: it is no title line (1710.10196, dev set)."""
    dev = yaml.safe_load((ROOT / "tests/data/topics/topics-dev.yaml").read_text(encoding="utf-8"))["papers"]
    abstract = next(" ".join(p["abstract"].split()) for p in dev if str(p["arxiv"]) == "1710.10196")
    head = ["Progressive Growing of GANs for Improved Quality, Stability,", "and Variation",
            "Tero Karras, Timo Aila", "Samuli Laine*, Jaakko Lehtinen*†", "NVIDIA", "Abstract"]
    (record,) = read_text("pdf.txt", "\n".join(head + textwrap.wrap(abstract, 80)) + "\n", [])
    assert record.title == "Progressive Growing of GANs for Improved Quality, Stability, and Variation"
    assert record.authors == ["Tero Karras", "Timo Aila", "Samuli Laine", "Jaakko Lehtinen"]
    assert record.text == abstract
