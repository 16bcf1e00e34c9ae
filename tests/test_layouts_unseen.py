"""A QA pass on the dump readers with papers they were not built on (tests/data/layouts_unseen/):
real dev-set papers (ids, titles, abstracts) with their arXiv authors, in the exact forms the
tools emit -- an arXiv mailing with its rules, `%%--%%--` separators, `Date (revised v2):`,
`License:`, `Report-no:`, `MSC-class:`, `ACM-class:`, `Journal-ref:`, `DOI:`, a cross-list and a
replacement; a whole abs page copied with select-all (banner, top bar, footer, arXivLabs);
a listing page; Zotero, Better BibTeX, JabRef, Mendeley, Google Scholar and DBLP exports;
snapshot records; `fmt -w 72`, `fold -s -w 80`, a numbered list with titles (CRLF, BOM) and
titles above wrapped abstracts. Every page is checked field by field, and so are the mixes."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from catalog.ingest import ingest
from catalog.ingest.clean import clean_abstract
from catalog.ingest.readers.bibtex import read_bibtex
from catalog.ingest.readers.headed import Head, take_heads, without_list_marks
from catalog.pages import load_pages

ROOT = Path(__file__).resolve().parent.parent
UNSEEN = Path(__file__).parent / "data" / "layouts_unseen"
EXPECTED = yaml.safe_load((UNSEEN / "expected.yaml").read_text(encoding="utf-8"))
LAYOUTS = EXPECTED["layouts"]


def ingest_dumps(tmp_path: Path, files: dict[str, bytes]):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    for name, blob in files.items():
        (content / "sources" / name).write_bytes(blob)
    return content, ingest(content, say=lambda *a: None)


def pages_by_id(content: Path) -> dict:
    pages = {}
    for page in load_pages(content / "papers"):
        key = page.meta["arxiv"] or page.slug
        assert key not in pages, f"two pages for {key}"
        pages[key] = page
    return pages


def check_page(page, arxiv: str, layout: dict, comments: list[str] | None = None) -> None:
    """The page's id, whole abstract, and the title, authors, comments (all of them: `comments`)
    and categories the layout gives."""
    paper, meta = EXPECTED["papers"][arxiv], page.meta
    assert meta["arxiv"] == (arxiv if re.fullmatch(r"\d{4}\.\d{4,5}", arxiv) else None)  # else: the slug
    assert page.body == clean_abstract(paper["abstract"])[0], arxiv
    if layout.get("titles") is not False:
        assert meta["title"] == paper["title"], arxiv
    if layout.get("titles") is not False and layout.get("authors", True):
        assert meta["authors"] == paper["authors"], arxiv
    if comments is None:
        assert meta["comments"] == layout.get("comments", {}).get(arxiv, []), arxiv
    else:
        assert sorted(meta["comments"]) == comments, arxiv
    if arxiv in layout.get("categories", {}):
        assert meta.get("categories", []) == layout["categories"][arxiv], arxiv


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_layout_of_unseen_papers_gives_exactly_their_pages(tmp_path, name):
    layout = LAYOUTS[name]
    content, result = ingest_dumps(tmp_path, {name: (UNSEEN / name).read_bytes()})
    pages = pages_by_id(content)
    assert sorted(pages) == sorted(layout["papers"])  # nothing lost, no page made of a site's chrome
    for arxiv in layout["papers"]:
        check_page(pages[arxiv], arxiv, layout)
    warnings = [f"{w.where}: {w.message}" for w in result.warnings]
    assert len(warnings) == len(layout.get("warnings", [])), warnings
    for got, want in zip(warnings, layout.get("warnings", [])):
        assert got.startswith(want), (got, want)


def test_the_mailing_gives_journal_doi_and_year(tmp_path):
    content, _ = ingest_dumps(tmp_path, {"mailing.txt": (UNSEEN / "mailing.txt").read_bytes()})
    base = pages_by_id(content)["2103.16716"].meta
    assert base["doi"] == "10.5555/3454287.3455045" and base["year"] == "2021"
    assert base["journal"].startswith("Proceedings of the 38th International Conference on Machine Learning")
    assert pages_by_id(content)["2308.00951"].meta["authors"][0] == "Joan Puigcerver"  # affiliations dropped


def comments_in(names) -> dict[str, list[str]]:
    """Each paper's comments from every layout named that it is in, sorted."""
    comments: dict[str, list[str]] = {}
    for name in names:
        for arxiv, more in LAYOUTS[name].get("comments", {}).items():
            comments[arxiv] = sorted(set(comments.get(arxiv, [])) | set(more))
    return comments


