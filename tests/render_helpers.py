"""Shared helpers for the render tests: build the fixture catalog, walk built HTML."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from catalog.render.pipeline import render_site

FIXTURE = Path(__file__).parent / "fixtures" / "catalog"


def copy_fixture(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    return content


def build(content: Path, out: Path, **kwargs) -> Path:
    render_site(content, out, say=lambda *a: None, **kwargs)
    return out


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def internal_refs(page: BeautifulSoup) -> list[str]:
    """Every href/src on the page that points inside the site (no scheme, not a bare #fragment)."""
    refs = []
    for tag in page.find_all(["a", "link", "script", "img"]):
        for attr in ("href", "src"):
            value = tag.get(attr)
            if value is None or value.startswith("#"):
                continue
            if urlsplit(value).scheme or value.startswith("//"):
                continue
            refs.append(value)
    return refs


def resolve(site: Path, base_url: str, ref: str) -> Path | None:
    """The file a root-relative ref serves under `base_url`, or None if it leaves the base."""
    path = unquote(urlsplit(ref).path)
    if not path.startswith(base_url):
        return None
    rel = path[len(base_url):]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def all_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def page_bibtex(site: Path, page: BeautifulSoup) -> str:
    """The BibTeX entry a paper page shows: site.js makes it in the browser from the page
    (tests/test_bibtex_browser.py checks it equals catalog.bib's); here, catalog.bib's."""
    import re
    key = page.select_one("#cite .no-js-only code").get_text()
    text = (site / "catalog.bib").read_text(encoding="utf-8")
    found = re.search(r"@\w+\{" + re.escape(key) + r",\n.*?\n\}\n", text, re.S)
    assert found, f"no entry {key} in catalog.bib"
    return found.group(0)
