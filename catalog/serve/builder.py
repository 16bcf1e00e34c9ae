"""What `serve` builds with: the build of `python build.py` (render/pipeline.py on the engine), kept alive.

`Builder.update` runs the same cached, incremental build as the command line (search
index off: the server refreshes it in the background, `refresh_search`), so the site
after a rebuild is byte-identical to a clean `python build.py render`. The one extra is
`preview`: right after an edit that cannot move a paper (same slug, date and topics,
same citation key), the edited paper's page is rendered from the previous model and
written, so the tab reloads before the exact build; that build then rewrites whatever
differs. Broken inputs raise BuildError naming the file and line.
"""

from __future__ import annotations

import gc
import os
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import jinja2

from ..errors import ContentError
from ..pages import read_page
from ..engine.files import sha, write_atomic
from ..render import bibtex, site as render
from ..render.markup import Markup
from ..render.model import _paper, derive
from ..render.pipeline import Options, SiteBuild
from ..render.urls import output_file


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


@dataclass
class Stage:
    """One step of a rebuild: the site files it wrote or removed."""

    name: str
    changed: set[str] = field(default_factory=set)
    seconds: float = 0.0


class Builder:
    def __init__(self, content_dir: Path, output_dir: Path, base_url: str | None = None,
                 site_url: str | None = None, say: Callable[..., None] = print, templates: Path | None = None):
        self.content = Path(content_dir)
        self.templates = Path(templates or render.TEMPLATES)
        self.say = say
        self.build = SiteBuild(Options(content=self.content, output=Path(output_dir), base_url=base_url,
                                       site_url=site_url, search=False, jobs=1), say=say)
        self._markup = Markup()
        self._base_keys: dict[str, tuple[dict, str]] = {}  # slug -> (meta, its BibTeX base key)

    @property
    def model(self):
        return self.build.model

    def full(self) -> list[Stage]:
        return self.update()

    def update(self, changed: Iterable[Path] = (), publish: Callable[[Stage], None] | None = None) -> list[Stage]:
        """Rebuild after `changed` files (a new dump in content/sources/ is ingested first)."""
        if any(Path(p).parent == self.content / "sources" for p in changed):
            self._ingest()
        with _errors(self.templates):
            summary = self.build.run(need_model=True)
        stage = Stage("build", summary.changed, summary.seconds)
        if publish:
            publish(stage)
        # The old model is garbage now: collect it here, after publishing, and freeze the new
        # one, so that no full collection of millions of objects lands in the next preview.
        gc.collect()
        gc.freeze()
        return [stage]

    def _ingest(self) -> None:
        from ..ingest import ingest  # it writes new/updated pages; the build picks them up
        with _errors(self.templates):
            result = ingest(self.content, say=self.say)
        for warning in result.warnings:
            self.say(str(warning))
        self.say(result.summary())

    def refresh_search(self) -> str:
        return self.build.index_now()

    def preview(self, changed: Iterable[Path]) -> Stage | None:
        """Render just the edited pages from the previous model (see the module doc);
        None when that does not apply."""
        changed = [Path(p) for p in changed]
        model, env = self.build.model, self.build.env
        papers_dir = self.content / "papers"
        if model is None or not changed or any(p.parent != papers_dir or p.suffix != ".md" for p in changed):
            return None
        started = time.perf_counter()
        by_slug = {p.slug: p for p in model.papers}
        by_key = {t.key: t for t in model.topics}
        files = {}
        try:
            for path in changed:
                page = read_page(path)
                old = by_slug.get(page.slug)
                if old is None or old.source != path:
                    return None
                paper = _paper(page, by_key, derive(page, self._markup))
                if [t.key for t in paper.topics] != [t.key for t in old.topics] or paper.date != old.date:
                    return None
                paper.cite_key = self._cite_key(model, paper)
                paper.related, paper.position = old.related, old.position
                files[output_file(paper.path)] = render.render_paper(model, env, paper).encode("utf-8")
        except Exception:  # anything odd: the exact rebuild reports it properly
            return None
        site_dir = self.build.o.output
        for rel, data in files.items():
            write_atomic(site_dir / rel, data, sha(data))
        return Stage("preview", set(files), time.perf_counter() - started)

    def _cite_key(self, model, paper) -> str:
        """Its citation key: unique_keys over the papers that share its base key."""
        keys = {}
        for p in model.papers:  # cached by meta object: unchanged pages keep theirs between builds
            cached = self._base_keys.get(p.slug)
            keys[p.slug] = cached if cached is not None and cached[0] is p.meta else (p.meta, bibtex.base_key(p.meta))
        self._base_keys = keys
        base = bibtex.base_key(paper.meta)
        same = [p.meta for p in model.papers if keys[p.slug][1] == base and p.slug != paper.slug]
        return bibtex.unique_keys(same + [paper.meta])[paper.slug]

    def close(self) -> None:
        self.build.close()


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
