#!/usr/bin/env python3
"""Per-page cost of the templates: CPU and bytes per paper page, topic page and index.

    python bench/page_bench.py                       # 2,000 synthetic papers
    python bench/page_bench.py --papers 10000 --keep /tmp/pages

In one process, on a model loaded once: each paper page rendered once (as a cold build
does), then every topic page and the index; papers.json and catalog.bib for their size.
CPU is process time. For an A/B, run it from two checkouts on the same --keep catalog, in
turns. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from synthetic import make_catalog  # noqa: E402
from catalog.render import exports, site  # noqa: E402
from catalog.render.model import load_model  # noqa: E402
from catalog.engine.workers import BytesOutput  # noqa: E402


def timed(render, items) -> tuple[float, list[int]]:
    """(CPU seconds, bytes of each output)."""
    started = time.process_time()
    sizes = [len(render(item).encode("utf-8")) for item in items]
    return time.process_time() - started, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=2_000)
    parser.add_argument("--keep", type=Path, help="catalog here (made once, then reused)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="page-bench-"))
    if not (work / "content" / "papers").is_dir():
        make_catalog(work / "content", args.papers)
    model = load_model(work / "content", site_url="https://example.org/bench")
    env = site.environment(model)
    site.render_not_found(model, env)  # compiles base.html
    paper_cpu, papers = timed(lambda p: site.render_paper(model, env, p), model.papers)
    pages = [(t, n) for t in model.topics for n in range(1, site.topic_pages(len(model.groups[t.key])) + 1)]
    topic_cpu, topics = timed(lambda tn: site.render_topic_page(model, env, *tn), pages)
    index_cpu, index = timed(lambda _: site.render_index(model, env), [None])
    out = BytesOutput()
    exports.write_papers_json(model, out)
    exports.write_bibtex(model, out)
    print(f"papers:       {len(papers)}")
    print(f"paper page:   {paper_cpu / len(papers) * 1e3:.3f} ms CPU, {statistics.mean(papers) / 1e3:.2f} KB "
          f"(median {statistics.median(papers) / 1e3:.2f}), {sum(papers) / 1e6:.1f} MB in all")
    print(f"topic page:   {topic_cpu / len(topics) * 1e3:.2f} ms CPU, {statistics.mean(topics) / 1e3:.1f} KB, "
          f"{len(topics)} pages, {sum(topics) / 1e6:.1f} MB in all")
    print(f"index:        {index_cpu * 1e3:.0f} ms CPU, {index[0] / 1e3:.0f} KB")
    for name, data in sorted(out.files.items()):
        print(f"{name + ':':<13} {len(data) / 1e6:.2f} MB ({len(data) / len(papers) / 1e3:.2f} KB per paper)")
    print(f"work dir:     {work}")


if __name__ == "__main__":
    main()
