"""Render the catalog site: Jinja templates over the model, plus exports and assets.

`render_site` is the build: the same one `python build.py`, `render` and `serve` run
(catalog/render/pipeline.py: cache, dependencies, writing, search index). This module
holds what turns the model into the text of one output: `render_index`,
`render_topic_page`, `render_paper`, `render_not_found`; exports are in exports.py.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import exports, seo, shards
from ..config import load_config
from .model import Model, Paper, month_label
from ..topics import OTHER_KEY, Topic
from .urls import paper_path, topic_path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = TEMPLATES / "static"
TOPIC_PAGE_SIZE = 50  # papers per topic page: /topics/moe/, /topics/moe/page/2/, ...


def render_site(content_dir: Path, output_dir: Path, base_url: str | None = None,
                site_url: str | None = None, say: Callable[..., None] = print, search: bool = True,
                cache: bool = True, jobs: int | None = None, progress: bool = False,
                warn: Callable[..., None] = lambda text: print(text, file=sys.stderr)):
    """Build the site into `output_dir`; on any error the old site stays as it was.
    Returns the build's summary (catalog/render/pipeline.py)."""
    from .pipeline import Options, SiteBuild
    options = Options(content=Path(content_dir), output=Path(output_dir), base_url=base_url, site_url=site_url,
                      search=search, cache=cache, jobs=jobs, progress=progress, resident=False)
    build = SiteBuild(options, say=say)
    try:
        summary = build.run()
        if not load_config(Path(content_dir), base_url=base_url, site_url=site_url).site_url:
            warn(exports.NO_SITE_URL)
        return summary
    finally:
        build.close()


def static_versions() -> tuple[tuple[str, str], ...]:
    """Content hashes of the assets, appended to their URLs so browsers refetch changes."""
    return tuple(sorted(
        (f"static/{p.relative_to(STATIC).as_posix()}", hashlib.sha256(p.read_bytes()).hexdigest()[:10])
        for p in STATIC.rglob("*") if p.is_file()
    ))


def static_files() -> list[tuple[str, Path]]:
    return [(f"static/{p.relative_to(STATIC).as_posix()}", p) for p in sorted(STATIC.rglob("*")) if p.is_file()]


def year_counts(model: Model) -> list[tuple[str, int]]:
    """(year, papers) newest first, for the search panel: computed once per build."""
    counts = Counter(p.date[:4] for p in model.papers if p.date)
    return sorted(counts.items(), reverse=True)


class FlushLeftLoader(FileSystemLoader):
    """Templates are indented for people; pages need no indentation. Leading spaces are
    dropped from each template line as it loads: line numbers stay, and so do the line
    breaks, so the browser sees the same whitespace. (No template has literal text in a
    <pre>: the BibTeX block's text is a variable.)"""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return _INDENT.sub("", source), filename, uptodate


_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def environment(model: Model) -> Environment:
    return environment_of(model, year_counts(model), shards.count(len(model.papers)))


def environment_of(source, years: list, search_shards: int = 1) -> Environment:
    """The templates' environment from what every page may show: `source` is the Model,
    or a worker's chunks.Shell (settings, URLs, topics and their sizes, no papers)."""
    env = Environment(loader=FlushLeftLoader(TEMPLATES), autoescape=select_autoescape(["html"], default=True),
                      undefined=StrictUndefined, auto_reload=False, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["month"] = month_label
    # `path | url` is the filter form of url(path): a filter is called directly (a global
    # function goes through Jinja's context.call, ~4x the cost), and with a literal path it is
    # computed once, when the template compiles. url() stays for the search macros.
    urls = source.urls
    env.filters["url"] = urls.url
    env.filters["topic_url"] = lambda key: urls.url(topic_path(key))
    env.globals.update(site=source.config, url=urls.url, absolute=urls.absolute,
                       topics=source.topics, groups=source.groups, year_counts=years, search_shards=search_shards,
                       topic_colour={t.key: i % 6 for i, t in enumerate(source.topics)}, paper_path=paper_path,
                       topic_path=topic_path, topic_nav=topic_nav(source))
    return env


def topic_nav(model: Model) -> list[tuple[str, str, str]]:
    """(path, URL, name) of the topics in the header of every page (Other only if it has
    papers): computed once, not on each of them."""
    return [(topic_path(t.key), model.urls.url(topic_path(t.key)), t.name)
            for t in model.topics if model.groups[t.key] or t.key != OTHER_KEY]


def topic_pages(count: int) -> int:
    return max(1, -(-count // TOPIC_PAGE_SIZE))


def topic_page_path(key: str, page: int) -> str:
    return topic_path(key) + (f"page/{page}/" if page > 1 else "")


def render_index(model: Model, env: Environment) -> str:
    return env.get_template("index.html").render(
        page_path="", papers=model.papers, newest=model.newest_date, limit=model.config.index_limit)


def render_topic_page(model: Model, env: Environment, topic: Topic, page: int) -> str:
    papers, total = topic_slice(model, topic, page)
    return topic_page(env, topic, page, papers, total)


def topic_slice(model: Model, topic: Topic, page: int) -> tuple[list[Paper], int]:
    """The papers one page of a topic lists, and how many the topic has."""
    group = model.groups[topic.key]
    start = (page - 1) * TOPIC_PAGE_SIZE
    return group[start:start + TOPIC_PAGE_SIZE], len(group)


def topic_page(env: Environment, topic: Topic, page: int, papers: list[Paper], total: int) -> str:
    pages = topic_pages(total)
    start = (page - 1) * TOPIC_PAGE_SIZE
    return env.get_template("topic.html").render(
        page_path=topic_page_path(topic.key, page), topic=topic, papers=papers,
        total=total, page=page, pages=pages, first_rank=start + 1,
        prev_path=topic_page_path(topic.key, page - 1) if page > 1 else None,
        next_path=topic_page_path(topic.key, page + 1) if page < pages else None)


def render_paper(model: Model, env: Environment, paper: Paper) -> str:
    return paper_page(model, env, paper, *model.neighbours(paper))


def paper_page(model, env: Environment, paper: Paper, newer: Paper | None, older: Paper | None) -> str:
    """`model`: the Model, or a worker's chunks.Shell (settings and URLs are all it needs)."""
    return env.get_template("paper.html").render(
        page_path=paper.path, paper=paper, newer=newer, older=older,
        scholar=seo.scholar_meta(paper),
        json_ld=seo.scholarly_article(model, paper))


def render_not_found(model: Model, env: Environment) -> str:
    return env.get_template("404.html").render(page_path=None)
