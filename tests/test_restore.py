"""Papers whose page was deleted by hand: the ingest summary counts them and says how to
bring them back; `python build.py restore SLUG …|--all` does, under their old slugs."""

from __future__ import annotations

import shutil
from pathlib import Path

from catalog.cli import main
from catalog.ingest import ingest, scan
from catalog.ingest.restore import deleted_slugs
from catalog.pages import read_page

from test_ingest import SEEDS, UNSEEN, make_content, snapshot

ROOT = Path(__file__).resolve().parent.parent
SEED_PAGES = ROOT / "content" / "papers"


def seed_catalog(tmp_path: Path) -> Path:
    """The committed seed catalog (curated pages, their ledger) and its dumps."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    return content


def adds_up(result) -> bool:
    return (len(result.new) + result.seen_before + result.merged + result.left_out == result.abstracts
            and result.merged >= 0)


def test_deleting_every_page_is_counted_and_cached_runs_count_the_same(tmp_path, monkeypatch):
    content = seed_catalog(tmp_path)
    shutil.rmtree(content / "papers")
    first = ingest(content, say=lambda *a: None)
    assert (first.abstracts, first.dumps, first.new, first.left_out) == (42, 5, [], 42)
    assert first.merged == 0 and first.seen_before == 0 and adds_up(first)
    assert first.deleted == sorted(p.stem for p in SEED_PAGES.glob("*.md"))
    lines = first.summary().splitlines()
    assert lines[0].endswith("0 already in pages, 0 duplicate copies merged, 42 left out as deleted; 0 warnings")
    assert lines[1].startswith("ingest: 27 papers deleted by hand stay out (2309.04354, ")
    assert "`python build.py restore SLUG …` or `python build.py restore --all` brings them back" in lines[1]
    uncached = ingest(content, say=lambda *a: None, cache=False)
    assert uncached.summary() == first.summary()
    # The next run reads no dump (the cache has them) and says the same.
    monkeypatch.setattr(scan, "process_dump", lambda job: 1 / 0)
    again = ingest(content, say=lambda *a: None)
    assert again.summary() == first.summary() and adds_up(again)


def test_a_no_op_answered_from_stat_calls_counts_the_deleted_papers(tmp_path, monkeypatch):
    content = make_content(tmp_path, SEEDS)
    ingest(content, say=lambda *a: None)
    (content / "papers" / "2408.04682.md").unlink()
    (content / "papers" / "2403.09611.md").unlink()
    first = ingest(content, say=lambda *a: None)
    assert (first.left_out, first.deleted, first.seen_before, first.new) == (7, ["2403.09611", "2408.04682"], 35, [])
    assert adds_up(first) and first.unchanged == 25
    monkeypatch.setattr(scan, "scan_dumps", lambda *a: 1 / 0)  # the no-op path reads nothing at all
    again = ingest(content, say=lambda *a: None)
    assert again.summary() == first.summary()
    assert "2 papers deleted by hand stay out (2403.09611, 2408.04682)" in again.summary()


def test_a_new_copy_of_a_deleted_paper_is_left_out_not_merged(tmp_path):
    content = make_content(tmp_path, SEEDS)
    ingest(content, say=lambda *a: None)
    gone = content / "papers" / "2408.04682.md"  # ToolSandbox
    body = gone.read_text(encoding="utf-8").split("---\n", 2)[2].strip()
    copies = len(read_page(gone).meta["sources"])
    gone.unlink()
    (content / "sources" / "zz_copy.txt").write_text(body + "\n", encoding="utf-8")
    result = ingest(content, say=lambda *a: None)
    assert result.new == [] and result.deleted == ["2408.04682"] and adds_up(result)
    assert result.left_out == copies + 1 and result.merged == 0  # the seed copies and the new one
    assert any("not added: a copy of '2408.04682'" in str(w) for w in result.warnings)


def test_restore_brings_papers_back_under_their_old_slugs(tmp_path, capsys):
    content = seed_catalog(tmp_path)
    before = snapshot(content / "papers")
    for page in (content / "papers").glob("*.md"):
        page.unlink()
    assert main(["ingest", "--content", str(content), "-q"]) == 0
    hint = f"python build.py restore --content {content}"
    capsys.readouterr()
    assert main(["ingest", "--content", str(content)]) == 0
    assert f"`{hint} SLUG …` or `{hint} --all` brings them back" in capsys.readouterr().out
    # One paper, named: a curated slug that ingest would not derive (it would say "attention-key-part…").
    assert main(["restore", "--content", str(content), "sigmoid-self-attention"]) == 0
    out = capsys.readouterr().out
    assert "restored: sigmoid-self-attention" in out and "1 new papers" in out and "41 left out as deleted" in out
    assert sorted(p.stem for p in (content / "papers").glob("*.md")) == ["sigmoid-self-attention"]
    assert len(deleted_slugs(content)) == 26
    # Everything else: the same 27 slugs as the seed catalog (the pages are new: derived titles).
    assert main(["restore", "--content", str(content), "--all"]) == 0
    assert "26 new papers" in capsys.readouterr().out
    assert sorted(p.stem for p in (content / "papers").glob("*.md")) == sorted(s.removesuffix(".md") for s in before)
    assert "restore" not in (content / "ledger.tsv").read_text(encoding="utf-8").split("\n", 2)[2]
    assert main(["restore", "--content", str(content), "--all"]) == 0
    assert "nothing to restore" in capsys.readouterr().out
    result = ingest(content, say=lambda *a: None)
    assert result.deleted == [] and result.left_out == 0 and result.seen_before == 42 and adds_up(result)


def test_restore_refuses_what_it_cannot_restore(tmp_path, capsys):
    content = seed_catalog(tmp_path)
    (content / "papers" / "2408.04682.md").unlink()
    mm1 = content / "papers" / "2403.09611.md"
    mm1.write_text(mm1.read_text(encoding="utf-8").replace("---\n", "---\nwithdrawn: true\n", 1), encoding="utf-8")
    ledger = (content / "ledger.tsv").read_bytes()
    assert main(["restore", "--content", str(content), "nope", "2403.09611", "2309.04354"]) == 1
    err = capsys.readouterr().err
    assert "no deleted paper 'nope'" in err
    assert "'2403.09611' is withdrawn, not deleted: delete its `withdrawn: true` line" in err
    assert "'2309.04354' has its page; nothing to restore" in err
    assert (content / "ledger.tsv").read_bytes() == ledger and not (content / "papers" / "2408.04682.md").exists()
    assert main(["restore", "--content", str(content)]) == 2
    # A restored paper whose abstracts are in no dump any more: said so, and nothing is made.
    for dump in (content / "sources").glob("*.txt"):
        dump.unlink()
    assert main(["restore", "--content", str(content), "2408.04682", "nope"]) == 1
    out, err = capsys.readouterr()
    assert "2408.04682: none of its abstracts is in" in out and "no deleted paper 'nope'" in err
    assert deleted_slugs(content) == [] and not (content / "papers" / "2408.04682.md").exists()
    assert "restore" not in (content / "ledger.tsv").read_text(encoding="utf-8").split("\n", 2)[2]


def test_a_restore_survives_an_ingest_that_fails(tmp_path, capsys):
    """The ledger marks the restored lines; an ingest stopped by a broken page leaves them for the next."""
    content = make_content(tmp_path, UNSEEN)
    ingest(content, say=lambda *a: None)
    pages = sorted((content / "papers").glob("*.md"))
    victim, other = pages[0], pages[1]
    victim.unlink()
    good = other.read_text(encoding="utf-8")
    other.write_text(good.replace("---\n", "---\n: [\n", 1), encoding="utf-8")
    assert main(["restore", "--content", str(content), victim.stem]) == 1  # its ingest fails on the page
    assert "error:" in capsys.readouterr().err and not victim.exists()
    other.write_text(good, encoding="utf-8")
    result = ingest(content, say=lambda *a: None)
    assert result.new == [victim.stem]


def test_one_paper_deleted_by_hand_is_said_in_the_singular(tmp_path):
    from catalog.ingest.run import IngestResult
    result = IngestResult()
    result.deleted = ["2403.09611"]
    line = result.summary().splitlines()[1]
    assert "1 paper deleted by hand stays out (2403.09611)" in line and line.endswith("brings it back")
