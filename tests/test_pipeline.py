"""The one build (catalog/render/pipeline.py): cache, pagination, feed size, search switch,
worker processes, related papers."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from catalog.cli import main
from catalog.engine import workers
from catalog.render import exports, related, site
from catalog.render.pipeline import render_site
from render_helpers import all_files, build, copy_fixture

ROOT = Path(__file__).resolve().parent.parent


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_topic_pages_paginate_with_prev_and_next(tmp_path, monkeypatch):
    monkeypatch.setattr(site, "TOPIC_PAGE_SIZE", 2)
    out = build(ROOT / "content", tmp_path / "site", cache=False, site_url="https://example.org")  # sitemap needs it
    papers = [p for p in __import__("json").loads((out / "papers.json").read_text(encoding="utf-8"))]
    moe = [p for p in papers if "multimodal" in p["topics"]]
    assert len(moe) > 4, "the seed catalog should have several multimodal papers"
    pages = 1 + (len(moe) - 1) // 2
    first, second = _soup(out / "topics/multimodal/index.html"), _soup(out / "topics/multimodal/page/2/index.html")
    assert first.select_one('link[rel="next"]')["href"] == "/topics/multimodal/page/2/"
    assert first.select_one('link[rel="prev"]') is None
    assert second.select_one('link[rel="prev"]')["href"] == "/topics/multimodal/"
    assert second.select_one('nav.pagination a[rel="next"]')["href"] == "/topics/multimodal/page/3/"
    last = _soup(out / f"topics/multimodal/page/{pages}/index.html")
    assert last.select_one('link[rel="next"]') is None
    assert not (out / f"topics/multimodal/page/{pages + 1}").exists()
    listed = []
    for n in range(1, pages + 1):
        page = out / ("topics/multimodal/index.html" if n == 1 else f"topics/multimodal/page/{n}/index.html")
        listed += [a["href"] for a in _soup(page).select("ol.entries .entry-title a")]
    assert listed == ["/" + p["url"] for p in moe]  # every paper once, newest first (papers.json order)
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/topics/multimodal/page/{pages}/</loc>" in sitemap


def test_feed_carries_the_newest_papers_and_the_export_all(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "FEED_ENTRIES", 5)
    out = build(ROOT / "content", tmp_path / "site", cache=False, site_url="https://example.org")  # feed needs it
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    papers = __import__("json").loads((out / "papers.json").read_text(encoding="utf-8"))
    assert feed.count("<entry>") == 5 and len(papers) == 27
    assert papers[0]["title"] in feed.replace("&amp;", "&")


def test_worker_processes_write_the_same_bytes(tmp_path, monkeypatch):
    one = build(ROOT / "content", tmp_path / "one", cache=False, jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(workers, "BLOCK", 4)
    two = build(ROOT / "content", tmp_path / "two", cache=False, jobs=2)
    assert all_files(one) == all_files(two)


def test_nothing_changed_renders_and_writes_nothing(tmp_path):
    content = copy_fixture(tmp_path)
    out = build(content, tmp_path / "site")
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    summary = render_site(content, out, say=lambda *a: None)
    assert summary.rendered == 0 and summary.written == 0 and summary.search == "unchanged"
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes
    assert (tmp_path / ".cache" / "render.sqlite").is_file()  # beside content/, not in the site


def test_venue_edit_rewrites_only_what_shows_it(tmp_path):
    content = copy_fixture(tmp_path)
    out = build(content, tmp_path / "site")
    page = content / "papers" / "2410.02098.md"
    page.write_text(page.read_text(encoding="utf-8").replace("venue:", 'venue: "Edited Venue 2031"\nold_venue:', 1),
                    encoding="utf-8")
    summary = render_site(content, out, say=lambda *a: None)
    assert "papers/2410.02098/index.html" in summary.changed and "404.html" not in summary.changed
    assert summary.search == "built"  # a paper page changed
    assert 0 < summary.rendered < summary.written + summary.unchanged


def test_no_search_switch(tmp_path, capsys):
    content = copy_fixture(tmp_path)
    out = tmp_path / "site"
    assert main(["render", "--content", str(content), "--output", str(out), "--no-search"]) == 0
    assert not (out / "pagefind").exists()
    assert "search index off" in capsys.readouterr().out
    assert main(["render", "--content", str(content), "--output", str(out)]) == 0
    assert (out / "pagefind" / "pagefind.js").is_file()
    printed = capsys.readouterr().out
    assert "search index built" in printed and "files written" in printed and "warnings" in printed
    assert main(["render", "--content", str(content), "--output", str(out)]) == 0
    assert "0 files written" in capsys.readouterr().out


def test_related_papers_share_the_subject():
    experts = ["sparse mixture experts router load balancing tokens", "experts router capacity sparse gating",
               "router experts sparse routing collapse", "gating experts sparse upcycling router"]
    reward = ["reward model preference alignment human feedback", "preference optimisation reward alignment",
              "human feedback reward hacking alignment", "alignment preference reward overoptimisation"]
    docs = [(f"e{i}", t) for i, t in enumerate(experts)] + [(f"r{i}", t) for i, t in enumerate(reward)]
    result = related.related(docs + [("x", "an unrelated note about gardening")], 2)
    for slug, others in result.items():
        if slug != "x":
            assert others and all(o[0] == slug[0] for o in others), (slug, others)
    assert result["x"] == []


def test_cache_survives_a_broken_cache_file(tmp_path):
    content = copy_fixture(tmp_path)
    build(content, tmp_path / "site")
    cache = tmp_path / ".cache" / "render.sqlite"
    for extra in cache.parent.glob("render.sqlite-*"):
        os.remove(extra)
    cache.write_bytes(b"not a database")
    out = build(content, tmp_path / "site2")
    assert all_files(out) == all_files(build(content, tmp_path / "site3", cache=False))


def test_errors_in_worker_processes_name_the_file_and_line(tmp_path, monkeypatch):
    from catalog.errors import ContentError
    import pytest
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    content = copy_fixture(tmp_path)
    (content / "papers" / "broken.md").write_text(
        '---\nslug: "broken"\ntitle: "Broken"\nauthors: [unclosed\ntopics: []\n---\nBody.\n', encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build(content, tmp_path / "site", cache=False, jobs=2)
    assert failure.value.path.endswith("broken.md") and failure.value.line in (4, 5)


def test_workers_show_related_papers_and_neighbours_as_one_process(tmp_path, monkeypatch):
    """Workers get related papers and neighbours cut to what their line shows (chunks.LISTED):
    a title made from the abstract (its `generated:` record), a `year:` that wins over the
    date, venues and comments must come out as in one process."""
    from catalog.ownership import set_derived_title
    from catalog.pages import dump_page, read_page
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for i, path in enumerate(sorted((content / "papers").glob("*.md"))):
        page = read_page(path, report=False)
        if i % 2:
            set_derived_title(page.meta, page.meta["title"] or page.slug)
        if i % 3 == 0:
            page.meta["year"], page.meta["venue"] = "2019", None
        if i % 4 == 1:
            page.meta["venue"], page.meta["comments"] = None, ["9 pages", "Accepted at a workshop"]
        path.write_text(dump_page(page.meta, page.body), encoding="utf-8")
    one = build(content, tmp_path / "one", cache=False, jobs=1)
    monkeypatch.setattr(workers, "PARALLEL_MIN", 1)
    monkeypatch.setattr(workers, "BLOCK", 4)
    two = build(content, tmp_path / "two", cache=False, jobs=2)
    assert all_files(one) == all_files(two)
    lines = [a for page in (two / "papers").glob("*/index.html") for a in _soup(page).select(".related li, .pager a")]
    assert any("derived" in str(a) for a in lines)              # the derived-title mark on a listed paper
    assert any('datetime="2019"' in str(a) for a in lines)      # its year, from `year:`
    assert any("Accepted at a workshop" in str(a) for a in lines)
