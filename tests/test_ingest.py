"""Ingest on the real seed dumps, on unseen dumps, and on a small dump per quirk."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from catalog.ingest.clean import plain_text
from catalog.ingest import ingest
from catalog.pages import load_pages, read_page, dump_page
from catalog.ingest.sources import read_dumps
from catalog.ingest.split import split_dump

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "sources"
UNSEEN = Path(__file__).parent / "data" / "unseen"

# Which paper each comment line of the seeds belongs to (read off the dumps by hand).
SEED_COMMENTS = {
    "2406.04638": ["9 pages"],
    "2405.15052": ["8 pages"],
    "2506.15545": ["9 pages"],
    "2503.01174": ["Accepted at ICLR 2025"],
    "2501.02086": ["13 pages, 3 figures"],
    "2410.16198": ["10 pages + appendix"],
}


def make_content(tmp_path: Path, dumps: dict[str, bytes | str] | Path) -> Path:
    content = tmp_path / "content"
    sources = content / "sources"
    if isinstance(dumps, Path):
        shutil.copytree(dumps, sources, ignore=shutil.ignore_patterns("*.yaml"))
    else:
        sources.mkdir(parents=True)
        for name, data in dumps.items():
            (sources / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    shutil.copy(ROOT / "content" / "topics.yaml", content / "topics.yaml")
    return content


def run(content: Path):
    return ingest(content, say=lambda *a: None)


def pages_of(content: Path) -> list:
    return load_pages(content / "papers")


def snapshot(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def abstract(words: int, seed: str) -> str:
    """A deterministic abstract-sized text that shares no 3-word phrase with another seed."""
    vocab = [f"{seed}{i}" for i in range(words)]
    sentences = [" ".join(vocab[i:i + 12]).capitalize() + "." for i in range(0, words, 12)]
    return " ".join(sentences)


# ---------------------------------------------------------------------------- seeds

@pytest.fixture(scope="module")
def seed_content(tmp_path_factory) -> Path:
    content = make_content(tmp_path_factory.mktemp("seeds"), SEEDS)
    result = run(content)
    assert result.warnings == []
    return content


def test_seeds_give_27_papers_17_with_ids(seed_content):
    pages = pages_of(seed_content)
    assert len(pages) == 27
    assert len([p for p in pages if p.meta["arxiv"]]) == 17
    assert sum(len(p.meta["sources"]) for p in pages) == 42  # every abstract of every dump is somewhere


def test_seed_comments_attach_to_the_right_paper(seed_content):
    comments = {p.meta["arxiv"] or p.slug: p.meta["comments"] for p in pages_of(seed_content)}
    for arxiv, expected in SEED_COMMENTS.items():
        assert comments.pop(arxiv) == expected
    assert all(c == [] for c in comments.values())


def test_seed_ids_belong_to_the_abstract_before_them(seed_content):
    by_id = {p.meta["arxiv"]: p for p in pages_of(seed_content) if p.meta["arxiv"]}
    assert "EC-DIT" in by_id["2410.02098"].body
    assert "Twisted Sequential Monte Carlo" in by_id["2410.01920"].body
    assert "ToolSandbox" in by_id["2408.04682"].body
    assert "MM1" in by_id["2403.09611"].body
    assert by_id["2309.04354"].body.startswith("Sparse Mixture-of-Experts")
    assert by_id["2507.13575"].body.startswith("We introduce two multilingual")
    assert by_id["2410.02098"].meta["date"] == "2024-10"


def test_seed_foundation_model_reports_stay_apart_and_copies_merge(seed_content):
    by_id = {p.meta["arxiv"]: p for p in pages_of(seed_content) if p.meta["arxiv"]}
    assert len(by_id["2407.21075"].meta["sources"]) == 4  # 2024 report: four dumps
    assert by_id["2507.13575"].meta["sources"] == ["003_e5832f07b5743c59.txt:1"]  # 2025 report: once
    mm1 = by_id["2403.09611"].meta["sources"]  # "consisting of" / "including" copies merged
    assert sorted(f.split("_")[0] for f in mm1) == ["000", "001", "002", "004"]


def test_second_ingest_changes_no_byte(seed_content):
    before = snapshot(seed_content)
    result = run(seed_content)
    assert snapshot(seed_content) == before
    assert result.new == [] and result.updated == []


def test_committed_catalog_is_up_to_date(tmp_path):
    """The curated seed pages in the repository are what ingest would leave alone."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    before = snapshot(content)
    result = run(content)
    assert snapshot(content) == before, result.summary()
    assert len(pages_of(content)) == 27


