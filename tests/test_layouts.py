"""Every dump layout people copy abstracts in, made from real papers (tests/data/layouts/README.md):
each fixture ingests into exactly the pages in expected.yaml -- ids, titles, authors, abstracts
whole -- with exactly the warnings listed there."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml

from catalog.ingest import ingest
from catalog.ingest.clean import clean_abstract
from catalog.ingest.titles import derive_title
from catalog.pages import load_pages

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = Path(__file__).parent / "data" / "layouts"
EXPECTED = yaml.safe_load((LAYOUTS / "expected.yaml").read_text(encoding="utf-8"))


def ingest_files(tmp_path: Path, *names: str, data: dict[str, bytes] | None = None):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    for name in names:
        shutil.copy(LAYOUTS / name, content / "sources" / name)
    for name, blob in (data or {}).items():
        (content / "sources" / name).write_bytes(blob)
    return content, ingest(content, say=lambda *a: None)


def by_id(content: Path) -> dict:
    return {page.meta["arxiv"] or page.slug: page for page in load_pages(content / "papers")}


def assert_pages(content: Path, ids: list[str], derived=()) -> dict:
    """Exactly one page per expected paper, each with its id, whole abstract, and the title and
    authors the layout gives, or for the papers in `derived` (all: True) a title derived from
    the abstract and no authors."""
    pages = by_id(content)
    assert sorted(pages) == sorted(ids)
    for arxiv in ids:
        paper, meta = EXPECTED["papers"][arxiv], pages[arxiv].meta
        assert pages[arxiv].body == clean_abstract(paper["abstract"])[0], arxiv
        if derived is not True and arxiv not in derived:
            assert (meta["title"], meta["authors"]) == (paper["title"], paper["authors"]), arxiv
        else:
            assert meta["title"] == derive_title(pages[arxiv].body) and meta["authors"] == [], arxiv
    return pages


@pytest.mark.parametrize("name", sorted(EXPECTED["layouts"]))
def test_each_layout_gives_one_right_page_per_paper(tmp_path, name):
    layout = EXPECTED["layouts"][name]
    content, result = ingest_files(tmp_path, name)
    derived = layout.get("derived", True if layout.get("titles") is False else ())
    pages = assert_pages(content, layout["papers"], derived)
    for arxiv, page in pages.items():
        assert page.meta["comments"] == layout.get("comments", {}).get(arxiv, []), arxiv
    warnings = [f"{w.where}: {w.message}" for w in result.warnings]
    assert len(warnings) == len(layout.get("warnings", [])), warnings
    for got, want in zip(warnings, layout.get("warnings", [])):
        assert got.startswith(want), (got, want)


def test_snapshot_records_give_their_metadata(tmp_path):
    content, _ = ingest_files(tmp_path, "snapshot.jsonl")
    pages = by_id(content)
    gshard = pages["2006.16668"].meta
    assert gshard["categories"] == ["cs.CL", "cs.LG", "stat.ML"] and gshard["date"] == "2020-06"
    assert gshard["generated"]["title"] == gshard["title"] and gshard["generated"]["authors"] == gshard["authors"]
    assert gshard["sources"] == ["snapshot.jsonl:3"]
    assert pages["2304.07193"].meta["authors"][1] == "Timothée Darcet"  # from authors_parsed


def test_a_file_no_reader_reads_gets_one_line_and_the_rest_still_ingests(tmp_path):
    content, result = ingest_files(tmp_path, "snapshot.jsonl", data={"paper.pdf": b"%PDF-1.5\n\x00\x01", "notes.md": b"# notes"})
    messages = [str(w) for w in result.warnings if "snapshot.jsonl" not in w.where]
    only = "not read: ingest reads only .bib, .json, .jsonl, .txt files (and arXiv links in .md and .html)"
    assert messages == [f"warning: paper.pdf: {only}", f"warning: notes.md: {only}"]  # notes.md links no paper
    assert len(by_id(content)) == 6
    again = ingest(content, say=lambda *a: None)  # a cached run reports them again
    assert [str(w) for w in again.warnings] == [str(w) for w in result.warnings]


def test_a_pdf_named_by_its_arxiv_id_gets_the_add_command_unless_the_catalog_has_it(tmp_path):
    """arXiv names its PDFs by id: one dropped into sources/ is not read, but its paper is named."""
    pdf = b"%PDF-1.5\n\x00\x01"
    content, result = ingest_files(tmp_path, "snapshot.jsonl", data={"2401.04088v2.pdf": pdf, "2403.09611v4.pdf": pdf})
    messages = [str(w) for w in result.warnings if "snapshot.jsonl" not in w.where]
    assert len(messages) == 1  # 2403.09611: the snapshot has it
    assert messages[0].startswith("warning: 2401.04088v2.pdf: an arXiv id with no abstract, not in the catalog; to bring "
                                  "it in from arXiv: python build.py add --content ") and messages[0].endswith(" 2401.04088")


# ---------------------------------------------------------------------------- metadata from dumps

def plain_dump(*ids: str) -> bytes:
    return "".join(f"{EXPECTED['papers'][i]['abstract']}\narXiv:{i}\n" for i in ids).encode()


def test_a_later_snapshot_gives_its_metadata_to_pages_a_plain_dump_made(tmp_path):
    content, _ = ingest_files(tmp_path, data={"a.txt": plain_dump("2006.16668", "2106.09685")})
    derived = by_id(content)["2006.16668"].meta["title"]
    assert derived != EXPECTED["papers"]["2006.16668"]["title"]
    shutil.copy(LAYOUTS / "snapshot.jsonl", content / "sources")
    result = ingest(content, say=lambda *a: None)
    pages = assert_pages(content, EXPECTED["layouts"]["snapshot.jsonl"]["papers"])
    assert sorted(result.updated) == ["2006.16668", "2106.09685"]
    assert pages["2006.16668"].meta["sources"] == ["a.txt:1", "snapshot.jsonl:3"]


def test_a_plain_copy_after_the_snapshot_keeps_the_metadata(tmp_path):
    content, _ = ingest_files(tmp_path, "snapshot.jsonl")
    before = (content / "papers" / "2006.16668.md").read_text()
    (content / "sources" / "z.txt").write_bytes(plain_dump("2006.16668"))
    ingest(content, say=lambda *a: None)
    after = (content / "papers" / "2006.16668.md").read_text()
    assert after == before.replace('  - "snapshot.jsonl:3"\n', '  - "snapshot.jsonl:3"\n  - "z.txt:1"\n')


def test_both_in_one_run_in_either_order_give_the_same_page(tmp_path):
    pages = []
    for first in ("a.txt", "z.txt"):
        content, _ = ingest_files(tmp_path / first, "snapshot.jsonl", data={first: plain_dump("2006.16668")})
        pages.append(by_id(content)["2006.16668"].meta)
    for meta in pages:
        assert meta["title"] == EXPECTED["papers"]["2006.16668"]["title"]
        assert meta["authors"] == EXPECTED["papers"]["2006.16668"]["authors"]


def test_a_field_a_person_set_is_never_overwritten_by_a_dump(tmp_path):
    content, _ = ingest_files(tmp_path, data={"a.txt": plain_dump("2006.16668")})
    path = content / "papers" / "2006.16668.md"
    text = path.read_text()
    derived = by_id(content)["2006.16668"].meta["title"]
    path.write_text(text.replace(f'title: "{derived}"', 'title: "GShard (my title)"', 1))
    shutil.copy(LAYOUTS / "snapshot.jsonl", content / "sources")
    ingest(content, say=lambda *a: None)
    meta = by_id(content)["2006.16668"].meta
    assert meta["title"] == "GShard (my title)"
    assert meta["authors"] == EXPECTED["papers"]["2006.16668"]["authors"]  # empty and never machine-set: filled


def test_a_curated_page_takes_nothing_from_a_dump(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = (content / "papers" / "2410.02098.md").read_text()
    shutil.copy(LAYOUTS / "snapshot.jsonl", content / "sources")
    ingest(content, say=lambda *a: None)
    after = (content / "papers" / "2410.02098.md").read_text()
    assert after == before.replace('  - "003_e5832f07b5743c59.txt:12"\n',
                                   '  - "003_e5832f07b5743c59.txt:12"\n  - "snapshot.jsonl:1"\n')


def test_bibtex_gives_venue_doi_and_year_and_leaves_arxivs_own_doi_out(tmp_path):
    content, _ = ingest_files(tmp_path, "zotero.bib")
    pages = by_id(content)
    eacl = pages["multilingual-neural-machine-translation"].meta
    assert eacl["arxiv"] is None and eacl["doi"] == "10.18653/v1/2021.eacl-main.138"
    assert eacl["journal"] == ("Proceedings of the 16th Conference of the European Chapter of the Association for "
                               "Computational Linguistics: Main Volume")
    assert eacl["year"] == "2021" and eacl["date"] == "2021"
    assert pages["mega"].meta["journal"] == "The Eleventh International Conference on Learning Representations"
    lora = pages["2106.09685"].meta
    assert "doi" not in lora and "journal" not in lora and lora["year"] == "2021"  # 10.48550/… is arXiv's own DOI


def test_a_broken_bibtex_entry_is_named_and_the_rest_read(tmp_path):
    good = (LAYOUTS / "zotero.bib").read_text(encoding="utf-8")
    broken = "@misc{cut_short,\n\ttitle = {An entry cut off in the copy,\n\n"
    content, result = ingest_files(tmp_path, data={"refs.bib": (broken + good).encode()})
    assert [str(w) for w in result.warnings][0].startswith("warning: refs.bib:1: not read: ")
    assert len(by_id(content)) == 5


# ---------------------------------------------------------------------------- all layouts together

ALL = ["abspages.txt", "arxiv.bib", "listing.txt", "mailing.txt", "mixed.txt", "snapshot.jsonl", "wrapped.txt", "zotero.bib"]


def test_every_layout_in_one_catalog_gives_one_page_per_paper_with_every_copy_listed(tmp_path):
    content, result = ingest_files(tmp_path, *ALL)
    pages = by_id(content)
    layouts = {name: EXPECTED["layouts"][name] for name in ALL}
    assert sorted(pages) == sorted({key for layout in layouts.values() for key in layout["papers"]})
    for key, page in pages.items():
        seen_in = sorted({source.split(":")[0] for source in page.meta["sources"]})
        assert seen_in == sorted(name for name, layout in layouts.items() if key in layout["papers"]), key
        titled = [name for name in seen_in if layouts[name].get("titles", True) and key not in layouts[name].get("derived", ())]
        if titled:  # a real title from any copy wins over the derived one, whatever the order
            assert page.meta["title"] == EXPECTED["papers"][key]["title"], key
    gshard = pages["2006.16668"].meta  # in a snapshot, an abs page and a PDF copy: the metadata kept
    assert gshard["authors"] == EXPECTED["papers"]["2006.16668"]["authors"]
    assert gshard["categories"] == ["cs.CL", "cs.LG", "stat.ML"]
    # A dump's ids without an abstract say nothing once another dump brought their papers in
    wanted = [w for layout in layouts.values() for w in layout.get("warnings", [])
              if not set(re.findall(r"\d{4}\.\d{5}", w.partition("python build.py add")[2])) <= set(pages)
              or "python build.py add" not in w]
    assert len(wanted) == 4  # arxiv.bib's two ids and snapshot.jsonl's 2409.04431 are in other dumps: no line
    assert len(result.warnings) == len(wanted)
    again = ingest(content, say=lambda *a: None)  # from the cache: nothing new, the same warnings
    assert again.new == [] and again.updated == [] and len(again.warnings) == len(result.warnings)


def test_one_dump_at_a_time_gives_the_same_pages_as_all_at_once(tmp_path):
    together, _ = ingest_files(tmp_path / "together", *ALL)
    content, _ = ingest_files(tmp_path / "apart")
    for name in reversed(ALL):  # the plain-text copies come last: the metadata is there first
        shutil.copy(LAYOUTS / name, content / "sources" / name)
        ingest(content, say=lambda *a: None)
    apart = by_id(content)
    for key, page in by_id(together).items():
        meta = {k: v for k, v in page.meta.items() if k != "sources"}
        assert meta == {k: v for k, v in apart[key].meta.items() if k != "sources"}, key
        assert sorted(page.meta["sources"]) == sorted(apart[key].meta["sources"]), key


def test_hidden_files_and_a_folder_in_sources(tmp_path):
    content, result = ingest_files(tmp_path, "mixed.txt", data={".gitkeep": b"", "notes~": b"x"})
    (content / "sources" / "old").mkdir()
    result = ingest(content, say=lambda *a: None)
    assert [str(w) for w in result.warnings] == ["warning: old: not read: a folder (dumps go straight into sources/)"]


def test_a_near_copy_without_id_merges_with_the_mailing_entry_that_has_one(tmp_path):
    text = EXPECTED["papers"]["2409.04431"]["abstract"].replace("in-depth", "thorough", 1)
    assert text != EXPECTED["papers"]["2409.04431"]["abstract"]
    content, _ = ingest_files(tmp_path, "mailing.txt", data={"a.txt": (text + "\n").encode()})
    page = by_id(content)["2409.04431"]
    assert page.meta["title"] == EXPECTED["papers"]["2409.04431"]["title"] and len(page.meta["sources"]) == 2
    assert len(by_id(content)) == 4


def test_a_json_array_of_records_is_read_too(tmp_path):
    records = [json.loads(line) for line in (LAYOUTS / "snapshot.jsonl").read_text(encoding="utf-8").splitlines()[:2]]
    content, result = ingest_files(tmp_path, data={"a.json": json.dumps(records, indent=1).encode(),
                                                   "b.json": json.dumps(records).encode()})
    pages = by_id(content)
    assert sorted(pages) == ["2403.09611", "2410.02098"] and result.warnings == []
    assert pages["2410.02098"].meta["sources"] == ["a.json:2", "b.json:1"]  # where each record starts;
    assert pages["2403.09611"].meta["sources"][1].startswith("b.json:1:")  # a second one on a line: its column


def test_pages_from_every_layout_pass_the_schema_and_render_their_metadata(tmp_path):
    from render_helpers import FIXTURE, build, soup

    content, _ = ingest_files(tmp_path, *ALL)
    shutil.copy(FIXTURE / "site.yaml", content / "site.yaml")
    pages = load_pages(content / "papers")
    assert pages and all(page.warnings == [] for page in pages)  # schema.check: no field of a wrong type
    site = build(content, tmp_path / "site")
    page = soup(next((site / "papers").glob("2006.16668*/index.html")))
    text = " ".join(page.get_text().split())
    assert "GShard: Scaling Giant Models with Conditional Computation and Automatic Sharding" in text
    assert "Dmitry Lepikhin" in text and "cs.CL, cs.LG, stat.ML" in text


def test_a_title_an_older_version_derived_is_still_replaced_by_a_dumps_title(tmp_path):
    content, _ = ingest_files(tmp_path, data={"a.txt": plain_dump("2006.16668")})
    path = content / "papers" / "2006.16668.md"
    derived = by_id(content)["2006.16668"].meta["title"]
    path.write_text(path.read_text().replace(f'"{derived}"', '"Neural network scaling has been critical"'))  # both places
    shutil.copy(LAYOUTS / "snapshot.jsonl", content / "sources")
    ingest(content, say=lambda *a: None)
    assert by_id(content)["2006.16668"].meta["title"] == EXPECTED["papers"]["2006.16668"]["title"]


def test_a_gzipped_dump_and_bibtex_saved_as_txt_are_read(tmp_path):
    import gzip

    data = {"cut.jsonl.gz": gzip.compress((LAYOUTS / "snapshot.jsonl").read_bytes()),
            "refs.txt": (LAYOUTS / "zotero.bib").read_bytes(), "bad.jsonl.gz": b"not gzip"}
    content, result = ingest_files(tmp_path, data=data)
    assert len(by_id(content)) == 6 + 5 - 2  # LoRA and DINOv2 are in both
    assert str(result.warnings[0]).startswith("warning: bad.jsonl.gz: not read: not a whole gzip file")


def test_a_record_listing_its_authors_and_categories_reads_the_same(tmp_path):
    record = json.loads((LAYOUTS / "snapshot.jsonl").read_text(encoding="utf-8").splitlines()[2])
    record.update(authors=EXPECTED["papers"]["2006.16668"]["authors"], categories=["cs.CL", "cs.LG"])
    del record["authors_parsed"]
    content, _ = ingest_files(tmp_path, data={"a.jsonl": json.dumps(record).encode()})
    meta = by_id(content)["2006.16668"].meta
    assert meta["authors"] == EXPECTED["papers"]["2006.16668"]["authors"] and meta["categories"] == ["cs.CL", "cs.LG"]


def test_a_mailing_cut_short_keeps_its_last_entry(tmp_path):
    text = (LAYOUTS / "mailing.txt").read_text(encoding="utf-8")
    cut = text[:text.index("\\\\ ( https://arxiv.org/abs/2410.02098")]  # pasted up to the end of the abstract
    content, result = ingest_files(tmp_path, data={"cut.txt": cut.encode()})
    assert_pages(content, ["2410.02098"]) and result.warnings == []


def test_a_reference_list_without_abstracts_gets_a_few_lines_not_hundreds(tmp_path):
    entries = "\n".join(f"@article{{ref{n},\n  title={{Paper {n}}},\n  author={{Doe, Jane}},\n  year={{2020}}\n}}"
                        for n in range(40))  # a paper's own references.bib: no abstracts
    _, result = ingest_files(tmp_path, data={"references.bib": entries.encode()})
    assert [str(w) for w in result.warnings] == [
        *(f"warning: references.bib:{1 + 5 * n}: @article{{ref{n}}} has no abstract; no page made from it"
          for n in range(5)),
        "warning: references.bib:26: 35 more entries have no abstract (lines 26, 31, 36, 41, 46 …); "
        "no page made from them"]


def test_a_pdf_copy_with_ligatures_and_soft_hyphens_reads_as_the_words(tmp_path):
    text = EXPECTED["papers"]["2211.17192"]["abstract"]
    lines = textwrap.wrap(text, 76, break_on_hyphens=False)
    lines[0] = lines[0].replace("fi", "\ufb01").replace("ff", "\ufb00")
    at = next(i for i, line in enumerate(lines) if re.fullmatch(r"[a-z]{8,}", line.split()[-1]))
    word = lines[at].split()[-1]  # broken where the typesetter may: a soft hyphen at the line's end
    lines[at], lines[at + 1] = lines[at][:-len(word)] + word[:4] + "\u00ad", word[4:] + " " + lines[at + 1]
    dump = "\n".join(lines) + "\narXiv:2211.17192\n"
    content, _ = ingest_files(tmp_path, data={"pdf.txt": dump.encode()})
    assert by_id(content)["2211.17192"].body == clean_abstract(text)[0]


def test_a_mailing_shown_with_single_backslashes_reads_the_same(tmp_path):
    text = (LAYOUTS / "mailing.txt").read_text(encoding="utf-8").replace("\\\\", "\\")
    content, result = ingest_files(tmp_path, data={"mailing.txt": text.encode()})
    assert_pages(content, EXPECTED["layouts"]["mailing.txt"]["papers"]) and len(result.warnings) == 1


def test_a_short_note_after_a_wrapped_abstract_is_a_comment(tmp_path):
    text = EXPECTED["papers"]["2211.17192"]["abstract"]
    dump = "\n".join(textwrap.wrap(text, 76)) + "\nICLR 2023 (oral)\narXiv:2211.17192\n"
    content, _ = ingest_files(tmp_path, data={"notes.txt": dump.encode()})
    page = by_id(content)["2211.17192"]
    assert page.body == clean_abstract(text)[0] and page.meta["comments"] == ["ICLR 2023 (oral)"]


def _reader_view(page: list[str]) -> list[str]:
    """An abs page as a browser's reader view gives it: the abstract set apart by a blank line, indented."""
    at = next(i for i, line in enumerate(page) if line.startswith("Abstract:"))
    return page[:at] + ["", "    " + page[at], ""] + page[at + 1:]


