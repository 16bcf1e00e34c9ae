"""The search panel's code (static/search.js and search-text.js) is loaded only by the pages
that have the panel (index, topic pages); the others load site.js alone, and their header
search still works without it: "/" focuses the box, Enter lands on the index page's results.
At the root and under a sub-path, every script fingerprinted (?v=hash)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from test_search_browser import browser, built, page, result_hrefs, wait_for_query  # noqa: F401

pytestmark = pytest.mark.browser

PANEL_SCRIPTS = ["site.js", "search-text.js", "search.js"]  # in this order: search.js uses search-text.js


def loaded_scripts(page, url: str) -> list:  # noqa: F811
    """The scripts a page downloads when opened (no key pressed): their URLs, split."""
    scripts = []
    page.on("response", lambda r: scripts.append(urlsplit(r.url)) if r.request.resource_type == "script" else None)
    page.goto(url, wait_until="networkidle")
    return scripts


@pytest.mark.parametrize("base", ["/", "/catalog/"])
@pytest.mark.parametrize("path, names", [
    ("", PANEL_SCRIPTS),
    ("topics/moe/", PANEL_SCRIPTS),
    ("papers/ferret-ui/", ["site.js"]),
    ("404.html", ["site.js"]),
])
def test_only_pages_with_the_panel_load_its_code(page, built, base, path, names):  # noqa: F811
    scripts = loaded_scripts(page, built[base][1] + path)
    assert sorted(u.path for u in scripts) == sorted(base + "static/" + n for n in names)
    assert all(parse_qs(u.query).get("v") for u in scripts)  # fingerprinted: a new file is a new URL
    order = page.eval_on_selector_all("script[src]", "s => s.map(e => e.getAttribute('src').split('?')[0])")
    assert order == [base + "static/" + n for n in names]


@pytest.mark.parametrize("base", ["/", "/catalog/"])
def test_header_search_on_a_paper_page_lands_on_results(page, built, base):  # noqa: F811
    page.goto(built[base][1] + "papers/ferret-ui/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "header-q"
    page.keyboard.type("sigmoid")
    assert page.input_value("#header-q") == "sigmoid"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == base and parse_qs(urlsplit(page.url).query) == {"q": ["sigmoid"]}
    wait_for_query(page, "sigmoid")
    assert result_hrefs(page)[0] == base + "papers/sigmoid-self-attention/"


def test_slash_on_a_topic_page_focuses_its_panel(page, built):  # noqa: F811
    page.goto(built["/"][1] + "topics/moe/")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("model")
    wait_for_query(page, "model")
    assert result_hrefs(page)


def test_words_typed_before_the_panel_code_arrives_are_searched(page, built):  # noqa: F811
    """On a slow link the box is there (html.js) before search.js runs: what the reader has
    typed by then is searched, not wiped by the (empty) query in the URL."""
    held = []
    page.route("**/static/search.js?*", lambda route: held.append(route))
    page.goto(built["/"][1], wait_until="commit")
    page.wait_for_function("() => document.readyState !== 'loading'", timeout=10000)  # the box is parsed
    page.click("#search-q")
    page.keyboard.type("sigmoid")
    for _ in range(200):  # the request is held (Playwright hands it over while it waits)
        if held:
            break
        page.wait_for_timeout(50)
    held[0].continue_()
    wait_for_query(page, "sigmoid")
    assert page.input_value("#search-q") == "sigmoid"
    assert result_hrefs(page)[0] == "/papers/sigmoid-self-attention/"
