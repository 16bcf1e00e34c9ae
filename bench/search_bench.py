"""Benchmark search on a synthetic catalog: index build time, first-query bytes, latency.

Usage:
    python bench/search_bench.py                  # 10,000 papers
    python bench/search_bench.py --n 2000 --keep /tmp/bench   # keep content + site
    python bench/search_bench.py --site /tmp/bench/site        # only measure a built site

Steps:
1. Generate N paper pages (content/papers/*.md via catalog.pages.dump_page/new_meta;
   content/topics.yaml and site.yaml copied from the repository): titles, 3-8 authors,
   venues, 1-2 topics (some none), dates 2015-2025, 120-250-word abstracts drawn from
   the seed abstracts' vocabulary plus ~30,000 synthetic words (a large catalog's long
   tail), Zipf-distributed.
2. `python build.py render --content DIR --output DIR/site` (render only), timed; the
   search-index time is the line catalog/search.py prints.
3. Serve the site on 127.0.0.1 (PagesLike below) and drive headless Debian chromium (Playwright):
   - first query: open the index page, type a query, wait for results; sum the bytes of
     every pagefind/ response (Playwright network events; http.server sends no
     the server gzips text files as GitHub Pages does, Pagefind's index files are gzip'd
     already; transferred (encoded) and uncompressed sizes are both reported);
   - keystroke -> results: a keydown listener stamps performance.now(), the panel's
     "search:rendered" event (+ one animation frame, i.e. painted) stamps the end.
     "cold" = each keystroke the first time a query is typed (may fetch index chunks);
     "warm" = the same queries typed again, index chunks already loaded.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from synthetic import make_catalog  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
QUERIES = ["mixture of experts", "preference optimization", "sigmoid attention", "diffusion transformer",
           "visual tokens"]
def build(content: Path, site: Path) -> tuple[float, float, str]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "build.py", "render", "--content", str(content), "--output", str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stdout}\n{result.stderr}")
    match = re.search(r"search index: (\d+) papers in ([\d.]+) s", result.stdout)
    if not match:
        sys.exit(f"no search-index line in the build output:\n{result.stdout}")
    return total, float(match.group(2)), result.stdout.strip()


class PagesLike(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip'd on the fly for text types when the browser asks, as GitHub Pages
    does. Pagefind's index files (.pf_*, wasm.*.pagefind) are gzip'd already and go as-is."""

    TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
    sent: list[tuple[str, int]] = []  # (request path, body bytes written): the server's own tally

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in self.TEXT or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            if path.is_file():
                self.sent.append((self.path, path.stat().st_size))
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.sent.append((self.path, len(body)))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


PROBE = """() => {
  window.__marks = {};
  document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, true);
  document.querySelector('[data-search]').addEventListener('search:rendered', (e) => {
    const q = e.detail.query;
    requestAnimationFrame(() => { window.__marks[q] = performance.now() - window.__t0; });
  });
}"""


def type_and_time(page, query: str) -> list[float]:
    """Type `query` one key at a time; the keystroke-to-painted-results time of each key."""
    times = []  # (what was typed, ms)
    page.fill("#search-q", "")
    page.evaluate("() => { window.__marks = {}; }")
    typed = ""
    for char in query:
        typed += char
        page.keyboard.press(char if char != " " else "Space")
        if not typed.strip() or typed != typed.rstrip():  # a trailing space searches the same words
            page.wait_for_timeout(30)
            continue
        page.wait_for_function("q => window.__marks[q] !== undefined", arg=typed.strip(), timeout=20000)
        times.append((typed.strip(), page.evaluate("q => window.__marks[q]", typed.strip())))
    return times


