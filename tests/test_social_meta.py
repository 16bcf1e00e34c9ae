"""Social and search-engine metadata: the social card, canonical/og tags, Scholar dates."""

from __future__ import annotations

import struct

from render_helpers import build, copy_fixture, html_files, soup

from catalog.render.card import social_card
from catalog.render.seo import scholar_date


def test_the_social_card_is_a_1200x630_png_and_the_same_every_time():
    first = social_card("Fixture Lab Papers", "Papers — with abstracts, code and citations. Café.")
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", first[16:24]) == (1200, 630)
    social_card.cache_clear()
    assert social_card("Fixture Lab Papers", "Papers — with abstracts, code and citations. Café.") == first


def test_with_a_site_url_every_page_has_absolute_canonical_og_url_and_og_image(tmp_path):
    site = build(copy_fixture(tmp_path), tmp_path / "site", site_url="https://example.org/lab")
    assert (site / "social-card.png").read_bytes()[:4] == b"\x89PNG"
    for path in html_files(site):
        page = soup(path)
        image = page.find("meta", property="og:image")["content"]
        assert image == "https://example.org/lab/social-card.png", path
        if path.name == "404.html":  # served at any missing URL: no canonical address
            assert not page.find("link", rel="canonical")
            continue
        canonical = page.find("link", rel="canonical")["href"]
        assert canonical.startswith("https://example.org/lab/"), path
        assert page.find("meta", property="og:url")["content"] == canonical


def test_without_a_site_url_no_relative_canonical_og_url_or_og_image(tmp_path):
    site = build(copy_fixture(tmp_path), tmp_path / "site", site_url="")
    for path in html_files(site):
        page = soup(path)
        assert not page.find("link", rel="canonical") and not page.find("meta", property="og:url"), path
        assert not page.find("meta", property="og:image"), path


def test_scholar_dates_are_in_a_form_scholar_accepts():
    assert scholar_date("2024-10") == "2024"
    assert scholar_date("2024") == "2024"
    assert scholar_date("2024-10-07") == "2024/10/07"
