"""Read and write paper pages: `content/papers/<slug>.md`, YAML front matter + Markdown body.

The writer is our own small emitter rather than yaml.dump: it gives a stable, readable
layout (every string double-quoted, so ids like "2410.10" stay strings) and the same
bytes for the same data, which keeps re-ingest and builds byte-identical.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import front_matter, schema
from .errors import ContentError, Warning_
from .ownership import GENERATED

FIELDS = ("slug", "title", "arxiv", "date", "authors", "venue", "topics", "comments", "links", "sources")
LIST_FIELDS = ("authors", "topics", "comments", "sources")


@dataclass
class Page:
    """One paper page. `meta` holds the front matter in FIELDS order (plus any extra keys)."""

    path: Path
    meta: dict
    body: str
    text: str = field(default="", repr=False)  # the file as read; "" for a new page
    warnings: list = field(default_factory=list, repr=False)  # Warning_s that did not stop the build

    @property
    def slug(self) -> str:
        return self.meta["slug"]


def new_meta(slug: str) -> dict:
    return {
        "slug": slug, "title": "", "arxiv": None, "date": None, "authors": [], "venue": None,
        "topics": [], "comments": [], "links": {"code": []}, "sources": [],
    }


_ASK = object()  # read_page's default: look the topic keys up in the page's content folder


def read_page(path: Path, topic_keys=_ASK, report: bool = True, data: bytes | None = None) -> Page:
    """Parse one page; a malformed file raises ContentError naming the file and line.
    Problems that do not stop the build are in `page.warnings` (and printed once, when
    `report`). `topic_keys`: the configured topics to check against (None: do not check).
    `data`: the file's bytes, if already read."""
    data = path.read_bytes() if data is None else data
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError(path, line, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    meta_text, body, body_line = split_front_matter(path, text)
    try:  # the form dump_page writes is read without YAML (front_matter.py): same values, faster
        meta = front_matter.parse(meta_text)
        if meta is None:
            meta = yaml.load(meta_text, Loader=schema.YAML_LOADER)
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (a C1 control pasted in)
        line = meta_text.count("\n", 0, exc.position) + 2
        raise ContentError(path, line, f"front matter holds character U+{exc.character:04X}, which YAML does not "
                                       f"allow; delete it, or write it as \\u{exc.character:04x} in double quotes") from None
    except yaml.YAMLError as exc:
        line, problem = _yaml_error(exc)
        opened = _unclosed_quote(meta_text, line)
        if opened is not None:  # a quoted value may run over lines: YAML notices only later
            line, problem = opened, "a quote opened on this line is not closed on it"
        raise ContentError(path, line, f"front matter is not valid YAML: {problem}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a mapping of fields")
    warnings: list[Warning_] = []
    meta = _normalise(path, meta, schema.Source(path, meta_text),
                      configured_topics(path) if topic_keys is _ASK else topic_keys, warnings)
    if report:
        report_once(warnings)
    return Page(path=path, meta=meta, body=body, text=text, warnings=warnings)


def _yaml_error(exc: yaml.YAMLError) -> tuple[int, str]:
    """The line to blame: where the broken construct starts (an unclosed quote or "[") when the
    scanner says so, else where the parser gave up -- not the start of the whole mapping."""
    context, problem = getattr(exc, "context", None) or "", getattr(exc, "problem", None) or str(exc)
    context_mark, problem_mark = getattr(exc, "context_mark", None), getattr(exc, "problem_mark", None)
    scanning = context.startswith(("while scanning", "while parsing a flow"))
    mark = context_mark if scanning and context_mark is not None else problem_mark or context_mark
    return (mark.line + 2 if mark is not None else 1), problem  # +1 for 1-based, +1 for the opening ---


_QUOTED = re.compile(r"""^\s*(?:-\s+|[\w-]+:\s+)(?P<q>["'])""")


def _unclosed_quote(meta_text: str, error_line: int) -> int | None:
    """The first line, up to the error, whose quoted value does not end on it."""
    for number, line in enumerate(meta_text.split("\n")[:error_line - 1], 2):
        match = _QUOTED.match(line)
        if match is None:
            continue
        rest = line[match.end():]
        if match["q"] == '"' and not re.search(r'(?<!\\)(?:\\\\)*"', rest):
            return number
        if match["q"] == "'" and "'" not in rest.replace("''", ""):
            return number
    return None


def split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
    text = text.replace("\r\n", "\n")
    if not text.startswith("---\n"):
        raise ContentError(path, 1, "a page must start with a '---' front-matter line")
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise ContentError(path, 1, "front matter is not closed by a '---' line")
    meta_text = text[4:end + 1]
    body = text[end + 5:]
    body_line = meta_text.count("\n") + 3
    return meta_text, body.strip("\n"), body_line


def _normalise(path: Path, meta: dict, source: schema.Source, topic_keys, warnings: list[Warning_]) -> dict:
    """Check field types (catalog/schema.py), fill defaults; keep unknown keys."""
    out = new_meta(path.stem)
    for key, value in meta.items():
        out[str(key)] = value
    out["slug"] = path.stem if out["slug"] is None else out["slug"]
    schema.check(source, out, topic_keys, warnings)
    if out["slug"] != path.stem:
        raise ContentError(path, source.line("slug"), f"slug {out['slug']!r} does not match the file name {path.stem!r}")
    links = out["links"] or {}
    if not isinstance(links, dict):
        raise source.error("links", "field 'links' must be a mapping like {code: []}")
    out["links"] = {str(k): [str(u) for u in (v if isinstance(v, list) else [v]) if u] for k, v in links.items()}
    out["links"].setdefault("code", [])
    out["title"] = out["title"] or ""
    return out


_topic_cache: dict[Path, tuple[tuple[int, int], list[str] | None]] = {}


def configured_topics(page_path: Path) -> list[str] | None:
    """The topic keys of the content folder the page is in (None when topics.yaml is broken:
    its own error is reported by the topic loader)."""
    from .topics import load_topics
    content = page_path.parent.parent
    config = content / "topics.yaml"
    try:
        st = config.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = (0, 0)
    cached = _topic_cache.get(content)
    if cached is None or cached[0] != stamp:
        try:
            keys = [t.key for t in load_topics(content)]
        except ContentError:
            keys = None
        cached = _topic_cache[content] = (stamp, keys)
    return cached[1]


_reported: set[str] = set()


def report_once(warnings: list) -> None:
    """Print each page warning once per process (ingest, render and serve all read pages)."""
    for warning in warnings:
        if str(warning) not in _reported:
            _reported.add(str(warning))
            print(warning, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- writing

def dump_page(meta: dict, body: str) -> str:
    """The canonical text of a page."""
    lines = ["---"]
    # The `generated` record goes last, also after fields enrich adds to an existing page.
    extra = [k for k in meta if k not in FIELDS and k != GENERATED] + [k for k in meta if k == GENERATED]
    for key in list(FIELDS) + extra:
        lines.extend(emit_field(key, meta.get(key)))
    lines.append("---")
    return "\n".join(lines) + "\n" + body.strip("\n") + "\n"


# Characters a YAML reader refuses raw (C1 controls, DEL, non-characters, lone surrogates) or
# reads as a line break or BOM; JSON leaves them raw, so they are escaped here.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _quote(value) -> str:
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_field(key: str, value) -> list[str]:
    if value is None:
        return [f"{key}: null"]
    if isinstance(value, bool):
        return [f"{key}: {'true' if value else 'false'}"]
    if isinstance(value, (int, float)):
        return [f"{key}: {value}"]
    if isinstance(value, str):
        return [f"{key}: {_quote(value)}"]
    if isinstance(value, list):
        if not value:
            return [f"{key}: []"]
        if key == "topics":
            return [f"{key}: [{', '.join(_quote(v) for v in value)}]"]
        return [f"{key}:"] + [f"  - {_quote(v)}" for v in value]
    if isinstance(value, dict):
        if not value:
            return [f"{key}: {{}}"]
        lines = [f"{key}:"]
        for sub, items in value.items():
            lines.extend("  " + line for line in emit_field(str(sub), items))
        return lines
    return [f"{key}: {_quote(value)}"]


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds exactly it. Returns True when written."""
    try:
        if path.read_bytes() == text.encode("utf-8"):
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of its own per writer: two processes never share (or delete) each other's file.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)  # readers (and a kill) see the old page or the new one, never half
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def load_pages(papers_dir: Path) -> list[Page]:
    """Every page under `papers_dir`, sorted by file name (deterministic order)."""
    if not papers_dir.is_dir():
        return []
    keys = configured_topics(papers_dir / "page.md")
    return [read_page(p, keys) for p in sorted(papers_dir.glob("*.md"))]