def test_no_word_of_any_dump_is_lost(seed_content):
    """Every word of every dump is in its page's abstract, or is an id, comment or prefix.

    A near-duplicate copy may differ from the kept text by a few words; those are the only
    words allowed missing, and they must be few.
    """
    pages = pages_of(seed_content)
    by_location = {loc: page for page in pages for loc in page.meta["sources"]}
    for dump in read_dumps(seed_content / "sources", []):
        for found in split_dump(dump.name, dump.text, []):
            page = by_location[found.location]
            page_words = set(_words(plain_text(page.body)))
            missing = [w for w in _words(_strip_markup(found.text)) if w not in page_words]
            assert len(missing) <= 3, (found.location, missing)
        _assert_everything_outside_abstracts_is_known(dump, pages)


def _assert_everything_outside_abstracts_is_known(dump, pages):
    texts = [a.text for a in split_dump(dump.name, dump.text, [])]
    rest = dump.text
    for text in texts:
        rest = rest.replace(text, " ")
    comments = {c for p in pages for c in p.meta["comments"]}
    for line in rest.split("\n"):
        line = re.sub(r"arXiv:\d{4}\.\d{4,5}", " ", line).replace("Abstract:", " ").strip()
        assert line == "" or line in comments, line


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", text.lower())


def _strip_markup(text: str) -> str:
    """LaTeX command names and colour arguments are markup, not words."""
    text = re.sub(r"\\textcolor\{[^}]*\}", " ", text)
    return re.sub(r"\\[A-Za-z]+", " ", text)


# ---------------------------------------------------------------------------- unseen dumps

def test_unseen_dumps_come_out_exact(tmp_path):
    content = make_content(tmp_path, UNSEEN)
    result = run(content)
    assert result.warnings == []
    expected = yaml.safe_load((UNSEEN / "expected.yaml").read_text())
    pages = pages_of(content)
    assert len(pages) == len(expected)
    for paper in expected:
        matching = [p for p in pages if paper["phrase"] in p.body]
        assert len(matching) == 1, paper["phrase"]
        meta = matching[0].meta
        assert meta["arxiv"] == paper["arxiv"], paper["phrase"]
        assert meta["comments"] == paper["comments"], paper["phrase"]
        assert meta["sources"] == paper["sources"], paper["phrase"]
        assert meta["slug"] == (paper["arxiv"] or meta["slug"])
    rotary = next(p for p in pages if "RotaryLite" in p.body)
    assert rotary.meta["links"]["code"] == ["https://github.com/example/rotarylite"]
    assert rotary.meta["title"].startswith("RotaryLite: ")
    graph = next(p for p in pages if "graph rewiring" in p.body)
    assert "In this work, we propose" in graph.body  # the LaTeX tie became a space


def test_derived_titles_are_whole_words_of_the_abstract(tmp_path):
    content = make_content(tmp_path, UNSEEN)
    run(content)
    for page in pages_of(content):
        words = set(_words(page.body))
        title = page.meta["title"]
        assert 2 <= len(title.split()) <= 16, title
        assert set(_words(title)) <= words, title


# ---------------------------------------------------------------------------- one quirk each

A, B, C = abstract(60, "alpha"), abstract(60, "beta"), abstract(60, "gamma")


def only_page(content: Path):
    pages = pages_of(content)
    assert len(pages) == 1
    return pages[0]


def test_bom_and_crlf(tmp_path):
    content = make_content(tmp_path, {"d.txt": "\ufeffAbstract: " + A + "\r\n9 pages\r\narXiv:2401.00001\r\n"})
    run(content)
    page = only_page(content)
    assert page.meta["arxiv"] == "2401.00001" and page.meta["comments"] == ["9 pages"]
    assert page.body == A and page.meta["sources"] == ["d.txt:1"]


def test_a_line_that_is_not_utf8_is_decoded_in_its_detected_encoding(tmp_path):
    data = A.encode() + b"\n" + "Bad M\xfcller byte. ".encode("cp1252") + B.encode() + b"\narXiv:2401.00002\n"
    content = make_content(tmp_path, {"bad.txt": data})
    result = run(content)
    assert [str(w) for w in result.warnings] == ["warning: bad.txt:2: not UTF-8 on line 2; decoded as cp1252"]
    pages = pages_of(content)
    assert len(pages) == 2  # the rest of the file still ingests
    assert any("Müller" in p.body and p.meta["arxiv"] == "2401.00002" for p in pages)


def test_binary_file_is_skipped_and_empty_file_is_fine(tmp_path):
    content = make_content(tmp_path, {"bin.txt": bytes(range(32)) * 8 + A.encode(), "empty.txt": b"", "ok.txt": B})
    result = run(content)
    assert [str(w) for w in result.warnings] == ["warning: bin.txt: skipped: mostly control bytes (a binary file?)"]
    assert only_page(content).body == B


