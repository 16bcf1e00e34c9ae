"""axe-core in headless Chromium over a served site, in every state a reader sees.

    python .ci/site_checks/axe.py BASE_URL AXE_JS [--every-page] [--two-views]

States: index, a topic page, a paper page, the 404 page (at a deep missing URL), search
open (a query with results, and one highlighted with the arrow keys), filters set (topic
+ year + sort, no query); each in light and dark colour schemes at 1280 and 390 px wide.
--every-page adds every page in sitemap.xml once (light, 1280 px). --two-views runs the
states only light at 1280 px and dark at 390 px (for the big synthetic catalog: the same
templates, at scale). Prints each violation
with its rule, impact, target and page; exits 1 if there is any.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
WIDTHS = {1280: 800, 390: 844}
SCHEMES = ("light", "dark")


def pick_paper(base: str) -> str:
    """The paper page with the most on it (authors, venue, code links): the strictest test."""
    papers = json.load(urllib.request.urlopen(base + "papers.json", timeout=10))
    best = max(papers, key=lambda p: (len(p.get("links", {}).get("code") or []) > 0, bool(p.get("venue")),
                                      min(len(p.get("authors") or []), 20), p["url"]))
    return best["url"]


def states(base: str, paper: str, topic: str) -> list[tuple[str, str, str | None]]:
    """(name, url, action) — action: None, "results" (wait for search results) or "highlight"."""
    return [
        ("index", base, None),
        ("topic", base + topic, None),
        ("paper", base + paper, None),
        ("404", base + "papers/does/not/exist/", None),
        ("search open", base + "?q=language+models", "results"),
        ("search highlighted", base + "?q=language+models", "highlight"),
        ("filters set", base + "?topic=moe&topic=alignment&year=2024&sort=date", "results"),
        ("topic search", base + topic + "?q=models", "results"),  # a word every catalog has
    ]


def settle(page, action: str | None) -> None:
    if action is None:
        return
    page.wait_for_selector("[data-search][data-state=done]", timeout=15000)
    if not page.query_selector("#search-results > li"):  # no result: the state is checked as it is
        print(f"axe: note: no search results at {page.url}")
        return
    if action == "highlight":
        page.focus("#search-q")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")


def run_axe(page, axe_js: str) -> list[dict]:
    page.add_script_tag(path=axe_js)
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
    }""")


def sitemap_pages(base: str) -> list[str]:
    tree = ET.parse(urllib.request.urlopen(base + "sitemap.xml", timeout=10))
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    # Map the sitemap's public URLs onto the local server (same path below the base).
    public = [loc.text for loc in tree.iter(ns + "loc")]
    root = min(public, key=len)
    return [base + url[len(root):] for url in public]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("axe_js")
    ap.add_argument("--every-page", action="store_true")
    ap.add_argument("--two-views", action="store_true")
    args = ap.parse_args()
    base = args.base if args.base.endswith("/") else args.base + "/"
    paper = pick_paper(base)
    runs = []
    views = [(1280, "light"), (390, "dark")] if args.two_views else [(w, s) for w in WIDTHS for s in SCHEMES]
    for width, scheme in views:
        runs += [(name, url, action, width, scheme) for name, url, action in states(base, paper, "topics/moe/")]
    if args.every_page:
        runs += [(urlsplit(url).path, url, None, 1280, "light") for url in sitemap_pages(base)]
    total = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        contexts = {}
        for name, url, action, width, scheme in runs:
            key = (width, scheme)
            if key not in contexts:
                contexts[key] = browser.new_context(viewport={"width": width, "height": WIDTHS[width]},
                                                    color_scheme=scheme, reduced_motion="reduce")
            page = contexts[key].new_page()
            page.goto(url, wait_until="load")
            settle(page, action)
            for v in run_axe(page, args.axe_js):
                total += len(v["nodes"])
                for node in v["nodes"]:
                    print(f"axe: {v['id']} ({v['impact']}) {name} {width}px {scheme}: {node['target']}\n"
                          f"     {v['help']}. {node['summary'].splitlines()[-1].strip()}")
            page.close()
        browser.close()
    print(f"axe: {total} violation(s) in {len(runs)} page states")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
