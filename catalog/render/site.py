"""Render the catalog site: Jinja templates over the model, plus exports and assets.

`render_site` is the whole build. The pieces are separate so the serve stage can
re-render selectively: `load_model` once, then `write_index`, `write_paper`,
`write_topic`, `write_not_found`, `write_static` and `exports.write_exports`.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import exports, math, search, seo
from .model import Model, Paper, load_model, month_label
from .guard import check_output
from .output import Output, staged
from ..topics import Topic
from .urls import output_file, paper_path, topic_path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = TEMPLATES / "static"


def render_site(content_dir: Path, output_dir: Path, base_url: str | None = None,
                site_url: str | None = None, say: Callable[..., None] = print,
                warn: Callable[..., None] = lambda text: print(text, file=sys.stderr)) -> Model:
    """Build the whole site into `output_dir`; on any error the old site stays as it was."""
    check_output(Path(output_dir), Path(content_dir))  # never replace what the build did not make
    model = load_model(Path(content_dir), base_url=base_url, site_url=site_url, versions=static_versions())
    env = environment(model)
    with staged(Path(output_dir)) as stage:
        out = Output(stage)
        write_static(out)
        write_index(model, env, out)
        for topic in model.topics:
            write_topic(model, env, out, topic)
        for paper in model.papers:
            write_paper(model, env, out, paper)
        write_not_found(model, env, out)
        exports.write_exports(model, out)
        search.build_index(stage, len(model.papers), say)  # last: a failed index keeps the old site
    for warning in build_warnings(model):
        warn(warning)
    say(f"rendered {len(model.papers)} papers, {len(model.topics)} topics, {out.count} files -> {output_dir}")
    return model


def build_warnings(model: Model) -> list[str]:
    """What a maintainer should know about this build: math shown as TeX, a missing site URL."""
    warnings = [f"warning: {paper.source}: math shown as TeX, it could not be converted to MathML: {tex}"
                for paper in model.papers for tex in math.unconverted(paper.abstract_html)]
    if not model.config.site_url:
        warnings.append(exports.NO_SITE_URL)
    return warnings


def static_versions() -> tuple[tuple[str, str], ...]:
    """Content hashes of the assets, appended to their URLs so browsers refetch changes."""
    return tuple(sorted(
        (f"static/{p.relative_to(STATIC).as_posix()}", hashlib.sha256(p.read_bytes()).hexdigest()[:10])
        for p in STATIC.rglob("*") if p.is_file()
    ))


def environment(model: Model) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["month"] = month_label
    env.globals.update(site=model.config, url=model.urls.url, absolute=model.urls.absolute,
                       topics=model.topics, groups=model.groups,
                       topic_colour={t.key: i % 6 for i, t in enumerate(model.topics)}, paper_path=paper_path, topic_path=topic_path)
    return env


def write_static(out: Output) -> None:
    for path in sorted(STATIC.rglob("*")):
        if path.is_file():
            out.copy(f"static/{path.relative_to(STATIC).as_posix()}", path)


def write_index(model: Model, env: Environment, out: Output) -> None:
    html = env.get_template("index.html").render(
        page_path="", papers=model.papers, newest=model.newest_date, limit=model.config.index_limit)
    out.write("index.html", html, "templates/index.html")


def write_topic(model: Model, env: Environment, out: Output, topic: Topic) -> None:
    path = topic_path(topic.key)
    html = env.get_template("topic.html").render(page_path=path, topic=topic, papers=model.groups[topic.key])
    out.write(output_file(path), html, f"topic {topic.key!r}")


def write_paper(model: Model, env: Environment, out: Output, paper: Paper) -> None:
    newer, older = model.neighbours(paper)
    html = env.get_template("paper.html").render(
        page_path=paper.path, paper=paper, newer=newer, older=older,
        bibtex=exports.bibtex_entry(model, paper), scholar=seo.scholar_meta(paper),
        json_ld=seo.scholarly_article(model, paper))
    out.write(output_file(paper.path), html, paper.source)


def write_not_found(model: Model, env: Environment, out: Output) -> None:
    html = env.get_template("404.html").render(page_path=None)
    out.write("404.html", html, "templates/404.html")
