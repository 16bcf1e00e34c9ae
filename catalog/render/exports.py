"""Machine-readable outputs: papers.json, catalog.bib, feed.xml, sitemap.xml, robots.txt,
and the social card image (og:image).

Each writer streams one paper at a time. XML text is escaped and stripped of the
control characters XML 1.0 forbids even when escaped.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from . import bibtex, card
from ..engine.output import MARKER, MARKER_TEXT, Output
from .citation import bibtex_entry
from .model import Model, iso_timestamp, newest_first
from .site import topic_page_path, topic_pages

FEED_ENTRIES = 50       # the feed carries the newest papers; the whole catalog is in papers.json
SITEMAP_LIMIT = 50_000  # URLs per sitemap file, by the sitemaps.org protocol
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml(text: str) -> str:
    """As xml.sax.saxutils.escape with quotes (which would import urllib.request: 15 ms a build)."""
    text = _XML_INVALID.sub("", text)
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")


NO_SITE_URL = ("note: no site URL (site_url in content/site.yaml, or --site-url): feed.xml and sitemap.xml "
               "need absolute URLs, so this build leaves them out. The Pages workflow passes the URL.")


def write_exports(model: Model, out: Output) -> None:
    write_papers_json(model, out)
    write_bibtex(model, out)
    if model.config.site_url:  # Atom ids and sitemap <loc>s must be absolute URLs: see NO_SITE_URL
        write_feed(model, out)
        write_sitemap(model, out)
    write_robots(model, out)
    write_card(model, out)
    out.write(".nojekyll", "", "render")
    out.write(MARKER, MARKER_TEXT, "render")  # the proof this folder is the build's to replace


def write_card(model: Model, out: Output) -> None:
    out.write_bytes(card.PATH, card.social_card(model.config.title, model.config.description), "render")


ABSTRACTS = "abstracts"  # abstracts/<year>.json.gz: {slug: abstract} of the papers of that year
UNDATED = "undated"     # ... abstracts/undated.json.gz for papers without a year
# Up to this many papers, papers.json holds each abstract, as DESIGN's contract says. Above,
# the abstracts move to abstracts/<year>.json.gz: they were 80% of papers.json (140 MB at
# 100,000 papers; 45 MB gzipped) and no page needs them (issue 19: GitHub Pages' 1 GB).
INLINE_ABSTRACTS = 5_000


def abstracts_inline(model: Model) -> bool:
    return len(model.papers) <= INLINE_ABSTRACTS


def abstract_file(paper) -> str:
    """In a large catalog, the file holding a paper's abstract: its publication year's."""
    return f"{ABSTRACTS}/{paper.year or UNDATED}.json.gz"


def paper_record(paper, inline: bool) -> dict:
    where = {"abstract": paper.abstract_text} if inline else {"abstract_file": abstract_file(paper)}
    return {**paper.meta, "url": paper.path, **where}


def record_json(paper, inline: bool) -> str:
    return json.dumps(paper_record(paper, inline), ensure_ascii=False, separators=(",", ":"))


def write_papers_json(model: Model, out: Output) -> None:
    """papers.json: every paper's record, newest first (in a large catalog without the
    abstracts: write_abstracts)."""
    inline = abstracts_inline(model)
    with out.open("papers.json", "render") as f:
        f.write("[")
        for i, paper in enumerate(newest_first(model.papers)):
            f.write(",\n" if i else "\n")
            f.write(paper.exported[0] if paper.exported else record_json(paper, inline))  # pieces: fragments.py
        f.write("\n]\n")


def abstract_files(model: Model) -> dict[str, list]:
    """Each abstracts file and its papers (in slug order): a job each (plan.py), so an edit
    rewrites its year's file only. None while papers.json holds the abstracts."""
    files: dict[str, list] = {}
    if abstracts_inline(model):
        return files
    for paper in model.papers:
        files.setdefault(abstract_file(paper), []).append(paper)
    return files


def write_abstracts(model: Model, out: Output, name: str) -> None:
    papers = newest_first([p for p in model.papers if abstract_file(p) == name])
    text = ",\n".join(json.dumps(p.slug, ensure_ascii=False) + ":" + json.dumps(p.abstract_text, ensure_ascii=False)
                      for p in papers)
    # mtime 0 and no file name in the header: the same bytes every build. Level 4: 13.7 MB of
    # abstracts (10k papers) in 0.19 s CPU to 5.0 MB; level 6 0.7 s to 4.4 MB, 9 1.5 s to 4.3 MB
    out.write_bytes(name, gzip.compress(("{\n" + text + "\n}\n").encode("utf-8"), compresslevel=4, mtime=0), "render")


