"""Kill the build and ingest (SIGKILL, as a crash or an impatient kill -9 would) at random
moments: the site is afterwards the old one or the new one, never missing or mixed; a page
is never truncated; the next run cleans up and finishes the job."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from catalog.pages import load_pages
from catalog.render.pipeline import render_site

from render_helpers import FIXTURE

ROOT = Path(__file__).resolve().parent.parent
KILLS = 20


def hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def start(*argv: str) -> subprocess.Popen:
    # A session of its own, so the kill also takes the Pagefind child, as a crash would.
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), *argv, "-q"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def kill_after(proc: subprocess.Popen, seconds: float) -> bool:
    """SIGKILL the process group after `seconds`; False if it had already finished."""
    try:
        proc.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return True


def set_title(content: Path, title: str) -> None:
    path = content / "papers" / "2410.02098.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[2] = f'title: "{title}"'
    path.write_text("\n".join(lines), encoding="utf-8")


def test_a_killed_build_leaves_the_old_site_or_the_new_one(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    site = tmp_path / "site"
    versions = {}
    for title in ("Old title", "New title"):  # both sites, built in-process for reference
        set_title(content, title)
        render_site(content, tmp_path / title, say=lambda *a: None)
        versions[title] = hashes(tmp_path / title)
    assert versions["Old title"] != versions["New title"]
    shutil.copytree(tmp_path / "Old title", site)
    started = time.monotonic()
    assert start("render", "--content", str(content), "--output", str(site)).wait() == 0  # how long a build takes
    duration = time.monotonic() - started
    rng = random.Random(11)
    killed = 0
    for _ in range(3 * KILLS):  # until KILLS kills landed (a run that finished first is not one)
        now = next(t for t, h in versions.items() if h == hashes(site))
        other = "New title" if now == "Old title" else "Old title"
        set_title(content, other)
        started = time.monotonic()
        if kill_after(start("render", "--content", str(content), "--output", str(site)), rng.uniform(0.0, duration)):
            killed += 1
        else:
            duration = min(duration, time.monotonic() - started)
        assert site.is_dir(), "no site after a kill"
        assert hashes(site) in (versions[now], versions[other]), "a mixed site after a kill"
        if killed == KILLS:
            break
    assert killed == KILLS
    assert start("render", "--content", str(content), "--output", str(site)).wait() == 0
    assert not [p.name for p in tmp_path.glob(".site-*")], "leftovers of killed builds"


def test_a_killed_ingest_leaves_no_truncated_page(tmp_path):
    sources = ROOT / "content" / "sources"
    words = " ".join((sources / "000_466a8d3c65148cbc.txt").read_text(encoding="utf-8").split()[:400]).split()
    rng = random.Random(5)
    lines = []
    for n in range(600):  # distinct abstracts: a first ingest writes 600 pages
        rng.shuffle(words)
        lines.append(f"Paper {n}. " + " ".join(words[:120]) + ".")
    reference = tmp_path / "reference"
    content = tmp_path / "content"
    for folder in (reference, content):
        (folder / "sources").mkdir(parents=True)
        shutil.copy(ROOT / "content" / "topics.yaml", folder / "topics.yaml")
        (folder / "sources" / "big.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.monotonic()
    assert start("ingest", "--content", str(reference)).wait() == 0
    duration = time.monotonic() - started
    expected = hashes(reference / "papers")
    for _ in range(8):
        if kill_after(start("ingest", "--content", str(content)), rng.uniform(0.3 * duration, duration)):
            load_pages(content / "papers")  # every page there reads back: none is half-written
    assert start("ingest", "--content", str(content)).wait() == 0
    assert hashes(content / "papers") == expected  # the interrupted runs converge on the same pages
