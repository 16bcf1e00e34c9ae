"""The build warns when the site is over GitHub Pages' 1 GB (issue 19: 100k papers were 1.1 GB)."""

from __future__ import annotations

import pytest

from catalog.render import pages_limit
from catalog.render.pipeline import render_site
from render_helpers import copy_fixture


def build_warnings(tmp_path) -> list[str]:
    said: list[str] = []
    render_site(copy_fixture(tmp_path), tmp_path / "site", say=lambda *a: None, search=False, warn=said.append)
    return [line for line in said if "GitHub Pages" in line]


def test_a_site_over_the_limit_gets_one_line_naming_its_largest_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(pages_limit, "CHECK_FROM", 0)
    monkeypatch.setattr(pages_limit, "PAGES_LIMIT", 10_000)  # the fixture's site is ~60 KB
    [line] = build_warnings(tmp_path)
    sizes = pages_limit.folder_sizes(tmp_path / "site")
    assert sum(sizes.values()) > 10_000
    largest = max(sizes, key=sizes.get)
    assert line.startswith(f"warning: {tmp_path / 'site'} is ") and "up to 1 GB" in line
    assert f"(largest: {largest} " in line and "\n" not in line


def test_a_build_that_changes_nothing_does_not_walk_the_site_again(tmp_path, monkeypatch):
    monkeypatch.setattr(pages_limit, "CHECK_FROM", 0)
    monkeypatch.setattr(pages_limit, "PAGES_LIMIT", 10_000)
    content, said = copy_fixture(tmp_path), []
    for _ in range(2):
        render_site(content, tmp_path / "site", say=lambda *a: None, search=False, warn=said.append)
    assert len([line for line in said if "GitHub Pages" in line]) == 1


@pytest.mark.parametrize("check_from, limit", [(0, 10**9), (10**6, 10_000)])
def test_no_line_under_the_limit_or_for_a_small_catalog(tmp_path, monkeypatch, check_from, limit):
    monkeypatch.setattr(pages_limit, "CHECK_FROM", check_from)
    monkeypatch.setattr(pages_limit, "PAGES_LIMIT", limit)
    assert build_warnings(tmp_path) == []


def test_folder_sizes_sum_the_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.html").write_bytes(b"x" * 300)
    (tmp_path / "a" / "y.json").write_bytes(b"y" * 20)
    (tmp_path / "z.txt").write_bytes(b"z" * 5)
    assert pages_limit.folder_sizes(tmp_path) == {"a": 320, "z.txt": 5}
