"""Incremental rebuilds for `build.py serve`: re-render only what a change can affect.

A `Builder` keeps, between rebuilds, every page it has read (keyed by path, mtime and
size), the Markdown it has converted, the last exact related-papers result, and for
every file it has written the inputs that file was rendered from. A rebuild:

1. reads only the pages whose files changed (a new dump is ingested first);
2. rebuilds the model with `load_model` from the cached pages (the same code as a full
   build), reusing the related-papers result when no title or abstract changed;
3. compares, per output, its inputs with the last ones: a paper page depends on its
   paper, its previous/next neighbours, its related papers and the site-wide settings
   (config, topics, asset versions, the papers' topics and dates); a topic page on its
   papers; the index and the exports on every paper. Templates map to the outputs
   whose template uses them (extends/include/import, found by parsing), so a
   paper.html edit re-renders paper pages and a base.html edit every page;
4. writes, straight into the site directory, only the files whose bytes changed.

Related papers are computed from the whole catalog (TF-IDF), so one changed abstract
can change the related lists of other papers. For a large catalog that takes seconds:
the edited page is first rendered with the previous related lists (stage "pages"),
the listings and exports next (stage "listings"), and the exact related lists are
computed in a separate process; when they arrive (stage "related") every paper page
whose list changed is re-rendered. After the last stage the site is byte-identical to
a full `render_site` build (tests/test_serve_incremental.py compares every file).
"""

from __future__ import annotations

import io
import os
import time
import traceback
import unicodedata
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jinja2
from jinja2 import meta as jinja_meta

from ..render import exports
from ..render import site as render
from ..errors import ContentError
from ..render.markup import Markup
from ..render.model import Model, load_model
from ..pages import Page, read_page
from ..render.related import related
from ..render.urls import output_file, topic_path

ROOTS = {"index.html": "index", "topic.html": "topics", "paper.html": "papers", "404.html": "404"}
KINDS = frozenset(ROOTS.values())
MANAGED_ELSEWHERE = ("pagefind/",)  # the search index: written by search.build_index, not by us
INLINE_RELATED_SECONDS = 0.15       # compute related papers inline when it took less than this


class BuildError(Exception):
    """A broken input: the message, and the file and line to blame when known."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.message, self.path, self.line = message, path, line
        super().__init__(self.where + message)

    @property
    def where(self) -> str:
        if not self.path:
            return ""
        return f"{self.path}:{self.line}: " if self.line else f"{self.path}: "


# ------------------------------------------------------------------------ output

class MemoryOutput:
    """Collects rendered files (same interface and same duplicate check as output.Output)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self._owners: dict[str, tuple[str, str]] = {}

    def claim(self, rel: str, source) -> str:
        key = unicodedata.normalize("NFC", rel).casefold()
        if key in self._owners:
            other_rel, other_source = self._owners[key]
            raise ContentError(source, None, f"would write {rel}, which {other_source} also writes ({other_rel})")
        if rel.startswith("/") or ".." in rel.split("/"):
            raise ContentError(source, None, f"output path {rel!r} leaves the site directory")
        self._owners[key] = (rel, str(source))
        return rel

    def write(self, rel: str, text: str, source) -> None:
        self.files[self.claim(rel, source)] = text.encode("utf-8")

    def copy(self, rel: str, src: Path) -> None:
        self.files[self.claim(rel, src)] = Path(src).read_bytes()

    def write_bytes(self, rel: str, data: bytes, source) -> None:
        self.files[self.claim(rel, source)] = data

    @contextmanager
    def open(self, rel: str, source) -> Iterator[io.StringIO]:
        rel = self.claim(rel, source)
        buffer = io.StringIO()
        yield buffer
        self.files[rel] = buffer.getvalue().encode("utf-8")

    @property
    def count(self) -> int:
        return len(self.files)


def write_files(site: Path, files: dict[str, bytes]) -> set[str]:
    """Write each file unless it already holds exactly these bytes; the ones written."""
    written = set()
    for rel, data in files.items():
        target = site / rel
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # readers see the old file or the new one, never half of one
        written.add(rel)
    return written


