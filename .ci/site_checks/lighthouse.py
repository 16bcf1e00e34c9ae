"""Lighthouse on the served seed site: the index and a paper page, mobile and desktop.

    CHROME_PATH=/usr/bin/chromium LIGHTHOUSE_CLI=.ci/.tools/site/node_modules/lighthouse/cli/index.js \
        python .ci/site_checks/lighthouse.py BASE_URL

Prints the four category scores and the layout shift of each run; exits 1 if a score is
below 98 or a layout shift above 0.02. Performance is simulated (Lighthouse's default
throttling), but main-thread time is measured, so a busy machine can cost a few points:
a run below the bar is repeated, up to 3 runs, and the best counts (every run is printed).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

from axe import pick_paper

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
MIN_SCORE, MAX_CLS = 98, 0.02


def audit(url: str, desktop: bool) -> dict:
    command = ["node", os.environ["LIGHTHOUSE_CLI"], url, "--quiet", "--output=json", "--output-path=stdout",
               "--only-categories=" + ",".join(CATEGORIES), "--max-wait-for-load=30000",
               "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"]
    if desktop:
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if done.returncode:
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr[-2000:]}")
    return json.loads(done.stdout)


def scores(report: dict) -> tuple[dict, float, list[str]]:
    result = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
    bad = [c for c, s in result.items() if s < MIN_SCORE] + (["layout shift"] if cls > MAX_CLS else [])
    return result, cls, bad


def costs(report: dict) -> list[str]:
    """The audits that cost points, for the log."""
    return [f"{key}: {item.get('displayValue') or item['score']}" for key, item in report["audits"].items()
            if item.get("score") is not None and item["score"] < 0.9
            and item.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")]


def main(base: str) -> int:
    base = base if base.endswith("/") else base + "/"
    urllib.request.urlopen(base, timeout=10)
    pages = {"index": base, "paper": base + pick_paper(base)}
    failures = 0
    for name, url in pages.items():
        for device in ("mobile", "desktop"):
            for attempt in range(1, 4):
                report = audit(url, device == "desktop")
                result, cls, bad = scores(report)
                print(f"lighthouse: {name:5} {device:7} " + " ".join(f"{c} {s}" for c, s in result.items())
                      + f" CLS {cls:.3f}" + (f"  <- {', '.join(bad)} (run {attempt})" if bad else ""), flush=True)
                if not bad:
                    break
                for line in costs(report):
                    print("            " + line)
            failures += bool(bad)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
