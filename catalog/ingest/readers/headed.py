"""What a person puts before each abstract of a plain or hard-wrapped list: a list number and a title.

    1. Deep reinforcement learning from human preferences
       For sophisticated reinforcement learning (RL) systems to interact usefully
       with real-world environments, we need to communicate complex goals to …
       arXiv:1706.03741

List numbers ("1.", "2)", "[3]") are dropped when they count up one by one at the start of
lines (one stray "2." is text). A title is the first line of a block (after a blank line or
the file's start) that cannot be a line of the paragraph under it: it does not end a sentence,
the line under it starts one (a capital), and it is far shorter than the paragraph's lines
(the next word would have fitted, `fmt`/`fold` would have put it there) or longer than all
of them, or, above a one-line abstract, under half its length. The title becomes the record's
title; the abstract starts on the line under it.
"""

from __future__ import annotations

import re

from ..split import ID_AT_START, PREFIX

LIST_NUMBER = re.compile(r"^(\s*)(?:(?P<n>\d{1,3})[.)]|\[(?P<m>\d{1,3})\])\s+(?=\S)")
TITLE_WORDS = (2, 30)
TITLE_MAX = 250
ABSTRACT_MIN = 150  # characters of abstract under a title
NOT_A_TITLE_END = re.compile(r"(?:[.,;:\-–]|\b(?:the|a|an|of|and|or|to|in|for|with|on|by|from|that|is|are|we|as|at))$",
                             re.IGNORECASE)
NOT_A_TITLE = re.compile(r"arxiv\s*:|^\d+\s+pages?\b|^(?:accepted|to appear|published|under review|submitted|comments?:)",
                         re.IGNORECASE)


def without_list_numbers(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines with a numbered list's numbers dropped (only when they count 1, 2, 3…)."""
    found = [(i, LIST_NUMBER.match(line)) for i, (_, line) in enumerate(numbered)]
    found = [(i, m) for i, m in found if m]
    values = [int(m.group("n") or m.group("m")) for _, m in found]
    if len(values) < 2 or values != list(range(values[0], values[0] + len(values))):
        return numbered
    out = list(numbered)
    for i, match in found:
        number, line = out[i]
        out[i] = (number, match.group(1) + line[match.end():])
    return out


def take_titles(numbered: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], dict[int, str]]:
    """The lines with each title line blanked, and the titles by the number of the line under them."""
    out, titles = list(numbered), {}
    for start, end in _blocks(numbered):
        text = [line.strip() for _, line in numbered[start:end]]
        if end - start >= 2 and _is_title(text[0], [t for t in text[1:] if not ID_AT_START.match(t)]):
            out[start] = (numbered[start][0], "")
            titles[numbered[start + 1][0]] = " ".join(text[0].split())
    return out, titles


def _blocks(numbered: list[tuple[int, str]]):
    start = None
    for index, (_, line) in enumerate([*numbered, (0, "")]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            yield start, index
            start = None


def _is_title(first: str, rest: list[str]) -> bool:
    if not rest or not TITLE_WORDS[0] <= len(first.split()) <= TITLE_WORDS[1] or len(first) > TITLE_MAX:
        return False
    if NOT_A_TITLE.search(first) or PREFIX.match(first) or NOT_A_TITLE_END.search(first) or not first[0].isupper():
        return False
    under = PREFIX.sub("", rest[0])
    if not under[:1].isupper() or sum(map(len, rest)) < max(ABSTRACT_MIN, 2 * len(first)):
        return False
    if len(rest) == 1:
        return len(first) * 2 <= len(rest[0])
    width = max(map(len, rest))
    return len(first) + 1 + len(rest[0].split()[0]) <= width or len(first) > width
