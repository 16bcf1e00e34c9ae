"""Read and write paper pages: `content/papers/<slug>.md`, YAML front matter + Markdown body.

The writer is our own small emitter rather than yaml.dump: it gives a stable, readable
layout (every string double-quoted, so ids like "2410.10" stay strings) and the same
bytes for the same data, which keeps re-ingest and builds byte-identical.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import ContentError

try:  # libyaml is ~10x faster; matters for catalogs of thousands of pages
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Loader = yaml.SafeLoader

FIELDS = ("slug", "title", "arxiv", "date", "authors", "venue", "topics", "comments", "links", "sources")
LIST_FIELDS = ("authors", "topics", "comments", "sources")


@dataclass
class Page:
    """One paper page. `meta` holds the front matter in FIELDS order (plus any extra keys)."""

    path: Path
    meta: dict
    body: str
    text: str = field(default="", repr=False)  # the file as read; "" for a new page

    @property
    def slug(self) -> str:
        return self.meta["slug"]


# What ingest and enrich wrote last, field by field, under this front-matter key. A field
# whose value still equals its record is the machine's and may be updated (a better title
# from arXiv, topics after topics.yaml changed); a field a person edited, or one with no
# record (curated pages), is the person's and is never rewritten.
GENERATED = "generated"


def machine_owned(meta: dict, key: str) -> bool:
    """True when `key` still holds exactly what ingest or enrich wrote there."""
    record = meta.get(GENERATED)
    return isinstance(record, dict) and key in record and record[key] == meta.get(key)


def set_generated(meta: dict, key: str, value) -> None:
    """Write a machine-derived value and remember it, so a later run can tell a person's edit."""
    meta[key] = value
    record = meta.get(GENERATED)
    if not isinstance(record, dict):
        record = meta[GENERATED] = {}
    record[key] = list(value) if isinstance(value, list) else value


def new_meta(slug: str) -> dict:
    return {
        "slug": slug, "title": "", "arxiv": None, "date": None, "authors": [], "venue": None,
        "topics": [], "comments": [], "links": {"code": []}, "sources": [],
    }


def read_page(path: Path) -> Page:
    """Parse one page; a malformed file raises ContentError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(path, 1, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    meta_text, body, body_line = _split_front_matter(path, text)
    try:
        meta = yaml.load(meta_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        # The context mark points at the construct that is broken (an unclosed "["), the
        # problem mark at where the parser gave up, which may be a later line.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening ---
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"front matter is not valid YAML: {problem}") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a mapping of fields")
    meta = _normalise(path, meta)
    return Page(path=path, meta=meta, body=body, text=text)


def _split_front_matter(path: Path, text: str) -> tuple[str, str, int]:
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


def _normalise(path: Path, meta: dict) -> dict:
    """Check field types, coerce ids to strings and fill defaults; keep unknown keys."""
    out = new_meta(str(meta.get("slug") or path.stem))
    for key, value in meta.items():
        out[str(key)] = value
    out["slug"] = str(out["slug"])
    if out["slug"] != path.stem:
        raise ContentError(path, 2, f"slug {out['slug']!r} does not match the file name {path.stem!r}")
    for key in ("title", "arxiv", "date", "venue"):
        if out[key] is not None and not isinstance(out[key], str):
            out[key] = _scalar_to_str(out[key])
    for key in LIST_FIELDS:
        value = out[key]
        if value is None:
            out[key] = []
        elif isinstance(value, (str, int, float)):
            out[key] = [str(value)]
        elif not isinstance(value, list):
            raise ContentError(path, _line_of(path, key), f"field {key!r} must be a list")
        else:
            out[key] = [str(v) for v in value if v is not None]
    links = out["links"] or {}
    if not isinstance(links, dict):
        raise ContentError(path, _line_of(path, "links"), "field 'links' must be a mapping like {code: []}")
    out["links"] = {str(k): [str(u) for u in (v if isinstance(v, list) else [v]) if u] for k, v in links.items()}
    out["links"].setdefault("code", [])
    out["title"] = out["title"] or ""
    return out


def _scalar_to_str(value) -> str:
    # An unquoted arXiv id such as 2410.10 reaches us as a float; its text is what was meant.
    return str(value)


def _line_of(path: Path, key: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 1


# ---------------------------------------------------------------------------- writing

def dump_page(meta: dict, body: str) -> str:
    """The canonical text of a page."""
    lines = ["---"]
    # The `generated` record goes last, also after fields enrich adds to an existing page.
    extra = [k for k in meta if k not in FIELDS and k != GENERATED] + [k for k in meta if k == GENERATED]
    for key in list(FIELDS) + extra:
        lines.extend(_emit(key, meta.get(key)))
    lines.append("---")
    return "\n".join(lines) + "\n" + body.strip("\n") + "\n"


def _quote(value) -> str:
    text = json.dumps(str(value), ensure_ascii=False)
    # JSON leaves these raw, but YAML readers treat them as line breaks or a BOM.
    for char in ("\u0085", "\u2028", "\u2029", "\ufeff"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _emit(key: str, value) -> list[str]:
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
            lines.extend("  " + line for line in _emit(str(sub), items))
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
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(text.encode("utf-8"))
    tmp.replace(path)
    return True


def load_pages(papers_dir: Path) -> list[Page]:
    """Every page under `papers_dir`, sorted by file name (deterministic order)."""
    if not papers_dir.is_dir():
        return []
    return [read_page(p) for p in sorted(papers_dir.glob("*.md"))]
