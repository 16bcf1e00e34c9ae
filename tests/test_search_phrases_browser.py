"""A quoted phrase finds its papers whichever way the reader hyphenates it: abstracts write
"Mixture-of-Experts" and "expert-choice", readers type "mixture of experts" (Pagefind keeps a
hyphenated word's parts at one position, so a phrase alone matches one spelling only)."""

from __future__ import annotations

import pytest

from test_search_browser import browser, built, page, result_hrefs, show_all, site, type_query  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("query, slug", [
    ('"expert choice"', "2410.02098"),             # the abstract says "expert-choice routing"
    ('"expert-choice routing"', "2410.02098"),     # as written
    ('"diffusion transformers"', "2410.02098"),    # no hyphen anywhere: unchanged
])
def test_a_quoted_phrase_finds_its_paper(page, site, query, slug):  # noqa: F811
    page.goto(site[1])
    type_query(page, query)
    assert result_hrefs(page)[:1] == [f"/papers/{slug}/"]


def test_both_spellings_of_a_phrase_find_the_same_papers(page, site):  # noqa: F811
    found = []
    for query in ('"mixture-of-experts"', '"mixture of experts"'):
        page.goto(site[1])
        type_query(page, query)
        found.append(sorted(show_all(page)))
    assert len(found[0]) >= 5 and found[0] == found[1]


def test_a_phrase_nowhere_still_says_so(page, site):  # noqa: F811
    page.goto(site[1])
    type_query(page, '"zebra quantum"')
    assert result_hrefs(page) == []
    assert "No papers match “zebra quantum”" in page.inner_text(".search-status")  # its quotes once, not “"…"”
