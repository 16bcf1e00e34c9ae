"""The search index of a large catalog: built in shards (catalog/render/shards.py), merged
into one index (shard_merge.py). The shard threshold is set low so that small catalogs
make several shards. The merged index is checked file by file against the index one
Pagefind run makes of the same records (so it gives the same results, filter counts and
sort orders); in a browser (headless chromium, as in test_search_browser.py): a query, the
filters and the date sort, at the root and under a sub-path, from one index."""

from __future__ import annotations

import contextlib
import gzip
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from catalog.errors import ContentError
from catalog.render import shard_merge, shards
from catalog.render.model import publication_date
from catalog.render.pipeline import render_site
from render_helpers import all_files
from test_search_browser import (browser, page, papers, result_hrefs, seed_sites, show_all, type_query,  # noqa: F401
                                 wait_for_query)

ROOT = Path(__file__).resolve().parent.parent
SMALL = 10  # papers a shard: 27 seed papers -> 3 shards of 8, 11 and 8


def index_files(bundle: Path) -> dict[str, bytes]:
    """The index's files, the .pf_* ones decompressed (Pagefind's gzip and ours may differ in
    bytes, not in content), without the build's own dotfiles."""
    return {rel: gzip.decompress(data) if ".pf_" in rel else data
            for rel, data in all_files(bundle).items() if not rel.split("/")[-1].startswith(".")}


def quiet(*args, **kwargs) -> None:
    pass


@contextlib.contextmanager
def small_shards(size: int = SMALL):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(shards, "SHARD_PAPERS", size)
        yield


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The seed site in shards, at "/" and at "/catalog/", each served on its own port."""
    sites, servers = seed_sites(tmp_path_factory.mktemp("shards"), small_shards)
    yield sites
    for server in servers:
        server.shutdown()


def test_the_merged_index_is_the_one_pagefind_builds(tmp_path):
    """400 synthetic papers (several word chunks, shards of ~130): every file of the merged
    index is the file one Pagefind run writes for the same records."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import make_catalog
    content = tmp_path / "content"
    make_catalog(content, 400)
    render_site(content, tmp_path / "one", say=quiet, cache=False)
    said = []
    with small_shards(150):
        render_site(content, tmp_path / "merged", say=lambda *a, **k: said.append(" ".join(map(str, a))), cache=False)
    assert sum("(shard " in line for line in said) == 3
    assert any("3 shards merged into one index of 400 papers" in line for line in said)
    one, merged = index_files(tmp_path / "one" / "pagefind"), index_files(tmp_path / "merged" / "pagefind")
    assert sum(rel.startswith("index/") for rel in one) > 3  # the words are cut in several chunks
    assert sorted(merged) == sorted(one) and merged == one
    assert not list((tmp_path / "merged" / "pagefind").glob("shard-*"))
    assert not list(tmp_path.glob(".shards-*")) and not list((tmp_path / ".cache").glob("*"))  # no cache: no store


def test_an_edit_reindexes_only_its_shard_then_merges(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "SHARD_PAPERS", SMALL)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".cache"))
    said = []
    render_site(content, tmp_path / "a", say=lambda *a, **k: said.append(" ".join(map(str, a))))
    store = tmp_path / ".cache" / "search-shards"
    assert sorted(p.name for p in store.glob("shard-*")) == ["shard-0", "shard-1", "shard-2"]
    first = index_files(tmp_path / "a" / "pagefind")
    inodes = {p.name: p.stat().st_ino for p in (tmp_path / "a" / "pagefind").rglob("*.pf_*")}
    page = content / "papers" / "ferret-ui.md"  # in shard 2
    page.write_text(page.read_text(encoding="utf-8").replace("UI screens", "UI screens, edited", 1), encoding="utf-8")
    said.clear()
    render_site(content, tmp_path / "a", say=lambda *a, **k: said.append(" ".join(map(str, a))))
    assert sum("papers unchanged (shard" in line for line in said) == 2
    assert sum(line.startswith("search index: 8 papers in") and "(shard 2 of 3)" in line for line in said) == 1
    second = index_files(tmp_path / "a" / "pagefind")
    assert second != first and set(second) - set(first)  # the edited words' chunk and the metadata
    kept = [p for p in (tmp_path / "a" / "pagefind" / "filter").glob("*.pf_filter") if p.name in inodes]
    assert kept and all(p.stat().st_ino == inodes[p.name] for p in kept)  # unchanged: linked, not written again
    assert any(b"edited" in data for rel, data in second.items() if rel.startswith("fragment/"))
    render_site(content, tmp_path / "b", say=quiet, cache=False)
    assert index_files(tmp_path / "b" / "pagefind") == second  # as a clean build
    monkeypatch.setattr(shards, "SHARD_PAPERS", shards.SHARD_PAPERS * 100)
    render_site(content, tmp_path / "one", say=quiet, cache=False)
    assert index_files(tmp_path / "one" / "pagefind") == second  # as one Pagefind run


