"""The Copy BibTeX button on a page served over plain http (a lab's own server, where
browsers give no clipboard API): it still copies the entry, and a keyboard user's focus
stays on the button instead of falling back to the top of the page."""

from __future__ import annotations

import pytest

from test_search_browser import browser, built, site  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

NO_CLIPBOARD_API = "Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });"
RECORD_COPY = "document.addEventListener('copy', e => { window.copied = e.target.value; });"


def test_copy_without_the_clipboard_api_keeps_focus(browser, site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(NO_CLIPBOARD_API + RECORD_COPY)
    page = context.new_page()
    page.goto(site[1] + "papers/2403.09611/")
    page.focus("[data-copy]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.copy-status').textContent")
    assert page.inner_text(".copy-status") == "Copied to clipboard"
    assert page.evaluate("window.copied") == page.text_content("#bibtex")
    assert page.evaluate("document.activeElement.dataset.copy") == "bibtex"
    context.close()
