"""The catalog's pages: Jinja templates over the model.

This module holds the templates and assets, the page paths, and what turns the model into
the text of one page: `render_index`, `render_topic_page`, `render_paper`,
`render_not_found`. Exports are in exports.py; the build that runs them all is
pipeline.py (the site declared to catalog/engine/).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from . import seo
from .model import Model, Paper, month_label
from ..topics import OTHER_KEY, Topic
from .urls import paper_path, topic_path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
STATIC = TEMPLATES / "static"
TOPIC_PAGE_SIZE = 50  # papers per topic page: /topics/moe/, /topics/moe/page/2/, ...


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
    """Templates are indented and broken into lines for people; pages need neither. As a
    template loads, leading spaces are dropped from each line, and so is the line break
    next to a block-level tag (after `</li>`, before `<section>`...), where a browser
    shows no space either: the same page in fewer bytes (issue 19). The break becomes a
    Jinja comment, so error line numbers stay. Breaks between inline tags (`<a>`,
    `<span>`, `<button>`) stay: there they are a space. (No template has literal text in a
    <pre>.)"""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return flush_left(source), filename, uptodate


_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
# Tags a browser lays out as blocks (or never shows) wherever this site uses them: a line
# break after one, or before one of the structural ones, is never rendered. `p` is not in the
# second list: `details.paper-authors p` is inline (site.css).
_BLOCK = r"(?:html|head|body|title|meta|link|script|header|footer|main|nav|section|article|div|ul|ol|li|dl|details" \
         r"|form|fieldset|option|p|h[1-6]|h\{\{ level \}\})"
_STRUCTURE = r"(?:head|body|meta|link|script|header|footer|main|nav|section|article|div|ul|ol|li|dl|details|form)"
_BREAK = re.compile(rf"(</?{_BLOCK}(?=[\s>])[^<>\n]*>)\n|\n(?=</?{_STRUCTURE}[\s>])")
_COMMENT = re.compile(r"(\{#.*?#\})", re.S)


def flush_left(source: str) -> str:
    """A template's text without indentation or the line breaks next to block tags (Jinja
    comments left as they are)."""
    parts = _COMMENT.split(_INDENT.sub("", source))
    parts[::2] = [_BREAK.sub(lambda m: (m.group(1) or "") + "{#\n#}", text) for text in parts[::2]]
    return "".join(parts)


def environment(model: Model) -> Environment:
    return environment_of(model, year_counts(model))


def environment_of(source, years: list) -> Environment:
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
                       topics=source.topics, groups=source.groups, year_counts=years,
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