@pytest.mark.parametrize("copy", ["whole page", "title, authors, abstract, fields"])
def test_an_abs_page_copied_in_reader_view_is_read_as_the_page(tmp_path, copy):
    """A blank line and an indent before `Abstract:` (reader view): the title and author line above
    are the page's, not an abstract of their own (a junk page titled by the abstract's first words)."""
    if copy == "whole page":  # LoRA's, as abspages.txt has it
        text = (LAYOUTS / "abspages.txt").read_text(encoding="utf-8")
        arxiv, page = "2106.09685", text[:text.index("\n\nGShard:")].split("\n")
    else:  # EC-DiT's, as arXiv shows it (tests/data/layouts/mailing.txt has its fields)
        paper, arxiv = EXPECTED["papers"]["2410.02098"], "2410.02098"
        page = [paper["title"], ", ".join(paper["authors"]), "Abstract:" + paper["abstract"],
                "Subjects:\tComputer Vision and Pattern Recognition (cs.CV); Machine Learning (cs.LG)",
                f"Cite as:\tarXiv:{arxiv} [cs.CV]", f" \t(or arXiv:{arxiv}v1 [cs.CV] for this version)"]
    content, result = ingest_files(tmp_path, data={"reader.txt": "\n".join(_reader_view(page)).encode()})
    assert_pages(content, [arxiv]) and result.warnings == []
