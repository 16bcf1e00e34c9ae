"""Save-to-visible latency of `python build.py serve`: seed catalog and a synthetic one.

    python bench/serve_bench.py                 # seed catalog + 10,000 synthetic papers
    python bench/serve_bench.py --papers 2000   # a smaller synthetic catalog
    python bench/serve_bench.py --skip-seed --edits 9

For each catalog: copy it to a temporary directory, start the server on a free port,
open one paper page in headless Chromium, then repeatedly rewrite that paper's title
on disk and time, in the browser, from just before the write until the new title is
the page's <h1> (the tab reloaded by livereload). Reports the median (and min/max).
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from synthetic import make_catalog  # noqa: E402

from catalog.pages import dump_page, read_page  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__serve__/status", timeout=10) as r:
        return json.loads(r.read())


def _wait_idle(port: int, timeout: float = 600) -> None:
    """Until the rebuild, its exact related papers and the search index are done."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = _status(port)
        if not (s["busy"] or s["pending"] or s["indexing"]):
            return
        time.sleep(0.1)
    raise TimeoutError("server stayed busy")


def measure(content: Path, slug: str, edits: int, label: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    tmp = content.parent
    port = _free_port()
    log = (tmp / "serve.log").open("w")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "-q", "--content", str(content),
                             "--output", str(tmp / "site"), "--port", str(port)],
                            cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"server exited: {(tmp / 'serve.log').read_text()}")
            try:
                _status(port)
                break
            except OSError:
                time.sleep(0.2)
        _wait_idle(port)
        print(f"{label}: server up and idle after {time.perf_counter() - started:.1f} s", flush=True)
        path = content / "papers" / f"{slug}.md"
        page = read_page(path)
        times = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            tab = browser.new_page()
            tab.goto(f"http://127.0.0.1:{port}/papers/{slug}/")
            for n in range(edits):
                tab.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol")
                title = f"Benchmark edit {n} {time.time_ns()}"
                page.meta["title"] = title
                text = dump_page(page.meta, page.body)
                # The clock is the browser's: t0 just before the write, t1 when the h1 shows it.
                t0 = tab.evaluate("() => performance.timeOrigin + performance.now()")
                path.write_text(text, encoding="utf-8")
                tab.wait_for_function("t => { const h = document.querySelector('h1');"
                                      " return h && h.textContent.trim() === t; }", arg=title, timeout=60_000)
                t1 = tab.evaluate("() => performance.timeOrigin + performance.now()")
                times.append(t1 - t0)
                print(f"  edit {n + 1}: {t1 - t0:.0f} ms", flush=True)
                _wait_idle(port)  # steady state: each edit starts from a settled site
            browser.close()
        return times
    finally:
        proc.send_signal(2)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def report(label: str, times: list[float]) -> str:
    return (f"{label}: median {statistics.median(times):.0f} ms save-to-visible "
            f"(min {min(times):.0f}, max {max(times):.0f}, {len(times)} edits)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=10_000, help="synthetic catalog size (default 10000)")
    parser.add_argument("--edits", type=int, default=7, help="title edits per catalog (default 7)")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    args = parser.parse_args()
    lines = []
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as tmp:
        if not args.skip_seed:
            seed = Path(tmp) / "seed" / "content"
            shutil.copytree(ROOT / "content", seed)
            slug = "2403.09611"
            lines.append(report(f"seed catalog ({len(list((seed / 'papers').glob('*.md')))} papers)",
                                measure(seed, slug, args.edits, "seed")))
        if not args.skip_synthetic:
            synth = Path(tmp) / "synthetic" / "content"
            started = time.perf_counter()
            slugs = make_catalog(synth, args.papers)
            print(f"synthetic: {args.papers} pages written in {time.perf_counter() - started:.1f} s", flush=True)
            lines.append(report(f"synthetic catalog ({args.papers} papers)",
                                measure(synth, slugs[len(slugs) // 2], args.edits, "synthetic")))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
