"""The search index in shards (catalog/render/shards.py), with the threshold set low so
the seed catalog (27 papers) makes three shards; in a browser (headless chromium, as in
test_search_browser.py): a query, the filters and the date sort across shards, at the
root and under a sub-path."""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from catalog.render import shards
from catalog.render.model import publication_date
from catalog.render.site import render_site
from render_helpers import all_files
from test_search_browser import (browser, page, papers, result_hrefs, seed_sites, show_all, type_query,  # noqa: F401
                                 wait_for_query)

ROOT = Path(__file__).resolve().parent.parent
SMALL = 10  # papers a shard: 27 seed papers -> 3 shards of 8, 11 and 8


def bundles(site: Path) -> list[Path]:
    return [site / "pagefind" / shards.folder(i) for i in range(3)]


def indexed(bundle: Path) -> list[str]:
    urls = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        urls.append(json.loads(raw[raw.index(b"{"):])["url"])
    return urls


@contextlib.contextmanager
def small_shards():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shards, "SHARD_PAPERS", SMALL)
        yield


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The seed site in shards, at "/" and at "/catalog/", each served on its own port."""
    sites, servers = seed_sites(tmp_path_factory.mktemp("shards"), small_shards)
    yield sites
    for server in servers:
        server.shutdown()


def test_shards_together_index_every_paper_once(sharded):
    site = sharded["/"][0]
    assert shards.count(27) == 1  # the threshold is back: the seed catalog is one index
    found = [indexed(b) for b in bundles(site)]
    for i, urls in enumerate(found):
        entry = json.loads((bundles(site)[i] / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == len(urls) > 0
        assert all(shards.shard_of(u.split("/")[2], 3) == i for u in urls)  # the paper's own shard
    every = [u for urls in found for u in urls]
    assert sorted(every) == sorted("/" + p["url"] for p in papers(site)) and len(every) == 27
    assert not (site / "pagefind" / "shard-3").exists()
    assert 'data-shards="3"' in (site / "index.html").read_text(encoding="utf-8")
    assert 'data-shards' not in (site / "papers" / "ferret-ui" / "index.html").read_text(encoding="utf-8")


def test_an_edit_reindexes_only_its_shard_and_rebuilds_are_identical(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "SHARD_PAPERS", SMALL)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".cache"))
    said = []
    render_site(content, tmp_path / "a", say=lambda *a, **k: said.append(" ".join(map(str, a))))
    first = all_files(tmp_path / "a" / "pagefind")
    page = content / "papers" / "ferret-ui.md"  # in shard 2
    page.write_text(page.read_text(encoding="utf-8").replace("UI screens", "UI screens, edited", 1), encoding="utf-8")
    said.clear()
    render_site(content, tmp_path / "a", say=lambda *a, **k: said.append(" ".join(map(str, a))))
    assert sum("papers unchanged (shard" in line for line in said) == 2
    assert sum(line.startswith("search index: 8 papers in") and "(shard 2 of 3)" in line for line in said) == 1
    second = all_files(tmp_path / "a" / "pagefind")
    changed = {p.split("/")[0] if p.startswith("shard-") else "" for p in set(first) ^ set(second)}
    changed |= {p.split("/")[0] if p.startswith("shard-") else "" for p in first if p in second and first[p] != second[p]}
    assert changed == {"shard-2", ""}  # "": the primary's site-wide index key only
    assert {p for p in set(first) ^ set(second) if not p.startswith("shard-")} == set()
    render_site(content, tmp_path / "b", say=lambda *a: None, cache=False)
    clean = all_files(tmp_path / "b" / "pagefind")
    assert clean == second  # byte-identical, shard by shard


@pytest.mark.browser
def test_a_query_finds_a_paper_of_another_shard(page, sharded):  # noqa: F811
    page.goto(sharded["/"][1])
    type_query(page, "UI screens")  # ferret-ui is in shard 2
    assert result_hrefs(page)[0] == "/papers/ferret-ui/"
    page.goto(sharded["/"][1])
    type_query(page, "sigmoid")  # shard 1
    assert result_hrefs(page)[0] == "/papers/sigmoid-self-attention/"


@pytest.mark.browser
def test_year_topic_and_date_sort_across_shards(page, sharded):  # noqa: F811
    site, url = sharded["/"]
    by_url = {"/" + p["url"]: p for p in papers(site)}
    page.goto(url + "?year=2024&sort=date-asc")
    wait_for_query(page, "")
    expected = [u for u, p in by_url.items() if (publication_date(p) or "").startswith("2024")]
    hrefs = show_all(page)
    assert len(expected) == 7 and set(hrefs) == set(expected) and len(hrefs) == 7
    assert {shards.shard_of(h.split("/")[2], 3) for h in hrefs} != {0}
    dates = [publication_date(by_url[h]) for h in hrefs]
    assert dates == sorted(dates)
    page.goto(url + "?topic=alignment")
    wait_for_query(page, "")
    hrefs = show_all(page)
    assert set(hrefs) == {u for u, p in by_url.items() if "alignment" in p["topics"]} and len(hrefs) == len(set(hrefs))
    dates = [by_url[h]["date"] or "" for h in hrefs]
    assert dates == sorted(dates, reverse=True)  # browsing: newest first, across the shards


@pytest.mark.browser
def test_shards_work_under_a_sub_path(page, sharded):  # noqa: F811
    url = sharded["/catalog/"][1]
    requests = []
    page.on("response", lambda r: requests.append((r.url, r.status)))
    page.goto(url)
    type_query(page, "UI screens")
    hrefs = result_hrefs(page)
    assert hrefs[0] == "/catalog/papers/ferret-ui/" and all(h.startswith("/catalog/papers/") for h in hrefs)
    index_files = [u for u, _ in requests if "/pagefind/" in u]
    assert any("/pagefind/shard-2/" in u for u in index_files)
    assert all(urlsplit(u).path.startswith("/catalog/pagefind/") for u in index_files)
    assert all(status < 400 for _, status in requests), [r for r in requests if r[1] >= 400]
    # Pagefind loads its WebAssembly once for all three shards; each shard adds its entry and metadata
    assert [urlsplit(u).path for u in index_files if ".pagefind" in u] == ["/catalog/pagefind/wasm.en.pagefind"]
    assert sum(urlsplit(u).path.endswith("pagefind-entry.json") for u in index_files) == 3
