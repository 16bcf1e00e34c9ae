"""The standards checker of .ci/check_site.sh (.ci/site_checks/metadata.py) passes a good
build and catches a bad one, so a green check means something."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from render_helpers import build, copy_fixture

METADATA = Path(__file__).resolve().parent.parent / ".ci" / "site_checks" / "metadata.py"


def check(site: Path, url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(METADATA), str(site), url], capture_output=True, text=True)


def test_a_build_with_its_site_url_passes_every_metadata_check(tmp_path):
    site = build(copy_fixture(tmp_path), tmp_path / "site", site_url="https://example.org/lab")
    done = check(site, "https://example.org/lab/")
    assert done.returncode == 0, done.stdout
    for name in ("feed", "sitemap", "json-ld", "scholar", "social"):
        assert f"{name}: 0 problem(s)" in done.stdout


def test_relative_urls_a_bad_scholar_date_and_a_broken_feed_are_caught(tmp_path):
    content = copy_fixture(tmp_path)
    site = build(content, tmp_path / "site", site_url="")
    done = check(site, "https://example.org/lab/")
    assert done.returncode == 1
    # No site URL: no canonical/og:url, and no feed or sitemap at all (they need absolute URLs).
    assert "needs one canonical link" in done.stdout and "feed: feed.xml: not well-formed" in done.stdout
    site = build(content, tmp_path / "site2", site_url="https://example.org/lab")
    paper = next((site / "papers").glob("*/index.html"))
    html = paper.read_text(encoding="utf-8")
    paper.write_text(html.replace('name="citation_publication_date" content="', 'name="citation_publication_date" content="x', 1))
    (site / "feed.xml").write_text((site / "feed.xml").read_text(encoding="utf-8").replace("<updated>", "<updated>~", 1))
    done = check(site, "https://example.org/lab/")
    assert done.returncode == 1
    assert "citation_publication_date must be" in done.stdout and "atom:updated is not RFC 3339" in done.stdout
