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
import random
import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalog.pages import dump_page, new_meta, read_page  # noqa: E402

TOPIC_WORDS = {
    "moe": ["mixture-of-experts", "experts", "routing", "router", "sparse experts"],
    "alignment": ["alignment", "preference optimization", "RLHF", "reward model"],
    "multimodal": ["multimodal", "vision-language", "image", "speech"],
    "efficiency": ["efficiency", "pruning", "quantization", "compression"],
}
SYLLABLES = "ka lo mi nu pe ra si to va ze bri cal dor fen gul hap jin kor lum mer nox pil qua ros tev".split()


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    words = sorted(words)
    rng.shuffle(words)
    return words


def make_catalog(content: Path, papers: int, seed: int = 7) -> list[str]:
    """Write a synthetic catalog of `papers` pages into `content/` (topics and site
    settings copied from the repository's content/). Returns the slugs."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like: a few common words
    (content / "papers").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(exist_ok=True)
    for name in ("topics.yaml", "site.yaml"):
        shutil.copy(ROOT / "content" / name, content / name)
    slugs = []
    for n in range(papers):
        year, month = 2015 + n % 10, 1 + (n // 10) % 12
        slug = f"{year % 100:02d}{month:02d}.{n:05d}"
        topics = sorted(rng.sample(list(TOPIC_WORDS), rng.choice([0, 1, 1, 1, 2])))
        words = rng.choices(vocab, weights, k=rng.randint(90, 170))
        for t in topics:
            for _ in range(3):
                words.insert(rng.randrange(len(words)), rng.choice(TOPIC_WORDS[t]))
        sentences = [" ".join(words[i:i + 18]).capitalize() + "." for i in range(0, len(words), 18)]
        meta = new_meta(slug)
        meta.update(
            title=" ".join(rng.choices(vocab, weights, k=rng.randint(4, 9))).capitalize(),
            arxiv=slug, date=f"{year}-{month:02d}", topics=topics,
            authors=[f"{rng.choice(vocab).capitalize()} {rng.choice(vocab).capitalize()}"
                     for _ in range(rng.randint(1, 5))],
            venue=rng.choice([None, None, "NeurIPS 2024", "ICLR 2025"]),
            comments=rng.choice([[], ["9 pages"], ["13 pages, 3 figures"]]),
            sources=[f"synthetic.txt:{n + 1}"],
        )
        (content / "papers" / f"{slug}.md").write_text(dump_page(meta, " ".join(sentences)), encoding="utf-8")
        slugs.append(slug)
    return slugs


# ---------------------------------------------------------------------------- measuring

import json  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

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
