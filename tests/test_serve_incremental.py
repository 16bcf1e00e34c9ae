"""Incremental rebuilds (the one build, catalog/render/pipeline.py, as serve runs it through
catalog/serve/builder.py): after every kind of edit the site is byte-identical to a clean
build (no cache) into another directory, and only what the edit affects is rewritten."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.render import site as render, search
from catalog.render.pipeline import render_site
from catalog.serve.builder import Builder, BuildError
from catalog.pages import dump_page, new_meta, read_page

ROOT = Path(__file__).resolve().parent.parent
SEED_SLUG = "2403.09611"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A copy of the repository's content/ and templates/; render reads the copy."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    monkeypatch.setattr(render, "TEMPLATES", templates)
    monkeypatch.setattr(render, "STATIC", templates / "static")
    monkeypatch.setattr(search, "build_index", lambda *a, **k: 0.0)  # Pagefind output is not ours
    return tmp_path


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")}


def assert_same_as_full_build(root: Path, site: Path, **options) -> None:
    reference = root / "reference"
    shutil.rmtree(reference, ignore_errors=True)
    render_site(root / "content", reference, say=lambda *a: None, cache=False, **options)
    expected, actual = files(reference), files(site)
    assert sorted(actual) == sorted(expected)
    different = [name for name in expected if expected[name] != actual[name]]
    assert different == []


def builder(root: Path, **options) -> Builder:
    b = Builder(root / "content", root / "site", say=lambda *a: None, templates=render.TEMPLATES, **options)
    b.full()
    return b


def edit_page(root: Path, slug: str, **fields) -> Path:
    path = root / "content" / "papers" / f"{slug}.md"
    page = read_page(path)
    body = fields.pop("body", page.body)
    page.meta.update(fields)
    path.write_text(dump_page(page.meta, body), encoding="utf-8")
    return path


def rebuild(b: Builder, changed: list[Path]) -> set[str]:
    written = set()
    preview = b.preview(changed)
    if preview:
        written |= preview.changed
    for stage in b.update(changed):
        written |= stage.changed
    return written


def other_slug(root: Path, but: str) -> str:
    return next(p.stem for p in sorted((root / "content" / "papers").glob("*.md")) if p.stem != but)


EDITS = {
    "title": lambda root: [edit_page(root, SEED_SLUG, title="A Completely New Title About Routing Experts")],
    "abstract": lambda root: [edit_page(root, SEED_SLUG, body="We study sparse experts and routing. " * 5)],
    "date moves it": lambda root: [edit_page(root, SEED_SLUG, date="2019-01")],
    "undated": lambda root: [edit_page(root, SEED_SLUG, date=None)],
    "topics": lambda root: [edit_page(root, SEED_SLUG, topics=["alignment", "efficiency"])],
    "no topic -> Other": lambda root: [edit_page(root, SEED_SLUG, topics=[])],
    "authors and venue": lambda root: [edit_page(root, SEED_SLUG, authors=["Ada Lovelace"], venue="NeurIPS 2030")],
    "cite key collision": lambda root: [
        edit_page(root, SEED_SLUG, title="Same Words", authors=["A Smith"], date="2024-01"),
        edit_page(root, other_slug(root, SEED_SLUG), title="Same Words", authors=["B Smith"], date="2024-02"),
    ],
    "two pages at once": lambda root: [edit_page(root, SEED_SLUG, title="First"),
                                       edit_page(root, other_slug(root, SEED_SLUG), title="Second")],
}


@pytest.mark.parametrize("name", list(EDITS))
def test_page_edit_matches_full_build(env, name):
    b = builder(env)
    changed = EDITS[name](env)
    rebuild(b, changed)
    assert_same_as_full_build(env, env / "site")


def test_cached_command_line_build_matches_clean_build(env):
    """The command line's cached build after an edit (new process, cache from disk)."""
    site = env / "cli-site"
    render_site(env / "content", site, say=lambda *a: None)
    edit_page(env, SEED_SLUG, title="Edited Between Two Builds", date="2020-02")
    summary = render_site(env / "content", site, say=lambda *a: None)
    assert 0 < summary.written < summary.written + summary.unchanged
    assert_same_as_full_build(env, site)
    again = render_site(env / "content", site, say=lambda *a: None)
    assert again.written == 0 and again.rendered == 0