def read_catalog(site_dir) -> list[dict]:
    """papers.json with each record's abstract (joined from its abstract_file in a large
    catalog): the export as one list, whatever the catalog's size (for tools and tests)."""
    site_dir = Path(site_dir)
    records = json.loads((site_dir / "papers.json").read_text(encoding="utf-8"))
    texts: dict[str, dict] = {}
    for record in records:
        if "abstract" in record:
            continue
        name = record["abstract_file"]
        if name not in texts:
            texts[name] = json.loads(gzip.decompress((site_dir / name).read_bytes()).decode("utf-8"))
        record["abstract"] = texts[name][record["slug"]]
    return records


def write_bibtex(model: Model, out: Output) -> None:
    with out.open("catalog.bib", "render") as f:
        f.write(f"% {bibtex.latex_escape(model.config.title)}: {len(model.papers)} papers\n")
        for paper in newest_first(model.papers):
            f.write("\n" + bibtex_entry(model, paper))


def write_feed(model: Model, out: Output) -> None:
    urls, config = model.urls, model.config
    updated = iso_timestamp(model.newest_date) or "1970-01-01T00:00:00Z"
    with out.open("feed.xml", "render") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n')
        f.write(f"  <title>{xml(config.title)}</title>\n  <subtitle>{xml(config.description)}</subtitle>\n")
        f.write(f'  <link rel="alternate" type="text/html" href="{xml(urls.absolute())}"/>\n')
        f.write(f'  <link rel="self" type="application/atom+xml" href="{xml(urls.absolute("feed.xml"))}"/>\n')
        f.write(f"  <id>{xml(urls.absolute())}</id>\n  <updated>{updated}</updated>\n")
        # Atom needs an author for every entry: the catalog's, for papers with none listed.
        f.write(f"  <author><name>{xml(config.title)}</name></author>\n")
        for paper in newest_first(model.papers)[:FEED_ENTRIES]:
            f.write(_feed_entry(model, paper, updated))
        f.write("</feed>\n")


def _feed_entry(model: Model, paper, fallback: str) -> str:
    link = model.urls.absolute(paper.path)
    authors = "".join(f"    <author><name>{xml(a)}</name></author>\n" for a in paper.meta["authors"])
    categories = "".join(f'    <category term="{xml(t.key)}" label="{xml(t.name)}"/>\n' for t in paper.topics)
    return (
        "  <entry>\n"
        f"    <title>{xml(paper.title)}</title>\n"
        f'    <link rel="alternate" type="text/html" href="{xml(link)}"/>\n'
        f"    <id>{xml(link)}</id>\n"
        f"    <updated>{iso_timestamp(paper.date) or fallback}</updated>\n"
        f"{authors}{categories}"
        f'    <summary type="text">{xml(paper.abstract_text)}</summary>\n'
        "  </entry>\n"
    )


def site_paths(model: Model) -> list[str]:
    """Every HTML page's site path, for the sitemap."""
    topics = [topic_page_path(t.key, n) for t in model.topics for n in range(1, topic_pages(len(model.groups[t.key])) + 1)]
    return [""] + topics + [p.path for p in model.papers]


def write_sitemap(model: Model, out: Output) -> None:
    paths = site_paths(model)
    chunks = [paths[i:i + SITEMAP_LIMIT] for i in range(0, len(paths), SITEMAP_LIMIT)]
    if len(chunks) == 1:
        _write_urlset(model, out, "sitemap.xml", chunks[0])
        return
    names = [f"sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks):
        _write_urlset(model, out, name, chunk)
    with out.open("sitemap.xml", "render") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for name in names:
            f.write(f"  <sitemap><loc>{xml(model.urls.absolute(name))}</loc></sitemap>\n")
        f.write("</sitemapindex>\n")


def _write_urlset(model: Model, out: Output, name: str, paths: list[str]) -> None:
    with out.open(name, "render") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
        for path in paths:
            f.write(f"  <url><loc>{xml(model.urls.absolute(path))}</loc></url>\n")
        f.write("</urlset>\n")


def write_robots(model: Model, out: Output) -> None:
    text = "User-agent: *\nAllow: /\n"
    if model.config.site_url:  # the Sitemap line must be an absolute URL
        text += f"Sitemap: {model.urls.absolute('sitemap.xml')}\n"
    out.write("robots.txt", text, "render")
