"""Assign topics by a paper's main contribution, with the evidence for each.

The abstract is cut into sentences and each sentence is weighed by what it does:

    the title, when a person or arXiv gave it        2
    a sentence presenting the authors' work          2    ("we propose …", "in this paper …")
    a sentence comparing with others' work           0.5  ("compared with …", "outperforms …")
    any other sentence about the authors' work       2    ("we …", "our …")
    the opening sentence                             1.5  (it names the field)
    any other sentence                               1

For a topic, a sentence scores its strongest signal phrase (+ up to 0.5 for each further
distinct one, at most +1), plus its negative cues, never below 0; a `passing` phrase makes it
0. The topic's score is the sum of sentence score x sentence weight; the paper gets the topic
when that reaches the topic's threshold and its `share` of the paper's strongest topic score
(a topic met only in passing, beside a much stronger one, is not the main contribution).
Phrases, weights and thresholds are all in content/topics.yaml. Matching looks words up in
a dictionary; `judge` here is the definition, and ingest judges many papers at once through
`batch_judge.judge_many` (the same judgements, ~1.4 s of CPU for 10,000 abstracts against
~1.9 s). This is the readable base: a learned layer over these scores decides the topics
that have labeled papers (model.py, decide.py); `classify` here is the vocabulary alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..topics import Topic

TITLE_WEIGHT, OWN_WEIGHT, OPENING_WEIGHT, COMPARING_WEIGHT, OTHER_WEIGHT = 2.0, 2.0, 1.5, 0.5, 1.0
EXTRA_PHRASE, EXTRA_MAX = 0.5, 1.0

SENTENCE_END = re.compile(r"[.!?](?:[\"'”’)]?\s+(?=[A-Z(\"'“])|(?=[A-Z][a-z]))")  # "…models. We", "…models.We"
TOKEN = re.compile(r"[a-z0-9]+")
PHRASE_ITEM = re.compile(r"\*?[a-z0-9]+\*?")
CONTRIBUTION = re.compile(r"\b(?:we (?:\w+ )?(?:propose|introduce|present|develop|design|build|release|describe|call|name)|"
                          r"in this (?:paper|work|report|study)|this (?:paper|work|report|study)|named|dubbed|termed)\b",
                          re.IGNORECASE)
OWN_WORK = re.compile(r"\b(?:we|our|here)\b", re.IGNORECASE)
COMPARING = re.compile(r"\b(?:compar(?:e|es|ed|ing|ison|isons)|in contrast to|outperform\w*|surpass\w*|baselines?|"
                       r"versus|vs\.|rivals?|on par with|competitive with)\b", re.IGNORECASE)
PLACES = [(CONTRIBUTION, OWN_WEIGHT), (COMPARING, COMPARING_WEIGHT), (OWN_WORK, OWN_WEIGHT)]  # the first that matches
# The same searches for an ASCII sentence, lowercased: exact (no non-ASCII letter to fold), ~2x faster.
PLACES_ASCII = [(re.compile(pattern.pattern, re.ASCII), weight) for pattern, weight in PLACES]
URL = re.compile(r"(?:https?://|www\.)\S+")  # a repository's name is no evidence ("github.com/multimodal-art-…")
PASSING = None  # weight marker of a passing phrase


@dataclass
class Evidence:
    """One sentence that counted for a topic."""

    sentence: str
    weight: float  # where the sentence stands (title, own work, opening, comparing, other)
    score: float  # what its phrases are worth, before the weight
    phrases: list[str]


@dataclass
class Judgement:
    key: str
    score: float
    threshold: float  # what the score must reach: the topic's threshold, or its share of the top score if higher
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def assigned(self) -> bool:
        return self.score > 0 and self.score >= self.threshold

    @property
    def margin(self) -> float:
        """Distance from the line, relative to the threshold (0 = on the line)."""
        return abs(self.score - self.threshold) / max(self.threshold, 1e-9)


class Matcher:
    """All topics' phrases in one dictionary keyed by a phrase's first word."""

    def __init__(self, topics: list[Topic]):
        self.topics = list(topics)
        self.index: dict[str, list[tuple[tuple[str, ...], int, float | None, str]]] = {}
        prefixes, suffixes = set(), set()
        for number, topic in enumerate(self.topics):
            entries = [(p, w) for p, w in topic.signals] + [(p, PASSING) for p in topic.passing]
            for phrase, weight in entries:
                items = tuple(PHRASE_ITEM.findall(phrase.lower()))
                if not items:
                    continue
                for item in items:
                    if item.endswith("*"):
                        prefixes.add(item[:-1])
                    elif item.startswith("*"):
                        suffixes.add(item[1:])
                self.index.setdefault(items[0], []).append((items, number, weight, phrase))
        self.prefixes, self.suffixes = sorted(prefixes), sorted(suffixes)
        self._prefix_tuple, self._suffix_tuple = tuple(self.prefixes), tuple(self.suffixes)
        self._tokens: dict[str, tuple[frozenset, tuple]] = {}

    def _token(self, token: str) -> tuple[frozenset, tuple]:
        """The items a token matches (itself and wildcards) and the phrases it may start; memoised."""
        forms = [token]
        if token.startswith(self._prefix_tuple):  # most tokens have no wildcard form: one test, not one a wildcard
            forms += [p + "*" for p in self.prefixes if token.startswith(p)]
        if token.endswith(self._suffix_tuple):
            forms += ["*" + s for s in self.suffixes if token.endswith(s) and token != s]
        forms = frozenset(forms)
        found = self._tokens[token] = (forms, tuple(e for f in sorted(forms) for e in self.index.get(f, ())))
        return found

    def entry(self, token: str) -> tuple[frozenset, tuple]:
        """(the items the token matches, the phrases it may start), memoised."""
        return self._tokens.get(token) or self._token(token)

    def hits(self, text: str) -> list[tuple[int, float | None, str, int, int]]:
        """(topic number, weight, phrase, first token, end token) for every phrase in the text."""
        entries = list(map(self.entry, TOKEN.findall(text.lower())))
        out = []
        for i in [i for i, entry in enumerate(entries) if entry[1]]:
            for items, number, weight, phrase in entries[i][1]:
                n = len(items)
                if n > 1 and (i + n > len(entries) or items[1] not in entries[i + 1][0]
                              or any(items[k] not in entries[i + k][0] for k in range(2, n))):
                    continue
                out.append((number, weight, phrase, i, i + n))
        return out


_cache: list = [None, None]  # (topics, Matcher): ingest classifies thousands of papers with one config


def matcher_for(topics: list[Topic]) -> Matcher:
    if _cache[0] is not topics and _cache[0] != topics:
        _cache[:] = [topics, Matcher(topics)]
    return _cache[1]


def sentences(title: str, abstract: str) -> list[tuple[str, int]]:
    """The paper's sentences, each with its place: -1 for a title, else its index."""
    text, parts, start = URL.sub(" ", abstract).strip(), [], 0
    for end in SENTENCE_END.finditer(text):
        parts.append(text[start:end.start() + 1].strip())
        start = end.end()
    parts = [p for p in (*parts, text[start:].strip()) if p]
    return ([(title.strip(), -1)] if title.strip() else []) + [(s, i) for i, s in enumerate(parts)]


