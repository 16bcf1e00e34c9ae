"""Render the catalog site: Jinja templates over the model, plus exports and assets.

`render_site` is the build: the same one `python build.py`, `render` and `serve` run
(catalog/render/pipeline.py: cache, dependencies, writing, search index). This module
holds what turns the model into the text of one output: `render_index`,
`render_topic_page`, `render_paper`, `render_not_found`; exports are in exports.py.
"""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import exports, math, seo
from ..config import load_config
from .model import Model, Paper, month_label
from ..topics import Topic
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
        config = load_config(Path(content_dir), base_url=base_url, site_url=site_url)
        for warning in build_warnings(build.model, bool(config.site_url)):
            warn(warning)
        return summary
    finally:
        build.close()


def build_warnings(model: Model | None, site_url_known: bool) -> list[str]:
    """What a maintainer should know about this build: math shown as TeX (when the model
    was loaded, i.e. something changed), a missing site URL."""
    warnings = [f"warning: {paper.source}: math shown as TeX, it could not be converted to MathML: {tex}"
                for paper in (model.papers if model else []) for tex in math.unconverted(paper.abstract_html)]
    if not site_url_known:
        warnings.append(exports.NO_SITE_URL)
    return warnings


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


def environment(model: Model) -> Environment:
    return environment_of(model.config, model.urls, model.topics, model.groups, year_counts(model))


def environment_of(config, urls, topics: list[Topic], groups: dict, years: list) -> Environment:
    """The templates' environment from the parts of the model every page may show
    (workers make theirs from chunks.Shell, without the papers)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["month"] = month_label
    env.globals.update(site=config, url=urls.url, absolute=urls.absolute,
                       topics=topics, groups=groups, year_counts=years,
                       topic_colour={t.key: i % 6 for i, t in enumerate(topics)}, paper_path=paper_path,
                       topic_path=topic_path)
    return env


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
        bibtex=exports.bibtex_entry(model, paper), scholar=seo.scholar_meta(paper),
        json_ld=seo.scholarly_article(model, paper))


def render_not_found(model: Model, env: Environment) -> str:
    return env.get_template("404.html").render(page_path=None)