def test_title_edit_rewrites_only_what_lists_the_paper(env):
    b = builder(env)

    def dependants(model) -> dict[str, tuple]:  # pages that show the paper: related or neighbour
        return {p.slug: tuple(r.slug for r in p.related) for p in model.papers
                if SEED_SLUG in [r.slug for r in p.related]
                or SEED_SLUG in [n.slug for n in model.neighbours(p) if n]}

    before = {p.slug: tuple(r.slug for r in p.related) for p in b.model.papers}
    shown_before = dependants(b.model)
    written = rebuild(b, [edit_page(env, SEED_SLUG, title="Only This Title Changed")])
    after = {p.slug: tuple(r.slug for r in p.related) for p in b.model.papers}
    new_related = {slug for slug in after if after[slug] != before[slug]}  # new title, new similarities
    pages = {name.split("/")[1] for name in written if name.startswith("papers/")}
    assert SEED_SLUG in pages
    assert pages <= set(shown_before) | set(dependants(b.model)) | new_related | {SEED_SLUG}
    assert len(pages) < len(b.model.papers)
    assert "index.html" in written and "papers.json" in written and "catalog.bib" in written  # no feed: the seed has no site_url
    assert not any(name.startswith("static/") for name in written)
    assert_same_as_full_build(env, env / "site")


def test_unrelated_pages_are_not_rewritten(env):
    b = builder(env)
    untouched = env / "site" / "404.html"
    before = untouched.stat().st_mtime_ns
    rebuild(b, [edit_page(env, SEED_SLUG, venue="Some Venue")])
    assert untouched.stat().st_mtime_ns == before


def test_preview_renders_the_edited_page_only(env):
    b = builder(env)
    preview = b.preview([edit_page(env, SEED_SLUG, title="Previewed Title")])
    assert preview is not None and preview.changed == {f"papers/{SEED_SLUG}/index.html"}
    assert "Previewed Title" in (env / "site" / "papers" / SEED_SLUG / "index.html").read_text(encoding="utf-8")
    b.update([])
    assert_same_as_full_build(env, env / "site")


def test_preview_declines_edits_that_move_the_paper(env):
    b = builder(env)
    assert b.preview([edit_page(env, SEED_SLUG, date="2001-01")]) is None


def test_new_and_removed_pages(env):
    b = builder(env)
    meta = new_meta("brand-new-paper")
    meta.update(title="A Brand New Paper on Mixture of Experts", date="2026-01", topics=["moe"])
    new = env / "content" / "papers" / "brand-new-paper.md"
    new.write_text(dump_page(meta, "We propose a new mixture of experts router."), encoding="utf-8")
    rebuild(b, [new])
    assert (env / "site" / "papers" / "brand-new-paper" / "index.html").is_file()
    assert_same_as_full_build(env, env / "site")
    gone = env / "content" / "papers" / f"{SEED_SLUG}.md"
    gone.unlink()
    rebuild(b, [gone])
    assert not (env / "site" / "papers" / SEED_SLUG).exists()
    assert_same_as_full_build(env, env / "site")


def test_new_dump_is_ingested(env):
    b = builder(env)
    dump = env / "content" / "sources" / "005_new.txt"
    dump.write_text("We introduce Quokka, a sparse mixture-of-experts language model whose router "
                    "balances expert load without auxiliary losses, and release the code.\narXiv:2601.00001\n",
                    encoding="utf-8")
    rebuild(b, [dump])
    assert any("Quokka" in p.read_text(encoding="utf-8") for p in (env / "content" / "papers").glob("*.md"))
    assert_same_as_full_build(env, env / "site")