def test_every_layout_at_once_gives_one_page_per_paper(tmp_path):
    files = {name: (UNSEEN / name).read_bytes() for name in LAYOUTS}
    content, _ = ingest_dumps(tmp_path, files)
    pages = pages_by_id(content)
    assert sorted(pages) == sorted({arxiv for layout in LAYOUTS.values() for arxiv in layout["papers"]})
    comments = comments_in(LAYOUTS)
    for name, layout in LAYOUTS.items():
        for arxiv in layout["papers"]:
            check_page(pages[arxiv], arxiv, layout, comments.get(arxiv, []))


@pytest.mark.parametrize("names", [["mailing.txt", "wrapped.txt", "abspages.txt", "titled.txt", "listing.txt"],
                                   ["headed.txt", "listing_old.txt", "idforms.txt", "mailing.txt", "numbered.txt",
                                    "abspages_more.txt", "pdfcopy.txt", "abspages.txt"]])
def test_a_layout_change_inside_one_text_file(tmp_path, names):
    text = "\n".join((UNSEEN / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n") for name in names)
    content, result = ingest_dumps(tmp_path, {"all.txt": text.encode()})
    pages = pages_by_id(content)
    assert sorted(pages) == sorted({arxiv for name in names for arxiv in LAYOUTS[name]["papers"]})
    comments = comments_in(names)
    for name in names:
        for arxiv in LAYOUTS[name]["papers"]:
            check_page(pages[arxiv], arxiv, LAYOUTS[name], comments.get(arxiv, []))
    assert len(result.warnings) == sum(len(LAYOUTS[name].get("warnings", [])) for name in names)


def test_a_dump_given_twice_and_a_plain_copy_keep_one_page_with_the_metadata(tmp_path):
    mailing = (UNSEEN / "mailing.txt").read_bytes()
    plain = "".join(f"{EXPECTED['papers'][i]['abstract']}\narXiv:{i}\n" for i in ("2112.06905", "2106.04426"))
    for order in (("a.txt", "b.txt", "c.txt"), ("c.txt", "b.txt", "a.txt")):
        first, second, third = order
        content, _ = ingest_dumps(tmp_path / first, {first: plain.encode(), second: mailing, third: mailing})
        pages = pages_by_id(content)
        assert sorted(pages) == sorted(LAYOUTS["mailing.txt"]["papers"])
        for arxiv in LAYOUTS["mailing.txt"]["papers"]:
            check_page(pages[arxiv], arxiv, LAYOUTS["mailing.txt"])
        assert len(pages["2112.06905"].meta["sources"]) == 3


def test_ingest_again_changes_nothing(tmp_path):
    files = {name: (UNSEEN / name).read_bytes() for name in LAYOUTS}
    content, _ = ingest_dumps(tmp_path, files)
    before = {p.name: p.read_text() for p in (content / "papers").glob("*.md")}
    again = ingest(content, say=lambda *a: None)
    assert not again.new and not again.updated
    assert {p.name: p.read_text() for p in (content / "papers").glob("*.md")} == before


# ------------------------------------------------------------------- headed.py on its own

def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), 1))


