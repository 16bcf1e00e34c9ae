"""The reader's side (issue 12): math at build time, one date rule, incomplete author
lists, absolute URLs only when the site URL is known, and the build's last line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.errors import ContentError
from catalog.ingest.clean import clean_abstract
from catalog.render import bibtex
from catalog.render.markup import Markup
from catalog.render.math import unconverted
from catalog.render.model import publication_date
from catalog.render.site import render_site
from render_helpers import copy_fixture, page_bibtex, soup
from test_search import fragments

ROOT = Path(__file__).resolve().parent.parent


# --- math -------------------------------------------------------------------------------

def render(source: str) -> tuple[str, str]:
    return Markup().render(source)


@pytest.mark.parametrize("source, mathml, text", [
    (r"runs in $\mathcal{O}(n)$ time", "<mi>𝒪</mi>", "runs in 𝒪(n) time"),
    (r"a $1.9\times$ speedup", "<mo>×</mo>", "a 1.9× speedup"),
    (r"with \(x_i\) tokens", "<msub><mi>x</mi><mi>i</mi></msub>", "with $x_i$ tokens"),
    (r"a $\sim$3B model", "<mi>∼</mi>", "a ∼3B model"),
    (r"$$\frac{a}{b}$$", '<math display="block">', r"$\frac{a}{b}$"),
])
def test_math_becomes_mathml_with_the_tex_kept(source, mathml, text):
    html, plain = render(source)
    assert mathml in html and "<math" in html
    tex = re.search(r'<annotation encoding="application/x-tex">(.*?)</annotation>', html).group(1)
    assert tex in source  # the TeX, as written, for copying
    assert plain == text
    assert "$" not in re.sub(r"<annotation.*?</annotation>", "", html)


def test_escaped_brackets_stay_brackets(seed):
    html, plain = render(r"selection is \[Gunasekar et al., 2023\], as \[1\] shows")
    assert "<math" not in html and plain == "selection is [Gunasekar et al., 2023], as [1] shows"
    page = soup(seed / "papers" / "2406.04638" / "index.html")  # a seed abstract with citations in brackets
    assert not page.select("math") and "[Gunasekar et al., 2023]" in page.select_one(".abstract").get_text()


def test_tex_escapes_become_the_characters_and_money_is_not_math():
    html, plain = render(r"23\% better on Q\&A, a\_b, \$5 and costs $5 and $10, or $5-$10")
    assert "<math" not in html
    assert plain == "23% better on Q&A, a_b, $5 and costs $5 and $10, or $5-$10"
    assert "Q&amp;A" in html and "\\" not in html


def test_what_cannot_be_converted_stays_readable_as_code():
    html, plain = render(r"uses $\notamacro{x}$ and $\left( a$ here")
    assert '<code class="tex">$\\notamacro{x}$</code>' in html
    assert unconverted(html) == [r"$\notamacro{x}$", r"$\left( a$"]
    assert plain == r"uses $\notamacro{x}$ and $\left( a$ here"


def test_text_in_math_cannot_inject_markup():
    html, _ = render(r"$\text{<img src=x onerror=alert(1)>}$ and $\mathrm{</math><script>x</script>}$")
    assert "<img" not in html and "<script" not in html


def test_ingest_keeps_math_as_tex_and_render_converts_it():
    markdown, _ = clean_abstract(r"loss $a*b_1*c$ at \textbf{23\%} and A*_b")
    assert markdown == r"loss $a*b_1*c$ at 23\% and A\*\_b"  # math as written; text escaped for Markdown
    html, plain = render(markdown)
    assert "<msub><mi>b</mi><mn>1</mn></msub>" in html and "<em>" not in html
    assert plain.endswith("at 23% and A*_b")


def test_build_warns_naming_the_paper_and_the_index_skips_the_tex(tmp_path):
    content = copy_fixture(tmp_path)
    page = content / "papers" / "2405.00001.md"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "removing the reward model", r"removing the reward model in $\mathcal{O}(n)$ steps with $\bogus{1}$"), encoding="utf-8")
    summary = render_site(content, tmp_path / "site", say=lambda *a: None, warn=lambda *a: None)
    assert [w for w in summary.warnings if "math" in w] == [
        f"warning: {page}: math shown as TeX, it could not be converted to MathML: $\\bogus{{1}}$"]
    fragment = fragments(tmp_path / "site")["/papers/2405.00001/"]
    assert "𝒪" in fragment["content"] and "mathcal" not in fragment["content"]  # annotations are not indexed


# --- dates ------------------------------------------------------------------------------

@pytest.mark.parametrize("meta, expected", [
    ({"date": "2024-10", "venue": "ICLR 2025"}, "2025"),              # the venue's year wins
    ({"date": "2022-06", "venue": "EACL 2021", "year": "2021"}, "2021"),
    ({"date": "2024-03", "venue": "ECCV 2024"}, "2024-03"),           # same year: the month is kept
    ({"date": "2024-07", "venue": None, "year": 2024}, "2024-07"),
    ({"date": "2024-07", "venue": None}, "2024-07"),                  # no venue: the arXiv date
    ({"date": None, "venue": "NeurIPS 2023 Workshop"}, "2023"),
    ({"date": None, "venue": None}, None),
])
def test_one_date_rule(meta, expected):
    assert publication_date(meta) == expected


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "site"
    render_site(ROOT / "content", out, say=lambda *a: None, warn=lambda *a: None)
    return out


def test_year_filter_bibtex_and_listing_agree_on_the_publication_year(seed):
    slug = "multilingual-shallow-decoders"  # EACL 2021, on arXiv in June 2022
    page = soup(seed / "papers" / slug / "index.html")
    assert fragments(seed)[f"/papers/{slug}/"]["filters"]["year"] == ["2021"]
    assert re.search(r"year\s*= \{2021\}", page_bibtex(seed, page))
    entry = soup(seed / "topics" / "efficiency" / "index.html").select_one(f"li.entry:has(a[href='/papers/{slug}/'])")
    meta_line = entry.select_one(".entry-meta").get_text(" ", strip=True)
    assert "2022" not in meta_line and "EACL 2021" in meta_line
    assert bibtex._year({"date": "2024-10", "venue": "ICLR 2025"}) == "2025"


# --- authors ----------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["2407.21075", "2507.13575"])  # the two foundation-model reports
def test_an_incomplete_author_list_says_so_everywhere(seed, slug):
    page = soup(seed / "papers" / slug / "index.html")
    assert page.select_one(".paper-authors").get_text(strip=True).endswith(", et al.")
    assert re.search(r"author\s*= \{[^}]* and others\}", page_bibtex(seed, page))
    authors = [m["content"] for m in page.select('meta[name="citation_author"]')]
    assert len(authors) == 10 and "others" not in authors  # Scholar takes every citation_author for a person
    assert fragments(seed)[f"/papers/{slug}/"]["meta"]["authors"].endswith(", et al.")
    assert f"{slug}" in (seed / "catalog.bib").read_text(encoding="utf-8")
    record = next(p for p in json.loads((seed / "papers.json").read_text(encoding="utf-8")) if p["slug"] == slug)
    assert record["authors_incomplete"] is True and "others" not in record["authors"]


def test_authors_incomplete_must_be_true_or_false(tmp_path):
    content = copy_fixture(tmp_path)
    page = content / "papers" / "2405.00001.md"
    page.write_text(page.read_text(encoding="utf-8").replace("venue: null", 'venue: null\nauthors_incomplete: "yes"'),
                    encoding="utf-8")
    with pytest.raises(ContentError, match="authors_incomplete must be true or false") as caught:
        render_site(content, tmp_path / "site", say=lambda *a: None, warn=lambda *a: None)
    assert caught.value.line == 9


def test_a_complete_list_has_no_others(seed):
    page = soup(seed / "papers" / "2410.02098" / "index.html")
    assert "others" not in page_bibtex(seed, page)
    assert "et al." not in page.select_one(".paper-authors").get_text()


def test_a_long_author_list_collapses_without_javascript(seed):
    page = soup(seed / "papers" / "2403.09611" / "index.html")  # MM1: 32 authors
    details = page.select_one("details.paper-authors")
    names = details.select_one("summary").get_text().split(", and ")[0].split(", ")
    assert len(names) == 8 and "24 more" in details.select_one(".authors-more").get_text()
    assert len(details.select_one("p").get_text().split(", ")) == 24


# --- site URL and first run -------------------------------------------------------------

def test_without_a_site_url_no_feed_or_sitemap_and_one_note(tmp_path):
    content = copy_fixture(tmp_path)
    (content / "site.yaml").write_text("title: T\nsite_url: ''\n", encoding="utf-8")
    warnings = []
    render_site(content, tmp_path / "site", say=lambda *a: None, warn=warnings.append)
    site = tmp_path / "site"
    assert not (site / "feed.xml").exists() and not (site / "sitemap.xml").exists()
    assert "Sitemap" not in (site / "robots.txt").read_text(encoding="utf-8")
    assert [w for w in warnings if "site URL" in w] and len(warnings) == 1
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "feed.xml" not in text and '"url":' not in text
    assert "url           =" not in (site / "papers" / "undated-note" / "index.html").read_text(encoding="utf-8")


def test_with_a_site_url_every_feed_and_sitemap_url_is_absolute(tmp_path):
    warnings = []
    render_site(copy_fixture(tmp_path), tmp_path / "site", say=lambda *a: None, warn=warnings.append)
    site = tmp_path / "site"
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    urls = locs + re.findall(r'href="(.*?)"', feed) + re.findall(r"<id>(.*?)</id>", feed)
    assert urls and all(u.startswith("https://example.org/lab/") for u in urls)
    assert warnings == []


def test_the_build_ends_saying_how_to_look_at_the_site(tmp_path):
    content = copy_fixture(tmp_path)
    result = subprocess.run([sys.executable, "build.py", "render", "--content", str(content), "--output",
                             str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True, check=True)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("to look at the site: python build.py serve --content ")
    assert f"--output {tmp_path / 'site'}" in last and "http://127.0.0.1:8000/" in last
