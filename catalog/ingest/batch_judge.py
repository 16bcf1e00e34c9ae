"""The vocabulary's judgements of many papers: `judge`'s (classify.py), the same to the last bit,
for ~20 % less CPU (its scoring of a sentence is shared: `count_sentence`).

`judge` is the definition: sentence by sentence, each lowercased and tokenized by a regular
expression, every token looked up, every phrase its token may start checked. Here a paper's
sentences are tokenized in one go, a MARK token after each: for an ASCII paper by byte
operations (lowercase, every byte but a-z, 0-9 and MARK to a space, split), which give TOKEN's
tokens of each lowercased sentence; any other paper sentence by sentence through TOKEN, as
`judge` does. One pass over the tokens skips those known to start no phrase; at the others,
the phrases a (token, next token) pair may start are looked up once per distinct pair, so a
common word ("text", "image", "on") is not checked phrase by phrase each time. Hits carry the
token's place in the paper rather than in its sentence: `sentence_score` only compares the
places of one sentence's hits, so it scores the same.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..topics import Topic
from .classify import TOKEN, Judgement, Matcher, count_sentence, matcher_for, sentences, settle

MAX_PAIRS = 1_000_000  # the memo of token pairs is emptied past this many
MARK = "\x00"  # a sentence's end: no phrase item holds it, so no phrase runs across it
_KEEP = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789" + MARK else ord(" ") for c in range(256))


def judge_many(papers: Iterable[tuple[str, str]], topics: list[Topic]) -> list[list[Judgement]]:
    """`judge(title, abstract, topics)` of each (title, abstract)."""
    matcher = matcher_for(topics)
    phrases = _phrases_for(matcher)
    return [_judge(matcher, phrases, title, abstract) for title, abstract in papers]


def tokens_of(parts: list[tuple[str, int]]) -> list[str]:
    """TOKEN's tokens of each lowercased sentence, each sentence's followed by MARK."""
    text = f" {MARK} ".join([s for s, _ in parts]) + f" {MARK}"
    if text.isascii() and text.count(MARK) == len(parts):  # (a MARK of its own in a sentence: the slow way)
        return text.encode().lower().translate(_KEEP).decode().split()
    return [t for s, _ in parts for t in (*TOKEN.findall(s.lower()), MARK)]


class _Phrases:
    """The matcher's phrases by where they may start: each distinct token, and each pair of a
    token and the next, looked at once."""

    def __init__(self, matcher: Matcher):
        self.entry = matcher.entry
        self.plain: set[str] = set()  # tokens seen to start no phrase
        self.pairs: dict[tuple[str, str], tuple] = {}

    def after(self, token: str, following: str) -> tuple:
        """The phrases starting at `token` whose second item (if any) `following` matches, in
        the matcher's order (kept in `pairs`; a token starting none goes to `plain`)."""
        starting = self.entry(token)[1]
        if not starting:
            self.plain.add(token)
            return ()
        if len(self.pairs) > MAX_PAIRS:
            self.pairs.clear()
        forms = self.entry(following)[0]
        found = self.pairs[token, following] = tuple(e for e in starting if len(e[0]) == 1 or e[0][1] in forms)
        return found


_cache: list = [None, None]  # (Matcher, _Phrases)


def _phrases_for(matcher: Matcher) -> _Phrases:
    if _cache[0] is not matcher:
        _cache[:] = [matcher, _Phrases(matcher)]
    return _cache[1]


def _judge(matcher: Matcher, phrases: _Phrases, title: str, abstract: str) -> list[Judgement]:
    parts = sentences(title, abstract)
    tokens = tokens_of(parts)
    judgements = [Judgement(t.key, 0.0, t.threshold) for t in matcher.topics]
    entry, plain, pairs, end = matcher.entry, phrases.plain, phrases.pairs, len(tokens)
    sentence, by_topic = 0, {}
    for i in [i for i, token in enumerate(tokens) if token not in plain]:  # few: phrase starts, MARKs, new tokens
        token = tokens[i]
        if token == MARK:
            if by_topic:
                count_sentence(judgements, *parts[sentence], by_topic)
                by_topic = {}
            sentence += 1
            continue
        found = pairs.get((token, tokens[i + 1]))  # (the last token is MARK, which no item matches: i + 1 < end)
        for items, number, weight, phrase in phrases.after(token, tokens[i + 1]) if found is None else found:
            n = len(items)  # as Matcher.hits
            if n > 2 and (i + n > end or any(items[k] not in entry(tokens[i + k])[0] for k in range(2, n))):
                continue
            by_topic.setdefault(number, []).append((weight, phrase, i, i + n))
    return settle(judgements, matcher.topics)
