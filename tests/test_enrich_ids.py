"""`enrich --from SNAPSHOT` finds the arXiv id of pages that have none by their abstract:
real papers (the seed dumps, the topic dev set) against a snapshot of real records
(tests/data/enrich/README.md)."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml

from catalog.cli import main
from catalog.enrich import by_abstract
from catalog.ingest import ingest
from catalog.pages import dump_page, load_pages, read_page

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = Path(__file__).parent / "data" / "enrich" / "abstracts_snapshot.jsonl"
DEV = {p["arxiv"]: p for p in yaml.safe_load(
    (Path(__file__).parent / "data" / "topics" / "topics-dev.yaml").read_text(encoding="utf-8"))["papers"]}
# The seed papers the dumps give no id for, and their ids (the project's reference list).
SEED_IDS = {"2112.05112", "2202.08143", "2206.02079", "2209.10655", "2301.07836", "2311.00613", "2402.11907",
            "2404.05719", "2409.04431", "2410.04350"}


def tree(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def content_with(tmp_path: Path, dumps: dict[str, str] | None = None) -> Path:
    """The seed dumps (or `dumps`) ingested into a catalog nobody curated."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content)
    if dumps is None:
        for dump in (ROOT / "content" / "sources").glob("*.txt"):
            shutil.copy(dump, content / "sources")
    for name, text in (dumps or {}).items():
        (content / "sources" / name).write_text(text, encoding="utf-8")
    ingest(content, say=lambda *a: None)
    return content


def enrich(content: Path) -> int:
    return main(["enrich", "--content", str(content), "--from", str(SNAPSHOT)])


def only_page(content: Path):
    [page] = load_pages(content / "papers")
    return page


def test_the_uncurated_seed_catalog_gets_its_ten_missing_ids(tmp_path, capsys):
    content = content_with(tmp_path)
    before = {p.slug: p.meta for p in load_pages(content / "papers")}
    assert sum(1 for m in before.values() if not m["arxiv"]) == 10
    assert enrich(content) == 0
    out = capsys.readouterr().out
    after = {p.slug: p.meta for p in load_pages(content / "papers")}
    assert set(after) == set(before)  # no slug changed, no page added
    found = {slug: after[slug]["arxiv"] for slug, meta in before.items() if not meta["arxiv"]}
    assert set(found.values()) == SEED_IDS
    for slug, ident in found.items():
        assert re.search(rf"^id found: {slug} -> arXiv:{ident} \(similarity 1\.00\)$", out, re.M)
        meta = after[slug]
        assert meta["authors"] and meta["title"] != before[slug]["title"]  # the record's, not derived
        assert meta["date"] == f"20{ident[:2]}-{ident[2:4]}" and meta["generated"]["arxiv"] == ident
    assert after["mega"]["title"] == "Mega: Moving Average Equipped Gated Attention"
    assert "10 pages without an id: 10 found by their abstract, 0 not" in out
    first = tree(content / "papers")
    assert enrich(content) == 0
    assert tree(content / "papers") == first  # a second run changes no byte
    assert ingest(content, say=lambda *a: None).new == []  # and ingest makes no second page


def test_a_near_variant_finds_its_id_with_its_similarity(tmp_path, capsys):
    seed = (ROOT / "content" / "sources" / "001_59c38f5f2d56d00e.txt").read_text(encoding="utf-8")
    mm1 = next(line for line in seed.splitlines() if "we build MM1" in line)
    assert "including both dense" in mm1  # the snapshot's says "consisting of both dense"
    content = content_with(tmp_path, {"mm1.txt": mm1 + "\n"})
    assert enrich(content) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("id found:"))
    similarity = float(re.search(r"similarity (\S+)\)", line).group(1))
    assert "-> arXiv:2403.09611" in line and 0.9 < similarity < 1
    page = only_page(content)
    assert page.meta["arxiv"] == "2403.09611" and page.meta["title"].startswith("MM1: Methods, Analysis")


