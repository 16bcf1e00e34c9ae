"""Enrich on the seed catalog plus a new dump of real abstracts with arXiv ids, from a fake
arXiv API on 127.0.0.1 (tests/arxiv_fake.py) and from a small snapshot in the bulk format."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from arxiv_fake import FakeArxiv, load_entries
from catalog.cli import main
from catalog.enrich import arxiv_api, run as enrich_run, snapshot as snapshot_mod
from catalog.enrich.apply import apply_record, is_curated
from catalog.enrich.arxiv_api import Client, parse_feed
from catalog.arxiv.latex_text import author_name, clean_text
from catalog.arxiv.record import Record, base_id, from_raw
from catalog.ingest import ingest
from catalog.pages import dump_page, load_pages, read_page
from catalog.ownership import set_generated

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "enrich"
SNAPSHOT = DATA / "snapshot.jsonl"
SEED_SLUGS = sorted(p.stem for p in (ROOT / "content" / "papers").glob("*.md"))
REAL = {  # id -> (title, first authors) of the papers in the new dump, as arXiv has them
    "2006.16668": ("GShard: Scaling Giant Models with Conditional Computation and Automatic Sharding",
                   ["Dmitry Lepikhin", "HyoukJoong Lee"]),
    "2106.09685": ("LoRA: Low-Rank Adaptation of Large Language Models", ["Edward J. Hu", "Yelong Shen"]),
    "2310.00426": ("PixArt-α: Fast Training of Diffusion Transformer for Photorealistic Text-to-Image Synthesis",
                   ["Junsong Chen", "Jincheng Yu"]),
    "2304.07193": ("DINOv2: Learning Robust Visual Features without Supervision", ["Maxime Oquab", "Timothée Darcet"]),
    "1111.2011": ("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit",
                  ["James M. Murray", "Adrian Del Maestro"]),
}
HAND_TITLE = "GShard, as I like to call it"


def tree(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def catalog(tmp_path: Path) -> Path:
    """The seed catalog + a dump of six real abstracts (five with ids), ingested; then a
    person sets one title by hand and adds a page of their own with a versioned old-style id."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copy(DATA / "new_dump.txt", content / "sources" / "900_new.txt")
    ingest(content, say=lambda *a: None)
    gshard = read_page(content / "papers" / "2006.16668.md")
    gshard.meta["title"] = HAND_TITLE
    (content / "papers" / "2006.16668.md").write_text(dump_page(gshard.meta, gshard.body), encoding="utf-8")
    (content / "papers" / "maldacena.md").write_text(
        '---\nslug: "maldacena"\ntitle: ""\narxiv: "hep-th/9711200v3"\n---\n'
        "We show that the large N limit of certain conformal field theories in various dimensions "
        "include in their Hilbert space a sector describing supergravity.\n", encoding="utf-8")
    return content


def seeds_of(content: Path) -> dict[str, str]:
    return {slug: (content / "papers" / f"{slug}.md").read_text(encoding="utf-8") for slug in SEED_SLUGS}


def check_filled(content: Path, seeds_before: dict[str, str]) -> dict[str, dict]:
    pages = {p.slug: p.meta for p in load_pages(content / "papers")}
    for ident, (title, first_authors) in REAL.items():
        meta = pages[ident]
        assert meta["authors"][:2] == first_authors, ident
        assert meta["title"] == (HAND_TITLE if ident == "2006.16668" else title), ident
    assert pages["2006.16668"]["generated"]["title"] != HAND_TITLE  # still the derived one: not enrich's
    assert pages["maldacena"]["title"] == "The Large N Limit of Superconformal Field Theories and Supergravity"
    assert pages["maldacena"]["authors"] == ["Juan M. Maldacena"]
    assert pages["maldacena"]["date"] == "1997-11"
    assert pages["we-present-high-quality"]["authors"] == []  # no id: nothing to ask
    assert seeds_of(content) == seeds_before  # curated pages: not a byte changed
    return pages


@pytest.fixture
def content(tmp_path) -> Path:
    return catalog(tmp_path)


# ---------------------------------------------------------------------------- the API

def enrich_api(content: Path, url: str, *extra: str) -> int:
    return main(["enrich", "--content", str(content), "--api-url", url, "--delay", "0", "-q", *extra])


def test_api_fills_real_titles_and_authors_then_a_second_run_asks_nothing(content, capsys):
    seeds_before = seeds_of(content)
    with FakeArxiv(script=[503]) as fake:
        assert enrich_api(content, fake.url) == 0
        assert len(fake.requests) == 2  # a 503, then the same batch again
        assert "HTTP 503; retrying" in capsys.readouterr().err
        pages = check_filled(content, seeds_before)
        first = tree(content)
        assert enrich_api(content, fake.url) == 0
        assert len(fake.requests) == 2  # everything from the cache
    assert tree(content) == first
    assert (content.parent / ".cache" / "arxiv" / "api.jsonl").is_file()
    physics = pages["1111.2011"]
    assert physics["doi"] == "10.1103/PhysRevB.85.115117"
    assert physics["journal"] == "Phys. Rev. B 85, 115117 (2012)" and physics["year"] == "2012"
    assert physics["categories"] == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert physics["comments"] == ["8 pages, 3 figures"]  # the dump's comment stays; arXiv's is not added


