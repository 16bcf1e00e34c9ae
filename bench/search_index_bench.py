#!/usr/bin/env python3
"""What building the Pagefind index costs, by way of feeding it: A/B in alternating turns.

    python bench/search_index_bench.py --papers 10000 --turns 3 --keep /tmp/sib
    python bench/search_index_bench.py --pages-site /tmp/old-site ...   # also the CLI over full pages
    git archive <commit> | tar -x -C /tmp/base
    python bench/search_index_bench.py --against /tmp/base --variants ""   # whole cold builds, with search

The catalog is bench/synthetic.py's. Records are what catalog/render/search.py makes from
the model (one small HTML document per paper); they are made once, saved to a file, and
each measured run reads them back, so every variant pays only for indexing:

  cli-pages    `pagefind --site` over a site whose paper pages carry the search blocks
               (the way before: --pages-site, a site built by such a version)
  cli-records  the records written as files, then `pagefind --site` over them
  service      the records through Pagefind's service mode (search.build_index: one
               stream of AddFile messages)
  custom       Pagefind's add_custom_record (no HTML): the abstract as text, the same
               metadata, filters and sort as fields
  shards-N     the records in N separate indexes, one after the other (what a site
               would merge at search time with Pagefind's mergeIndex): memory per shard

--against DIR (repeatable) adds whole cold builds with the search index (`build.py render`, no cache, no
site), this tree's and DIR's (another version of the project) in turns.

Each run is a child process; time, CPU (user+sys of the tree) and peak memory (the
largest sum of the tree's proportional set sizes, Pagefind included, polled every 20 ms)
are reported as medians (peak: the largest), with the index's size on disk.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from compare import measure  # noqa: E402
from synthetic import make_catalog  # noqa: E402

EXCLUDE = (".paper-head", "#abstract-title", ".cite", ".related", ".pager", "annotation")
SPAN = re.compile(r'<span data-pagefind-(meta|filter|sort)="(\w+)">(.*?)</span>', re.S)
TAG = re.compile(r"<[^>]+>")


def prepare(work: Path, papers: int) -> Path:
    """The catalog and its records (url, html) as JSON lines; made once per work dir."""
    content, records = work / "content", work / "records.jsonl"
    if not (content / "papers").is_dir():
        make_catalog(content, papers)
    if not records.is_file():
        from catalog.render import search
        from catalog.render.pipeline import Options, SiteBuild
        build = SiteBuild(Options(content=content, output=work / "unused-site", search=False), say=lambda *a: None)
        build.run(need_model=True)  # the same model a build indexes from
        model = build.model
        with records.open("w", encoding="utf-8") as out:
            for record in search.records(model):
                out.write(json.dumps(record) + "\n")
        build.close()
    return records


def custom(url: str, html: str) -> dict:
    """The record as an AddRecord payload: the text before the fields, and the spans."""
    from html import unescape
    text = unescape(TAG.sub(" ", html.split("<div data-pagefind-ignore>", 1)[0]))
    meta, filters, sort = {}, {}, {}
    for kind, name, value in SPAN.findall(html):
        value = unescape(value)
        if kind == "meta":
            meta[name] = value
        elif kind == "filter":
            filters.setdefault(name, []).append(value)
        else:
            sort[name] = value
    return {"type": "AddRecord", "index_id": 0, "url": url, "content": " ".join(text.split()),
            "language": "en", "meta": meta, "filters": filters, "sort": sort}


def run(variant: str, records: Path, out: Path, pages_site: Path | None) -> None:
    """One measured run (in a child process)."""
    from catalog.render import search
    recs = [tuple(json.loads(line)) for line in records.open(encoding="utf-8")]
    if variant == "service":
        search.build_index(iter(recs), len(recs), out, say=lambda *a: None)
    elif variant.startswith("shards-"):
        n = int(variant.split("-")[1])
        for i in range(n):
            shard = recs[i * len(recs) // n:(i + 1) * len(recs) // n]
            search.build_index(iter(shard), len(shard), out / f"shard-{i}", say=lambda *a: None)
    elif variant == "custom":
        payloads = [custom(url, html) for url, html in recs]
        original = search._messages
        search._messages = lambda _recs: _custom_messages(payloads)
        try:
            search.build_index(iter(recs), len(recs), out, say=lambda *a: None)
        finally:
            search._messages = original
    elif variant in ("cli-records", "cli-pages"):
        site = pages_site
        if variant == "cli-records":
            site = Path(tempfile.mkdtemp(prefix="records-", dir=out.parent))
            for url, html in recs:
                page = site / url.strip("/") / "index.html"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(html, encoding="utf-8")
        command = [str(search.executable()), "--site", str(site), "--output-path", str(out),
                   "--force-language", "en", "--silent"]
        for selector in EXCLUDE if variant == "cli-pages" else ("annotation",):
            command += ["--exclude-selectors", selector]
        subprocess.run(command, check=True)
        if variant == "cli-records":
            shutil.rmtree(site)
    else:
        raise SystemExit(f"unknown variant {variant}")


def _custom_messages(payloads: list[dict]):
    import base64
    from catalog.render import search
    everything = [{"type": "NewIndex", "config": search.CONFIG}, *payloads,
                  {"type": "GetFiles", "index_id": 0}]
    for number, payload in enumerate(everything, start=1):
        yield base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode()) + b","


def size(bundle: Path) -> tuple[int, int]:
    files = [p for p in bundle.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="work here (catalog and records are made once)")
    parser.add_argument("--variants", default="cli-records,service,custom")
    parser.add_argument("--pages-site", type=Path, help="a built site with the old search blocks: adds cli-pages")
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another checkout (repeatable): time whole cold builds, it and this one")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-index-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    records = prepare(work, args.papers)
    if args.run:
        return run(args.run, records, args.out, args.pages_site)
    variants = [v for v in args.variants.split(",") if v] + (["cli-pages"] if args.pages_site else [])
    variants += ["build: " + str(tree) for tree in args.against] + (["build: this tree"] if args.against else [])
    runs: dict[str, list] = {v: [] for v in variants}
    sizes = {}
    for turn in range(args.turns):
        for variant in variants:
            out = work / f"out-{variant}"
            shutil.rmtree(out, ignore_errors=True)
            command = [sys.executable, __file__, "--keep", str(work), "--papers", str(args.papers),
                       "--run", variant, "--out", str(out)]
            if args.pages_site:
                command += ["--pages-site", str(args.pages_site)]
            if variant.startswith("build: "):
                tree = ROOT if variant == "build: this tree" else Path(variant[len("build: "):])
                out = work / "site"
                shutil.rmtree(out, ignore_errors=True)
                shutil.rmtree(work / ".cache", ignore_errors=True)
                command = [sys.executable, str(tree / "build.py"), "render", "-q", "--content", str(work / "content"),
                           "--output", str(out)]
            runs[variant].append(measure(command))
            sizes[variant] = size(out / "pagefind" if variant.startswith("build: ") else out)
            seconds, peak, cpu = runs[variant][-1]
            print(f"  turn {turn + 1} {variant}: {seconds:.2f} s, CPU {cpu:.2f} s, peak {peak / 2**20:.0f} MB", flush=True)
    print(f"\n## {args.papers:,} papers, {args.turns} turns (medians; peak = largest)\n")
    print("| variant | time | CPU | peak memory (tree) | index size | index files |")
    print("|---|---|---|---|---|---|")
    for variant, r in runs.items():
        total, files = sizes[variant]
        print(f"| {variant} | {statistics.median(s for s, _, _ in r):.2f} s | {statistics.median(c for _, _, c in r):.2f} s | "
              f"{max(m for _, m, _ in r) / 2**20:.0f} MB | {total / 1e6:.1f} MB | {files} |")
    print(f"\nwork dir: {work}")


if __name__ == "__main__":
    main()
