"""Cached rebuilds after one edit, as the command line runs them (render_site with the cache
in .cache/): byte-identical to a clean build, and only the work the edit needs is done —
related lists kept on a title edit, export pieces reused (fragments.py), folders whose
mtime did not change not listed (files.unknown)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from catalog.pages import dump_page, read_page
from catalog.engine import files as sitefiles
from catalog.render import bibtex, exports, fragments, pipeline, search
from catalog.render.exports import read_catalog
from catalog.render.pipeline import render_site

ROOT = Path(__file__).resolve().parent.parent
SLUG = "2403.09611"  # MM1, in the seed catalog
OTHER = "2309.04354"


@pytest.fixture
def content(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("sources"))
    monkeypatch.setattr(search, "build_index", lambda *a, **k: 0.0)  # Pagefind's output is not ours
    return content


def edit(content: Path, slug: str, **fields) -> None:
    path = content / "papers" / f"{slug}.md"
    page = read_page(path)
    body = fields.pop("body", page.body)
    page.meta.update(fields)
    path.write_text(dump_page(page.meta, body), encoding="utf-8")


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def build(content: Path, site: Path, **options):
    return render_site(content, site, say=lambda *a: None, warn=lambda *a: None, **options)


EDITS = {
    "title": lambda c: edit(c, SLUG, title="A Completely New Title About Routing Experts"),
    "abstract": lambda c: edit(c, SLUG, body="We study sparse experts and routing. " * 5),
    "topics": lambda c: edit(c, SLUG, topics=["alignment", "efficiency"]),
    "undated": lambda c: edit(c, SLUG, date=None, year=None, venue=None),
    "citation key moves to another paper": lambda c: (
        edit(c, SLUG, title="Same Words", authors=["A Smith"], date="2024-01", venue=None),
        edit(c, OTHER, title="Same Words", authors=["B Smith"], date="2024-02", venue=None)),
    "withdrawn": lambda c: edit(c, SLUG, withdrawn=True),
}


@pytest.mark.parametrize("site_url", [None, "https://example.org/catalog/"])
@pytest.mark.parametrize("search_index", [False, True])  # in place / staged
@pytest.mark.parametrize("name", list(EDITS))
def test_cached_rebuild_matches_clean_build(content, tmp_path, name, site_url, search_index):
    site = tmp_path / "site"
    build(content, site, site_url=site_url, search=search_index)
    EDITS[name](content)
    summary = build(content, site, site_url=site_url, search=search_index)
    assert 0 < summary.rendered < 100
    build(content, tmp_path / "clean", site_url=site_url, search=search_index, cache=False)
    assert tree(site) == tree(tmp_path / "clean")


def test_title_edit_keeps_every_related_list(content, tmp_path, monkeypatch):
    site = tmp_path / "site"
    first = pipeline.SiteBuild(pipeline.Options(content=content, output=site, search=False), say=lambda *a: None)
    first.run()
    before = {p.slug: [r.slug for r in p.related] for p in first.model.papers}
    first.close()
    edit(content, SLUG, title="Routing Experts, Retitled")

    def recomputed(*args):
        raise AssertionError("related lists recomputed after a title edit")
    monkeypatch.setattr(pipeline, "related_vectors", recomputed)
    again = pipeline.SiteBuild(pipeline.Options(content=content, output=site, search=False), say=lambda *a: None)
    again.run()
    assert {p.slug: [r.slug for r in p.related] for p in again.model.papers} == before
    assert "Routing Experts, Retitled" in (site / "papers" / SLUG / "index.html").read_text(encoding="utf-8")
    again.close()


def test_title_edit_renders_only_its_own_export_pieces(content, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(content, site, site_url="https://example.org/")
    calls = []
    entry = bibtex.entry
    monkeypatch.setattr(bibtex, "entry", lambda *a: calls.append(a[1]) or entry(*a))
    edit(content, SLUG, title="Only This Title")
    build(content, site, site_url="https://example.org/")
    assert len(calls) == 1  # its citation key changed with the title: that entry only
    assert "{Only This Title}" in (site / "catalog.bib").read_text(encoding="utf-8")
    calls.clear()
    build(content, site, site_url="https://example.org/other/")  # another url field (for papers without arXiv)
    assert len(calls) == 27  # every piece again, once (the paper pages take theirs from the pieces)


def test_stale_pieces_of_changed_code_are_not_used(content, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(content, site)
    (site / "papers.json").unlink()  # rendered again, from the pieces
    monkeypatch.setattr(fragments.exports, "record_json", lambda paper, inline: '{"changed": true}')
    monkeypatch.setattr(pipeline, "code_key", lambda: "other code")
    build(content, site)
    assert (site / "papers.json").read_text(encoding="utf-8").count('{"changed": true}') == 27


def test_folder_scan_finds_a_file_added_by_hand(content, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(content, site, search=False)
    old = time.time() - 3600
    for folder in [site, *(p for p in site.rglob("*") if p.is_dir())]:
        os.utime(folder, (old, old))  # as if built an hour ago: mtimes the scan can trust
    edit(content, SLUG, title="First Edit")
    build(content, site, search=False)  # lists every folder (their mtimes changed), records them
    (site / "papers" / OTHER / "notes.txt").write_text("mine", encoding="utf-8")
    (site / "topics" / "stray").mkdir()
    (site / "topics" / "stray" / "index.html").write_text("old", encoding="utf-8")
    listed = []
    scandir = os.scandir
    monkeypatch.setattr(sitefiles.os, "scandir", lambda path: listed.append(path) or scandir(path))
    edit(content, SLUG, title="Second Edit")
    summary = build(content, site, search=False)
    assert not (site / "papers" / OTHER / "notes.txt").exists() and not (site / "topics" / "stray").exists()
    assert summary.removed == 2
    papers = len(list((content / "papers").glob("*.md")))
    listed = [path for path in map(str, listed) if path.startswith(str(site))]
    assert len(listed) < papers / 2  # the folders whose mtime changed, not all of them
    build(content, tmp_path / "clean", search=False, cache=False)
    assert tree(site) == tree(tmp_path / "clean")


def test_compiled_templates_follow_the_base_url(content, tmp_path):
    """Jinja folds `"path" | url` when it compiles a template, and compiled templates are
    cached: a build under another base URL must not reuse the old prefix."""
    build(content, tmp_path / "root")
    build(content, tmp_path / "sub", base_url="/catalog/")
    shutil.rmtree(content.parent / ".cache")
    build(content, tmp_path / "clean", base_url="/catalog/")
    assert tree(tmp_path / "sub") == tree(tmp_path / "clean")
    assert 'href="/catalog/static/site.css' in (tmp_path / "sub" / "index.html").read_text(encoding="utf-8")


def test_an_abstract_edit_rewrites_its_year_s_abstracts_file_only(content, tmp_path, monkeypatch):
    site = tmp_path / "site"
    monkeypatch.setattr(exports, "INLINE_ABSTRACTS", 10)  # a large catalog: abstracts beside papers.json
    build(content, site)
    calls = []
    write = exports.write_abstracts
    monkeypatch.setattr(exports, "write_abstracts", lambda model, out, name: calls.append(name) or write(model, out, name))
    edit(content, SLUG, body="We study sparse experts and routing. " * 5)  # MM1: ECCV 2024
    build(content, site)
    assert calls == ["abstracts/2024.json.gz"]
    assert next(r for r in read_catalog(site) if r["slug"] == SLUG)["abstract"].startswith("We study sparse experts")
