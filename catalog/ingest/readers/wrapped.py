"""Hard-wrapped paragraphs (copied from a PDF or an e-mail) back into one line each.

A block of lines between blank lines (or ending with an `arXiv:ID` line) is hard-wrapped
when none of its text lines is longer than a wrapped line can be (WRAP_MAX) and at least
two are prose-long. In such a block a line continues the one before unless it is an
`arXiv:ID` line, an `Abstract:` line, or a comment line: worded like one ("9 pages",
"Accepted at ICLR 2025") after a sentence's end or just before the id, or any short line
with no full stop between the abstract's last sentence and the id ("ICLR 2025"). The
unwrapped lines keep the number of their first line and go on to the plain splitter
(split.py), so ids, prefixes and comments are read exactly as in a plain dump.

A line ending in a hyphen is joined without a space, unless the hyphen ends no word (a
dash, "Arena-Hard --", "(58.1 +/-" / "27.1") or hangs before "and"/"or" ("Transformer- and
SSM-based"). The hyphen is kept when it joins a compound, dropped when it splits one word
("effec-" / "tive"); PDF copies have both, and Python's textwrap and e-mail clients break
compounds after their hyphens. In order:
1. kept when the part before it is a single letter or a symbol ("α-"), holds a hyphen, a
   digit, or is part of a URL or path ("Mixture-of-" / "Experts", "github.com/cmu-" / "flame");
2. the paragraph itself, then the dump, decides when it spells the word elsewhere, by the
   spelling it uses more often: with the hyphen ("multi-modal") kept, as one word
   ("multimodal", "FastMoE") dropped; a word real abstracts write both ways ("pre-training",
   "pretraining") and the paragraph does not, as its other words of that prefix are
   ("pre-trained" kept, "nonlinearity" dropped): the writer's habit (not the dump's: the
   writers of a dump's other abstracts have theirs, "multimodal" beside "multi-view"); else
   kept when no line of the paragraph ends inside a word ("distilla-" / "tion"): lines broken
   only at spaces and the text's own hyphens (textwrap, an e-mail);
3. else the spelling real abstracts use more often (readers/spellings.py: 74,099 arXiv
   papers): "information-rich", "multi-turn" kept, "efficient", "REINFORCE" joined;
4. kept when the part after it starts with a capital, a digit or a symbol ("GPT-" / "4",
   "Drive-" / "$\\pi_0$"), or when either part is one real compounds use ("self-",
   "-aware": in 5 or more; fewer are the counts' own PDF breaks, "XS-toryCloze");
5. otherwise dropped: a plain word broken at the line's end, as PDF copies do.
`python bench/unwrap_eval.py` measures it on real abstracts wrapped both ways. The misses
are words spelled both ways where the paper uses the rarer spelling and no other word of its
prefix ("under-explored", "sub-tasks").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ...arxiv.latex_text import SUSPENDED_NEXT
from ..split import ID_AT_START, PREFIX
from .spellings import spellings

WRAP_MAX = 110  # a hard-wrapped line is at most this long (72-80 columns, PDF lines a little more)
PROSE_MIN = 40  # a line this long is prose, not a comment or an id
COMMENT = re.compile(r"^(?:\d+\s+pages?\b|(?:accepted|to appear|published|under review|submitted)\b|comments?:)"
                     r"|\b(?:\d+\s+(?:pages?|figures?|tables?))\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
OWN_ID = re.compile(rf"{ID_AT_START.pattern}\s*(?:\[[\w.\-]+\])?\s*$", re.IGNORECASE)
HEADING = re.compile(r"^abstract\s*[:.]?$", re.IGNORECASE)
HYPHEN_END = re.compile(r"(\S*)-$")
SUSPENDED = re.compile(SUSPENDED_NEXT)


def unwrap(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(line number, line) pairs with each hard-wrapped block's lines joined; others as they are."""
    words = _Vocabulary(lines)
    block: list[tuple[int, str]] = []
    for number, line in [*lines, (0, "")]:
        if line.strip():
            block.append((number, line))
            if not OWN_ID.match(line.strip()):
                continue
        yield from _joined(block, words) if _is_wrapped(block) else block
        block = []
        if number and not line.strip():
            yield number, line


def _is_wrapped(block: list[tuple[int, str]]) -> bool:
    text = [line.strip() for _, line in block if not OWN_ID.match(line.strip())]
    return (len(text) >= 2 and max(map(len, text)) <= WRAP_MAX
            and sum(len(line) >= PROSE_MIN for line in text) >= 2)


def _joined(block: list[tuple[int, str]], words: _Vocabulary) -> Iterator[tuple[int, str]]:
    spelled = (_Vocabulary(block), words)  # the paragraph's own spelling, then the dump's
    start, text = None, ""
    for position, (number, line) in enumerate(block):
        line = line.strip()
        following = block[position + 1][1].strip() if position + 1 < len(block) else ""
        if start is not None and _continues(text, line, following):
            text = _join(text, line, spelled)
            continue
        if start is not None:
            yield start, text
        start, text = number, line
    if start is not None:
        yield start, text