def test_a_pagefind_of_another_format_fails_in_one_line_and_keeps_the_site(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "SHARD_PAPERS", SMALL)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns(".cache"))
    render_site(content, tmp_path / "site", say=quiet)
    before = all_files(tmp_path / "site")
    page = content / "papers" / "ferret-ui.md"
    page.write_text(page.read_text(encoding="utf-8").replace("UI screens", "UI screens, edited", 1), encoding="utf-8")
    monkeypatch.setattr(shard_merge, "FORMAT", "1.4.0")  # as if Pagefind 1.5.2 were not the version we know
    with pytest.raises(ContentError) as failed:
        render_site(content, tmp_path / "site", say=quiet)
    message = str(failed.value)
    assert "\n" not in message and "Pagefind 1.5.2 wrote this search shard" in message and "1.4.0" in message
    assert all_files(tmp_path / "site") == before


@pytest.mark.browser
def test_a_query_finds_papers_of_every_shard(page, sharded):  # noqa: F811
    page.goto(sharded["/"][1])
    type_query(page, "UI screens")  # ferret-ui is in shard 2
    assert result_hrefs(page)[0] == "/papers/ferret-ui/"
    page.goto(sharded["/"][1])
    type_query(page, "sigmoid")  # shard 1
    assert result_hrefs(page)[0] == "/papers/sigmoid-self-attention/"


@pytest.mark.browser
def test_year_topic_and_date_sort_over_the_merged_index(page, sharded):  # noqa: F811
    site, url = sharded["/"]
    by_url = {"/" + p["url"]: p for p in papers(site)}
    page.goto(url + "?year=2024&sort=date-asc")
    wait_for_query(page, "")
    expected = [u for u, p in by_url.items() if (publication_date(p) or "").startswith("2024")]
    hrefs = show_all(page)
    assert len(expected) == 7 and set(hrefs) == set(expected) and len(hrefs) == 7
    assert len({shards.shard_of(h.split("/")[2], 3) for h in hrefs}) > 1  # from several shards
    dates = [publication_date(by_url[h]) for h in hrefs]
    assert dates == sorted(dates)
    page.goto(url + "?topic=alignment")
    wait_for_query(page, "")
    hrefs = show_all(page)
    assert set(hrefs) == {u for u, p in by_url.items() if "alignment" in p["topics"]} and len(hrefs) == len(set(hrefs))
    dates = [by_url[h]["date"] or "" for h in hrefs]
    assert dates == sorted(dates, reverse=True)  # browsing: newest first


@pytest.mark.browser
def test_the_merged_index_works_under_a_sub_path(page, sharded):  # noqa: F811
    url = sharded["/catalog/"][1]
    requests = []
    page.on("response", lambda r: requests.append((r.url, r.status)))
    page.goto(url)
    type_query(page, "UI screens")
    hrefs = result_hrefs(page)
    assert hrefs[0] == "/catalog/papers/ferret-ui/" and all(h.startswith("/catalog/papers/") for h in hrefs)
    files = [urlsplit(u).path for u, _ in requests if "/pagefind/" in u]
    assert all(path.startswith("/catalog/pagefind/") and "shard-" not in path for path in files)
    assert all(status < 400 for _, status in requests), [r for r in requests if r[1] >= 400]
    assert files.count("/catalog/pagefind/pagefind-entry.json") == 1  # one index
    assert sum(path.endswith(".pf_meta") for path in files) == 1