def test_api_asks_in_batches_of_at_most_100(content, monkeypatch):
    monkeypatch.setattr(enrich_run, "BATCH", 2)
    with FakeArxiv() as fake:
        assert enrich_api(content, fake.url) == 0
    ids = [q.split("&")[0].split("=")[1].split("%2C") for q in fake.requests]
    assert [len(batch) for batch in ids] == [2, 2, 2]
    assert all("max_results=2" in q for q in fake.requests)
    assert arxiv_api.BATCH == 100


def test_api_down_mid_run_keeps_what_it_learned(content, monkeypatch, capsys):
    seeds_before = seeds_of(content)
    monkeypatch.setattr(enrich_run, "BATCH", 2)
    with FakeArxiv(script=[None] + [503] * 4) as fake:  # first batch answered, then 503 for good
        assert enrich_api(content, fake.url) == 1
        err = capsys.readouterr().err
        assert "HTTP 503, still after 4 tries; 4 ids not enriched" in err and "Traceback" not in err
        pages = {p.slug: p.meta for p in load_pages(content / "papers")}
        assert pages["1111.2011"]["authors"]  # the first batch (sorted ids) was written
        assert not pages["2304.07193"]["authors"]
        assert enrich_api(content, fake.url) == 0  # next run: only the rest is asked
        assert len(fake.requests) == 1 + 4 + 2
    check_filled(content, seeds_before)


def test_network_down_is_one_clear_message(content, capsys):
    before = tree(content)
    with FakeArxiv() as fake:
        url = fake.url
    assert enrich_api(content, url) == 1  # the port is closed now
    err = capsys.readouterr().err
    assert "cannot reach" in err and "ids not enriched" in err and "Traceback" not in err
    assert tree(content) == before


def test_unknown_and_withdrawn_ids(content, capsys):
    page = read_page(content / "papers" / "2106.09685.md")
    page.meta["arxiv"] = "2410.99999"  # no such paper
    (content / "papers" / "2106.09685.md").write_text(dump_page(page.meta, page.body), encoding="utf-8")
    entries = load_entries()
    entries["2304.07193"] = entries["2304.07193"].replace(
        "  The recent breakthroughs", "  This paper has been withdrawn by the authors. The recent breakthroughs")
    with FakeArxiv(entries=entries) as fake:
        assert enrich_api(content, fake.url) == 1
        err = capsys.readouterr().err
        assert "arXiv:2410.99999 (" in err and "arXiv does not know this id" in err
        assert "warning: arXiv:2304.07193: withdrawn on arXiv" in err
        assert enrich_api(content, fake.url) == 1  # the answer is cached: no request, same report
        assert len(fake.requests) == 1
        assert "cached answer; --refresh asks again" in capsys.readouterr().err
        assert enrich_api(content, fake.url, "--refresh") == 1
        assert len(fake.requests) == 2


def test_client_drops_an_id_arxiv_rejects_and_asks_again():
    with FakeArxiv() as fake:
        answer = Client(base_url=fake.url, delay=0).fetch(["2006.16668", "abc", "2410.99999"])
    assert list(answer.records) == ["2006.16668"]
    assert answer.rejected == {"abc": "incorrect id format for abc"}
    assert answer.unknown == ["2410.99999"]
    assert len(fake.requests) == 2


def test_client_waits_between_requests_and_backs_off():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(round(seconds, 6))
        now[0] += seconds

    with FakeArxiv(script=[503, 429]) as fake:
        client = Client(base_url=fake.url, delay=3.0, sleep=sleep, clock=lambda: now[0])
        client.fetch(["2006.16668"])
        client.fetch(["2106.09685"])
    assert slept == [6.0, 12.0, 3.0]  # back-off after the 503 and the 429, then one 3 s turn
    assert client.requests == 4


# ---------------------------------------------------------------------------- the snapshot

def enrich_snapshot(content: Path, path: Path = SNAPSHOT) -> int:
    return main(["enrich", "--content", str(content), "--from", str(path), "-q"])