def test_a_wrapped_paragraph_starting_mid_sentence_has_no_title():
    lines = numbered("We apply preference modeling and\nreinforcement learning from human feedback (RLHF) to finetune\n"
                     "language models to act as helpful and harmless assistants. We find this alignment\n"
                     "training improves performance on almost all NLP evaluations.")
    assert take_heads(lines) == (lines, {})


def test_a_stray_number_at_a_line_start_is_text():
    lines = numbered("a model of size\n2. The second claim is that it works across many settings.")
    assert without_list_marks(lines) == lines


def test_a_title_above_a_one_line_abstract_and_fold_s_trailing_spaces():
    abstract = EXPECTED["papers"]["2010.01412"]["abstract"]
    lines = numbered(f"Sharpness-Aware Minimization for Efficiently Improving Generalization \n{abstract}\narXiv:2010.01412")
    out, heads = take_heads(lines)
    assert heads == {2: Head("Sharpness-Aware Minimization for Efficiently Improving Generalization")}
    assert out[0] == (1, "") and out[1:] == lines[1:]


def test_a_pdf_first_page_gives_title_and_authors():
    lines = numbered("Attention Is All You Need\nAshish Vaswani, Noam Shazeer, Niki Parmar\nAbstract\n"
                     "The dominant sequence transduction models are based on complex recurrent or\n"
                     "convolutional neural networks that include an encoder and a decoder. The best\n"
                     "performing models also connect the encoder and decoder through an attention\n"
                     "mechanism.\narXiv:1706.03762")
    out, heads = take_heads(lines)
    assert heads == {3: Head("Attention Is All You Need", "Ashish Vaswani, Noam Shazeer, Niki Parmar")}
    assert out[:2] == [(1, ""), (2, "")] and out[2:] == lines[2:]


def test_a_comment_a_blank_line_after_an_abstract_is_no_title():
    abstract = EXPECTED["papers"]["2010.01412"]["abstract"]
    lines = numbered(f"{abstract}\narXiv:2010.01412\n\nICLR 2021 spotlight\n\n{abstract}")
    assert take_heads(lines) == (lines, {})


DEV_SET = yaml.safe_load((Path(__file__).parent / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("width", [60, 72, 80])
def test_no_dev_set_abstract_loses_a_line_to_a_title_and_each_title_above_it_is_found(width):
    for paper in DEV_SET["papers"]:
        wrapped = textwrap.fill(" ".join(paper["abstract"].split()), width, break_on_hyphens=False)
        alone = numbered(f"{wrapped}\narXiv:{paper['arxiv']}")
        assert take_heads(alone) == (alone, {}), paper["arxiv"]
        _, heads = take_heads(numbered(f"{paper['title']}\n{wrapped}\narXiv:{paper['arxiv']}"))
        assert heads == {2: Head(" ".join(paper["title"].split()))}, paper["arxiv"]


def test_bibtex_dashes_and_accents_on_a_dotless_i_decode():
    bib = r"""@article{zotero, title = {Caf{\'e} and {\"U}ber}, author = {M{\"u}ller, J{\'e}r{\^o}me},
  abstract = {We reach 95\% on na{\"i}ve tests {\textendash} a strong result \textemdash{} it costs \$5 and {\textbackslash}alpha.},
  eprint = {2001.00001}, archivePrefix = {arXiv}}
@article{jabref, title = {Plain}, abstract = {Up to 50\% of a $\alpha$ value {\textendash} na\"{\i}ve -- kept.},
  eprint = {2001.00002}, archivePrefix = {arXiv}}"""
    zotero, jabref = read_bibtex("x.bib", bib, [])
    assert (zotero.title, zotero.authors) == ("Café and Über", ["Jérôme Müller"])
    assert zotero.text == "We reach 95% on naïve tests \u2013 a strong result \u2014 it costs $5 and \\alpha."
    assert jabref.text == "Up to 50% of a $\\alpha$ value \u2013 naïve -- kept."
