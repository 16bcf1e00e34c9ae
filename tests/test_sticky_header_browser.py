"""On a wide screen the header stays at the top (sticky). What the page scrolls to must stop
below it, not under it: the "Cite" button's jump to #cite, and a link reached by Shift+Tab
(WCAG 2.4.11, focus not obscured)."""

from __future__ import annotations

import pytest

from test_search_browser import browser, built, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

HEADER_BOTTOM = "document.querySelector('.site-header').getBoundingClientRect().bottom"
FOCUSED = """() => { const e = document.activeElement;
  return { top: e.getBoundingClientRect().top, inHeader: !!e.closest('.site-header'), text: e.textContent.trim().slice(0, 40) }; }"""


@pytest.fixture
def wide(browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")  # no smooth scrolling
    yield context.new_page()
    context.close()


def test_the_cite_jump_stops_below_the_header(wide, site):  # noqa: F811
    wide.goto(site[1] + "papers/2403.09611/")
    wide.click(".actions a[href='#cite']")
    wide.wait_for_function("() => location.hash === '#cite'")
    assert wide.evaluate("document.querySelector('#cite').getBoundingClientRect().top") >= wide.evaluate(HEADER_BOTTOM)


@pytest.mark.parametrize("path", ["", "papers/2403.09611/"])
def test_shift_tab_never_focuses_a_link_under_the_header(wide, site, path):  # noqa: F811
    wide.goto(site[1] + path)
    wide.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    wide.focus(".site-footer a")
    for _ in range(40):
        wide.keyboard.press("Shift+Tab")
        focused = wide.evaluate(FOCUSED)
        if focused["inHeader"]:
            break
        assert focused["top"] >= wide.evaluate(HEADER_BOTTOM) - 1, focused