def test_snapshot_fills_real_titles_and_authors_then_changes_nothing(content, capsys):
    seeds_before = seeds_of(content)
    assert enrich_snapshot(content) == 0
    assert f"{SNAPSHOT}:4: not a metadata record" in capsys.readouterr().err
    pages = check_filled(content, seeds_before)
    assert pages["1111.2011"]["authors"][2] == "Zlatko Tešanović"  # Te\v{s}anovi\'c
    assert pages["2304.07193"]["authors"][21] == "Hervé Jegou"
    assert pages["2006.16668"]["date"] == "2020-06" and pages["2006.16668"]["categories"][0] == "cs.CL"
    first = tree(content)
    assert enrich_snapshot(content) == 0
    assert tree(content) == first


def test_snapshot_parses_only_the_lines_it_wants(content, monkeypatch):
    parsed = []
    real_loads = json.loads
    monkeypatch.setattr(snapshot_mod.json, "loads", lambda line: parsed.append(line) or real_loads(line))
    assert enrich_snapshot(content) == 0
    ids = sorted(real_loads(line)["id"] for line in list(parsed))
    assert ids == sorted(list(REAL) + ["hep-th/9711200"])  # never 0704.0001, never the broken line


def test_snapshot_failures_name_file_and_line(content, tmp_path, capsys):
    lines = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    broken = [line for line in lines if '"id":"2106.09685"' not in line and '"id":"2310.00426"' not in line]
    broken.insert(2, '{"id":"2106.09685","title":"LoRA: Low-Rank Adaptation of Large Lang')
    broken = [line.replace('"abstract":"  The recent', '"abstract":"  This paper has been withdrawn. The recent')
              for line in broken]
    path = tmp_path / "snap.json.gz"
    path.write_bytes(gzip.compress(("\n".join(broken) + "\n").encode("utf-8")))
    assert enrich_snapshot(content, path) == 1
    err = capsys.readouterr().err
    assert f"{path}:3: malformed JSON for arXiv:2106.09685" in err
    assert "arXiv:2310.00426 (" in err and "not in snap.json.gz" in err
    assert "warning: arXiv:2304.07193: withdrawn on arXiv" in err
    assert read_page(content / "papers" / "2304.07193.md").meta["authors"]  # the rest went on
    assert main(["enrich", "--content", str(content), "--from", str(tmp_path / "none.json")]) == 1


# ---------------------------------------------------------------------------- ownership and cleaning

def test_a_field_a_person_emptied_stays_empty_and_curated_pages_are_left_alone():
    record = from_raw({"id": "2006.16668", "title": "Real", "authors": ["A B"], "published": "2020-06-30",
                       "categories": ["cs.CL"]})
    meta = {"slug": "x", "title": "derived", "arxiv": "2006.16668", "date": "2020-06", "authors": []}
    set_generated(meta, "title", "derived")
    assert apply_record(meta, record) == ["title", "authors", "categories"]
    meta["authors"] = []  # a person removes the list enrich wrote
    meta["date"] = "2021-01"  # and corrects the date
    assert apply_record(meta, record) == []
    assert meta["authors"] == [] and meta["date"] == "2021-01"
    curated = {"slug": "y", "title": "Curated", "arxiv": "2006.16668", "date": None, "authors": []}
    assert is_curated(curated) and apply_record(curated, record) == []
    assert curated == {"slug": "y", "title": "Curated", "arxiv": "2006.16668", "date": None, "authors": []}


def test_latex_and_folded_lines_become_readable_unicode():
    assert clean_text("Graph Attention\n  Networks") == "Graph Attention Networks"
    assert clean_text(r"Veli\v{c}kovi\'c and L\'elio") == "Veličković and Lélio"
    assert clean_text(r"PixArt-$\alpha$: $1.9\times$ faster, 50% less, R&D") == "PixArt-α: 1.9× faster, 50% less, R&D"
    assert clean_text(r"Costs $5") == "Costs $5"
    assert author_name(r"Veli\v{c}kovi\'c", "Petar", "") == "Petar Veličković"
    assert author_name("Yuan", "C. -P.", "Jr") == "C. -P. Yuan Jr"
    assert from_raw({"id": "1", "title": "t", "authors": [["Renard Lavaud", r"L\'elio", ""]]}).authors == [
        "Lélio Renard Lavaud"]


