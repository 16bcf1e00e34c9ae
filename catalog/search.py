"""Search index: run Pagefind over the built (staged) site, writing `pagefind/` inside it.

render_site calls `build_index(stage, ...)` after every page is written and before the
staging directory is swapped in, so a failed index leaves the previous site untouched.

What Pagefind indexes is decided by the templates: only paper pages carry
`data-pagefind-body` (on the paper's <article>), and once any page has it Pagefind
leaves every page without it (index, topic pages, 404) out of the index. Inside the
article, navigation, the BibTeX block and related papers are `data-pagefind-ignore`;
filters (topic, year), the date sort key and result metadata come from
templates/_search.html. The browser side is templates/static/search.js.

The index is checked after the run: it must hold exactly one page per paper, so a
template change that drops or duplicates `data-pagefind-body` fails the build instead
of silently shipping a search that finds index pages or nothing.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Callable

from .errors import ContentError

BUNDLE = "pagefind"  # site-relative directory of the index; search.js loads BUNDLE/pagefind.js
LANGUAGE = "en"      # one index for the whole site, whatever lang a page declares
# Parts of a paper page that are not the paper: breadcrumbs, the BibTeX block
# (its fields would match every query for "title" or "author"), related papers and the
# pager (other papers' titles would make this page a hit for them).
# The header (chips, title, authors, facts, buttons) is left out too: title, authors and
# venue are indexed, weighted, from a hidden block at the end of the article
# (templates/_search.html), so excerpts show the abstract rather than the header again.
EXCLUDE = (".crumbs", ".paper-head", "#abstract-title", ".cite", ".related", ".pager")
# Pagefind's stock UIs and highlighter: we ship our own small UI (static/search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def executable() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError:
        get_executable = None
    found = get_executable() if get_executable else None
    if found is None or not Path(found).is_file():
        raise ContentError("pagefind", None, "the search indexer is missing: pip install 'pagefind[bin]'")
    return Path(found)


def build_index(site_dir: Path, expected_pages: int, say: Callable[..., None] = print) -> float:
    """Index `site_dir` in place; returns the seconds it took. Raises ContentError on failure."""
    site_dir = Path(site_dir)
    if expected_pages == 0:  # no page would carry data-pagefind-body: Pagefind would index them all
        say("search index: no papers, none built")
        return 0.0
    started = time.perf_counter()
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--force-language", LANGUAGE, "--silent"]
    for selector in EXCLUDE:
        command += ["--exclude-selectors", selector]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ContentError("pagefind", None, f"search index failed: {exc}") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise ContentError("pagefind", None, "search index failed: " + (detail[-1] if detail else f"exit {result.returncode}"))
    bundle = site_dir / BUNDLE
    pages = indexed_pages(bundle)
    if pages != expected_pages:
        raise ContentError("templates/paper.html", None,
                           f"search index holds {pages} pages, expected one per paper ({expected_pages}); "
                           "is data-pagefind-body on the paper article, and only there?")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    seconds = time.perf_counter() - started
    say(f"search index: {pages} papers in {seconds:.2f} s -> {BUNDLE}/")
    return seconds


def indexed_pages(bundle: Path) -> int:
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(bundle / "pagefind-entry.json", None, f"search index is unreadable: {exc}") from None
    return sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
