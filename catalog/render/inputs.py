"""What the catalog's build reads, through the engine's inputs (catalog/engine/inputs.py).

* `fingerprint`: one digest of every input's name, size and mtime (pages, settings,
  templates, assets, this code) and the build options. Equal to the last build's and the
  site still as that build left it: nothing to do, nothing is even parsed.
* `load_pages`: every page, parsed and its Markdown rendered only when its content
  hash is not in the cache.
* `page_warnings`: every page's warnings, on every build (the cache keeps them with the
  page, so a cached page still warns).
* `template_keys`: per kind of output, a digest of the templates it uses (the root and
  everything it extends, includes or imports), so a paper.html edit re-renders paper
  pages only.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import meta as jinja_meta

from ..engine import inputs as engine_inputs
from ..engine.cache import digest
from ..errors import Warning_
from ..pages import Page, read_page
from . import math, site
from .markup import Markup
from .model import derive

PACKAGE = Path(__file__).resolve().parents[1]
ROOTS = {"index": "index.html", "topic": "topic.html", "paper": "paper.html", "404": "404.html"}


def code_key() -> str:
    """Digest of the catalog package's source: a code change is an input change."""
    return engine_inputs.source_key(PACKAGE)


def scan_pages(content: Path) -> list[tuple[str, int, int]]:
    """(file name, size, mtime) of every page file, sorted by name."""
    return engine_inputs.scan(content / "papers", ".md")


def fingerprint(content: Path, options: tuple, pages: list[tuple[str, int, int]]) -> str:
    """`pages`: scan_pages(content)."""
    return engine_inputs.fingerprint(options, pages, [content / "site.yaml", content / "topics.yaml"],
                                     [site.TEMPLATES, PACKAGE])


def load_pages(content: Path, cached: dict[str, tuple], stats: dict[str, tuple], pool=None,
               scanned: list[tuple[str, int, int]] | None = None) -> tuple:
    """(pages sorted by file name, slug -> derived data, slug -> page key, new cache entries).

    A page's key is the hash of its file name and bytes; `cached` maps keys to
    (meta, body, derived, notes) from earlier builds; the rest are parsed (by the engine's
    workers.Pool `pool` when many). `stats` (file name -> size, mtime, key) is updated in
    place: a file whose size and mtime are unchanged is not read again. `scanned`:
    scan_pages(content), if done."""
    papers = content / "papers"
    scanned = scan_pages(content) if scanned is None else scanned
    names, added = engine_inputs.read(papers, scanned, cached, stats, parse_block, pool)
    pages, derived, keys = [], {}, {}
    for name, key in names.items():
        meta, body, extra, notes = cached.get(key) or added[key]
        path = papers / name
        page = Page(path=path, meta=meta, body=body, warnings=[Warning_(f"{path}{at}", text) for at, text in notes])
        pages.append(page)
        derived[page.slug], keys[page.slug] = extra, key
    return pages, derived, keys, added


def parse_block(paths: list[Path]) -> list[tuple]:
    """(key, parse()) of each page file, in order, with one Markdown converter (in a worker too)."""
    markup = Markup()
    found = []
    for path in paths:
        data = path.read_bytes()
        found.append((engine_inputs.file_key(path.name, data), parse(path, markup, data)))
    return found


def parse(path: Path, markup: Markup, data: bytes | None = None) -> tuple:
    """(meta, "", derived, notes): the body is not kept (all render needs of it is
    derived); notes are the page's warnings as (":line", message),
    topics unchecked (they depend on topics.yaml, not on the page: see `page_warnings`).
    `data`: the file's bytes, if read."""
    page = read_page(path, topic_keys=None, report=False, data=data)
    derived = derive(page, markup)
    notes = [(w.where.removeprefix(str(path)), w.message) for w in page.warnings]
    notes += [("", f"math shown as TeX, it could not be converted to MathML: {tex}")
              for tex in math.unconverted(derived[0])]
    return page.meta, "", derived, notes


def page_warnings(pages: list[Page], topic_keys: list[str]) -> list[Warning_]:
    """Every page's warnings, plus an unknown topic's (such a page is read once more to
    name its line)."""
    known = set(topic_keys) | {"other"}
    found = []
    for page in pages:
        found += page.warnings
        if not known.issuperset(page.meta["topics"]):
            found += [w for w in read_page(page.path, topic_keys, report=False).warnings if w not in page.warnings]
    return found


def template_keys(env: jinja2.Environment) -> dict[str, str]:
    """Kind of output -> digest of the templates it uses. Parses every template, so a
    syntax error surfaces here, before anything is written."""
    sources, refs = {}, {}
    for path in sorted(site.TEMPLATES.glob("*.html")):
        source = path.read_text(encoding="utf-8")
        found = set(jinja_meta.find_referenced_templates(env.parse(source, path.name, str(path))))
        sources[path.name], refs[path.name] = source, found
        env.get_template(path.name)  # compile errors (unknown filters, ...) too
    keys = {}
    for kind, root in ROOTS.items():
        seen, todo = set(), [root]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            more = refs.get(name, set())
            if None in more:  # a computed template name: it may be any of them
                seen |= set(sources)
                break
            todo.extend(more)
        keys[kind] = digest(sorted((name, sources.get(name)) for name in seen))
    return keys
