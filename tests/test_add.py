"""`python build.py add`: papers by arXiv id or URL, from a snapshot, or by an arXiv search,
against the fake arXiv API on 127.0.0.1 (tests/arxiv_fake.py) and the seed catalog."""

from __future__ import annotations

import hashlib
import re
import shlex
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from arxiv_fake import FakeArxiv, load_entries
from catalog.add import fetch as fetch_mod, records as records_mod
from catalog.arxiv.ids import NotAnId, ids_in_text, parse_target
from catalog.add.records import FILE
from catalog.cli import main
from catalog.errors import Warning_
from catalog.ingest.lone_ids import LoneId, fold_lone_ids
from catalog.pages import read_page
from catalog.enrich.arxiv_api import Client
from catalog.enrich.cache import Cache
from catalog.arxiv.record import from_raw
from catalog.enrich.snapshot import to_raw

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = Path(__file__).parent / "data" / "enrich" / "snapshot.jsonl"
MOE_LG = 'abs:"mixture of experts" AND cat:cs.LG'
# The results of MOE_LG in tests/data/add/search_entries.xml, newest first, with the day each was listed.
MOE_LG_RESULTS = [("2506.23266", "2025-07-01"), ("2505.20225", "2025-05-27"), ("2505.14681", "2025-05-21"),
                  ("2505.03531", "2025-05-07"), ("2504.01337", "2025-04-03"), ("2503.16057", "2025-03-21")]


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def add(content: Path, url: str, *args: str) -> int:
    return main(["add", "--content", str(content), "--api-url", url, "--delay", "0", "-q", *args])


