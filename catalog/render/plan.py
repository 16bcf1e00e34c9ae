"""Every output of a build as a job with a key: the digest of everything it is made from.

A job whose key equals the last build's (and whose files are still as written) is
not rendered again. What goes into a key, per kind:

* every output: the code, the settings, the topics, the URLs with asset versions, and
  which topics have papers (the navigation);
* a paper page: its paper (the page file's hash, its topics, its citation key), its
  previous/next papers and its related papers (their titles and dates show);
* a topic page: its slice of the topic, the topic's size and the years in the search
  panel; the index: each topic's newest papers, counts, years;
* exports: the papers they list (an abstracts file: its year's); the feed only the newest;
  assets: their bytes.

Plus the templates the output's kind uses (inputs.template_keys). Each job also names
what renders it (below): paper and topic pages are packed for the worker processes
(chunks.py), exports stream into their files. The engine (catalog/engine/) does the rest.
"""

from __future__ import annotations

import hashlib

from . import exports, fragments, site
from ..engine.cache import digest
from ..engine.plan import Job
from .exports import FEED_ENTRIES, abstract_files, abstracts_inline, site_paths
from .model import Model, Paper, newest_first
from .urls import output_file

# Every export and what writes it into an output.Output (`build`: the SiteBuild, its model).
WRITERS = {
    "papers.json": exports.write_papers_json, "catalog.bib": exports.write_bibtex, "feed.xml": exports.write_feed,
    "sitemap.xml": exports.write_sitemap, "robots.txt": exports.write_robots,
    ".nojekyll": lambda model, out: out.write(".nojekyll", "", "render"),
    "social-card.png": exports.write_card,
}
EXPORTS = tuple(WRITERS)


def _index(build, _) -> bytes:
    return site.render_index(build.model, build.env).encode("utf-8")


def _topic(build, arg) -> bytes:
    return site.render_topic_page(build.model, build.env, *arg).encode("utf-8")


def _paper(build, paper) -> bytes:
    return site.render_paper(build.model, build.env, paper).encode("utf-8")


def _not_found(build, _) -> bytes:
    return site.render_not_found(build.model, build.env).encode("utf-8")


def _export(build, name, out) -> None:
    if name in fragments.USERS:
        build.pieces()
    WRITERS[name](build.model, out)


def _abstracts(build, name, out) -> None:
    exports.write_abstracts(build.model, out, name)


def own(paper: Paper, page_keys: dict[str, str]) -> str:
    """A paper's own part of a key: its page, its topics, its citation key."""
    return "\0".join([page_keys[paper.slug], " ".join(t.key for t in paper.topics), paper.cite_key])


def _paper_key(parts: list[str]) -> str:
    """digest() of strings, without pickling: 10,000 paper pages per build."""
    return hashlib.blake2b("\1".join(parts).encode(), digest_size=16).hexdigest()


def plan(model: Model, templates: dict[str, str], page_keys: dict[str, str], code: str) -> list[Job]:
    owns = {p.slug: own(p, page_keys) for p in model.papers}
    nav = tuple(key for key, group in model.groups.items() if group)
    common = digest(code, model.config, tuple(model.topics), model.urls, nav)
    years = site.year_counts(model)  # shown by the search panel
    jobs = [Job(rel, "static", digest(rel, path.read_bytes()), path, path) for rel, path in site.static_files()]
    limit = model.config.index_limit or None
    shown = [(t.key, len(g), [owns[p.slug] for p in g[:limit]]) for t, g in _groups(model)]
    jobs.append(Job("index.html", "index", digest(common, templates["index"], years, model.newest_date,
                                                  len(model.papers), shown), "templates/index.html", render=_index))
    for topic, group in _groups(model):
        pages = site.topic_pages(len(group))
        for page in range(1, pages + 1):
            chunk = group[(page - 1) * site.TOPIC_PAGE_SIZE:page * site.TOPIC_PAGE_SIZE]
            key = digest(common, templates["topic"], years, topic.key, page, pages, len(group),
                         [owns[p.slug] for p in chunk])
            jobs.append(Job(output_file(site.topic_page_path(topic.key, page)), "topic", key,
                            f"topic {topic.key!r}", (topic, page), _topic, packed=True))
    for paper in model.papers:
        newer, older = model.neighbours(paper)
        key = _paper_key([common, templates["paper"], owns[paper.slug], newer and owns[newer.slug] or "",
                          older and owns[older.slug] or "", *[owns[r.slug] for r in paper.related]])
        jobs.append(Job(output_file(paper.path), "paper", key, paper.source, paper, _paper, packed=True))
    jobs.append(Job("404.html", "404", digest(common, templates["404"]), "templates/404.html", render=_not_found))
    return jobs + _exports(model, common, owns)


def _groups(model: Model):
    return [(t, model.groups[t.key]) for t in model.topics]


def _exports(model: Model, common: tuple, owns: dict[str, tuple]) -> list[Job]:
    catalog = [owns[p.slug] for p in model.papers]
    newest = [owns[p.slug] for p in newest_first(model.papers)[:FEED_ENTRIES]]
    keys = {
        "papers.json": digest(common, catalog, abstracts_inline(model)),
        "catalog.bib": digest(common, catalog),
        "feed.xml": digest(common, newest, model.newest_date),
        "sitemap.xml": digest(common, site_paths(model)),
        "robots.txt": digest(common),
        ".nojekyll": digest(),
        "social-card.png": digest(common),  # drawn from the site's title and description
    }
    # Atom ids and sitemap <loc>s must be absolute: no site URL, no feed or sitemap (exports.NO_SITE_URL).
    names = [n for n in EXPORTS if model.config.site_url or n not in ("feed.xml", "sitemap.xml")]
    abstracts = [Job(name, "export", digest(common, [owns[p.slug] for p in papers]), "render", name, _abstracts,
                     streamed=True) for name, papers in abstract_files(model).items()]  # an abstracts file a year
    return [Job(name, "export", keys[name], "render", name, _export, streamed=True) for name in names] + abstracts
