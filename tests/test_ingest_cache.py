"""The ingest cache (.cache/ingest/) changes how much is read, never what is written.

Two copies of the same content go through the same steps: one ingested with the cache,
the other with `cache=False` (everything read, split and hashed again). After every step
their pages must be byte-identical and their results equal.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from catalog.ingest import ingest, run as run_module, scan
from catalog.ingest.cache import cache_dir

from test_ingest import SEEDS, UNSEEN, abstract, make_content, snapshot

ROOT = Path(__file__).resolve().parent.parent


def outcome(content: Path, cache: bool) -> tuple:
    result = ingest(content, say=lambda *a: None, cache=cache)
    return (result.dumps, result.abstracts, result.new, result.updated, result.unchanged,
            result.seen_before, [str(w).replace(str(content), "CONTENT") for w in result.warnings],  # as `add --content` names it
            result.left_out, result.deleted)


class Twins:
    """The same content twice: `cached` keeps its cache across steps, `fresh` uses none."""

    def __init__(self, tmp_path: Path, dumps):
        self.cached = make_content(tmp_path / "cached", dumps)
        self.fresh = make_content(tmp_path / "fresh", dumps)

    def each(self, change) -> None:
        change(self.cached)
        change(self.fresh)

    def check(self) -> tuple:
        cached, fresh = outcome(self.cached, True), outcome(self.fresh, False)
        assert cached == fresh
        assert snapshot(self.cached / "papers") == snapshot(self.fresh / "papers")
        return cached


def page_with(content: Path, phrase: str) -> Path:
    return next(p for p in sorted((content / "papers").glob("*.md")) if phrase in p.read_text(encoding="utf-8"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_kind_of_change_gives_the_same_pages_as_a_run_without_cache(tmp_path):
    twins = Twins(tmp_path, SEEDS)
    assert twins.check()[2]  # first ingest: new pages
    assert twins.check()[2:4] == ([], [])  # nothing new
    twins.each(lambda c: [shutil.copy(p, c / "sources" / p.name) for p in sorted(UNSEEN.glob("*.txt"))])
    assert twins.check()[2]  # unseen dumps: new papers (and copies of seed ones merged)
    twins.each(lambda c: edit(page_with(c, "RotaryLite"), 'title: "', 'title: "By hand: '))
    twins.check()
    # A location taken out of a page by hand is seen anew and merged back by its text.
    twins.each(lambda c: edit(page_with(c, "EC-DIT"), '  - "000_', '  - "dropped_000_'))
    assert twins.check()[3]
    # A deleted page stays removed (content/ledger.tsv remembers it); its slug's ledger lines
    # deleted, it comes back.
    twins.each(lambda c: page_with(c, "ToolSandbox").unlink())
    assert twins.check()[2] == []
    twins.each(lambda c: _drop_ledger_lines(c, "2408.04682"))
    assert twins.check()[2] == ["2408.04682"]
    # A dump changed in place, then only touched, then removed.
    twins.each(lambda c: _append(c / "sources" / "a_first.txt", abstract(150, "appended")))
    assert twins.check()[2]
    twins.each(lambda c: os.utime(c / "sources" / "a_first.txt", ns=(1, 1)))
    twins.check()
    twins.each(lambda c: (c / "sources" / "a_first.txt").unlink())
    twins.check()
    # Its copy comes back: pages whose dump is gone are compared by text.
    twins.each(lambda c: (c / "sources" / "z_again.txt").write_bytes((UNSEEN / "a_first.txt").read_bytes()))
    twins.check()
    # Other topics: pages whose topics ingest set are re-classified, new papers classified so.
    twins.each(lambda c: (c / "topics.yaml").write_text(
        "topics:\n  - key: tables\n    name: Tables\n    signals: [tabular, table]\n    threshold: 1\n"))
    assert twins.check()[3]
    assert twins.check()[3] == []
    twins.each(lambda c: _append(c / "sources" / "b_second.txt", abstract(150, "tabular")))
    twins.check()
    # A curated page (no sources) and a dump that brings its abstract.
    # A near-copy of a seed abstract: compared with the cached shingles of its first copy.
    twins.each(lambda c: (c / "sources" / "zz_near.txt").write_text(_near_copy(SEEDS), encoding="utf-8"))
    assert twins.check()[3]
    twins.each(lambda c: (c / "papers" / "curated.md").write_text(
        f'---\nslug: "curated"\ntitle: "Curated"\nsources: []\n---\n{abstract(150, "curated")}\n', encoding="utf-8"))
    twins.check()
    twins.each(lambda c: (c / "sources" / "zz_curated.txt").write_text(abstract(150, "curated") + "\n"))
    assert twins.check()[3] == ["curated"]


def _near_copy(sources: Path) -> str:
    line = max((sources / "000_466a8d3c65148cbc.txt").read_text(encoding="utf-8").splitlines(), key=len)
    words = line.split()
    words[len(words) // 2] = "altered"
    return " ".join(words) + "\n"


def _drop_ledger_lines(content: Path, slug: str) -> None:
    ledger = content / "ledger.tsv"
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    ledger.write_text("".join(line for line in lines if not line.startswith(slug + "\t")), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def test_the_process_pool_writes_what_one_process_writes(tmp_path, monkeypatch):
    twins = Twins(tmp_path, SEEDS)
    twins.each(lambda c: [shutil.copy(p, c / "sources" / p.name) for p in sorted(UNSEEN.glob("*.txt"))])
    one = outcome(twins.fresh, False)
    monkeypatch.setattr(run_module, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(scan, "PARALLEL_BYTES", 0)
    assert outcome(twins.cached, False) == one
    assert snapshot(twins.cached / "papers") == snapshot(twins.fresh / "papers")


def test_a_no_op_reads_no_page_and_no_dump(tmp_path, monkeypatch):
    content = make_content(tmp_path, SEEDS)
    ingest(content, say=lambda *a: None)
    reads = []
    monkeypatch.setattr(scan, "read_page", lambda path: reads.append(path))
    monkeypatch.setattr(scan, "process_dump", lambda job: reads.append(job[0]))
    real = Path.read_bytes
    watched = {content / "sources", content / "papers"}  # not topics.yaml or the topics stamp
    monkeypatch.setattr(Path, "read_bytes", lambda path: reads.append(path) if path.parent in watched else real(path))
    result = ingest(content, say=lambda *a: None)
    assert reads == [] and result.unchanged == 27


def test_a_new_dump_reads_only_itself(tmp_path, monkeypatch):
    content = make_content(tmp_path, SEEDS)
    ingest(content, say=lambda *a: None)
    (content / "sources" / "new.txt").write_text(abstract(150, "novel") + "\n")
    processed, pages_read = [], []
    real_process, real_read = scan.process_dump, scan.read_page
    monkeypatch.setattr(scan, "process_dump", lambda job: processed.append(job[0]) or real_process(job))
    monkeypatch.setattr(scan, "read_page", lambda path: pages_read.append(path) or real_read(path))
    result = ingest(content, say=lambda *a: None)
    assert processed == ["new.txt"] and pages_read == []
    assert len(result.new) == 1 and result.unchanged == 27


def test_an_edited_page_is_read_again(tmp_path):
    content = make_content(tmp_path, SEEDS)
    ingest(content, say=lambda *a: None)
    page = page_with(content, "EC-DIT")
    edit(page, '  - "000_', '  - "dropped_000_')
    result = ingest(content, say=lambda *a: None)
    assert result.updated == [page.stem]  # the location taken out was seen again and added back


def test_new_code_or_a_broken_cache_starts_afresh(tmp_path, monkeypatch):
    content = make_content(tmp_path, SEEDS)
    first = outcome(content, True)
    state = cache_dir(content) / "state.pickle"
    assert state.exists()
    state.write_bytes(b"not a pickle")
    assert outcome(content, True)[4] == 27
    monkeypatch.setattr("catalog.ingest.cache.code_key", lambda: "other code")
    shutil.rmtree(content / "papers")
    (content / "ledger.tsv").unlink()  # else the papers stay removed
    assert outcome(content, True) == first


LAYOUTS = Path(__file__).parent / "data" / "layouts"


def test_dumps_in_every_layout_give_the_same_pages_as_a_run_without_cache(tmp_path):
    """Metadata (title, authors, categories…) comes through the cache like ids and comments."""
    twins = Twins(tmp_path, {"plain.txt": (LAYOUTS / "wrapped.txt").read_bytes()})
    assert twins.check()[2]
    for name in ("snapshot.jsonl", "abspages.txt", "zotero.bib", "mailing.txt", "mixed.txt", "arxiv.bib"):
        twins.each(lambda c: shutil.copy(LAYOUTS / name, c / "sources" / name))
        twins.check()
        assert twins.check()[2:4] == ([], [])  # nothing new the second time
    # A title set by hand, then a dump with the paper's metadata: the title stays, the rest fills in.
    twins.each(lambda c: edit(c / "papers" / "2211.17192.md", 'title: "', 'title: "By hand: '))
    twins.check()
    twins.each(lambda c: (c / "sources" / "z.jsonl").write_text(_record("2211.17192"), encoding="utf-8"))
    assert twins.check()[3] == ["2211.17192"]
    page = (twins.cached / "papers" / "2211.17192.md").read_text(encoding="utf-8")
    assert 'title: "By hand: ' in page and '  - "Yaniv Leviathan"' in page
    # A .bib entry gains its abstract in place: a new page; a file of no kind ingest reads: a warning.
    twins.each(lambda c: edit(c / "sources" / "zotero.bib", "\tyear = {2024},\n}",
                              "\tyear = {2024},\n\tabstract = {" + abstract(80, "ferret") + "},\n}"))
    assert len(twins.check()[2]) == 1
    twins.each(lambda c: (c / "sources" / "paper.pdf").write_bytes(b"%PDF-1.5\n"))
    assert twins.check()[6][0] == "warning: paper.pdf: not read: ingest reads only .bib, .json, .jsonl, .txt files (and arXiv links in .md and .html)"
    twins.each(lambda c: (c / "sources" / "snapshot.jsonl").unlink())
    twins.check()


def _record(arxiv: str) -> str:
    """A snapshot record for the paper (its id is enough to match the page)."""
    return json.dumps({"id": arxiv, "title": "Fast Inference from Transformers via Speculative Decoding",
                       "authors": "Yaniv Leviathan, Matan Kalman, Yossi Matias", "categories": "cs.LG cs.CL",
                       "abstract": "  " + abstract(60, "specdec")}) + "\n"
