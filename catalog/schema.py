"""The schema of a page's front matter: one check for every reader, naming file and line.

YAML reads what was meant as text in other types: `arxiv: 2410.10000` is the number
2410.1, `title: no` is False, `accepted: 2025-01-22` a date. A value of the wrong type
in a text field is recovered from the YAML source as written (never re-formatted, so an
id keeps every digit) with a warning to quote it; a structure where text belongs (a list
as a title) and a date that is no date are errors. Topics must be configured keys. A page
with no title (a person's, written without one) gets a warning: the site shows its slug.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

import yaml

from .errors import ContentError, Warning_

TEXT = ("slug", "title", "venue", "year", "arxiv", "date")
LISTS = ("authors", "comments", "sources", "topics")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
ARXIV = re.compile(r"^(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$")

try:  # libyaml is ~10x faster; matters for catalogs of thousands of pages
    YAML_LOADER = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    YAML_LOADER = yaml.SafeLoader


class Source:
    """The front matter's YAML nodes, composed only when a message needs a line or a literal."""

    def __init__(self, path: Path, meta_text: str):
        self.path, self.meta_text = path, meta_text
        self._nodes: dict[str, tuple[yaml.Node, yaml.Node]] | None = None

    def nodes(self) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if self._nodes is None:
            root = yaml.compose(self.meta_text, Loader=YAML_LOADER)
            self._nodes = {str(k.value): (k, v) for k, v in getattr(root, "value", [])}
        return self._nodes

    def line(self, key: str, index: int | None = None) -> int:
        key_node, value = self.nodes().get(key, (None, None))
        node = value.value[index] if index is not None and isinstance(value, yaml.SequenceNode) else key_node
        return node.start_mark.line + 2 if node is not None else 2  # +1 for 1-based, +1 for the opening ---

    def literal(self, key: str, index: int | None = None) -> str:
        """A scalar's text exactly as written in the file."""
        value = self.nodes()[key][1]
        node = value.value[index] if index is not None else value
        return node.value

    def error(self, key: str, message: str, index: int | None = None) -> ContentError:
        return ContentError(self.path, self.line(key, index), message)

    def warning(self, key: str, message: str, index: int | None = None) -> Warning_:
        return Warning_(f"{self.path}:{self.line(key, index)}", message)


def check(source: Source, meta: dict, topic_keys: list[str] | None, warnings: list[Warning_]) -> None:
    """Validate and normalise `meta` in place (see the module docstring)."""
    for key in TEXT:
        if key in meta:  # year is optional
            meta[key] = _text(source, key, meta[key], warnings)
    if not (meta["title"] or "").strip():  # a person's page written without one: not shown as intended
        enrich = ", or run `python build.py enrich` to fill it from arXiv" if meta["arxiv"] else ""
        warnings.append(Warning_(str(source.path), f"no title: the site shows the slug in its place; add a `title:` "
                                                   f"line{enrich}"))
    if meta["date"] is not None and not DATE.match(meta["date"]):
        raise source.error("date", f"date must be YYYY, YYYY-MM or YYYY-MM-DD, got {meta['date']!r}")
    if meta["arxiv"] is not None and not ARXIV.match(meta["arxiv"]):
        warnings.append(source.warning("arxiv", f"{meta['arxiv']!r} is not an arXiv id (like \"2410.02098\"); "
                                                "no arXiv links are shown"))
    if isinstance(meta["topics"], str):
        split = [t.strip() for t in meta["topics"].split(",") if t.strip()]
        warnings.append(source.warning("topics", f"topics should be a list: read {meta['topics']!r} as "
                                                 f"[{', '.join(split)}]"))
        meta["topics"] = split
    for key in LISTS:
        meta[key] = _list(source, key, meta[key], warnings)
    if topic_keys is not None:
        _check_topics(source, meta["topics"], topic_keys, warnings)
    for flag in ("withdrawn", "authors_incomplete"):
        if not isinstance(meta.get(flag, False), bool):
            raise source.error(flag, f"{flag} must be true or false")
    for key, value in meta.items():
        if key not in TEXT and key not in LISTS and _has_date(value):
            warnings.append(source.warning(key, f"{key!r} is read by YAML as a date; kept as text (quote it)"))
            meta[key] = _dates_to_text(value)


def _text(source: Source, key: str, value, warnings: list[Warning_]):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise source.error(key, f"{key} must be text, got {kind}; write it in quotes on one line")
    literal = source.literal(key)
    if key == "date" and isinstance(value, dt.date):
        return literal  # 2024-03-05 unquoted: the text is a fine date
    warnings.append(source.warning(key, f"{key}: {literal} is read by YAML as {_kind(value)}; "
                                        f"using the text as written, \"{literal}\" (put it in quotes)"))
    return literal


def _list(source: Source, key: str, value, warnings: list[Warning_]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, dict):
        raise source.error(key, f"{key} must be a list, got a mapping")
    if not isinstance(value, list):
        return [_text(source, key, value, warnings)]
    out = []
    for index, item in enumerate(value):
        if item is None:
            continue
        if isinstance(item, (list, dict)):
            raise source.error(key, f"{key} must be a list of text; item {index + 1} is not", index)
        out.append(item if isinstance(item, str) else source.literal(key, index))
    return out


def _check_topics(source: Source, topics: list[str], keys: list[str], warnings: list[Warning_]) -> None:
    keys = [key for key in keys if key != "other"]  # the listing of papers without a topic, not one to name
    for index, topic in enumerate(topics):
        if topic in keys or topic == "other":
            continue
        close = difflib.get_close_matches(topic, keys, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        warnings.append(source.warning("topics", f"unknown topic {topic!r}, ignored; {hint}"
                                                 f"(topics.yaml has: {', '.join(keys)})", index))


def _kind(value) -> str:
    if isinstance(value, bool):
        return f"the truth value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"a {type(value).__name__}"


def _has_date(value) -> bool:
    if isinstance(value, (dt.date, dt.datetime)):
        return True
    if isinstance(value, list):
        return any(_has_date(v) for v in value)
    if isinstance(value, dict):
        return any(_has_date(v) for v in value.values())
    return False


def _dates_to_text(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    return value