def added(content: Path) -> list[dict]:
    path = content / "sources" / FILE
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def tree(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------- ids and URLs

@pytest.mark.parametrize("text, ident", [
    ("2410.02098", "2410.02098"), ("2410.02098v2", "2410.02098"), ("arXiv:2410.02098", "2410.02098"),
    ("ARXIV:2410.02098v3", "2410.02098"), ("0704.0001", "0704.0001"),
    ("hep-th/9901001", "hep-th/9901001"), ("hep-th/9901001v2", "hep-th/9901001"),
    ("math.GT/0309136v1", "math/0309136"),
    ("https://arxiv.org/abs/2410.02098", "2410.02098"), ("https://arxiv.org/abs/2410.02098v2", "2410.02098"),
    ("http://arxiv.org/pdf/2410.02098v2", "2410.02098"), ("arxiv.org/pdf/2410.02098v2.pdf", "2410.02098"),
    ("https://arxiv.org/html/2410.02098v5", "2410.02098"), ("https://arxiv.org/html/2410.02098v5/#S3", "2410.02098"),
    ("https://www.arxiv.org/abs/2410.02098?context=cs", "2410.02098"),
    ("https://export.arxiv.org/abs/hep-th/9901001v3", "hep-th/9901001"),
    ("https://arxiv.org/pdf/hep-th/9901001", "hep-th/9901001"),
    ("https://doi.org/10.48550/arXiv.2410.02098", "2410.02098"),
    ("  2410.02098\n", "2410.02098"),
    # sites that show an arXiv paper under its id, and ids pasted from a list or a mail
    ("https://huggingface.co/papers/2410.02098", "2410.02098"), ("huggingface.co/papers/2410.02098", "2410.02098"),
    ("https://www.alphaxiv.org/abs/2410.02098v2", "2410.02098"), ("https://alphaxiv.org/overview/2410.02098", "2410.02098"),
    ("https://ar5iv.labs.arxiv.org/html/2410.02098", "2410.02098"), ("https://ar5iv.org/abs/hep-th/9901001", "hep-th/9901001"),
    ("https://www.semanticscholar.org/arxiv/2410.02098", "2410.02098"),
    ("<https://arxiv.org/abs/2410.02098>", "2410.02098"), ("2410.02098,", "2410.02098"),
])
def test_ids_and_every_url_form(text, ident):
    assert parse_target(text) == ident


@pytest.mark.parametrize("text, why", [
    ("", "an empty argument"), ("hello", "is not an arXiv id"), ("2410.0209", "is not an arXiv id"),
    ("2413.00001", "is not an arXiv id"),      # no 13th month
    ("1412.12345", "is not an arXiv id"),      # five digits only from 2015
    ("https://example.org/abs/2410.02098", "is not an arXiv URL"),
    ("https://arxiv.org/list/cs.LG/new", "names no paper"),
    ("https://huggingface.co/papers", "names no arXiv paper"),
    ("https://huggingface.co/models/x", "names no arXiv paper"),
    ("https://huggingface.co/papers/2410.0209", "is not an arXiv id"),   # mistyped: named, not guessed
    ("https://doi.org/10.1103/PhysRevB.85.115117", "not one of arXiv's"),
])
def test_what_is_no_id_is_refused_with_the_reason(text, why):
    with pytest.raises(NotAnId, match=why):
        parse_target(text)


# ---------------------------------------------------------------------------- by id, from the API

def test_by_id_and_url_writes_snapshot_records_in_one_request(content, capsys):
    with FakeArxiv() as fake:
        code = add(content, fake.url, "https://arxiv.org/pdf/2106.09685v2", "arXiv:2006.16668",
                   "https://arxiv.org/abs/2106.09685", "hep-th/9711200v3")
    assert len(fake.requests) == 1 and "id_list=2106.09685%2C2006.16668%2Chep-th%2F9711200" in fake.requests[0]
    records = added(content)
    assert [r["id"] for r in records] == ["2106.09685", "2006.16668", "hep-th/9711200"]  # as asked, once each
    lora, physics = records[0], records[2]
    assert lora["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora["authors"].startswith("Edward J. Hu, Yelong Shen, Phillip Wallis")
    assert lora["categories"] == "cs.CL cs.AI cs.LG"
    assert lora["abstract"].startswith("  An important paradigm of natural language processing")
    assert lora["versions"] == [{"version": "v1", "created": "Thu, 17 Jun 2021 17:37:18 GMT"},
                                {"version": "v2", "created": "Sat, 16 Oct 2021 18:40:34 GMT"}]
    assert physics["doi"] == "10.1023/A:1026654312961" and physics["journal-ref"].startswith("Adv.Theor.Math.Phys")
    # The snapshot reader reads what add wrote as arXiv's own records: the same metadata as the API's.
    with FakeArxiv() as fake:
        answer = Client(base_url=fake.url, delay=0).fetch(["2106.09685", "hep-th/9711200"])
    for record in (lora, physics):
        assert from_raw(to_raw(record["id"], record)) == from_raw(answer.records[record["id"]])
    assert "Traceback" not in capsys.readouterr().err
    assert code == 0


def test_the_cache_serves_a_second_add_and_an_enrich_answer_is_asked_again(tmp_path):
    cache = tmp_path / "cache"

    def fresh(name: str) -> Path:
        shutil.copytree(ROOT / "content", tmp_path / name / "content")
        return tmp_path / name / "content"

    with FakeArxiv() as fake:
        add(fresh("a"), fake.url, "--cache", str(cache), "2006.16668")
        assert add(fresh("b"), fake.url, "--cache", str(cache), "2006.16668") == 0
        assert len(fake.requests) == 1  # the answer, abstract and all, came from the cache
        entries = [json.loads(line) for line in (cache / "api.jsonl").read_text().splitlines()]
        (cache / "api.jsonl").write_text("".join(json.dumps({k: v for k, v in e.items() if k != "abstract"}) + "\n"
                                                 for e in entries))  # as enrich's answers are: no abstract
        assert add(fresh("c"), fake.url, "--cache", str(cache), "2006.16668") == 0
        assert len(fake.requests) == 2
    for name in "abc":
        assert added(tmp_path / name / "content")[0]["abstract"].startswith("  Neural network scaling")


def test_already_in_the_catalog_is_reported_not_asked_not_written(content, capsys):
    before = tree(content)
    with FakeArxiv() as fake:
        assert add(content, fake.url, "2410.02098", "https://arxiv.org/abs/2410.02098v5", "2403.09611v1") == 1
    assert fake.requests == []
    err = capsys.readouterr().err
    assert f"arXiv:2410.02098: already in the catalog: {content}/papers/2410.02098.md" in err
    assert f"arXiv:2403.09611: already in the catalog: {content}/papers/2403.09611.md" in err
    assert err.count("already in the catalog") == 2  # the same paper twice is one line
    assert tree(content) == before


def test_a_paper_removed_from_the_catalog_stays_removed(content, capsys):
    page = content / "papers" / "2410.01920.md"
    page.write_text(page.read_text().replace("\n---\n", "\nwithdrawn: true\n---\n", 1))
    assert main(["ingest", "--content", str(content), "-q"]) == 0  # the ledger records every page
    (content / "papers" / "2406.04638.md").unlink()
    before = tree(content)
    with FakeArxiv() as fake:
        assert add(content, fake.url, "2410.01920", "2406.04638") == 1
    assert fake.requests == []
    err = capsys.readouterr().err
    assert f"arXiv:2410.01920: removed from the catalog: {page} says `withdrawn: true`" in err
    assert (f"arXiv:2406.04638: removed from the catalog: its page {content}/papers/2406.04638.md was deleted "
            f"(`python build.py restore --content {content} 2406.04638` brings it back)") in err
    assert tree(content) == before
    # The command it names does bring the paper back.
    assert main(["restore", "--content", str(content), "2406.04638"]) == 0
    assert (content / "papers" / "2406.04638.md").is_file()


def test_unknown_malformed_and_withdrawn_ids_get_one_line_each(content, capsys):
    entries = load_entries()
    entries["2304.07193"] = entries["2304.07193"].replace(
        "  The recent breakthroughs", "  This paper has been withdrawn by the authors. The recent breakthroughs")
    before = tree(content)
    with FakeArxiv(entries=entries) as fake:
        assert add(content, fake.url, "2501.99999", "not-an-id", "https://arxiv.org/list/cs.LG", "2304.07193") == 1
    assert len(fake.requests) == 1  # the malformed ones are never sent
    err = capsys.readouterr().err.splitlines()
    assert "arXiv:2501.99999: arXiv does not know this id" in err
    assert "'not-an-id' is not an arXiv id or arXiv URL; skipped" in err
    assert any(line.startswith("'https://arxiv.org/list/cs.LG' is an arXiv URL but names no paper") for line in err)
    assert "arXiv:2304.07193: withdrawn on arXiv; not added" in err
    assert len([line for line in err if "Traceback" in line]) == 0
    assert tree(content) == before  # nothing to add: no file written, no ingest


def test_network_down_leaves_the_dump_as_it_was(content, capsys):
    with FakeArxiv() as fake:
        add(content, fake.url, "2006.16668")
    before = (content / "sources" / FILE).read_bytes()
    with FakeArxiv(script=[503] * 4) as fake:  # every try answered 503
        assert add(content, fake.url, "2106.09685", "2304.07193") == 1
    assert len(fake.requests) == 4
    err = capsys.readouterr().err
    assert "HTTP 503, still after 4 tries" in err
    assert "arXiv:2106.09685: not fetched: the arXiv API failed (see above); run `add` again later" in err
    assert (content / "sources" / FILE).read_bytes() == before
    with FakeArxiv() as fake:
        url = fake.url
    assert add(content, url, "2106.09685") == 1  # the port is closed now
    assert "cannot reach" in capsys.readouterr().err
    assert (content / "sources" / FILE).read_bytes() == before


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary(content, monkeypatch):
    with FakeArxiv() as fake:
        add(content, fake.url, "2006.16668")
        before = (content / "sources" / FILE).read_bytes()

        def broken(src, dst):
            raise OSError(28, "No space left on device", str(dst))

        monkeypatch.setattr(records_mod.os, "replace", broken)
        assert add(content, fake.url, "2106.09685") == 1
    assert (content / "sources" / FILE).read_bytes() == before
    assert sorted(p.name for p in (content / "sources").iterdir() if p.name.startswith(".")) == []


def test_a_killed_runs_temporary_is_removed_by_the_next(content):
    stale = content / "sources" / f".{FILE}.999999-abc.tmp"
    stale.write_text('{"id": "2006.16668", "tit')
    with FakeArxiv() as fake:
        add(content, fake.url, "2006.16668")
    assert not stale.exists() and [r["id"] for r in added(content)] == ["2006.16668"]


# ---------------------------------------------------------------------------- --from a snapshot

def test_from_snapshot_keeps_the_lines_verbatim_and_asks_no_network(content, capsys):
    with FakeArxiv() as fake:
        url = fake.url  # closed: any request would fail
    code = add(content, url, "--from", str(SNAPSHOT), "2106.09685v2", "https://arxiv.org/abs/0704.0001", "2501.99999")
    assert code == 1
    lines = {json.loads(line)["id"]: line for line in SNAPSHOT.read_text(encoding="utf-8").splitlines()
             if line.startswith('{"id"')}
    written = (content / "sources" / FILE).read_text(encoding="utf-8").splitlines()
    assert written == [lines["2106.09685"], lines["0704.0001"]]
    assert f"arXiv:2501.99999: not in {SNAPSHOT.name}" in capsys.readouterr().err


def test_from_a_missing_snapshot_is_one_line(content, capsys):
    assert main(["add", "--content", str(content), "--from", str(content / "nope.json"), "2106.09685"]) == 1
    err = capsys.readouterr().err
    assert "nope.json" in err and "no such snapshot file" in err and "Traceback" not in err


# ---------------------------------------------------------------------------- --query

def test_search_pages_through_the_results_newest_first_and_stops_at_since(tmp_path):
    with FakeArxiv() as fake:
        found = fetch_mod.search(Client(base_url=fake.url, delay=0), Cache(tmp_path), MOE_LG, None, 200, page_size=2)
        assert [r["id"] for r in found.records] == [i for i, _ in MOE_LG_RESULTS] and found.total == 6
        assert [q.split("&start=")[1] for q in fake.requests] == ["0&max_results=2", "2&max_results=2",
                                                                   "4&max_results=2"]
        assert all("sortBy=submittedDate&sortOrder=descending" in q for q in fake.requests)
        fake.requests.clear()
        found = fetch_mod.search(Client(base_url=fake.url, delay=0), Cache(tmp_path), MOE_LG,
                                 date(2025, 5, 21), 200, page_size=2)
        assert [r["id"] for r in found.records] == ["2506.23266", "2505.20225", "2505.14681"]  # the day itself counts
        fake.requests.clear()
        found = fetch_mod.search(Client(base_url=fake.url, delay=0), Cache(tmp_path), MOE_LG,
                                 date(2025, 6, 1), 200, page_size=2)
        assert [r["id"] for r in found.records] == ["2506.23266"]
        assert found.older == 3 and len(fake.requests) == 2  # a page with nothing new enough is the last asked
        fake.requests.clear()
        found = fetch_mod.search(Client(base_url=fake.url, delay=0), Cache(tmp_path), MOE_LG, None, 3, page_size=2)
        assert [r["id"] for r in found.records] == ["2506.23266", "2505.20225", "2505.14681"]
        assert [q.split("&start=")[1] for q in fake.requests] == ["0&max_results=2", "2&max_results=1"]
    assert "2505.03531" in Cache(tmp_path)  # enrich will not ask for what a search brought


def test_query_adds_the_new_results_since_a_day(content, capsys):
    with FakeArxiv() as fake:
        add(content, fake.url, "--query", MOE_LG, "--since", "2025-05-07", "--max", "200")
    assert [r["id"] for r in added(content)] == ["2506.23266", "2505.20225", "2505.14681", "2505.03531"]
    assert "Traceback" not in capsys.readouterr().err


def test_query_options_are_checked(content, capsys):
    assert main(["add", "--content", str(content), "--query", MOE_LG, "2410.02098"]) == 2
    assert main(["add", "--content", str(content)]) == 2
    assert main(["add", "--content", str(content), "2410.02098", "--since", "2025-01-01"]) == 2
    assert main(["add", "--content", str(content), "--query", MOE_LG, "--from", str(SNAPSHOT)]) == 2
    err = capsys.readouterr().err
    assert "not both" in err and "nothing to add" in err and "go with --query" in err and "use one" in err
    with pytest.raises(SystemExit):
        main(["add", "--content", str(content), "--query", MOE_LG, "--since", "last week"])


def test_a_malformed_query_is_one_line(content, capsys):
    with FakeArxiv() as fake:
        assert add(content, fake.url, "--query", "abs:moe AND nonsense") == 1
    err = capsys.readouterr().err
    assert "arXiv API answered with an error" in err and "Traceback" not in err
    assert not (content / "sources" / FILE).exists()


def test_query_network_down_is_one_line(content, capsys):
    with FakeArxiv(script=[503] * 4) as fake:
        assert add(content, fake.url, "--query", MOE_LG) == 1
    err = capsys.readouterr().err
    assert "HTTP 503, still after 4 tries" in err and "run `add` again later" in err
    assert not (content / "sources" / FILE).exists()



# ---------------------------------------------------------------------------- end to end: pages

def page_meta(content: Path, slug: str) -> dict:
    from catalog.pages import read_page
    return read_page(content / "papers" / f"{slug}.md").meta


def test_added_papers_become_classified_pages_with_machine_set_metadata(content, capsys):
    with FakeArxiv() as fake:
        assert main(["add", "--content", str(content), "--api-url", fake.url, "--delay", "0",
                     "https://arxiv.org/abs/2506.23266v1", "hep-th/9711200"]) == 0
        out = capsys.readouterr().out
        assert f"added arXiv:2506.23266 -> {content}/papers/2506.23266.md  (Sub-MoE: Efficient" in out
        assert "add: 2 papers added, 0 already in the catalog, 0 not added" in out
        sub_moe = page_meta(content, "2506.23266")
        assert sub_moe["title"] == "Sub-MoE: Efficient Mixture-of-Expert LLMs Compression via Subspace Expert Merging"
        assert sub_moe["authors"][:3] == ["Lujun Li", "Zhu Qiyuan", "Jiacheng Wang"]
        assert sub_moe["categories"] == ["cs.LG"] and sub_moe["comments"] == ["Work in progress, revisions ongoing"]
        assert sub_moe["topics"] == ["moe", "efficiency"]  # as the dev set labels it
        for key in ("title", "authors", "categories", "topics"):
            assert sub_moe["generated"][key] == sub_moe[key]  # machine-set: a person's edit will win
        assert sub_moe["sources"] == [f"{FILE}:1"]
        maldacena = page_meta(content, "hep-th-9711200")
        assert maldacena["arxiv"] == "hep-th/9711200" and maldacena["authors"] == ["Juan M. Maldacena"]
        assert maldacena["doi"] == "10.1023/A:1026654312961"
        before = tree(content)
        assert add(content, fake.url, "2506.23266v2", "hep-th/9711200v1") == 1  # a second time: reported
        assert len(fake.requests) == 1
    err = capsys.readouterr().err
    assert f"arXiv:2506.23266: already in the catalog: {content}/papers/2506.23266.md" in err
    assert f"arXiv:hep-th/9711200: already in the catalog: {content}/papers/hep-th-9711200.md" in err
    assert tree(content) == before


def test_an_added_page_deleted_by_hand_is_not_added_again(content, capsys):
    with FakeArxiv() as fake:
        assert add(content, fake.url, "2506.23266") == 0
        (content / "papers" / "2506.23266.md").unlink()
        assert add(content, fake.url, "2506.23266") == 1
        assert len(fake.requests) == 1
    assert f"its page {content}/papers/2506.23266.md was deleted" in capsys.readouterr().err
    assert not (content / "papers" / "2506.23266.md").exists() and len(added(content)) == 1


@pytest.mark.parametrize("wording", ["as arXiv has it", "a near-duplicate"])
def test_an_abstract_already_in_the_catalog_without_its_id_gets_the_id(content, capsys, wording):
    entries = load_entries()
    abstract = " ".join(entries["2505.03531"].split("<summary>")[1].split("</summary>")[0].split())
    if wording == "a near-duplicate":  # a dump's copy with small wording differences
        abstract = abstract.replace("gradually becoming", "becoming").replace("focused primarily", "focused")
    (content / "sources" / "900_no_id.txt").write_text(abstract + "\n", encoding="utf-8")
    assert main(["ingest", "--content", str(content), "-q"]) == 0
    slugs = {p.stem for p in (content / "papers").glob("*.md")}
    with FakeArxiv() as fake:
        assert main(["add", "--content", str(content), "--api-url", fake.url, "--delay", "0", "2505.03531"]) == 0
    out = capsys.readouterr().out
    assert {p.stem for p in (content / "papers").glob("*.md")} == slugs  # no second page
    page = next(s for s in slugs if page_meta(content, s).get("arxiv") == "2505.03531")
    assert f"arXiv:2505.03531: its abstract was in the catalog already: {content}/papers/{page}.md now has its id" in out
    assert "add: 0 papers added, 1 merged into a page the catalog had, 0 already in the catalog" in out  # not "1 added"
    assert page_meta(content, page)["title"] == "Faster MoE LLM Inference for Extremely Large Models"


def test_from_snapshot_end_to_end(content, capsys):
    assert main(["add", "--content", str(content), "--from", str(SNAPSHOT), "2106.09685"]) == 0
    lora = page_meta(content, "2106.09685")
    assert lora["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert lora["authors"][:2] == ["Edward J. Hu", "Yelong Shen"] and lora["categories"] == ["cs.CL", "cs.AI", "cs.LG"]
    # classified like any new paper (the snapshot fixture's abstract is one sentence: no topic)
    assert lora["generated"]["topics"] == lora["topics"] == []
    assert lora["sources"] == [f"{FILE}:1"]


def test_a_scheduled_query_adds_only_what_is_new(content, capsys):
    with FakeArxiv() as fake:
        args = ["--query", MOE_LG, "--since", "2025-05-07", "--max", "200"]
        assert add(content, fake.url, *args) == 0
        ids = ["2506.23266", "2505.20225", "2505.14681", "2505.03531"]
        assert [r["id"] for r in added(content)] == ids
        for ident in ids:
            meta = page_meta(content, ident)
            assert meta["arxiv"] == ident and "moe" in meta["topics"] and "cs.LG" in meta["categories"]
        before = tree(content)
        capsys.readouterr()
        assert main(["add", "--content", str(content), "--api-url", fake.url, "--delay", "0", *args]) == 0
        out = capsys.readouterr().out
        assert "search: 4 results since 2025-05-07 (of 6 for the query; 2 older ones seen and left) " \
               "-> 4 already in the catalog, 0 removed from it" in out
        assert "add: 0 papers added, 4 already in the catalog" in out
    assert tree(content) == before  # nothing new: not a byte written


def test_the_search_header_as_arxiv_writes_it_and_an_empty_page_asked_again(tmp_path):
    from catalog.enrich.arxiv_api import total_results
    # arXiv's classic answer declares the opensearch namespace on each element (a recorded header)
    recorded = (b'<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
                b'  <title type="html">ArXiv Query: search_query=id:1911.12281&amp;id_list=&amp;start=0&amp;'
                b'max_results=10</title>\n  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/'
                b'opensearch/1.1/">1</opensearch:totalResults>\n</feed>\n')
    assert total_results(recorded) == 1

    class Hiccup(FakeArxiv):  # the API's known empty page inside the results, once
        def search(self, query, args):
            status, headers, body = super().search(query, args)
            if len(self.requests) == 2:
                body = body.split("  <entry>")[0] + "</feed>\n"
            return status, headers, body

    with Hiccup() as fake:
        found = fetch_mod.search(Client(base_url=fake.url, delay=0), Cache(tmp_path), MOE_LG, None, 200, page_size=4)
    assert [r["id"] for r in found.records] == [i for i, _ in MOE_LG_RESULTS]
    assert [q.split("&start=")[1] for q in fake.requests] == ["0&max_results=4", "4&max_results=4", "4&max_results=4"]


def test_a_copy_of_a_paper_deleted_by_hand_is_named_by_ingest_and_by_add(content, capsys):
    from xml.sax.saxutils import escape
    from catalog.pages import read_page
    assert main(["ingest", "--content", str(content), "-q"]) == 0
    blt = read_page(content / "papers" / "blt.md")  # slug "blt", arXiv 2112.05112: no id in its name
    entries = load_entries()
    head, rest = entries["2506.23266"].replace("2506.23266", "2112.05112").split("<summary>")
    entries["2112.05112"] = f"{head}<summary>  {escape(blt.body.strip())}\n</summary>{rest.split('</summary>')[1]}"
    (content / "papers" / "blt.md").unlink()
    with FakeArxiv(entries=entries) as fake:
        assert add(content, fake.url, "2112.05112") == 1
        assert add(content, fake.url, "2112.05112") == 1  # again: the record is not written twice
        assert len(fake.requests) == 1
    err = capsys.readouterr().err
    assert any(line.startswith(f"warning: {FILE}:1: ") and "'blt'" in line for line in err.splitlines())  # ingest's
    assert f"arXiv:2112.05112: its record is in content/sources/{FILE}:1 but ingest made no page" in err
    assert not (content / "papers" / "blt.md").exists() and len(added(content)) == 1


# ---------------------------------------------------------------------------- BibTeX without abstracts
def printed_add(printed: str, start: str) -> list[str]:
    """The arguments of the `python build.py add …` that ends the warning line starting `start`."""
    line = next(line for line in printed.splitlines() if line.startswith(f"warning: {start}"))
    head, _, command = line.partition(": python build.py add ")
    assert command and "no abstract, not in the catalog; to bring" in head, line
    return shlex.split(command)



def test_a_bibtex_export_without_abstracts_names_the_add_command_that_brings_them_in(tmp_path, capsys):
    """arXiv's own BibTeX export (and Google Scholar's, DBLP's) has no abstracts: ingest makes no
    page from it, and its warning gives the `add` command that does, which works as printed."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    for name in ("site.yaml", "topics.yaml"):
        shutil.copy(ROOT / "content" / name, content)
    shutil.copy(Path(__file__).parent / "data" / "layouts" / "arxiv.bib", content / "sources")
    assert main(["ingest", "--content", str(content)]) == 0
    printed = capsys.readouterr()
    command = printed_add(printed.err, "arxiv.bib:1: 2 arXiv ids with no abstract, not in the catalog; to bring them in")
    ids = ["2410.02098", "2106.09685"]
    assert command == ["--content", str(content), *ids]
    lines = [line for path in (SNAPSHOT, Path(__file__).parent / "data" / "layouts" / "snapshot.jsonl")
             for line in path.read_text(encoding="utf-8").splitlines() if any(f'"{i}"' in line for i in ids)]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["add", *command, "--from", str(tmp_path / "records.jsonl")]) == 0  # as printed, offline
    pages = {read_page(p).meta.get("arxiv"): read_page(p) for p in (content / "papers").glob("*.md")}
    assert sorted(pages) == sorted(ids)
    assert pages["2410.02098"].body.startswith("Diffusion transformers have been widely adopted")
    assert pages["2106.09685"].body.startswith("An important paradigm of natural language processing")


def test_a_reading_list_of_ids_in_sources_gets_the_add_command_until_the_catalog_has_them(tmp_path, capsys):
    """Ids alone in a dump (bare, as URLs, as arXiv:ID): ingest reads no network, so it names the
    ids the catalog lacks in one line with the `add` command; once added, the list says nothing."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    for name in ("site.yaml", "topics.yaml"):
        shutil.copy(ROOT / "content" / name, content)
    (content / "sources" / "to-read.txt").write_text(
        "2106.09685\nhttps://arxiv.org/abs/2304.07193v2\narXiv:2106.09685\n", encoding="utf-8")
    (content / "sources" / "links.txt").write_text(
        "- [GShard](https://huggingface.co/papers/2006.16668) — the first big MoE, and arXiv:2106.09685\n", encoding="utf-8")
    (content / "sources" / "notes.md").write_text(
        "# Physics\n\nThe QCD one: [diphotons](https://arxiv.org/abs/0704.0001)\n\n"
        "A draft abstract pasted here by mistake, long enough to be read as one in a text file.\n", encoding="utf-8")
    (content / "sources" / "README.md").write_text("What this folder holds.\n", encoding="utf-8")
    assert main(["ingest", "--content", str(content)]) == 0
    printed = capsys.readouterr()
    assert "README.md: not read: ingest reads only .bib, .json, .jsonl, .txt files" in printed.err
    assert "notes.md:5: 1 line of text not read: a .md is read for its arXiv links only" in printed.err
    assert "0 abstracts in 2 dumps" in printed.out  # the .txt files; notes are read for links only
    assert printed.err.count("warning:") == 5
    option = ["--content", str(content)]
    assert printed_add(printed.err, "notes.md:3: an arXiv id") == option + ["0704.0001"]
    assert printed_add(printed.err, "to-read.txt:1: 2 arXiv ids") == option + ["2106.09685", "2304.07193"]
    links = printed_add(printed.err, "links.txt:1: 2 arXiv ids")
    assert links == option + ["2006.16668", "2106.09685"]
    assert main(["add", *links, "--from", str(SNAPSHOT)]) == 0  # as printed, offline
    assert main(["add", *option, "--from", str(SNAPSHOT), "2304.07193", "0704.0001"]) == 0
    capsys.readouterr()
    assert main(["ingest", "--content", str(content)]) == 0
    assert capsys.readouterr().err.count("warning:") == 2  # README.md links no paper; notes.md's line of text


@pytest.mark.parametrize("text, ids", [
    ("- [Mixtral of Experts](https://arxiv.org/abs/2401.04088)", ["2401.04088"]),
    ("- [Switch](https://huggingface.co/papers/2101.03961) — good baseline, then arXiv:2305.18290v2",
     ["2101.03961", "2305.18290"]),
    ("see www.alphaxiv.org/abs/2410.02098v2. Code: https://github.com/lab/repo", ["2410.02098"]),
    ("https://arxiv.org/pdf/2305.18290.pdf and https://doi.org/10.48550/arXiv.2401.04088", ["2305.18290", "2401.04088"]),
    ("(arXiv:hep-th/9711200v3)", ["hep-th/9711200"]),
    ("Worth a look: 13 pages, 3 figures, ICLR 2025", []),
])
def test_ids_in_a_line_of_text_are_the_papers_it_links(text, ids):
    assert ids_in_text(text) == ids


def test_a_long_list_of_ids_gives_a_whole_command_for_the_first_hundred_and_leaves_out_known_ones():
    lone = [LoneId(f"refs.bib:{5 * n + 1}", "has no abstract", (f"2401.{n:05d}",)) for n in range(1, 131)]
    lone += [LoneId("refs.bib:700", "has no abstract", ("2401.00001", "2106.09685"))]  # one known, one repeated
    line, other = fold_lone_ids(lone + [Warning_("other.txt:3", "something else")], known_ids=lambda: {"2401.00002", "2106.09685"})
    assert other.where == "other.txt:3"  # the file's line stands where its first lone id did
    ids = line.message.split("python build.py add ")[1].split()
    assert line.where == "refs.bib:6" and len(ids) == 100 and len(set(ids)) == 100
    assert "2401.00002" not in ids and "2106.09685" not in ids and ids[:2] == ["2401.00001", "2401.00003"]
    assert "; to bring the first 100 in (the next ingest names the other 29) from arXiv: python build.py add 2401" in line.message
    assert fold_lone_ids(lone[1:2], known_ids=lambda: {"2401.00002"}) == []  # every id known: nothing to say
    plain = [Warning_("other.txt:3", "something else")]
    assert fold_lone_ids(plain, known_ids=lambda: pytest.fail("the catalog's ids gathered for no lone id")) == plain


def test_an_annotated_reading_list_gives_no_note_a_neighbours_id(tmp_path, capsys):
    """An id, then a note about it long enough to read as an abstract, then the next id: the
    note's page claims no id (an id alone on its line belongs to no abstract), and every id is
    named. A list numbered "1. ID" or "- ID note" gives its ids too, not comments."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content)
    note = ("Mixtral is a sparse mixture of experts model that routes each token to two of eight experts and "
            "beats Llama 2 70B on most benchmarks while using fewer active parameters at inference time.")
    (content / "sources" / "reading.txt").write_text(
        f"2401.04088\n{note}\n2402.00001\nA short note\n2403.00002\n\n1. 2106.09685\n- 2305.18290 good baseline\n",
        encoding="utf-8")
    assert main(["ingest", "--content", str(content)]) == 0
    pages = [read_page(p).meta for p in (content / "papers").glob("*.md")]
    assert len(pages) == 1 and pages[0]["arxiv"] is None  # the note: a page, with no one's id
    assert printed_add(capsys.readouterr().err, "reading.txt:1: 5 arXiv ids")[2:] == \
        ["2401.04088", "2402.00001", "2403.00002", "2106.09685", "2305.18290"]


def test_an_old_style_id_with_its_subject_class_is_the_catalogs_id():
    lone = [LoneId("list.txt:1", "x", ("math.GT/0309136",)), LoneId("list.txt:2", "x", ("hep-th/9711200v2",))]
    assert fold_lone_ids(lone, known_ids=lambda: {"math/0309136", "hep-th/9711200"}) == []


def test_a_list_of_titles_and_ids_gives_one_line_and_a_stray_note_its_own(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "topics.yaml", content)
    (content / "sources" / "titles.txt").write_text(
        "Mixtral of Experts\n2401.04088\n\nSwitch Transformers\narXiv:2101.03961\n\nA note about nothing in particular\n",
        encoding="utf-8")
    assert main(["ingest", "--content", str(content)]) == 0
    err = capsys.readouterr().err
    assert err.count("warning:") == 2  # the titles go with their ids; the note is named
    assert "titles.txt:7: comment 'A note about nothing in particular' precedes no abstract; not read" in err
    assert printed_add(err, "titles.txt:2: 2 arXiv ids")[2:] == ["2401.04088", "2101.03961"]
