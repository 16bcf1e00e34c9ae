"""Every dump layout people copy abstracts in, made from real papers (tests/data/layouts/README.md):
each fixture ingests into exactly the pages in expected.yaml -- ids, titles, authors, abstracts
whole -- with exactly the warnings listed there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from catalog.ingest import ingest
from catalog.ingest.clean import clean_abstract
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


def assert_pages(content: Path, ids: list[str]) -> dict:
    """Exactly one page per expected paper, each with its id, title, authors and whole abstract."""
    pages = by_id(content)
    assert sorted(pages) == sorted(ids)
    for arxiv in ids:
        paper, meta = EXPECTED["papers"][arxiv], pages[arxiv].meta
        assert pages[arxiv].body == clean_abstract(paper["abstract"])[0], arxiv
        assert meta["title"] == paper["title"], arxiv
        assert meta["authors"] == paper["authors"], arxiv
    return pages


@pytest.mark.parametrize("name", sorted(EXPECTED["layouts"]))
def test_each_layout_gives_one_right_page_per_paper(tmp_path, name):
    layout = EXPECTED["layouts"][name]
    content, result = ingest_files(tmp_path, name)
    assert_pages(content, layout["papers"])
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
    assert messages == ["warning: notes.md: not read: ingest reads only .json, .jsonl, .txt files",
                        "warning: paper.pdf: not read: ingest reads only .json, .jsonl, .txt files"]
    assert len(by_id(content)) == 6
    again = ingest(content, say=lambda *a: None)  # a cached run reports them again
    assert [str(w) for w in again.warnings] == [str(w) for w in result.warnings]


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
