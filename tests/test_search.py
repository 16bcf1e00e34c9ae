"""Search index (catalog/render/search.py, pagefind_files.py) and the search markup, without a browser.

The index is read back the way Pagefind's client reads it: gzip'd CBOR behind a
"pagefind_dcd" signature (fragments are gzip'd JSON). Browser behaviour is in
test_search_browser.py.
"""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from catalog.render import pagefind_files, search, site as render
from catalog.errors import ContentError
from catalog.render.exports import read_catalog
from catalog.render.pipeline import render_site
from render_helpers import all_files, build, copy_fixture, soup

ROOT = Path(__file__).resolve().parent.parent


def fragments(site: Path) -> dict[str, dict]:
    """url -> fragment (content, meta, filters) for every page in the index."""
    out = {}
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        fragment = json.loads(raw[raw.index(b"{"):])
        out[fragment["url"]] = fragment
    return out


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "site"
    render_site(ROOT / "content", out, say=lambda *a: None)
    return out


def test_only_paper_pages_are_indexed(seed_site):
    papers = json.loads((seed_site / "papers.json").read_text(encoding="utf-8"))
    indexed = fragments(seed_site)
    assert set(indexed) == {"/" + p["url"] for p in papers}
    assert len(indexed) == 27
    entry = json.loads((seed_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 27


def test_fragment_holds_abstract_meta_filters_but_not_bibtex_or_related(seed_site):
    papers = {p["slug"]: p for p in read_catalog(seed_site)}
    fragment = fragments(seed_site)["/papers/2410.02098/"]
    paper = papers["2410.02098"]
    assert fragment["content"].startswith(paper["abstract"][:60])
    assert fragment["content"].endswith(paper["abstract"][-60:])  # the abstract, and only it
    for absent in ("@article", "eprint", "archivePrefix", "Related papers", "Newer in", "All topics", paper["title"]):
        assert absent not in fragment["content"]
    # title, authors, venue and ids are searched as metadata (search.js weights them)
    assert fragment["meta"]["authors"] == ", ".join(paper["authors"][:6]) + ", et al."  # shown in results
    assert fragment["meta"]["names"] == ", ".join(paper["authors"][6:])                # searched too
    assert fragment["meta"]["ids"] == "2410.02098 arXiv:2410.02098"
    page = soup(seed_site / "papers" / "2410.02098" / "index.html")
    for related in page.select(".related li a"):
        assert related.get_text(strip=True) not in fragment["content"]
    assert fragment["meta"]["title"] == paper["title"]
    assert fragment["meta"]["venue"] == paper["venue"]
    assert fragment["filters"] == {"topic": paper["topics"], "year": ["2025"]}  # ICLR 2025, not the arXiv year 2024


def test_undated_paper_still_sorts(tmp_path):
    out = build(copy_fixture(tmp_path), tmp_path / "site")
    fragment = fragments(out)["/papers/undated-note/"]
    assert "year" not in fragment["filters"]
    meta = pagefind_files._read_cbor(next((out / "pagefind").glob("pagefind.*.pf_meta")))
    sorts = dict((name, pages) for name, pages in meta[4])
    assert len(sorts["date"]) == len(fragments(out))  # every page carries the sort key


def test_search_markup_uses_the_base_url(tmp_path):
    out = build(copy_fixture(tmp_path), tmp_path / "site", base_url="/catalog/")
    index = soup(out / "index.html")
    panel = index.select_one("[data-search]")
    assert panel["data-bundle"] == "/catalog/pagefind/" and panel["data-base"] == "/catalog/"
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert index.select_one("script[src^='/catalog/static/search.js?v=']")
    assert index.select_one("script[src^='/catalog/static/search-text.js?v=']")
    paper = soup(out / "papers" / "ferret-ui" / "index.html")
    assert paper.select_one(".header-row")["data-search-action"] == "/catalog/"  # site.js: the header form's action
    assert not paper.select("script[src*='search']")  # the panel's code: only where the panel is


def test_without_javascript_the_search_explains_itself_and_links_remain(seed_site):
    for page in (seed_site / "index.html", seed_site / "topics" / "moe" / "index.html"):
        html = soup(page)
        assert "js-only" in html.select_one(".search-form")["class"]    # CSS hides it without JS
        note = html.select_one("[data-search-nojs]")
        assert "no-js-only" in note["class"] and "JavaScript" in note.get_text()
        assert html.select("li.entry .entry-title a[href]")              # plain links to papers
    paper = soup(seed_site / "papers" / "ferret-ui" / "index.html")
    assert paper.select_one(".header-row[data-search-action]")    # site.js makes the header's form there
    assert not paper.select("form, button")                        # the page carries no control that needs JavaScript
    assert not soup(seed_site / "index.html").select_one("[data-search-action]")  # the panel is there instead


def test_two_builds_give_the_same_search_index(tmp_path):
    content = copy_fixture(tmp_path)
    first = {k: v for k, v in all_files(build(content, tmp_path / "a")).items() if k.startswith("pagefind/")}
    second = {k: v for k, v in all_files(build(content, tmp_path / "b")).items() if k.startswith("pagefind/")}
    assert any(k.startswith("pagefind/filter/") for k in first)
    assert first == second


def test_the_index_is_made_from_the_papers_not_the_page_layout(tmp_path, monkeypatch):
    content = copy_fixture(tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    monkeypatch.setattr(render, "TEMPLATES", templates)
    monkeypatch.setattr(render, "STATIC", templates / "static")
    out = build(content, tmp_path / "site")
    page = out / "papers" / "2410.02098" / "index.html"
    assert "data-pagefind" not in page.read_text(encoding="utf-8")  # nothing hidden in the pages for it
    before = {k: v for k, v in all_files(out).items() if k.startswith("pagefind/")}
    layout = templates / "paper.html"
    layout.write_text(layout.read_text(encoding="utf-8").replace('<article class="paper">', '<article class="paper" data-v="2">'),
                      encoding="utf-8")
    summary = render_site(content, out, say=lambda *a: None)
    assert "papers/2410.02098/index.html" in summary.changed and summary.search == "unchanged"
    assert {k: v for k, v in all_files(out).items() if k.startswith("pagefind/")} == before


@pytest.mark.parametrize("cache", [False, True])
def test_failed_index_keeps_the_old_site(tmp_path, monkeypatch, cache):
    content = copy_fixture(tmp_path)
    out = build(content, tmp_path / "site")
    before = all_files(out)
    page = content / "papers" / "2410.02098.md"
    page.write_text(page.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    monkeypatch.setattr(search, "executable", lambda: Path("/bin/false"))
    with pytest.raises(ContentError, match="search index failed"):
        build(content, out, cache=cache)
    assert all_files(out) == before
    assert not list(tmp_path.glob(".site-build-*"))


def test_index_must_hold_one_page_per_paper(tmp_path):
    same_url = [("/papers/a/", "<html><body><p>one</p></body></html>"), ("/papers/a/", "<html><body><p>two</p></body></html>")]
    with pytest.raises(ContentError, match="holds 1 pages, expected one per paper \\(2\\)"):
        search.build_index(iter(same_url), 2, tmp_path / "bundle", say=lambda *a: None)


def test_pagefind_errors_are_reported(tmp_path):
    with pytest.raises(ContentError, match="search index failed"):  # a record without a URL
        search.build_index(iter([(None, "<html><body><p>x</p></body></html>")]), 1, tmp_path / "b", say=lambda *a: None)


def test_a_record_that_cannot_be_made_stops_the_index_not_the_build_forever(tmp_path):
    def recs():
        yield "/papers/a/", "<html><body><p>one</p></body></html>"
        raise RuntimeError("no record for b")
    with pytest.raises(RuntimeError, match="no record for b"):
        search.build_index(recs(), 2, tmp_path / "bundle", say=lambda *a: None)


@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 70000, 2**33, -1, -500, "", "é✓", b"\x00", True, None,
                                   [], [1, ["a", [2, 3]], "x" * 300]])
def test_cbor_round_trip(value):
    data = pagefind_files._encode(value)
    assert pagefind_files._decode(data, 0) == (value, len(data))
