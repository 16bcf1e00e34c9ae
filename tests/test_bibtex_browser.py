"""The paper page's BibTeX is made in the browser (templates/static/site.js) from the
citation_* tags (issue 19: ~600 bytes less on every page). It must be catalog.bib's entry
for the paper, character for character: on every seed paper, with and without a site URL,
and on pages made to trip it (LaTeX specials, " and " in a name, a journal without a venue,
a DOI, an incomplete author list, an id that is not arXiv's, non-ASCII in the URL)."""

from __future__ import annotations

import re

import pytest

from catalog.pages import dump_page, new_meta
from catalog.render.pipeline import render_site
from render_helpers import copy_fixture, html_files, soup
from test_search_browser import ROOT, browser, serve  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def entries(site) -> dict[str, str]:
    """catalog.bib's entries by key."""
    text = (site / "catalog.bib").read_text(encoding="utf-8")
    return {m.group(1): m.group(0) for m in re.finditer(r"@\w+\{([^,\n]+),\n.*?\n\}\n", text, re.S)}


def tricky(content) -> None:
    pages = {
        "tricky-specials": dict(title="50% of {all} $x_1$ & #tags ~ ^hat \\cite", authors=["Ann Smith and Sons", "Bo\tLi"],
                                date="2023-05", journal="J. Mach. Learn. Res. 24 (2023)", doi="10.1000/a_b%c",
                                authors_incomplete=True),
        "tricky-id": dict(title="An id that is not arXiv's", arxiv="2410.1", date="2024-10", authors=["Zoë Ørsted"]),
        "trícky-ünïcode": dict(title="", date=None, authors=[], venue="ICML 2024"),
    }
    for slug, fields in pages.items():
        meta = new_meta(slug)
        meta.update(topics=["moe"], **fields)
        (content / "papers" / f"{slug}.md").write_text(dump_page(meta, "An abstract.\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bibtex")
    content = copy_fixture(tmp)
    tricky(content)
    built, servers = [], []
    for name, source, site_url in (("seed", ROOT / "content", ""), ("seed-url", ROOT / "content", "https://example.org/lab/"),
                                   ("tricky", content, "https://example.org/ünï/")):
        out = tmp / name
        render_site(source, out, base_url="/", site_url=site_url, search=False, say=lambda *a: None, warn=lambda *a: None)
        server, url = serve(out, "/")
        built.append((out, url))
        servers.append(server)
    yield built
    for server in servers:
        server.shutdown()


def test_the_page_bibtex_is_catalog_bib_s_entry(browser, sites):  # noqa: F811
    page = browser.new_page()
    checked = 0
    for out, url in sites:
        bib = entries(out)
        for path in html_files(out):
            code = soup(path).select_one("#cite .no-js-only code")
            if code is None:
                continue
            rel = path.relative_to(out).parent.as_posix()
            page.goto(url + rel + "/")
            made = page.evaluate("document.getElementById('bibtex').textContent")
            assert made == bib[code.get_text()], rel
            checked += 1
    assert checked >= 2 * 27 + 6 + 3
    page.close()


def test_the_entry_opens_from_the_cite_link_and_copies(browser, sites):  # noqa: F811
    out, url = sites[0]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url + "papers/2410.02098/")
    assert not page.is_visible("pre.bibtex")  # closed: made at load without moving anything
    page.click("a[href='#cite']")
    assert page.is_visible("pre.bibtex") and page.inner_text("pre.bibtex").startswith("@inproceedings{sun2025scaling,")
    assert not page.is_visible("#cite .no-js-only")
    page.click("#cite button[data-copy=bibtex]")  # made by site.js, with its status line
    page.wait_for_function("document.querySelector('#cite [role=status]').textContent !== ''")
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "papers/2410.02098/")
    assert page.is_visible("#cite .no-js-only") and "sun2025scaling" in page.inner_text("#cite .no-js-only")
    context.close()