@pytest.mark.parametrize("title, shown", [  # real 2025 arXiv titles, as arXiv gives them
    (r"$\texttt{Complex-Edit}$: CoT-Like Instruction Generation", "Complex-Edit: CoT-Like Instruction Generation"),
    (r"$ρ$-$\texttt{EOS}$: Training-free Bidirectional Variable-Length Control", "ρ-EOS: Training-free Bidirectional Variable-Length Control"),
    (r"GRAM-R$^2$: Self-Training Generative Foundation Reward Models", "GRAM-R²: Self-Training Generative Foundation Reward Models"),
    (r"UpSafe$^\circ$C: Upcycling for Controllable Safety", "UpSafe°C: Upcycling for Controllable Safety"),
    (r"Open-Domain 360$^{\circ}$ Panorama Generation", "Open-Domain 360° Panorama Generation"),
    (r"MEGS$^{2}$: Memory-Efficient Gaussian Splatting", "MEGS²: Memory-Efficient Gaussian Splatting"),
    (r"Robust Instance Retrieval in $\mathcal{SHOIQ}$ and $\mathbf{Agents}$", "Robust Instance Retrieval in 𝒮ℋ𝒪ℐ𝒬 and Agents"),
    (r"over Galois Rings $\mathrm{GR}(p^{n}, \ell)$", "over Galois Rings GR(p^n, ℓ)"),
])
def test_a_titles_tex_keeps_its_words_and_common_superscripts(title, shown):
    """latex2text alone dropped \\texttt{…} (the paper's name), wrote \\mathbf in math letters
    no search finds, and left "R^2" and "360^∘"."""
    assert clean_text(title) == shown


def test_ids_with_versions_and_old_style_ids():
    assert base_id("2410.02098v2") == "2410.02098"
    assert base_id("arXiv:hep-th/9901001v1") == "hep-th/9901001"
    assert base_id("math.GT/0309136") == "math/0309136"
    assert base_id("not an id") is None
    assert Record(id="x", journal="Adv.Theor.Math.Phys.2:231-252,1998").journal_year == "1998"


def test_feed_parsing_follows_the_documented_and_the_current_format():
    records, errors = parse_feed((DATA / "api_entries.xml").read_bytes())
    assert set(records) == {"2006.16668", "2106.09685", "2310.00426", "2304.07193", "1111.2011", "hep-th/9711200"}
    assert records["1111.2011"]["published"] == "2011-11-08" and errors == []
    # The shape of a recorded answer after arXiv's 2025 API rewrite: namespaces on the root.
    current = (b'<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">'
               b"<entry><id>http://arxiv.org/abs/1707.08567v1</id><title>Proceedings of Workshop AEW10</title>"
               b'<category term="cs.IT" scheme="http://arxiv.org/schemas/atom"/><published>2017-07-27T08:18:33Z'
               b'</published><arxiv:comment>44 pages</arxiv:comment><arxiv:primary_category term="cs.IT"/>'
               b"<author><name>Stan Baggen</name></author></entry></feed>")
    records, _ = parse_feed(current)
    assert records["1707.08567"]["comment"] == "44 pages" and records["1707.08567"]["categories"] == ["cs.IT"]


# ---------------------------------------------------------------------------- what the site makes of it

def test_the_site_uses_what_enrich_brings(content, tmp_path):
    from bs4 import BeautifulSoup
    from catalog.render.pipeline import render_site

    assert enrich_snapshot(content) == 0
    site = tmp_path / "site"
    render_site(content, site, say=lambda *a: None)
    page = BeautifulSoup((site / "papers" / "maldacena" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("dd.categories").text == "hep-th"
    meta = {m["name"]: m["content"] for m in page.find_all("meta", attrs={"name": True})}
    assert meta["citation_doi"] == "10.1023/A:1026654312961"
    assert meta["citation_journal_title"] == "Adv.Theor.Math.Phys.2:231-252,1998"
    assert meta["citation_author"] == "Juan M. Maldacena"
    assert page.find("a", href="https://doi.org/10.1023/A%3A1026654312961") is not None
    from render_helpers import page_bibtex
    bib = page_bibtex(site, page)  # made from the page by site.js: tests/test_bibtex_browser.py
    assert bib.startswith("@article{maldacena199") and "author        = {Juan M. Maldacena}" in bib
    assert re.search(r"year += \{(1997|1998)\}", bib)  # the arXiv year, or the journal's by the reader's rule
    assert "journal       = {Adv.Theor.Math.Phys.2:231-252,1998}" in bib and "doi           = {10.1023/A:1026654312961}" in bib
    exported = {p["slug"]: p for p in json.loads((site / "papers.json").read_text(encoding="utf-8"))}
    assert exported["2310.00426"]["title"].startswith("PixArt-α") and exported["2310.00426"]["categories"] == ["cs.CV"]


def test_cache_survives_a_torn_last_line(tmp_path):
    from catalog.enrich.cache import Cache

    cache = Cache(tmp_path)
    cache.add({"2006.16668": {"id": "2006.16668", "title": "GShard"}}, ["2410.99999"])
    with (tmp_path / "api.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "2106.09685", "title": "Lo')  # the run was killed mid-line
    again = Cache(tmp_path)
    assert again.get("2006.16668")["title"] == "GShard" and again.get("2410.99999") is None
    assert "2106.09685" not in again
    again.add({"2106.09685": {"id": "2106.09685", "title": "LoRA"}}, [])
    assert Cache(tmp_path).get("2106.09685")["title"] == "LoRA"
    assert "2006.16668" not in Cache(tmp_path, use_existing=False)