@pytest.mark.parametrize("case", ["ambiguous", "below", "none"])
def test_no_clear_match_changes_nothing_and_says_why(tmp_path, capsys, case):
    if case == "ambiguous":  # Hash Layers, in the snapshot twice (see the fixture's README)
        text = DEV["2106.04426"]["abstract"]
        expect = r"ambiguous: arXiv:2106.04426 \(similarity 1\.00\) and arXiv:2106.99999 \(similarity 0\.9\d\) are both close to it \(set `arxiv:` by hand\)"
    elif case == "below":  # the first 40% of MAE's abstract, as a copy cut off at a page break
        words = DEV["2111.06377"]["abstract"].split()
        text = " ".join(words[:len(words) * 2 // 5])
        expect = r"the closest abstract, arXiv:2111\.06377 \(similarity 0\.[345]\d\), is below 0\.60"
    else:  # Seed1.5-VL, not in the snapshot
        text = DEV["2505.07062"]["abstract"]
        expect = r"no abstract in abstracts_snapshot\.jsonl is like its own \(similarity 0\.30 or more\)"
    content = content_with(tmp_path, {"one.txt": text + "\n"})
    before = tree(content / "papers")
    assert enrich(content) == 0
    out = capsys.readouterr().out
    assert re.search(rf"^no id: \S+: {expect}; nothing changed$", out, re.M), out
    assert "1 page without an id: 0 found by their abstract, 1 not" in out
    assert tree(content / "papers") == before


def test_ownership_curated_pages_are_told_and_a_removed_id_is_not_set_again(tmp_path, capsys):
    content = content_with(tmp_path, {"a.txt": DEV["2111.06377"]["abstract"] + "\n",
                                      "b.txt": DEV["2006.11239"]["abstract"] + "\n"})
    pages = load_pages(content / "papers")
    ddpm = next(p for p in pages if "diffusion probabilistic" in p.body)
    mae = next(p for p in pages if "masked autoencoders" in p.body.lower())
    curated = {**ddpm.meta, "title": "DDPM, by hand"}
    curated.pop("generated")  # no record of what a machine wrote: a person's page
    ddpm.path.write_text(dump_page(curated, ddpm.body), encoding="utf-8")
    assert enrich(content) == 0
    out = capsys.readouterr().out
    assert f'no id: {ddpm.slug}: arXiv:2006.11239 (similarity 1.00); a curated page is left alone: ' \
           f'add `arxiv: "2006.11239"` to it if that is the paper' in out
    assert read_page(ddpm.path).meta["arxiv"] is None
    mae_meta = read_page(mae.path).meta
    assert mae_meta["arxiv"] == "2111.06377" and mae_meta["slug"] == mae.slug
    mae_meta["arxiv"] = None  # a person says it is not that paper
    mae.path.write_text(dump_page(mae_meta, mae.body), encoding="utf-8")
    before = tree(content / "papers")
    assert enrich(content) == 0
    assert f"id found: {mae.slug}" not in capsys.readouterr().out
    assert tree(content / "papers") == before


def test_an_id_another_page_has_is_not_given_twice(tmp_path, capsys):
    content = content_with(tmp_path, {"a.txt": DEV["2111.06377"]["abstract"] + "\narXiv:2111.06377\n"})
    page = only_page(content)
    copy = {**page.meta, "slug": "mae-copy", "arxiv": None}
    (content / "papers" / "mae-copy.md").write_text(dump_page(copy, page.body), encoding="utf-8")
    assert enrich(content) == 0
    assert ("no id: mae-copy: arXiv:2111.06377 (similarity 1.00) is the id of the page 2111.06377 already"
            in capsys.readouterr().out)
    assert read_page(content / "papers" / "mae-copy.md").meta["arxiv"] is None


def test_only_lines_that_share_text_with_a_page_are_compared_in_full(tmp_path, monkeypatch):
    content = content_with(tmp_path, {"a.txt": DEV["2106.04426"]["abstract"] + "\n",
                                      "b.txt": DEV["2505.07062"]["abstract"] + "\n"})
    cleaned = []
    real = by_abstract.clean_abstract
    monkeypatch.setattr(by_abstract, "clean_abstract", lambda text: cleaned.append(text) or real(text))
    assert main(["enrich", "--content", str(content), "--from", str(SNAPSHOT), "-q"]) == 0
    assert len(SNAPSHOT.read_text(encoding="utf-8").splitlines()) == 55
    assert len(cleaned) == 2 and all("hashing" in text for text in cleaned)  # Hash Layers and its twin


def test_an_empty_abstract_matches_nothing(tmp_path, capsys):
    content = content_with(tmp_path, {"a.txt": DEV["2111.06377"]["abstract"] + "\n"})
    (content / "papers" / "empty.md").write_text('---\nslug: "empty"\ntitle: ""\n---\n\n', encoding="utf-8")
    snapshot = tmp_path / "snap.jsonl"
    lines = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    snapshot.write_text("\n".join(lines + [lines[0].replace('"id":"1706.03741"', '"id":"1706.00001"')
                                           .split('"abstract":"')[0] + '"abstract":"","versions":[]}']) + "\n",
                        encoding="utf-8")
    assert main(["enrich", "--content", str(content), "--from", str(snapshot)]) == 0
    out = capsys.readouterr().out
    assert "empty" not in out and "1 page without an id: 1 found by their abstract" in out