def test_glued_id_starts_the_next_abstract(tmp_path):
    content = make_content(tmp_path, {"d.txt": A + "\narXiv:2401.00003" + B + "\narXiv:2401.00004v3\n"})
    run(content)
    by_id = {p.meta["arxiv"]: p for p in pages_of(content)}
    assert by_id["2401.00003"].body == A and by_id["2401.00004"].body == B
    assert by_id["2401.00004"].meta["sources"] == ["d.txt:2"]


def test_glued_abstracts_are_split(tmp_path):
    glued = A + B.replace(". ", ".", 0)  # "…alpha59.Beta0 …": no separator at all
    assert "." + B[:5] in glued
    content = make_content(tmp_path, {"d.txt": glued + "\n"})
    run(content)
    bodies = sorted(p.body for p in pages_of(content))
    assert bodies == sorted([A, B])


def test_abbreviation_is_not_a_seam(tmp_path):
    text = A + " As in prior work, e.g.Transformers " + B
    content = make_content(tmp_path, {"d.txt": text})
    run(content)
    assert len(pages_of(content)) == 1


def test_comment_without_id_belongs_to_the_abstract_before_it(tmp_path):
    content = make_content(tmp_path, {"d.txt": A + "\nAccepted at ICLR 2025\n" + B + "\n"})
    run(content)
    comments = {p.body: p.meta["comments"] for p in pages_of(content)}
    assert comments == {A: ["Accepted at ICLR 2025"], B: []}


def test_near_duplicates_merge_and_the_id_from_a_later_copy_is_kept(tmp_path):
    near = A.replace("alpha7", "alpha7x").replace(".", ";", 1)
    content = make_content(tmp_path, {"1.txt": A + "\n", "2.txt": near + "\narXiv:2401.00005\n"})
    run(content)
    page = only_page(content)
    assert page.meta["arxiv"] == "2401.00005" and page.meta["slug"] == "2401.00005"
    assert page.meta["sources"] == ["1.txt:1", "2.txt:1"]


def test_different_ids_never_merge_even_with_the_same_text(tmp_path):
    content = make_content(tmp_path, {"1.txt": A + "\narXiv:2401.00006\n" + A + "\narXiv:2401.00007\n"})
    run(content)
    assert sorted(p.meta["arxiv"] for p in pages_of(content)) == ["2401.00006", "2401.00007"]


def test_a_text_copy_never_bridges_two_ids(tmp_path):
    # B1 ~ X ~ B2 would chain two different papers; the union must refuse.
    x = A[: len(A) // 2] + B[len(B) // 2:]
    content = make_content(tmp_path, {"1.txt": A + "\narXiv:2401.00008\n" + B + "\narXiv:2401.00009\n" + x + "\n"})
    run(content)
    assert len({p.meta["arxiv"] for p in pages_of(content)}) >= 2


def test_reingest_after_hand_edit_keeps_edits_and_adds_provenance(tmp_path):
    content = make_content(tmp_path, {"1.txt": A + "\n" + B + "\n"})
    run(content)
    page = next(p for p in pages_of(content) if p.body == A)
    meta = dict(page.meta, title="My curated title", topics=["alignment"], authors=["Ada Lovelace"])
    edited = dump_page(meta, "An abstract a person rewrote entirely.")
    page.path.write_text(edited)
    (content / "sources" / "2.txt").write_text(A.replace("alpha3 ", "alpha3y ") + "\n13 pages\narXiv:2401.00010\n" + C + "\n")
    result = run(content)
    after = read_page(page.path)
    assert after.meta["title"] == "My curated title" and after.meta["authors"] == ["Ada Lovelace"]
    assert after.meta["topics"] == ["alignment"] and after.body == "An abstract a person rewrote entirely."
    assert after.meta["sources"] == ["1.txt:1", "2.txt:1"]
    assert after.meta["arxiv"] == "2401.00010" and after.meta["comments"] == ["13 pages"]
    assert after.meta["slug"] == page.slug  # never renamed, though it now has an id
    assert len(result.new) == 1 and result.updated == [page.slug]
    again = snapshot(content)
    run(content)
    assert snapshot(content) == again


def test_reingest_never_deletes_a_page(tmp_path):
    content = make_content(tmp_path, {"1.txt": A + "\n"})
    run(content)
    (content / "sources" / "1.txt").unlink()
    run(content)
    assert only_page(content).body == A


def test_bad_front_matter_names_file_and_line(tmp_path):
    content = make_content(tmp_path, {"1.txt": A + "\n"})
    run(content)
    page = only_page(content)
    page.path.write_text(page.path.read_text().replace('venue: null', 'venue: [unclosed'))
    from catalog.errors import ContentError
    with pytest.raises(ContentError) as error:
        run(content)
    assert error.value.path == str(page.path) and error.value.line == 7
