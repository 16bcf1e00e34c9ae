"""Golden output: the fixture catalog's rendered files, pinned byte for byte.

After an intended change to templates or render code, regenerate and review the diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py && git diff tests/golden/

Asset cache-busting hashes (?v=...) are masked so a CSS or JS tweak does not churn the pins.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from render_helpers import build, copy_fixture

GOLDEN = Path(__file__).parent / "golden"
PINNED = [
    "index.html", "topics/multimodal/index.html", "topics/other/index.html",
    "papers/2410.02098/index.html", "papers/undated-note/index.html", "404.html",
    "papers.json", "catalog.bib", "feed.xml", "sitemap.xml", "robots.txt",
]
VERSION = re.compile(r"\?v=[0-9a-f]{10}")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("golden")
    return build(copy_fixture(tmp), tmp / "site")


@pytest.mark.parametrize("name", PINNED)
def test_rendered_file_matches_golden(site, name):
    actual = VERSION.sub("?v=HASH", (site / name).read_text(encoding="utf-8"))
    expected_path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no golden file for {name}: run with UPDATE_GOLDEN=1"
    assert actual == expected_path.read_text(encoding="utf-8"), (
        f"{name} differs from tests/golden/{name}; if intended, regenerate with UPDATE_GOLDEN=1")