def place_weight(sentence: str, index: int) -> float:
    """How much a sentence says about the paper's own contribution (see the module's docstring)."""
    if index < 0:
        return TITLE_WEIGHT
    places, text = (PLACES_ASCII, sentence.lower()) if sentence.isascii() else (PLACES, sentence)
    for pattern, weight in places:
        if pattern.search(text):
            return weight
    return OPENING_WEIGHT if index == 0 else OTHER_WEIGHT


def judge(title: str, abstract: str, topics: list[Topic]) -> list[Judgement]:
    """Every topic's score, threshold and evidence, in config order. (The definition: ingest
    judges many papers at once by `judge_many`, the same judgements for less CPU.)"""
    matcher = matcher_for(topics)
    judgements = [Judgement(t.key, 0.0, t.threshold) for t in matcher.topics]
    for sentence, index in sentences(title, abstract):
        by_topic: dict[int, list[tuple]] = {}
        for number, *hit in matcher.hits(sentence):
            by_topic.setdefault(number, []).append(hit)
        if by_topic:  # most sentences have no phrase at all
            count_sentence(judgements, sentence, index, by_topic)
    return settle(judgements, matcher.topics)


def count_sentence(judgements: list[Judgement], sentence: str, index: int, by_topic: dict[int, list[tuple]]) -> None:
    """Add a sentence's score to each topic it holds phrases of: `by_topic` maps a topic's
    number to its hits there, (weight, phrase, first token, end token) in the text's order."""
    weight = place_weight(sentence, index)
    for number, hits in by_topic.items():
        score = sentence_score(hits)
        if score > 0:
            judgement = judgements[number]
            judgement.score += score * weight
            judgement.evidence.append(Evidence(sentence, weight, score, sorted({h[1] for h in hits})))


def settle(judgements: list[Judgement], topics: list[Topic]) -> list[Judgement]:
    """Round the scores and raise each threshold to its share of the paper's top score."""
    top = max((j.score for j in judgements), default=0.0)
    for judgement, topic in zip(judgements, topics):
        judgement.score = round(judgement.score, 2)
        judgement.threshold = round(max(topic.threshold, topic.share * top), 2)
    return judgements


def sentence_score(hits: list[tuple]) -> float:
    """Strongest phrase, + up to 0.5 per further one on other words (at most +1), plus negative cues."""
    if len(hits) == 1:  # most sentences: what `phrases_score` gives one phrase, for less CPU
        weight = hits[0][0]
        return 0.0 if weight is PASSING else max(0.0, weight)
    return phrases_score(hits)


def phrases_score(hits: list[tuple]) -> float:
    """`sentence_score`, for any number of phrases."""
    if any(h[0] is PASSING for h in hits):
        return 0.0
    taken: set[int] = set()
    positive, negative = [], {}
    for weight, phrase, start, end in sorted(hits, key=lambda h: (-abs(h[0]), h[2])):
        if weight < 0:
            negative[phrase] = weight
        elif not taken.intersection(range(start, end)):  # "state-space" inside "state space models" is one mention
            taken.update(range(start, end))
            positive.append(weight)
    if not positive:
        return 0.0
    extra = min(EXTRA_MAX, sum(min(EXTRA_PHRASE, w) for w in positive[1:]))
    return max(0.0, positive[0] + extra + sum(negative.values()))


def classify(title: str, abstract: str, topics: list[Topic]) -> list[str]:
    """Topic keys whose score reaches their threshold, in config order."""
    return [j.key for j in judge(title, abstract, topics) if j.assigned]