def remove_files(site: Path, rels: Iterable[str]) -> set[str]:
    removed = set()
    for rel in rels:
        target = site / rel
        if target.is_file():
            target.unlink()
            removed.add(rel)
            parent = target.parent
            while parent != site and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    return removed


def site_files(site: Path) -> set[str]:
    if not site.is_dir():
        return set()
    found = set()
    for path in site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            if not rel.startswith(MANAGED_ELSEWHERE):
                found.add(rel)
    return found


# ------------------------------------------------------------------------ caches

class CachedMarkup:
    """Markup.render memoised by source text; entries unused by the last build are dropped."""

    def __init__(self):
        self._markup = Markup()
        self._cache: dict[str, tuple[str, str]] = {}
        self._used: dict[str, tuple[str, str]] = {}

    def render(self, source: str) -> tuple[str, str]:
        hit = self._cache.get(source)
        if hit is None:
            hit = self._markup.render(source)
        self._used[source] = hit
        return hit

    def end_build(self) -> None:
        self._cache, self._used = self._used, {}


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept across rebuilds (Jinja checks each one's source checksum)."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Stage:
    """One step of a rebuild: the site files it wrote or removed."""

    name: str
    changed: set[str] = field(default_factory=set)
    seconds: float = 0.0


@dataclass
class _Rendered:
    """The inputs of what is in the site directory now, to compare with the next model."""

    site_key: tuple
    own: dict[str, tuple]          # slug -> the paper's own data
    links: dict[str, tuple]        # slug -> (newer slug, older slug, related slugs)
    groups: dict[str, tuple]       # topic key -> slugs, newest first
    folded: dict[str, str]         # folded output path -> slug (duplicate check for new papers)
    static: dict[str, bytes]


def _own(paper) -> tuple:
    return (paper.meta, paper.abstract_html, tuple(t.key for t in paper.topics), paper.cite_key)


def _links(model: Model, paper) -> tuple:
    newer, older = model.neighbours(paper)
    return (newer.slug if newer else None, older.slug if older else None, tuple(r.slug for r in paper.related))


def _site_key(model: Model) -> tuple:
    """What every page may show about the whole catalog: settings, topics, asset versions,
    and which papers are in which topic, in what order, with what dates (the nav shows
    the topics that have papers, the search panel counts papers per year). Title, author,
    venue or abstract edits leave it alone; a date, topic, new or removed paper changes
    it and every page is re-rendered."""
    groups = tuple((key, tuple((p.slug, p.date) for p in group)) for key, group in model.groups.items())
    return (model.config, tuple(model.topics), model.urls, groups)


def _fold(rel: str) -> str:
    return unicodedata.normalize("NFC", rel).casefold()


def _ignore_interrupt() -> None:  # Ctrl-C is for the server; it shuts the worker down
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _similar_exact(docs, count):  # module level, so a worker process can run it
    return related(docs, count)


# ------------------------------------------------------------------------ builder

class Builder:
    def __init__(self, content_dir: Path, output_dir: Path, base_url: str | None = None,
                 site_url: str | None = None, say: Callable[..., None] = print,
                 templates: Path = render.TEMPLATES, background_related: bool | None = None):
        self.content = Path(content_dir)
        self.output = Path(output_dir)
        self.base_url, self.site_url = base_url, site_url
        self.say = say
        self.templates = Path(templates)
        self.background_related = background_related  # None: decide by how long it takes
        self._pages: dict[str, tuple[tuple[int, int], Page]] = {}  # file name -> ((mtime, size), page)
        self._markup = CachedMarkup()
        self._related: tuple[list, int, dict] | None = None  # (docs, count, result) last computed exactly
        self._related_seconds = 0.0
        self._pending_docs: tuple[list, int] | None = None    # docs the site in output/ still needs exact related for
        self._loading_pending: tuple[list, int] | None = None  # the same, for the build in progress
        self._rendered: _Rendered | None = None
        self._template_mtimes: dict[str, int] = {}
        self._template_refs: dict[str, tuple[int, set[str] | None]] = {}  # name -> (mtime, referenced names)
        self._bytecode = MemoryBytecodeCache()
        self._base_keys: dict[str, tuple[dict, str]] = {}  # slug -> (meta, its BibTeX base key)
        self._pool: ProcessPoolExecutor | None = None
        self.model: Model | None = None

    # ---------------------------------------------------------------- inputs

    def _scan_pages(self) -> list[Page]:
        papers = self.content / "papers"
        seen: dict[str, tuple[tuple[int, int], Page]] = {}
        if papers.is_dir():
            with os.scandir(papers) as entries:
                for entry in entries:
                    if not entry.name.endswith(".md") or not entry.is_file():
                        continue
                    st = entry.stat()
                    key = (st.st_mtime_ns, st.st_size)
                    cached = self._pages.get(entry.name)
                    if cached is None or cached[0] != key:
                        cached = (key, read_page(papers / entry.name))
                    seen[entry.name] = cached
        self._pages = seen
        return [seen[name][1] for name in sorted(seen)]  # load_pages order: sorted by file name

    def _template_deps(self, env: jinja2.Environment) -> dict[str, set[str]]:
        """Output kind -> the template names it uses (the root and everything it pulls in)."""
        refs: dict[str, set[str] | None] = {}
        for path in self.templates.glob("*.html"):
            mtime = path.stat().st_mtime_ns
            cached = self._template_refs.get(path.name)
            if cached is None or cached[0] != mtime:
                source = path.read_text(encoding="utf-8")
                found = set(jinja_meta.find_referenced_templates(env.parse(source, path.name, str(path))))
                cached = self._template_refs[path.name] = (mtime, None if None in found else found)
            refs[path.name] = cached[1]
        deps = {}
        for root, kind in ROOTS.items():
            seen, todo = set(), [root]
            while todo:
                name = todo.pop()
                if name in seen:
                    continue
                seen.add(name)
                more = refs.get(name, set())
                if more is None:  # a computed template name: assume it may be any
                    seen |= set(refs)
                    break
                todo.extend(more)
            deps[kind] = seen
        return deps

    def _template_mtime_snapshot(self) -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in self.templates.glob("*.html")}

    # ---------------------------------------------------------------- model

    def _similar(self, docs, count):
        if self._related is not None:
            old_docs, old_count, result = self._related
            if old_count == count and old_docs == docs:
                self._loading_pending = None
                return result
        background = self.background_related
        if background is None:
            background = self._related is not None and self._related_seconds > INLINE_RELATED_SECONDS
        if not background:
            started = time.perf_counter()
            result = related(docs, count)
            self._related_seconds = time.perf_counter() - started
            self._related = (docs, count, result)
            self._loading_pending = None
            return result
        # Provisional: last exact lists, minus papers that are gone; fixed by finish_related().
        self._loading_pending = (docs, count)
        slugs = {slug for slug, _ in docs}
        previous = self._related[2] if self._related else {}
        return {slug: [s for s in previous.get(slug, ()) if s in slugs] for slug, _ in docs}

    def _load(self) -> tuple[Model, jinja2.Environment]:
        pages = self._scan_pages()
        model = load_model(self.content, base_url=self.base_url, site_url=self.site_url,
                           versions=render.static_versions(), pages=pages, markup=self._markup,
                           similar=self._similar)
        self._markup.end_build()
        env = self._environment(model)
        for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
            env.get_template(name)  # syntax errors surface here, before anything is written
        return model, env

    def _environment(self, model: Model) -> jinja2.Environment:
        env = render.environment(model)
        env.bytecode_cache = self._bytecode
        return env

    # ---------------------------------------------------------------- builds

    def full(self) -> list[Stage]:
        """Render everything; write what differs from the site directory, remove what is extra."""
        started = time.perf_counter()
        with _errors(self.templates):
            self._rendered = None
            model, env = self._load()
            out = MemoryOutput()
            render.write_static(out)
            render.write_index(model, env, out)
            for topic in model.topics:
                render.write_topic(model, env, out, topic)
            for paper in model.papers:
                render.write_paper(model, env, out, paper)
            render.write_not_found(model, env, out)
            exports.write_exports(model, out)
        changed = write_files(self.output, out.files)
        changed |= remove_files(self.output, site_files(self.output) - set(out.files))
        self._remember(model, {rel: data for rel, data in out.files.items() if rel.startswith("static/")})
        self._template_mtimes = self._template_mtime_snapshot()
        self.say(f"built {len(model.papers)} papers, {out.count} files ({len(changed)} changed) "
                 f"in {time.perf_counter() - started:.2f} s")
        return [Stage("full", changed, time.perf_counter() - started)]

    def _remember(self, model: Model, static: dict[str, bytes]) -> None:
        """The build succeeded: what is in the site directory now came from `model`."""
        self.model = model
        self._pending_docs = self._loading_pending
        from ..render.bibtex import base_key
        old_keys = self._base_keys
        self._base_keys = {}
        for paper in model.papers:
            cached = old_keys.get(paper.slug)
            if cached is None or cached[0] is not paper.meta:
                cached = (paper.meta, base_key(paper.meta))
            self._base_keys[paper.slug] = cached
        self._rendered = _Rendered(
            site_key=_site_key(model),
            own={p.slug: _own(p) for p in model.papers},
            links={p.slug: _links(model, p) for p in model.papers},
            groups={k: tuple(p.slug for p in g) for k, g in model.groups.items()},
            folded={_fold(output_file(p.path)): p.slug for p in model.papers},
            static=static,
        )

    def update(self, changed: Iterable[Path] = (), publish: Callable[[Stage], None] | None = None) -> list[Stage]:
        """Rebuild after `changed` files (paths under content/ or templates/)."""
        changed = {Path(p) for p in changed}
        full = self._rendered is None or any(
            p.name in ("site.yaml", "topics.yaml") and p.parent == self.content for p in changed)
        if any(p.parent == self.content / "sources" for p in changed):
            self._ingest()
        if full:
            stages = self.full()
            if publish:
                publish(stages[0])
            return stages
        return list(self._incremental(publish))

    def _ingest(self) -> None:
        from ..ingest import ingest  # the lead's stage: it writes new/updated pages, we pick them up
        with _errors(self.templates):
            result = ingest(self.content, say=self.say)
        for warning in result.warnings:
            self.say(str(warning))
        self.say(result.summary())

    def preview(self, changed: Iterable[Path]) -> Stage | None:
        """The fast path for an edit to existing pages: render just those pages from the
        previous model with the edited papers swapped in, and write them.

        Only when the edit cannot move the paper (same slug, date and topics) nor change
        its citation key; related papers are the previous ones. None when it does not
        apply. Whatever it writes, the exact rebuild (`update`) that follows rewrites if
        it differs, so it only ever makes the edited page visible sooner.
        """
        changed = [Path(p) for p in changed]
        if self._rendered is None or self.model is None or not changed:
            return None
        started = time.perf_counter()
        papers_dir = self.content / "papers"
        if any(p.parent != papers_dir or p.suffix != ".md" for p in changed):
            return None
        from ..render import bibtex
        from ..render.model import _paper
        model = self.model
        by_key = {t.key: t for t in model.topics}
        by_slug = {p.slug: p for p in model.papers}
        swapped = {}
        try:
            for path in changed:
                st = path.stat()
                page = read_page(path)
                old = by_slug.get(page.slug)
                if old is None or old.source != path:
                    return None
                paper = _paper(page, by_key, self._markup)
                if [t.key for t in paper.topics] != [t.key for t in old.topics] or paper.date != old.date:
                    return None
                # Its citation key: unique_keys over the papers that share its base key.
                base = bibtex.base_key(paper.meta)
                same = [by_slug[slug].meta for slug, (_, key) in self._base_keys.items() if key == base and slug != paper.slug]
                paper.cite_key = bibtex.unique_keys(same + [paper.meta])[paper.slug]
                paper.related, paper.position = old.related, old.position
                swapped[paper.slug] = paper
                self._pages[path.name] = ((st.st_mtime_ns, st.st_size), page)
            groups = {key: [swapped.get(p.slug, p) for p in group] if any(p.slug in swapped for p in group) else group
                      for key, group in model.groups.items()}
            patched = Model(config=model.config, urls=model.urls, topics=model.topics,
                            papers=[swapped.get(p.slug, p) for p in model.papers], groups=groups)
            env = self._environment(patched)
            out = MemoryOutput()
            for paper in swapped.values():
                render.write_paper(patched, env, out, paper)
        except Exception:  # anything odd: the exact rebuild reports it properly
            return None
        return Stage("preview", write_files(self.output, out.files), time.perf_counter() - started)

    def _incremental(self, publish) -> Iterator[Stage]:
        started = time.perf_counter()
        old = self._rendered
        with _errors(self.templates):
            model, env = self._load()
            mtimes = self._template_mtime_snapshot()
            deps = self._template_deps(env)
            touched = {name for name, mtime in mtimes.items() if self._template_mtimes.get(name) != mtime}
            touched |= set(self._template_mtimes) - set(mtimes)
            kinds = {kind for kind, names in deps.items() if names & touched}
            static = MemoryOutput()
            render.write_static(static)
            if _site_key(model) != old.site_key:
                kinds = set(KINDS)

            by_slug = {p.slug: p for p in model.papers}
            own = {slug: _own(p) for slug, p in by_slug.items()}
            dirty = {slug for slug, data in own.items() if old.own.get(slug) != data}
            removed = set(old.own) - set(own)
            dirty |= removed
            links = {slug: _links(model, p) for slug, p in by_slug.items()}
            for slug in set(own) - set(old.own):  # a new page must not write an existing page's file
                key = _fold(output_file(by_slug[slug].path))
                if old.folded.get(key, slug) != slug and old.folded[key] in own:
                    raise ContentError(by_slug[slug].source, None,
                                       f"would write {output_file(by_slug[slug].path)}, which "
                                       f"{by_slug[old.folded[key]].source} also writes")
            if "papers" in kinds:
                papers = list(model.papers)
            else:
                papers = [p for p in model.papers if p.slug in dirty or links[p.slug] != old.links.get(p.slug)
                          or not dirty.isdisjoint(links[p.slug][:2]) or not dirty.isdisjoint(links[p.slug][2])]
            groups = {k: tuple(p.slug for p in g) for k, g in model.groups.items()}
            topics = [t for t in model.topics if "topics" in kinds or groups[t.key] != old.groups.get(t.key)
                      or not dirty.isdisjoint(groups[t.key])]
            listings = bool(dirty) or groups != old.groups or "index" in kinds

            # Stage 1: the paper pages (what an editor is looking at), the 404 page.
            out = MemoryOutput()
            for paper in sorted(papers, key=lambda p: p.slug not in dirty):
                render.write_paper(model, env, out, paper)
            if "404" in kinds:
                render.write_not_found(model, env, out)
        stage = Stage("pages")
        stage.changed = write_files(self.output, out.files)
        stage.changed |= write_files(self.output, {rel: data for rel, data in static.files.items()
                                                   if old.static.get(rel) != data})
        stage.changed |= remove_files(self.output, set(old.static) - set(static.files))
        stage.changed |= remove_files(self.output, [output_file(f"papers/{_quote(s)}/") for s in removed])
        first = stage
        stage.seconds = time.perf_counter() - started
        if publish:
            publish(stage)
        yield stage

        # Stage 2: index, topic pages, exports (they list every paper: slower at scale).
        with _errors(self.templates):
            out = MemoryOutput()
            if listings or "index" in kinds:
                render.write_index(model, env, out)
            for topic in topics:
                render.write_topic(model, env, out, topic)
            if listings:
                exports.write_exports(model, out)
        stage = Stage("listings", write_files(self.output, out.files))
        stage.changed |= remove_files(self.output, [output_file(topic_path(k)) for k in set(old.groups) - set(groups)])
        # Only now is the site directory all from `model` (a failure above keeps the old
        # state, so the next rebuild redoes both stages; unchanged files are not rewritten).
        self._remember(model, static.files)
        self._template_mtimes = mtimes
        stage.seconds = time.perf_counter() - started
        self.say(f"rebuilt {len(papers)} paper pages, {len(topics)} topic pages"
                 f"{', index and exports' if listings else ''}: "
                 f"{len(first.changed | stage.changed)} files written in {stage.seconds * 1000:.0f} ms")
        if publish:
            publish(stage)
        yield stage

    def invalidate(self) -> None:
        """Forget what was rendered: the next update is a full build."""
        self._rendered = None

    # ---------------------------------------------------------------- related, exactly

    @property
    def related_pending(self) -> bool:
        return self._pending_docs is not None

    def start_related(self) -> Future | None:
        """Compute the exact related lists for the current docs in a worker process."""
        if self._pending_docs is None:
            return None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn"),
                                             initializer=_ignore_interrupt)
        docs, count = self._pending_docs
        future = self._pool.submit(_similar_exact, docs, count)
        future.docs = (docs, count)  # type: ignore[attr-defined]
        return future

    def finish_related(self, docs, count, result: dict, seconds: float | None = None) -> Stage | None:
        """Apply an exact related result; None if the catalog changed meanwhile (start again)."""
        if self._rendered is None or self._pending_docs is None or self._pending_docs != (docs, count):
            return None
        started = time.perf_counter()
        self._related = (docs, count, result)
        if seconds is not None:
            self._related_seconds = seconds
        self._pending_docs = None
        model = self.model
        by_slug = {p.slug: p for p in model.papers}
        changed = []
        for paper in model.papers:
            paper.related = [by_slug[s] for s in result[paper.slug]]
            if tuple(result[paper.slug]) != self._rendered.links[paper.slug][2]:
                changed.append(paper)
        with _errors(self.templates):
            env = self._environment(model)
            out = MemoryOutput()
            for paper in changed:
                render.write_paper(model, env, out, paper)
        stage = Stage("related", write_files(self.output, out.files))
        for paper in changed:
            self._rendered.links[paper.slug] = _links(model, paper)
        stage.seconds = time.perf_counter() - started
        return stage

    def settle(self) -> list[Stage]:
        """Finish pending work inline (tests, and builds without a server)."""
        stages = []
        while self._pending_docs is not None:
            docs, count = self._pending_docs
            stage = self.finish_related(docs, count, related(docs, count))
            if stage:
                stages.append(stage)
        return stages

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _quote(slug: str) -> str:
    from urllib.parse import quote
    return quote(slug, safe="")


@contextmanager
def _errors(templates: Path) -> Iterator[None]:
    """Turn whatever a broken input raises into a BuildError naming the file and line."""
    try:
        yield
    except BuildError:
        raise
    except ContentError as exc:
        raise BuildError(exc.message, exc.path, exc.line) from None
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"template syntax error: {exc.message}", _template_path(templates, exc.filename, exc.name),
                         exc.lineno) from None
    except jinja2.TemplateError as exc:
        path, line = _template_frame(templates, exc)
        raise BuildError(f"template error: {exc.message or exc}", path, line) from None


def _template_path(templates: Path, filename: str | None, name: str | None) -> str | None:
    if filename:
        return _shorten(filename)
    return _shorten(str(templates / name)) if name else None


def _template_frame(templates: Path, exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of a runtime template error."""
    root = str(templates.resolve())
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and os.path.abspath(frame.filename).startswith(root):
            return _shorten(frame.filename), frame.lineno
    return None, None


def _shorten(filename: str) -> str:
    try:
        return os.path.relpath(filename)
    except ValueError:
        return filename
