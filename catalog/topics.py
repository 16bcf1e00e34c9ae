"""Topic configuration (`content/topics.yaml`): keys, names, and the signals that assign them.

Each topic lists weighted signal phrases (whole words, case-insensitive; `quantiz*` matches
any ending, `*moe` any beginning), negative cues (a negative weight), `passing` phrases
(a sentence holding one says nothing about the topic) and a `threshold`. How the phrases
are scored is `catalog/ingest/classify.py`; everything a maintainer tunes lives here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError
from .schema import YAML_LOADER

OTHER_KEY = "other"
OTHER_NAME = "Other"
OTHER_DESCRIPTION = "Papers outside the topics above."

DEFAULT_TOPICS = [
    {"key": "moe", "name": "Mixture-of-Experts", "description": "Sparse expert models.",
     "signals": ["mixture-of-experts", "mixture of experts", "moe"]},
    {"key": "alignment", "name": "Alignment", "description": "Aligning models with human preferences.",
     "signals": ["alignment", "preference optimization", "rlhf"]},
    {"key": "multimodal", "name": "Multimodal", "description": "Vision, speech and language together.",
     "signals": ["multimodal", "vision-language", "vision language"]},
    {"key": "efficiency", "name": "Efficiency", "description": "Doing more with less compute.",
     "signals": ["efficiency", "pruning", "compression"]},
]



@dataclass(frozen=True)
class Topic:
    key: str
    name: str
    description: str
    signals: tuple[tuple[str, float], ...] = ()  # (phrase, weight); a negative weight is a cue against
    passing: tuple[str, ...] = ()
    threshold: float = 6.0
    share: float = 0.0  # also needs this fraction of the paper's strongest topic score (a side topic is not its main one)


def load_topics(content_dir: Path) -> list[Topic]:
    """The configured topics in display order; the defaults when no file exists."""
    path = content_dir / "topics.yaml"
    if not path.exists():
        return [_topic(path, 0, entry) for entry in DEFAULT_TOPICS]
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    entries = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, 1, "expected a 'topics:' list")
    share = data.get("share", 0.0)
    topics = [_topic(path, i, {"share": share, **entry}) for i, entry in enumerate(entries)]
    keys = [t.key for t in topics]
    for key in keys:
        if keys.count(key) > 1 or key == OTHER_KEY:
            raise ContentError(path, _line_of_key(path, key), f"topic key {key!r} is reserved or used twice")
    return topics


def _topic(path: Path, index: int, entry) -> Topic:
    if not isinstance(entry, dict) or not entry.get("key"):
        raise ContentError(path, 1, f"topic #{index + 1} needs at least a 'key'")
    key = str(entry["key"])
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key):
        raise ContentError(path, _line_of_key(path, key), f"topic key {key!r} must be lowercase letters, digits and '-'")
    return Topic(
        key=key,
        name=str(entry.get("name") or key),
        description=str(entry.get("description") or ""),
        signals=_signals(path, key, entry.get("signals")),
        passing=tuple(str(s).lower() for s in entry.get("passing") or ()),
        threshold=_number(path, key, entry.get("threshold", 6), "threshold"),
        share=_number(path, key, entry.get("share") or 0, "share"),
    )


def _signals(path: Path, key: str, value) -> tuple[tuple[str, float], ...]:
    """`[phrase, …]` (weight 1 each), `{weight: [phrase, …]}` or `{phrase: weight}`."""
    if not value:
        return ()
    if isinstance(value, list):
        return tuple((str(p).lower(), 1.0) for p in value)
    if not isinstance(value, dict):
        raise ContentError(path, _line_of_key(path, key), f"topic {key!r}: 'signals' must be a list or a mapping")
    out = []
    for name, item in value.items():
        if isinstance(item, list):
            weight = _number(path, key, name, "signal weight")
            out += [(str(p).lower(), weight) for p in item]
        else:
            out.append((str(name).lower(), _number(path, key, item, f"weight of {name!r}")))
    return tuple(out)


def _number(path: Path, key: str, value, what: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ContentError(path, _line_of_key(path, key), f"topic {key!r}: {what} {value!r} is not a number") from None


def _line_of_key(path: Path, key: str) -> int:
    if path.exists():
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if re.search(rf"key:\s*['\"]?{re.escape(key)}['\"]?\s*$", line):
                return number
    return 1