def measure(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(PagesLike, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    out: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            fetched = []
            page.on("requestfinished", lambda r: fetched.append(r))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.evaluate(PROBE)
            page.click("#search-q")
            first = QUERIES[0]
            started = time.perf_counter()
            page.keyboard.type(first)
            page.wait_for_function("q => window.__marks[q] !== undefined", arg=first, timeout=30000)
            out["first_query_wall_ms"] = (time.perf_counter() - started) * 1000
            page.wait_for_load_state("networkidle")
            out["first_query_server_bytes"] = sum(n for path, n in PagesLike.sent if "/pagefind/" in path)
            rows = []
            for request in fetched:
                if "/pagefind/" not in request.url:
                    continue
                sizes = request.sizes()
                decoded = len(request.response().body())
                rows.append((request.url.split("/pagefind/", 1)[1].split("?")[0],
                             sizes["responseBodySize"], sizes["responseHeadersSize"], decoded))
            out["first_query_files"] = sorted(rows, key=lambda r: -r[1])
            out["first_query_bytes"] = sum(r[1] for r in rows)
            out["first_query_header_bytes"] = sum(r[2] for r in rows)
            out["first_query_decoded_bytes"] = sum(r[3] for r in rows)
            out["first_query_results"] = page.locator("#search-results .search-result").count()
            cold, warm = [], []
            for query in QUERIES[1:]:
                cold += type_and_time(page, query)
            for query in QUERIES:
                warm += type_and_time(page, query)
            out["cold_keystroke_ms"] = cold
            out["warm_keystroke_ms"] = warm
            fetched.clear()
            page.fill("#search-q", "")
            page.click("label.topic-toggle:has(input[value=alignment])")
            page.wait_for_function("() => document.querySelector('[data-search]').dataset.query === '' && "
                                   "document.querySelector('.search-status').textContent.includes('Alignment')")
            out["browse_topic_status"] = page.inner_text(".search-status")
            browser.close()
    finally:
        server.shutdown()
    return out


def summary(timed: list[tuple[str, float]]) -> str:
    values = sorted(ms for _, ms in timed)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return f"median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms (n={len(values)})"


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10000, help="papers to generate (default 10000)")
    parser.add_argument("--keep", type=Path, help="work in this directory and keep it (default: a temp dir)")
    parser.add_argument("--site", type=Path, help="measure this built site only (no catalog made, no build)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing")
    if args.site:
        report(measure(args.site))
        return 0
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    content, site = work / "content", work / "site"
    try:
        started = time.perf_counter()
        make_catalog(content, args.n)
        print(f"generated {args.n} papers in {time.perf_counter() - started:.1f} s -> {content}")
        total, index_seconds, log = build(content, site)
        bundle = site / "pagefind"
        bundle_bytes = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file())
        print(log)
        print(f"render (whole build): {total:.1f} s; search index: {index_seconds:.2f} s; "
              f"index on disk: {bundle_bytes / 1024:.0f} KB in {sum(1 for p in bundle.rglob('*') if p.is_file())} files")
        report(measure(site))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def report(m: dict) -> None:
    # The server's tally is the headline: Playwright reports 0 bytes for the body of
    # pagefind-worker.js (a Worker script), which the server did send.
    kb = m["first_query_server_bytes"] / 1024
    print(f"first query {QUERIES[0]!r}: {kb:.1f} KB of pagefind/ files sent by the server "
          f"(Playwright network events: {m['first_query_bytes'] / 1024:.1f} KB encoded, "
          f"{m['first_query_decoded_bytes'] / 1024:.1f} KB decoded, +{m['first_query_header_bytes'] / 1024:.1f} KB "
          f"headers), {len(m['first_query_files'])} requests, "
          f"{m['first_query_results']} results shown, {m['first_query_wall_ms']:.0f} ms from typing to results "
          f"(cold: loads the index) [target <= 300 KB: {'PASS' if kb <= 300 else 'FAIL'}]")
    for name, size, _, _ in m["first_query_files"]:
        print(f"    {size / 1024:7.1f} KB  {name}")
    print(f"keystroke -> results, first time each query is typed: {summary(m['cold_keystroke_ms'])}")
    print(f"keystroke -> results, index chunks loaded:            {summary(m['warm_keystroke_ms'])} "
          f"[target <= 100 ms: {'PASS' if max(ms for _, ms in m['warm_keystroke_ms']) <= 100 else 'FAIL'}]")
    for label, key in (("cold", "cold_keystroke_ms"), ("warm", "warm_keystroke_ms")):
        slow = sorted(m[key], key=lambda t: -t[1])[:4]
        print(f"    slowest {label}: " + ", ".join(f"{q!r} {ms:.0f} ms" for q, ms in slow))
    print(f"browse by topic (empty query): {m['browse_topic_status']}")


if __name__ == "__main__":
    sys.exit(main())
