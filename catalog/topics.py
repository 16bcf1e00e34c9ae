"""Topic configuration (`content/topics.yaml`) and the classifier that assigns topics.

The classifier judges a paper's main contribution, not a passing mention: a signal
phrase scores 3 in the title or in a sentence where the authors state what they do
("we propose …", "in this work …", the opening sentence) and 1 elsewhere; a topic is
assigned when the score reaches its threshold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from .errors import ContentError

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

CONTRIBUTION = re.compile(
    r"\b(we (propose|introduce|present|develop|design|build|revisit|explore|study|investigate|"
    r"measure|demonstrate|argue)|in this (work|paper)|this (paper|work|report)|our (method|approach|model))\b",
    re.IGNORECASE,
)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


@dataclass(frozen=True)
class Topic:
    key: str
    name: str
    description: str
    signals: tuple[str, ...] = ()
    passing: tuple[str, ...] = ()
    threshold: int = 6

    @cached_property
    def signal_pattern(self) -> re.Pattern | None:
        return _phrases(self.signals)

    @cached_property
    def passing_pattern(self) -> re.Pattern | None:
        return _phrases(self.passing)


def _phrases(phrases) -> re.Pattern | None:
    """Any of the phrases as whole words ("moe" must not match "moment")."""
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", re.IGNORECASE)


def load_topics(content_dir: Path) -> list[Topic]:
    """The configured topics in display order; the defaults when no file exists."""
    path = content_dir / "topics.yaml"
    if not path.exists():
        return [_topic(path, 0, entry) for entry in DEFAULT_TOPICS]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError(path, mark.line + 1 if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}") from None
    entries = data.get("topics") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ContentError(path, 1, "expected a 'topics:' list")
    topics = [_topic(path, i, entry) for i, entry in enumerate(entries)]
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
        signals=tuple(str(s).lower() for s in entry.get("signals") or ()),
        passing=tuple(str(s).lower() for s in entry.get("passing") or ()),
        threshold=int(entry.get("threshold") or 6),
    )


def _line_of_key(path: Path, key: str) -> int:
    if path.exists():
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if re.search(rf"key:\s*['\"]?{re.escape(key)}['\"]?\s*$", line):
                return number
    return 1


def classify(title: str, abstract: str, topics: list[Topic]) -> list[str]:
    """Topic keys whose signals dominate the paper's own contribution, in config order."""
    sentences = SENTENCE.split(abstract.strip())
    weighted = [(title, 3)] + [
        (s, 3 if i == 0 or CONTRIBUTION.search(s) else 1) for i, s in enumerate(sentences)
    ]
    return [t.key for t in topics if score(t, weighted) >= t.threshold]


def score(topic: Topic, weighted: list[tuple[str, int]]) -> int:
    signal, passing = topic.signal_pattern, topic.passing_pattern
    if signal is None:
        return 0
    total = 0
    for text, weight in weighted:
        if passing is not None:
            text = passing.sub(" ", text)
        if signal.search(text):  # one hit per sentence: a phrase repeated in one breath is one mention
            total += weight
    return total