def _edit_template(root: Path, name: str, old: str, new: str) -> Path:
    path = root / "templates" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer contains {old!r}; update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("name,old,new,kinds", [
    ("paper.html", "</article>", "<!-- paper edit --></article>", {"papers"}),
    ("base.html", "</footer>", "<!-- base edit --></footer>", {"papers", "index", "topics", "404"}),
    ("_entry.html", "</li>", "<!-- entry edit --></li>", {"index", "topics"}),
    ("index.html", "{% endblock %}", "<!-- index edit -->{% endblock %}", {"index"}),
])
def test_template_edit_rerenders_what_uses_it(env, name, old, new, kinds):
    b = builder(env)
    written = rebuild(b, [_edit_template(env, name, old, new)])
    seen = {"papers" if w.startswith("papers/") else "topics" if w.startswith("topics/") else
            "index" if w == "index.html" else "404" if w == "404.html" else w for w in written}
    assert kinds <= seen
    if name == "paper.html":
        assert seen == {"papers"}
    assert_same_as_full_build(env, env / "site")


def test_static_asset_edit(env):
    b = builder(env)
    css = env / "templates" / "static" / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    written = rebuild(b, [css])
    assert "static/site.css" in written and "index.html" in written  # the ?v= hash changed everywhere
    assert_same_as_full_build(env, env / "site")


@pytest.mark.parametrize("name,old,new", [
    ("topics.yaml", "name: Mixture-of-Experts", "name: Sparse Experts"),
    ("site.yaml", "title: Paper Catalog", "title: Our Lab's Papers"),
])
def test_config_edit_is_a_full_rebuild(env, name, old, new):
    b = builder(env)
    path = env / "content" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    rebuild(b, [path])
    assert_same_as_full_build(env, env / "site")


def test_base_url_matches_full_build(env):
    b = Builder(env / "content", env / "site", base_url="/catalog/", say=lambda *a: None)
    b.full()
    rebuild(b, [edit_page(env, SEED_SLUG, title="Under A Sub-Path")])
    assert_same_as_full_build(env, env / "site", base_url="/catalog/")


def test_broken_page_names_file_and_line_then_recovers(env):
    b = builder(env)
    path = env / "content" / "papers" / f"{SEED_SLUG}.md"
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("topics:"))
    lines[number] = "topics: [moe, alignment\n"  # unclosed list
    path.write_text("".join(lines), encoding="utf-8")
    before = files(env / "site")
    assert b.preview([path]) is None
    with pytest.raises(BuildError) as caught:
        b.update([path])
    assert caught.value.path.endswith(f"{SEED_SLUG}.md")
    assert caught.value.line == number + 1
    assert files(env / "site") == before  # nothing written from a broken build
    path.write_text(good.replace('title: "', 'title: "Fixed: ', 1), encoding="utf-8")
    rebuild(b, [path])
    assert_same_as_full_build(env, env / "site")


def test_template_syntax_error_names_file_and_line_then_recovers(env):
    b = builder(env)
    path = env / "templates" / "paper.html"
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    lines.insert(3, "{% if paper.title %}\n")  # never closed
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        b.update([path])
    assert caught.value.path.endswith("paper.html")
    assert caught.value.line is not None
    path.write_text(good.replace("</article>", "<!-- fixed --></article>"), encoding="utf-8")
    rebuild(b, [path])
    assert_same_as_full_build(env, env / "site")


def test_template_runtime_error_names_the_template(env):
    b = builder(env)
    path = _edit_template(env, "paper.html", "</article>", "{{ paper.no_such_field.x }}</article>")
    with pytest.raises(BuildError) as caught:
        b.update([path])
    assert caught.value.path and caught.value.path.endswith("paper.html")
    assert caught.value.line is not None


def test_broken_topics_yaml_then_recovers(env):
    b = builder(env)
    path = env / "content" / "topics.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good + "\n  - key: [broken\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        b.update([path])
    assert caught.value.path.endswith("topics.yaml") and caught.value.line
    path.write_text(good, encoding="utf-8")
    rebuild(b, [path])
    assert_same_as_full_build(env, env / "site")


def test_full_build_removes_stale_files(env):
    builder(env).close()  # a site of ours (the output guard refuses a folder of unknown files)
    (env / "site" / "papers" / "ghost").mkdir(parents=True)
    (env / "site" / "papers" / "ghost" / "index.html").write_text("old", encoding="utf-8")
    builder(env)
    assert not (env / "site" / "papers" / "ghost").exists()
    assert_same_as_full_build(env, env / "site")
