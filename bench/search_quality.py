#!/usr/bin/env python3
"""Do two builds of one catalog find the same papers? Queries typed into each site's search.

    python bench/search_quality.py SITE_A SITE_B [--sample 60]

For a sample of papers (from SITE_A's papers.json, a fixed seed) it types, in headless
chromium, the paper's title, its first author's name, its arXiv id (or slug), and three
of its abstract's rarest words, and records where the paper ranks (1 = first). Prints,
per kind of query and site, how often it is first, in the first 10, and the mean rank
when found; then the queries whose paper ranks differently on the two sites.
"""

from __future__ import annotations

import argparse
import collections
import functools
import http.server
import json
import random
import re
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from catalog.render.exports import read_catalog  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def queries(papers: list[dict], sample: int) -> list[tuple[str, str, str]]:
    """(kind, query, expected url) for a fixed sample of papers."""
    counts = collections.Counter(w for p in papers for w in set(re.findall(r"[a-z]{4,}", p["abstract"].lower())))
    out = []
    for p in random.Random(7).sample(papers, min(sample, len(papers))):
        url = "/" + p["url"]
        out.append(("title", p["title"], url))
        if p["authors"]:
            out.append(("author", p["authors"][0], url))
        out.append(("id", p["arxiv"] or p["slug"], url))
        rare = sorted(set(re.findall(r"[a-z]{4,}", p["abstract"].lower())), key=lambda w: (counts[w], w))[:3]
        out.append(("abstract", " ".join(rare), url))
    return out


def ranks(site: Path, qs: list[tuple[str, str, str]]) -> list[int | None]:
    from playwright.sync_api import sync_playwright
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    handler = functools.partial(quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    found = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            for _, query, url in qs:
                page.fill("#search-q", query)
                page.wait_for_function(
                    "q => { const p = document.querySelector('[data-search]'); return p.dataset.state === 'done' && p.dataset.query === q; }",
                    arg=query, timeout=30000)
                hrefs = page.eval_on_selector_all("#search-results .entry-title a", "a => a.map(x => x.getAttribute('href'))")
                found.append(hrefs.index(url) + 1 if url in hrefs else None)
            browser.close()
    finally:
        server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs=2)
    parser.add_argument("--sample", type=int, default=60)
    args = parser.parse_args()
    papers = read_catalog(args.sites[0])
    qs = queries(papers, args.sample)
    results = {site: ranks(site, qs) for site in args.sites}
    print("| query | site | first | in the first 10 | mean rank when listed |")
    print("|---|---|---|---|---|")
    for kind in ("title", "author", "id", "abstract"):
        for site, found in results.items():
            mine = [r for (k, _, _), r in zip(qs, found) if k == kind]
            listed = [r for r in mine if r]
            print(f"| {kind} | {site} | {sum(r == 1 for r in mine)}/{len(mine)} | {sum(1 for r in listed if r <= 10)}/{len(mine)} | "
                  f"{sum(listed) / len(listed) if listed else 0:.2f} |")
    a, b = results.values()
    differ = [(k, q, x, y) for (k, q, _), x, y in zip(qs, a, b) if x != y]
    print(f"\n{len(differ)} of {len(qs)} queries rank their paper differently:")
    for kind, query, x, y in differ:
        print(f"  {kind}: {query[:70]!r}: {x} -> {y}")


if __name__ == "__main__":
    sys.exit(main())
