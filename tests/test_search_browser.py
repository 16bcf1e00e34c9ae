"""Search in a real browser: headless Debian chromium via Playwright, the seed site served
on 127.0.0.1 (at the root, and under /catalog/ for a project-site build).

Skipped when /usr/bin/chromium is missing, unless REQUIRE_BROWSER=1 (then it fails).
Run just these: python -m pytest -m browser tests/test_search_browser.py
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from catalog.render.exports import read_catalog
from catalog.render.model import publication_date
from catalog.render.site import render_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PANEL = "[data-search]"


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` ("/" or "/catalog/"); anything else is a 404."""

    prefix = "/"

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_base__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


def serve(site: Path, prefix: str):
    handler = type("Handler", (SiteHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing and REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def seed_sites(tmp: Path, while_building=contextlib.nullcontext) -> tuple[dict, list]:
    """The seed site built at "/" and at "/catalog/" (inside `while_building()`), each served
    on its own port: ({base: (site folder, url)}, the servers to shut down)."""
    sites, servers = {}, []
    with while_building():
        for base in ("/", "/catalog/"):
            out = tmp / ("root" if base == "/" else "catalog")
            render_site(ROOT / "content", out, base_url=base, say=lambda *a: None)
            sites[base] = out
    for base, out in sites.items():
        server, url = serve(out, base)
        servers.append(server)
        sites[base] = (out, url)
    return sites, servers


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    sites, servers = seed_sites(tmp_path_factory.mktemp("search-sites"))
    yield sites
    for server in servers:
        server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()
    assert not page.errors, page.errors


@pytest.fixture
def site(built):
    return built["/"]


def papers(site_dir: Path) -> list[dict]:
    return read_catalog(site_dir)  # papers.json with the abstracts joined


def wait_for_query(page, query: str) -> None:
    page.wait_for_function(
        "q => { const p = document.querySelector('[data-search]'); return p.dataset.state === 'done' && p.dataset.query === q; }",
        arg=query, timeout=10000)


def click_and_wait(page, selector: str) -> None:
    """Click a filter and wait for the search it starts (not an earlier one) to finish."""
    seq = int(page.get_attribute(PANEL, "data-seq") or 0)
    page.click(selector)
    page.wait_for_function(
        "n => { const p = document.querySelector('[data-search]'); return +p.dataset.seq > n && p.dataset.state === 'done'; }",
        arg=seq, timeout=10000)


def result_hrefs(page) -> list[str]:
    """The papers listed, in order (each result's title link)."""
    return page.eval_on_selector_all("#search-results .entry-title a", "links => links.map(a => a.getAttribute('href'))")


def show_all(page) -> list[str]:
    """Press "Show more" until every result is listed; their hrefs."""
    while page.is_visible(".search-more"):
        count = page.locator("#search-results > li").count()
        page.click(".search-more")
        page.wait_for_function("n => document.querySelectorAll('#search-results > li').length > n", arg=count)
    return result_hrefs(page)


def type_query(page, query: str) -> None:
    page.click("#search-q")
    page.keyboard.type(query)
    wait_for_query(page, query)


@pytest.mark.parametrize("query, slug", [
    ("expert choice", "2410.02098"),
    ("UI screens", "ferret-ui"),
    ("sigmoid", "sigmoid-self-attention"),
    ("UI", "ferret-ui"),                        # a lone two-letter word: searched as that word
    ("the sigmoid attention", "sigmoid-self-attention"),  # stop words left out
])
def test_typing_finds_the_right_paper_first(page, site, query, slug):
    page.goto(site[1])
    type_query(page, query)
    hrefs = result_hrefs(page)
    assert hrefs and hrefs[0] == f"/papers/{slug}/", hrefs
    assert all(h.startswith("/papers/") for h in hrefs)  # only paper pages are results
    assert parse_qs(urlsplit(page.url).query)["q"] == [query]
    assert page.is_visible("#search-results")
    assert "match" in page.inner_text(".search-status")


def test_results_update_as_you_type(page, site):
    page.goto(site[1])
    type_query(page, "sigm")  # a prefix already finds it
    assert result_hrefs(page)[0] == "/papers/sigmoid-self-attention/"
    page.keyboard.type("oid")
    wait_for_query(page, "sigmoid")
    assert result_hrefs(page)[0] == "/papers/sigmoid-self-attention/"


def test_keyboard_arrows_enter_and_escape(page, site):
    page.goto(site[1])
    type_query(page, "model")
    first, second = result_hrefs(page)[:2]
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#search-q", "aria-activedescendant")
    assert active == "search-option-1"
    assert page.get_attribute(f"#{active}", "aria-current") == "true"
    page.keyboard.press("ArrowUp")
    assert page.get_attribute("#search-q", "aria-activedescendant") == "search-option-0"
    page.keyboard.press("Escape")  # first Esc: leave the list
    assert page.get_attribute("#search-q", "aria-activedescendant") is None
    page.keyboard.press("Escape")  # second Esc: clear the query
    wait_for_query(page, "")
    assert page.input_value("#search-q") == "" and not result_hrefs(page)
    assert page.is_visible("section.group")  # the topic listing is back
    assert urlsplit(page.url).query == ""
    type_query(page, "model")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == second != first


def test_slash_focuses_the_search(page, site):
    page.goto(site[1])
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert page.input_value("#search-q") == ""  # the slash is not typed into the box


def test_header_search_on_a_paper_page_hands_off_to_the_index(page, site):
    page.goto(site[1] + "papers/ferret-ui/")
    assert page.is_visible("form.header-search")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "header-q"
    page.keyboard.type("sigmoid")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_for_query(page, "sigmoid")
    assert result_hrefs(page)[0] == "/papers/sigmoid-self-attention/"


def test_topic_filter_with_empty_query_browses_that_topic(page, site):
    page.goto(site[1])
    page.click("label.topic-toggle:has(input[value=alignment])")
    wait_for_query(page, "")
    expected = {"/" + p["url"] for p in papers(site[0]) if "alignment" in p["topics"]}
    hrefs = show_all(page)
    assert expected and set(hrefs) == expected and len(hrefs) == len(expected)
    by_url = {"/" + p["url"]: p for p in papers(site[0])}
    dates = [by_url[h]["date"] or "" for h in hrefs]
    assert dates == sorted(dates, reverse=True)  # browsing: newest first
    assert parse_qs(urlsplit(page.url).query) == {"topic": ["alignment"]}
    assert not page.is_visible("section.group")  # the listing gives way to the results


def test_several_topics_and_a_query(page, site):
    page.goto(site[1])
    page.click("label.topic-toggle:has(input[value=moe])")
    click_and_wait(page, "label.topic-toggle:has(input[value=alignment])")
    expected = {"/" + p["url"] for p in papers(site[0]) if {"moe", "alignment"} & set(p["topics"])}
    for key in ("moe", "alignment"):  # the union, not either topic alone
        assert expected > {"/" + p["url"] for p in papers(site[0]) if key in p["topics"]}
    assert set(show_all(page)) == expected
    type_query(page, "expert choice")
    hrefs = result_hrefs(page)
    assert hrefs[0] == "/papers/2410.02098/" and set(hrefs) <= expected
    assert parse_qs(urlsplit(page.url).query) == {"q": ["expert choice"], "topic": ["moe", "alignment"]}


def test_state_survives_a_reload_and_a_shared_link(page, site):
    page.goto(site[1])
    page.click("label.topic-toggle:has(input[value=multimodal])")
    page.select_option("select[name=sort]", "date")
    type_query(page, "UI screens")
    before = result_hrefs(page)
    url = page.url
    assert parse_qs(urlsplit(url).query) == {"q": ["UI screens"], "topic": ["multimodal"], "sort": ["date"]}
    page.reload()
    wait_for_query(page, "UI screens")
    assert page.input_value("#search-q") == "UI screens"
    assert page.is_checked("input[name=topic][value=multimodal]")
    assert not page.is_checked("input[name=topic][value=moe]")
    assert page.input_value("select[name=sort]") == "date"
    assert result_hrefs(page) == before
    fresh = page.context.new_page()  # a shared link opened elsewhere
    fresh.goto(url)
    wait_for_query(fresh, "UI screens")
    assert result_hrefs(fresh) == before
    fresh.close()


def test_year_filter_and_date_sort_from_the_url(page, site):
    page.goto(site[1] + "?year=2024&sort=date-asc")
    wait_for_query(page, "")
    by_url = {"/" + p["url"]: p for p in papers(site[0])}
    # the year is the publication year (ICLR 2025 papers posted in 2024 are 2025's)
    expected = [u for u, p in by_url.items() if (publication_date(p) or "").startswith("2024")]
    assert len(expected) == 7 and "/papers/2410.02098/" not in expected
    assert page.locator("#search-results > li").count() == 7
    hrefs = show_all(page)
    assert set(hrefs) == set(expected)
    dates = [publication_date(by_url[h]) for h in hrefs]
    assert dates == sorted(dates)
    assert page.input_value("select[name=year]") == "2024"


def test_works_under_a_sub_path(page, built):
    site_dir, url = built["/catalog/"]
    requests = []
    page.on("response", lambda r: requests.append((r.url, r.status)))
    page.goto(url)
    type_query(page, "UI screens")
    hrefs = result_hrefs(page)
    assert hrefs[0] == "/catalog/papers/ferret-ui/"
    assert all(h.startswith("/catalog/papers/") for h in hrefs)
    index_files = [u for u, _ in requests if "/pagefind/" in u]
    assert index_files and all(urlsplit(u).path.startswith("/catalog/pagefind/") for u in index_files)
    assert all(status < 400 for _, status in requests), [r for r in requests if r[1] >= 400]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == "/catalog/papers/ferret-ui/"
    assert page.title().startswith("Ferret-UI")


def test_without_javascript_the_page_says_so_and_links_work(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site[1])
    assert page.is_visible("[data-search-nojs]") and "JavaScript" in page.inner_text("[data-search-nojs]")
    assert not page.is_visible("#search-q")
    assert page.locator("section.group .entry-title a").count() > 20
    page.goto(site[1] + "topics/moe/")
    assert page.is_visible("[data-search-nojs]")
    assert page.locator(".entry-title a").count() > 0
    context.close()


def test_missing_index_is_reported_not_silent(page, site):
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(site[1])
    page.click("#search-q")
    page.keyboard.type("xy")
    page.wait_for_selector(".search-panel.is-broken", timeout=10000)
    assert "unavailable" in page.inner_text(".search-status")
    page.errors.clear()  # the failed import is expected here


# --- Issue 12: ids, slugs, authors and venues; abstract-only excerpts; topic pages; links ---

@pytest.mark.parametrize("query, slug", [
    ("2410.02098", "2410.02098"),                            # an arXiv id, as typed
    ("arXiv:2405.15052", "2405.15052"),                      # as it is cited
    ("https://arxiv.org/pdf/2403.09611v4", "2403.09611"),    # a pasted link
    ("multilingual-shallow-decoders", "multilingual-shallow-decoders"),  # a slug (its URL)
    ("Daxberger", "2309.04354"),                             # an author
    ("EACL", "multilingual-shallow-decoders"),               # a venue
])
def test_ids_slugs_authors_and_venues_find_their_paper(page, site, query, slug):
    page.goto(site[1])
    type_query(page, query)
    assert result_hrefs(page)[0] == f"/papers/{slug}/"


def test_excerpts_come_from_the_abstract_only(page, site):
    by_url = {"/" + p["url"]: p for p in papers(site[0])}
    page.goto(site[1])
    type_query(page, "Haotian Sun")  # matches only the (hidden, indexed) author list
    first = page.locator("#search-results > li").first
    teaser = first.locator(".teaser").inner_text()
    paper = by_url[result_hrefs(page)[0]]
    assert paper["slug"] == "2410.02098"
    assert "Tao Lei" not in teaser and paper["title"] not in teaser
    assert paper["abstract"].startswith(teaser.rstrip("…")[:80])  # the abstract's opening
    page.fill("#search-q", "")
    type_query(page, "interpretability")  # the last word of EC-DIT's abstract: the title follows it
    for option in page.locator("#search-results > li").all():
        href = option.locator(".entry-title a").get_attribute("href")
        excerpt = option.locator(".teaser").inner_text()
        assert option.locator(".teaser mark").count() >= 1
        assert by_url[href]["title"] not in excerpt and by_url[href]["authors"][0] not in excerpt
        assert all(word in by_url[href]["abstract"] for word in excerpt.strip("…").split()[:3])


def test_a_topic_page_searches_its_topic_until_cleared(page, site):
    by_url = {"/" + p["url"]: p for p in papers(site[0])}
    page.goto(site[1] + "topics/moe/")
    assert page.is_checked("input[name=topic][value=moe]")
    assert page.is_visible("main ol.entries:not(.search-results)")  # the topic's own listing stays
    assert urlsplit(page.url).query == ""
    type_query(page, "model")
    hrefs = show_all(page)
    assert hrefs and all("moe" in by_url[h]["topics"] for h in hrefs)
    assert "in Mixture-of-Experts" in page.inner_text(".search-status")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["model"]}  # the default is not repeated
    click_and_wait(page, "label.topic-toggle:has(input[value=moe])")  # clear it: every topic
    everywhere = show_all(page)
    assert set(everywhere) > set(hrefs) and any("moe" not in by_url[h]["topics"] for h in everywhere)
    assert parse_qs(urlsplit(page.url).query, keep_blank_values=True) == {"q": ["model"], "topic": [""]}
    page.reload()  # the cleared filter survives a reload
    wait_for_query(page, "model")
    assert not page.is_checked("input[name=topic][value=moe]")
    assert set(show_all(page)) == set(everywhere)


def test_results_carry_the_links_list_entries_have(page, site):
    by_url = {"/" + p["url"]: p for p in papers(site[0])}
    page.goto(site[1])
    type_query(page, "ToolSandbox")
    option = page.locator("#search-results > li").first
    href = option.locator(".entry-title a").get_attribute("href")
    paper = by_url[href]
    links = option.locator(".entry-links a")
    assert links.all_inner_texts() == ["arXiv", "PDF", "Code"]
    found = [a.get_attribute("href") for a in links.all()]
    assert found == [f"https://arxiv.org/abs/{paper['arxiv']}", f"https://arxiv.org/pdf/{paper['arxiv']}",
                     paper["links"]["code"][0]]
    page.goto(site[1] + "topics/other/")  # the same links as the paper's entry in the listing
    entry = page.locator(f"li.entry:has(.entry-title a[href='{href}'])").first
    assert [a.get_attribute("href") for a in entry.locator(".entry-links a").all()] == found


@pytest.mark.parametrize("width", [1280, 390])
def test_paper_page_bibtex_wraps_and_long_author_lists_open(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site[1] + "papers/2403.09611/")  # MM1: 32 authors, a long BibTeX author field
    page.click("#cite summary")  # the entry opens on demand
    scroll, client = page.evaluate("() => { const b = document.querySelector('pre.bibtex'); return [b.scrollWidth, b.clientWidth]; }")
    assert scroll <= client  # nothing cut off, no sideways scrolling
    assert not page.is_visible("details.paper-authors > p")
    assert "24 more" in page.inner_text("details.paper-authors summary")
    page.click("details.paper-authors summary")
    assert page.is_visible("details.paper-authors > p") and "Yinfei Yang" in page.inner_text("details.paper-authors")
    assert not page.is_visible(".authors-more")
    context.close()
