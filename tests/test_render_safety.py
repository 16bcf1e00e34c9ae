"""Render stage: hostile text stays text everywhere; failed builds leave the old site intact."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from catalog.errors import ContentError
from catalog.render.markup import Markup, safe_href
from catalog.pages import dump_page, new_meta
from render_helpers import all_files, build, copy_fixture, html_files, soup

HOSTILE_TITLE = """</script><script>alert("t")</script> "Quotes" & 'apostrophes' {brace} 100% \\cite"""
HOSTILE_BODY = """<script>alert(1)</script> An abstract with [a link](javascript:alert(2)),
[another](JaVa&#115;cript:alert(3)), <img src=x onerror=alert(4)> and </script> inside, "quotes" & ampersands."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    content = copy_fixture(tmp)
    meta = new_meta("hostile")
    meta.update(title=HOSTILE_TITLE, date="2025-01", authors=["Eve <b>Bold</b>", "Mallory } and {"],
                venue="Conf </script> 2025", topics=["moe"], links={"code": ["javascript:alert(5)", "https://ok.example/x"]})
    (content / "papers" / "hostile.md").write_text(dump_page(meta, HOSTILE_BODY), encoding="utf-8")
    return build(content, tmp / "site")


def test_hostile_text_is_escaped_in_html(hostile_site):
    for path in html_files(hostile_site):
        page = soup(path)
        scripts = page.find_all("script")
        inline = [s for s in scripts if not s.get("src") and s.get("type") != "application/ld+json"]
        assert len(inline) == 1 and "alert" not in inline[0].string, f"{path}: script injected"
        assert all(s["src"].startswith("/static/") for s in scripts if s.get("src")), f"{path}: foreign script"
        assert not page.find("img"), f"{path}: raw <img> passed through"
        for tag in page.find_all(href=True):
            assert not tag["href"].strip().lower().startswith("javascript"), f"{path}: {tag}"
    page = soup(hostile_site / "papers" / "hostile" / "index.html")
    assert page.h1.get_text() == HOSTILE_TITLE
    abstract = page.select_one("section.abstract").get_text()
    assert "<script>alert(1)</script>" in abstract and "<img src=x onerror=alert(4)>" in abstract
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == HOSTILE_TITLE
    assert [a["href"] for a in page.select(".code-links a")] == ["https://ok.example/x"]


def test_hostile_text_in_json_ld_cannot_close_the_script(hostile_site):
    raw = (hostile_site / "papers" / "hostile" / "index.html").read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    assert data["headline"] == HOSTILE_TITLE  # the abstract is not in it: see seo.scholarly_article


def test_hostile_text_in_feed_json_and_bibtex(hostile_site):
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(hostile_site / "feed.xml").getroot().findall(f"{atom}entry")
    entry = next(e for e in entries if e.find(f"{atom}id").text.endswith("/papers/hostile/"))
    assert entry.find(f"{atom}title").text == HOSTILE_TITLE
    assert "<script>alert(1)</script>" in entry.find(f"{atom}summary").text

    record = next(r for r in json.loads((hostile_site / "papers.json").read_text()) if r["slug"] == "hostile")
    assert record["title"] == HOSTILE_TITLE and record["authors"][0] == "Eve <b>Bold</b>"

    bib = (hostile_site / "catalog.bib").read_text()
    entry_text = bib[bib.index("@", bib.index("% ")):]
    entry_text = next(e for e in ("@" + x for x in entry_text.split("\n@")) if "Eve" in e)
    assert _brace_depths_ok(entry_text)
    assert r"100\% \textbackslash{}cite" in entry_text and r"\textbraceleft{}brace\textbraceright{}" in entry_text
    assert r"{Mallory \textbraceright{} and \textbraceleft{}}" in entry_text  # " and " inside a name is braced


def _brace_depths_ok(entry: str) -> bool:
    """Braces balance and the entry closes only at its last character. BibTeX counts every
    brace, a backslash before it or not ("\\}" closes a field too)."""
    depth = 0
    body = entry.rstrip("\n")
    for i, char in enumerate(body):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and char == "}" and i != len(body) - 1:
            return False
        if depth < 0:
            return False
    return depth == 0


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:alert(1)", "\x01javascript:x",
    "data:text/html,<script>", "vbscript:x", "file:///etc/passwd",
])
def test_unsafe_hrefs_are_refused(href):
    assert safe_href(href) is None


@pytest.mark.parametrize("href", ["https://a.example/x?y=1&z=2", "http://a.example", "mailto:a@b.c", "../rel", "#frag"])
def test_safe_hrefs_are_kept(href):
    assert safe_href(href) == href


def test_entity_encoded_scheme_is_not_a_javascript_link():
    html, text = Markup().render("[x](javascript&#58;alert(1)) <a href='javascript:alert(2)'>y</a>")
    page = soup_from(html)
    for a in page.find_all("a"):
        assert not a["href"].lower().startswith("javascript:")  # the browser's view of the attribute
    assert "<a href='javascript:alert(2)'>y</a>" in page.get_text()


def soup_from(html):
    from bs4 import BeautifulSoup
    return BeautifulSoup(html, "html.parser")


def test_broken_front_matter_fails_with_file_and_line_and_keeps_the_old_site(tmp_path):
    content = copy_fixture(tmp_path)
    out = build(content, tmp_path / "site")
    before = all_files(out)
    (content / "papers" / "broken.md").write_text(
        '---\nslug: "broken"\ntitle: "Broken"\nauthors: [unclosed\ntopics: []\n---\nBody.\n', encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build(content, out)
    assert failure.value.path.endswith("broken.md") and failure.value.line in (4, 5)
    assert f"broken.md:{failure.value.line}:" in str(failure.value)
    assert all_files(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]  # staging cleaned up


@pytest.mark.parametrize("cache", [False, True])
def test_failure_while_writing_keeps_the_old_site(tmp_path, monkeypatch, cache):
    """A failure after some outputs were rendered: a clean build (staged) and a cached
    one (renders what changed, writes only after) both leave the old site as it was."""
    from catalog.engine import workers
    content = copy_fixture(tmp_path)
    out = build(content, tmp_path / "site")
    before = all_files(out)
    page = sorted((content / "papers").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8").replace('title: "', 'title: "Edited ', 1), encoding="utf-8")
    real = workers.render_job

    def explode(job, *args):
        if job.id == "feed.xml":
            raise RuntimeError("disk full")
        return real(job, *args)
    monkeypatch.setattr(workers, "render_job", explode)
    with pytest.raises(RuntimeError):
        build(content, out, cache=cache)
    assert all_files(out) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site-")]


def test_pages_writing_the_same_file_fail_naming_both(tmp_path):
    content = copy_fixture(tmp_path)
    for slug in ("Same-Paper", "same-paper"):
        meta = new_meta(slug)
        meta["title"] = slug
        (content / "papers" / f"{slug}.md").write_text(dump_page(meta, "Text."), encoding="utf-8")
    with pytest.raises(ContentError) as failure:
        build(content, tmp_path / "site")
    message = str(failure.value)
    assert "Same-Paper.md" in message and "same-paper.md" in message
    assert not (tmp_path / "site").exists()
