"""On a phone (390 px) nothing makes the page scroll sideways: a wide display formula
scrolls on its own, long unbroken URLs, ids and words in the title, notes and abstract
wrap. The page is made to trip it."""

from __future__ import annotations

import pytest

from catalog.pages import dump_page, new_meta
from catalog.render.pipeline import render_site
from render_helpers import copy_fixture
from test_search_browser import browser, serve  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

LONG = "https://example.org/a/very/long/path/that/does/not/break/anywhere/0123456789abcdefghijklmnopqrstuvwxyz"
ABSTRACT = (
    "A $\\mathcal{O}(n \\log n)$ method, 23\\% cheaper.\n\n"
    "$$\\mathbf{y} = \\operatorname{softmax}\\left(\\frac{\\mathbf{Q}\\mathbf{K}^\\top}{\\sqrt{d_k}}\\right)\\mathbf{V}"
    " + \\sum_{e=1}^{E} g_e(\\mathbf{x}) \\cdot \\mathrm{FFN}_e(\\mathbf{x}) + \\text{a tail long enough to overflow a phone, and on a wide screen to reach the related papers}$$\n\n"
    f"See {LONG} and {'a' * 70}.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("overflow")
    content = copy_fixture(tmp)
    meta = new_meta("wide-page")
    meta.update(title="Supercalifragilisticexpialidociousnessification-of-Transformers: a long title",
                arxiv="2410.02098", date="2024-10", authors=["Zoë Ørsted"], topics=["moe"],
                comments=[f"Code: {LONG}", "accepted at NeurIPS2024_Workshop_on_Efficient_Natural_Language_Processing"],
                links={"code": [LONG]})
    (content / "papers" / "wide-page.md").write_text(dump_page(meta, ABSTRACT), encoding="utf-8")
    render_site(content, tmp / "site", base_url="/", search=False, say=lambda *a: None, warn=lambda *a: None)
    server, url = serve(tmp / "site", "/")
    yield url
    server.shutdown()


def test_a_phone_never_scrolls_sideways(browser, site):  # noqa: F811
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(site + "papers/wide-page/")
    formula = page.locator('.abstract math[display="block"]')
    assert formula.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The formula is still all there: it scrolls inside its own box.
    assert formula.evaluate("m => m.scrollWidth > m.clientWidth && m.getBoundingClientRect().right <= innerWidth")
    page.close()


def test_a_wide_formula_stays_out_of_the_related_column(browser, site):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site + "papers/wide-page/")
    formula = page.locator('.abstract math[display="block"]').bounding_box()
    related = page.locator(".related").bounding_box()
    # In the gap between the abstract and the related column, at the formula's height:
    # what is there is the page, not the end of the formula drawn over it.
    x, y = (formula["x"] + formula["width"] + related["x"]) / 2, formula["y"] + formula["height"] / 2
    assert formula["x"] + formula["width"] < x < related["x"] and related["y"] < y
    assert page.evaluate("([x, y]) => !document.elementFromPoint(x, y).closest('math')", [x, y])
    page.close()