def _continues(text: str, line: str, following: str) -> bool:
    """Does `line` go on with the paragraph `text` so far (`following` is the line after it)?"""
    if HEADING.match(text):  # "Abstract" on a line of its own, as in a PDF
        return True
    if OWN_ID.match(line) or PREFIX.match(line) or HEADING.match(line) or OWN_ID.match(text):
        return False
    if ID_AT_START.match(line) and SENTENCE_END.search(text):  # an id with the next abstract glued on
        return False
    # A comment line: short, worded like one, after a sentence's end or just before the id line.
    ends = SENTENCE_END.search(text) or not following or OWN_ID.match(following)
    if ends and COMMENT.search(line) and len(line) < PROSE_MIN:
        return False
    # "ICLR 2025" on the last line, after the abstract's last sentence: a note, not more abstract.
    last = not following or OWN_ID.match(following)
    return not (last and SENTENCE_END.search(text) and not SENTENCE_END.search(line) and len(line) < PROSE_MIN)


def _join(text: str, line: str, spelled: tuple[_Vocabulary, ...]) -> str:
    if HEADING.match(text):
        return f"{text.rstrip(' :.')}: {line}"
    if text.endswith("\u00ad"):  # a soft hyphen: the word broken where the typesetter said it may be
        return text[:-1] + line
    left = hyphen_end(text, line)
    if left is None:
        return f"{text} {line}"
    return text[:-1] + line if _word_break(left, line.split()[0], spelled) else text + line


def hyphen_end(text: str, line: str) -> str | None:
    """The word before `text`'s line-end hyphen, when the hyphen may join `line` on: not when
    there is none, nor after a token with no letter or digit (a dash, "--", "+/-" before
    "27.1"), nor before "and"/"or" (a suspended hyphen)."""
    hyphen = HYPHEN_END.search(text)
    if not hyphen or not re.search(r"[^\W_]", hyphen.group(1)) or SUSPENDED.match(line):
        return None
    return hyphen.group(1)


def _word_break(left: str, token: str, spelled) -> bool:
    """Is "left-" / "token…" one word broken at the line's end (not a compound)? See the module's rule."""
    piece = re.split(r"[(\[\"'“‘]", left)[-1]
    right = re.match(r"[\w']*", token).group(0)
    if len(piece) < 2 or re.search(r"[^A-Za-z']", piece) or "-" in token or not right:
        return False  # "α-", "cmu-", "Mixture-" / "of-Experts", "Drive-" / "$\\pi_0$"
    both_ways = spellings().both_ways(piece, right)
    for scope, words in enumerate(spelled):  # the paragraph's evidence, then the dump's
        for closed, split in _evidence(words, piece, right, both_ways and scope == 0):
            if closed != split:
                return closed > split
    usual = spellings().one_word(piece, right)
    if usual is not None:
        return usual
    if not re.match(r"[a-z]", right):
        return False
    return not spellings().compound_part(piece, right)


def _evidence(words: _Vocabulary, piece: str, right: str, writer: bool) -> Iterator[tuple[int, int]]:
    """(one word, hyphenated) counts, by majority: the word's spelling in the text; for a word
    written both ways, in its writer's own paragraph, the prefix's other words ("pre-trained"),
    then the wrapping: lines that never end inside a word (textwrap, an e-mail) break only at
    the text's own hyphens."""
    yield words[(piece + right).lower()], words[f"{piece}-{right}".lower()]
    if writer:
        yield words.family(piece, right)
        if not words.breaks_words():
            yield 0, 1  # wrapped at spaces and its own hyphens only: the hyphen is the text's


class _Vocabulary:
    """_vocabulary of the dump, counted only when a line-end hyphen needs it (most dumps have none)."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.lines, self.words, self.splits = lines, None, None

    def __getitem__(self, word: str) -> int:
        return self._words()[word]

    def family(self, prefix: str, stem: str) -> tuple[int, int]:
        """(closed, hyphenated): how often the text writes other words of `prefix` one way or
        the other ("pretrained", "pre-trained"), of the words real abstracts write both ways."""
        closed = hyphenated = 0
        prefix, stem = prefix.lower(), stem.lower()
        for word, n in self._words().items():
            rest = word[len(prefix):] if word.startswith(prefix) else ""
            other = rest.lstrip("-").split("-")[0]
            if other and other != stem and spellings().both_ways(prefix, other):
                hyphenated += n if rest.startswith("-") else 0
                closed += 0 if rest.startswith("-") else n
        return closed, hyphenated

    def breaks_words(self) -> bool:
        """Does a line end inside a word, as a hyphenating typesetter breaks it ("distilla-" /
        "tion": a word real abstracts write joined, never hyphenated)?"""
        if self.splits is None:
            lines = [line.strip() for _, line in self.lines]
            ends = [(hyphen_end(a, b), re.match(r"[A-Za-z]*", b).group(0)) for a, b in zip(lines, lines[1:])]
            self.splits = any(left and right and spellings().only_joined(left, right) for left, right in ends)
        return self.splits

    def _words(self) -> Counter:
        if self.words is None:
            self.words = _vocabulary(line for _, line in self.lines)
        return self.words


def _vocabulary(lines) -> Counter:
    """How often the dump uses each word, lowercased; hyphenated compounds whole ("multi-modal")
    and apart. The two pieces of a word broken at a line's end are not words: left out."""
    words: Counter = Counter()
    broken = False  # did the line before end in a hyphen?
    for line in lines:
        found = re.findall(r"[A-Za-z][\w'-]*[A-Za-z]", line)
        ends_broken = bool(re.search(r"[^\W_]-$", line.rstrip()))  # not "(58.1 +/-": "trackers" is whole
        for index, word in enumerate(found):
            if (index == 0 and broken) or (index == len(found) - 1 and ends_broken):
                continue
            word = word.lower()
            words[word] += 1
            if "-" in word:
                words.update(word.split("-"))
        broken = ends_broken
    return words
