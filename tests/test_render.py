"""Render stage: page structure, links at / and under a sub-path, exports, determinism."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET

import pytest

from catalog.render import exports
from catalog.render.exports import read_catalog
from render_helpers import all_files, build, copy_fixture, html_files, internal_refs, page_bibtex, resolve, soup

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("site")
    return build(copy_fixture(tmp), tmp / "site")


def group_titles(section):
    return [h.get_text(strip=True) for h in section.select("li.entry .entry-title")]


def test_index_groups_topics_in_configured_order_then_other(site):
    page = soup(site / "index.html")
    groups = page.select("main section.group")
    assert [g["id"] for g in groups] == ["moe", "alignment", "multimodal", "other"]
    assert group_titles(groups[-1]) == ["A Note on Tokenizers"]


def test_index_lists_a_paper_in_each_of_its_topics_newest_first(site):
    page = soup(site / "index.html")
    moe, alignment = page.select_one("#moe"), page.select_one("#alignment")
    ec_dit = "EC-DIT: Scaling Diffusion Transformers with Adaptive Expert-Choice Routing"
    assert group_titles(moe) == [ec_dit, "Mobile V-MoEs: Scaling Down Vision Transformers via Sparse Mixture-of-Experts"]
    assert group_titles(alignment)[0] == "Direct Preference Optimization Without the Reward Model"  # 2024-05 before 2024-02
    # index_limit is 2 in the fixture: the third multimodal paper is behind the "all" link.
    multimodal = page.select_one("#multimodal")
    assert group_titles(multimodal)[0] == ec_dit
    assert len(group_titles(multimodal)) == 2
    assert multimodal.select_one("p.more a")["href"] == "/topics/multimodal/"


def test_index_header_counts_and_newest_month_come_from_content(site):
    stats = soup(site / "index.html").select_one(".hero .stats").get_text(" ", strip=True)
    assert "6 papers" in stats and "3 topics" in stats
    # EC-DIT (arXiv Oct 2024, ICLR 2025) is dated by its venue: 2025
    assert soup(site / "index.html").select_one(".hero .stats time")["datetime"] == "2025"


def test_index_entry_has_date_venue_chips_teaser_and_arxiv_links(site):
    entry = soup(site / "index.html").select_one("#moe li.entry")
    assert entry.select_one("time") is None  # "2025" would only repeat the venue's year
    assert entry.select_one(".entry-meta").get_text(strip=True) == "ICLR 2025"
    assert entry.select_one(".venue").get_text() == "ICLR 2025"
    assert [a.get_text() for a in entry.select(".chips a")] == ["Mixture-of-Experts", "Multimodal"]
    assert entry.select_one(".teaser").get_text().startswith("Diffusion transformers")
    assert [a["href"] for a in entry.select(".entry-links a")] == [
        "https://arxiv.org/abs/2410.02098", "https://arxiv.org/pdf/2410.02098"]


def test_paper_page_structure(site):
    page = soup(site / "papers" / "2410.02098" / "index.html")
    article = page.select_one("main article.paper")
    assert page.select_one("header.site-header nav") and article
    assert article.h1.get_text() == "EC-DIT: Scaling Diffusion Transformers with Adaptive Expert-Choice Routing"
    assert article.select_one(".paper-authors").get_text() == "Haotian Sun, Tao Lei, Bowen Zhang"
    facts = {d.dt.get_text(): d.dd.get_text(strip=True) for d in article.select(".facts > div")}
    assert facts == {"Date": "2025", "Venue": "ICLR 2025", "arXiv": "2410.02098 (Oct 2024)", "Notes": "Accepted at ICLR 2025"}
    assert [a["href"] for a in article.select(".paper-head .chips a")] == ["/topics/moe/", "/topics/multimodal/"]
    hrefs = [a["href"] for a in article.select(".actions a")]
    assert hrefs[:2] == ["https://arxiv.org/abs/2410.02098", "https://arxiv.org/pdf/2410.02098"]
    abstract = article.select_one("section.abstract")
    assert abstract.select_one("em").get_text() == "Mixture-of-Experts"
    assert abstract.select_one("a")["href"] == "https://github.com/example/ec-dit"  # bare URL made clickable
    assert page.title.get_text().startswith("EC-DIT")
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Diffusion transformers")
    assert page.find("meta", property="og:type")["content"] == "article"


def test_paper_page_scholar_meta_and_json_ld(site):
    page = soup(site / "papers" / "2410.02098" / "index.html")
    meta = [(m["name"], m["content"]) for m in page.find_all("meta", attrs={"name": lambda n: n and n.startswith("citation_")})]
    assert ("citation_title", "EC-DIT: Scaling Diffusion Transformers with Adaptive Expert-Choice Routing") in meta
    assert [c for n, c in meta if n == "citation_author"] == ["Haotian Sun", "Tao Lei", "Bowen Zhang"]
    assert ("citation_publication_date", "2025") in meta  # the venue's year
    assert ("citation_pdf_url", "https://arxiv.org/pdf/2410.02098") in meta
    assert ("citation_conference_title", "ICLR 2025") in meta
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "ScholarlyArticle"
    assert [a["name"] for a in data["author"]] == ["Haotian Sun", "Tao Lei", "Bowen Zhang"]
    assert data["url"] == "https://example.org/lab/papers/2410.02098/"
    # What identifies the paper, not a third copy of its abstract (the page and the meta description have it).
    assert data["headline"] == page.find("meta", attrs={"name": "citation_title"})["content"]
    assert "abstract" not in data and "name" not in data
    assert page.find("meta", property="og:title")["content"] == data["headline"]  # og:site_name names the site


def test_pages_carry_no_template_indentation(site):
    """Templates are indented for people; the pages are not (site.FlushLeftLoader). The
    BibTeX text in <pre> keeps its own, as does the search block (indented by its caller)."""
    for path in html_files(site):
        text = path.read_text(encoding="utf-8").split('<div class="search-fields"', 1)[0]
        text = "".join(part.split("</pre>", 1)[-1] for part in text.split("<pre"))
        indented = [line for line in text.splitlines() if line.startswith(" ")]
        assert not indented, f"{path}: {indented[:3]}"


def test_paper_page_cite_block_is_clean_bibtex(site):
    page = soup(site / "papers" / "2410.02098" / "index.html")
    bib = page_bibtex(site, page)  # made from the page by site.js: tests/test_bibtex_browser.py
    assert bib.startswith("@inproceedings{sun2025scaling,")
    assert "eprint        = {2410.02098}" in bib and "archivePrefix = {arXiv}" in bib
    assert "year          = {2025}" in bib  # the venue's year, not the arXiv month's
    for internal in ("sources", "topics", "slug", "fixture.txt"):
        assert internal not in bib
    # the Copy button, the entry's <pre> and the copy status are made by site.js (issue 19)
    assert page.select_one("#cite details.js-only summary") and not page.select_one("#cite button, #cite pre")


def test_paper_page_code_links_drop_non_http_urls(site):
    page = soup(site / "papers" / "2309.04354" / "index.html")
    assert [a["href"] for a in page.select(".code-links a")] == ["https://github.com/example/mobile-vmoe"]
    assert not [a for a in page.find_all("a") if a["href"].lower().startswith("javascript")]


def test_paper_page_related_and_neighbours_within_first_topic(site):
    page = soup(site / "papers" / "2410.02098" / "index.html")
    related = [a["href"] for a in page.select("section.related a")]
    assert related and "/papers/2410.02098/" not in related and len(related) <= 2
    assert "/papers/2309.04354/" in related  # the other Mixture-of-Experts paper
    pager = page.select_one("nav.pager")
    assert pager.select_one("a[rel=next]")["href"] == "/papers/2309.04354/"
    assert pager.select_one("a[rel=prev]") is None  # newest in its first topic
    older = soup(site / "papers" / "2309.04354" / "index.html").select_one("nav.pager")
    assert older.select_one("a[rel=prev]")["href"] == "/papers/2410.02098/"


def test_topic_page_lists_every_paper_of_the_topic(site):
    page = soup(site / "topics" / "multimodal" / "index.html")
    assert page.h1.get_text() == "Multimodal"
    assert [a["href"] for a in page.select("li.entry .entry-title a")] == [
        "/papers/2410.02098/", "/papers/ferret-ui/", "/papers/2402.00002/"]
    assert soup(site / "topics" / "other" / "index.html").select_one("li.entry a")["href"] == "/papers/undated-note/"


def test_listing_leaves_out_a_chip_that_only_names_the_page_s_topic(site):
    """Issue 19: on a topic's listing a paper whose only topic that is shows no chip; a paper
    with more topics shows them all; elsewhere (another topic, search results) chips stay."""
    page = soup(site / "topics" / "multimodal" / "index.html")
    entries = {e.select_one(".entry-title a")["href"]: e for e in page.select("li.entry")}
    assert [a.get_text() for a in entries["/papers/2410.02098/"].select(".chips a")] == ["Mixture-of-Experts", "Multimodal"]
    only_multimodal = [href for href, e in entries.items() if not e.select(".chips")]
    assert only_multimodal
    for href in only_multimodal:
        topics = json.loads((site / "papers.json").read_text(encoding="utf-8"))
        assert [r["topics"] for r in topics if r["url"] == href.lstrip("/")] == [["multimodal"]]
    other = soup(site / "topics" / "other" / "index.html").select_one("li.entry")
    assert not other.select(".chips") and not other.select(".entry-foot")  # no topic chip, no links: no foot at all


def test_markup_breaks_only_where_a_browser_shows_a_space(site):
    """site.flush_left: no line break next to block-level tags; those between inline ones stay."""
    text = (site / "papers" / "2410.02098" / "index.html").read_text(encoding="utf-8")
    assert text.count("\n") < 15 and "</li><li>" in text and "</section><section" in text
    assert 'PDF</a>\n<a href="#cite">' in text  # between the buttons: kept


def test_flush_left_keeps_line_numbers_and_comments():
    from catalog.render.site import TEMPLATES, flush_left
    source = "<ul>\n  <li>a</li>\n{# a note <p>\n<li> #}\n<p>x <a>1</a>\n<a>2</a></p>\n</ul>\n"
    flat = flush_left(source)
    assert flat == "<ul>{#\n#}<li>a</li>{#\n#}{# a note <p>\n<li> #}\n<p>x <a>1</a>\n<a>2</a></p>{#\n#}</ul>{#\n#}"
    for template in TEMPLATES.glob("*.html"):  # errors name the template's own line numbers
        text = template.read_text(encoding="utf-8")
        assert flush_left(text).count("\n") == text.count("\n"), template.name


def test_papers_json_follows_the_contract(site):
    records = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    assert len(records) == 6
    fields = {"slug", "title", "arxiv", "date", "authors", "venue", "topics", "comments", "links", "sources", "url",
              "abstract"}
    assert all(set(r) == fields for r in records)
    by_slug = {r["slug"]: r for r in records}
    dpo = by_slug["2405.00001"]
    assert dpo["url"] == "papers/2405.00001/"
    assert dpo["abstract"].endswith("See the project page and code & data.")  # plain text, no Markdown
    assert not (site / "abstracts").exists()
    assert [r["slug"] for r in records][-1] == "undated-note"  # undated sorts last


def test_a_large_catalog_keeps_its_abstracts_beside_papers_json(tmp_path, monkeypatch):
    """Above INLINE_ABSTRACTS papers, a file of abstracts per publication year (issue 19:
    papers.json was 173 MB at 100k); read_catalog joins them again. Back under it, the
    abstracts are inline again and the files are gone."""
    content, site = copy_fixture(tmp_path), tmp_path / "site"
    monkeypatch.setattr(exports, "INLINE_ABSTRACTS", 5)
    build(content, site)
    records = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    by_slug = {r["slug"]: r for r in records}
    assert all("abstract" not in r for r in records)
    assert by_slug["2405.00001"]["abstract_file"] == "abstracts/2024.json.gz"
    assert by_slug["undated-note"]["abstract_file"] == "abstracts/undated.json.gz"
    abstracts = {}
    for name in sorted({r["abstract_file"] for r in records}):
        abstracts.update(json.loads(gzip.decompress((site / name).read_bytes())))
    assert sorted(abstracts) == sorted(by_slug)  # every paper's abstract, once
    assert abstracts["2405.00001"].endswith("See the project page and code & data.")
    assert sorted(p.name for p in (site / "abstracts").iterdir()) == sorted(n.split("/")[1] for n in {r["abstract_file"] for r in records})
    joined = {r["slug"]: r["abstract"] for r in read_catalog(site)}
    assert joined == abstracts

    (content / "papers" / "undated-note.md").unlink()  # five papers: under the limit again
    build(content, site)
    del joined["undated-note"]
    assert {r["slug"]: r["abstract"] for r in json.loads((site / "papers.json").read_text(encoding="utf-8"))} == joined
    assert not (site / "abstracts").exists()


def test_feed_is_atom_newest_first(site):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}updated").text == "2025-01-01T00:00:00Z"  # EC-DIT, ICLR 2025
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries][:2] == [
        "https://example.org/lab/papers/2410.02098/", "https://example.org/lab/papers/2405.00001/"]
    assert len(entries) == 6


def test_sitemap_robots_nojekyll_and_bib(site):
    urls = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/lab/" in urls and "https://example.org/lab/papers/ferret-ui/" in urls
    assert len(urls) == 1 + 4 + 6
    assert "Sitemap: https://example.org/lab/sitemap.xml" in (site / "robots.txt").read_text()
    assert (site / ".nojekyll").exists()
    assert (site / "catalog.bib").read_text().count("\n@") == 6


@pytest.mark.parametrize("base_url", ["/", "/catalog/"])
def test_every_internal_link_resolves(tmp_path, base_url):
    out = build(copy_fixture(tmp_path), tmp_path / "site", base_url=base_url)
    checked = 0
    for page in html_files(out):
        for ref in internal_refs(soup(page)):
            target = resolve(out, base_url, ref)
            assert target is not None, f"{page}: {ref} is outside {base_url}"
            assert target.is_file(), f"{page}: {ref} -> missing {target}"
            checked += 1
    assert checked > 100


def test_404_links_work_from_any_depth(tmp_path):
    out = build(copy_fixture(tmp_path), tmp_path / "site", base_url="/catalog/")
    refs = internal_refs(soup(out / "404.html"))
    assert refs and all(ref.startswith("/catalog/") for ref in refs)


def test_two_builds_are_byte_identical(tmp_path):
    content = copy_fixture(tmp_path)
    first = _without_search_index(all_files(build(content, tmp_path / "a")))
    second = _without_search_index(all_files(build(content, tmp_path / "b")))
    assert len(first) > 20 and first.keys() == second.keys() and first == second


def _without_search_index(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if not name.startswith("pagefind/")}


def test_search_index_is_byte_identical(tmp_path):
    content = copy_fixture(tmp_path)
    first = all_files(build(content, tmp_path / "a"))
    second = all_files(build(content, tmp_path / "b"))
    assert first == second


def test_base_url_from_site_url_path(tmp_path):
    content = copy_fixture(tmp_path)
    (content / "site.yaml").write_text("title: T\n", encoding="utf-8")  # no base_url: the site URL's path is used
    out = build(content, tmp_path / "site", site_url="https://user.github.io/repo/")
    page = soup(out / "index.html")
    assert page.select_one("a.brand")["href"] == "/repo/"
    assert page.find("link", rel="canonical")["href"] == "https://user.github.io/repo/"
