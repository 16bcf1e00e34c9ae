"""Hard-wrapped paragraphs (copied from a PDF or an e-mail) back into one line each.

A block of lines between blank lines (or ending with an `arXiv:ID` line) is hard-wrapped
when none of its text lines is longer than a wrapped line can be (WRAP_MAX) and at least
two are prose-long. In such a block a line continues the one before unless it is an
`arXiv:ID` line, an `Abstract:` line, or a comment line ("9 pages", "Accepted at ICLR 2025")
after a sentence's end or just before the id. The unwrapped lines keep the number of their
first line and go on to the plain splitter (split.py), so ids, prefixes and comments are
read exactly as in a plain dump.

A line ending in a hyphen is joined without a space, unless the hyphen stands alone (a
dash, "Arena-Hard --") or hangs before "and"/"or" ("Transformer- and SSM-based"). The hyphen
is kept when it joins a compound, dropped when it splits one word ("effec-" / "tive"), by
this rule, in order (PDF copies have both; no dictionary tells "trade-off" from "in-formation"):
1. kept when the part before it is a single letter or a symbol ("α-"), holds a hyphen, a
   digit, a capital after its first letter, or is part of a URL or path; or when the part
   after it starts with a capital, a digit or a symbol ("Mixture-of-" / "Experts",
   "GPT-" / "4", "Drive-" / "$\\pi_0$");
2. the dump itself decides when it spells the word elsewhere: with the hyphen
   ("multi-modal") kept, as one word ("multimodal") dropped;
3. kept when the first part is a common first part of compounds ("self-", "non-", "per-",
   "fine-", …) or an adverb ("widely-"), or the second a common second part ("-based",
   "-aware", "-level", "-off", …);
4. otherwise dropped: a plain word broken at the line's end, as PDF copies do.
`python bench/unwrap_eval.py` measures it on the dev set's 150 abstracts wrapped as LaTeX
would (words broken at syllables, compounds at their hyphens); the misses are compounds of
two plain words the lists do not know ("sure-fire") and words broken after a prefix-like
syllable ("pre-" / "viously").
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ..split import ID_AT_START, PREFIX

WRAP_MAX = 110  # a hard-wrapped line is at most this long (72-80 columns, PDF lines a little more)
PROSE_MIN = 40  # a line this long is prose, not a comment or an id
COMMENT = re.compile(r"^(?:\d+\s+pages?\b|(?:accepted|to appear|published|under review|submitted)\b|comments?:)"
                     r"|\b(?:\d+\s+(?:pages?|figures?|tables?))\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
OWN_ID = re.compile(rf"{ID_AT_START.pattern}\s*(?:\[[\w.\-]+\])?\s*$", re.IGNORECASE)
HEADING = re.compile(r"^abstract\s*[:.]?$", re.IGNORECASE)
HYPHEN_END = re.compile(r"(\S*)-$")
SUSPENDED = re.compile(r"(?:and|or|to|nor|vs\.?)\s")
# Common parts of compounds in abstracts (rule 3); a word broken at a syllable rarely starts or ends so.
PREFIXES = {"self", "non", "pre", "post", "multi", "cross", "co", "semi", "sub", "anti", "inter", "intra", "over",
            "under", "well", "high", "low", "large", "small", "long", "short", "fine", "coarse", "state", "end",
            "real", "open", "zero", "few", "one", "two", "three", "single", "task", "domain", "human", "model",
            "data", "token", "text", "image", "video", "vision", "language", "instruction", "reward", "sparse",
            "per", "pseudo", "dual", "general", "multiple", "all", "full", "half", "wall", "trade", "drop", "cost",
            "user", "free", "daily", "encoder", "pixel", "length", "resource", "hardware", "expert", "safety"}
TAILS = {"based", "aware", "level", "scale", "free", "specific", "wise", "like", "grained", "tuned", "tuning",
         "trained", "training", "art", "time", "world", "source", "shot", "order", "dependent", "driven",
         "efficient", "agnostic", "guided", "conditioned", "dimensional", "independent", "intensive", "oriented",
         "friendly", "centric", "quality", "following", "context", "term", "step", "sized", "to", "of", "the",
         "aligned", "constrained", "controlled", "limited", "preserving", "purpose", "choice", "off", "in", "out",
         "up", "decoder", "form", "life", "sense", "clock", "effective", "effectiveness"}


def unwrap(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """(line number, line) pairs with each hard-wrapped block's lines joined; others as they are."""
    words = _vocabulary(line for _, line in lines)
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


def _joined(block: list[tuple[int, str]], words: Counter) -> Iterator[tuple[int, str]]:
    start, text = None, ""
    for position, (number, line) in enumerate(block):
        line = line.strip()
        following = block[position + 1][1].strip() if position + 1 < len(block) else ""
        if start is not None and _continues(text, line, following):
            text = _join(text, line, words)
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
    return not (ends and COMMENT.search(line) and len(line) < PROSE_MIN)


def _join(text: str, line: str, words: Counter) -> str:
    if HEADING.match(text):
        return f"{text.rstrip(' :.')}: {line}"
    hyphen = HYPHEN_END.search(text)
    if not hyphen or re.fullmatch(r"-+", hyphen.group(1) + "-") or SUSPENDED.match(line):
        return f"{text} {line}"
    right = re.match(r"[\w']*", line).group(0)
    return text[:-1] + line if _word_break(hyphen.group(1), right, words) else text + line


def _word_break(left: str, right: str, words: Counter) -> bool:
    """Is "left-" / "right" one word broken at the line's end (not a compound)? See the module's rule."""
    piece = re.split(r"[(\[\"'“‘]", left)[-1]
    if not right or len(piece) < 2 or not piece.isascii() or re.search(r"[-\d/.:]|.[A-Z]", piece) \
            or re.match(r"[A-Z\d]", right):
        return False
    joined, hyphenated = (piece + right).lower(), f"{piece}-{right}".lower()
    if words[hyphenated] or words[joined]:
        return words[joined] > 0 and not words[hyphenated]
    left_part, right_part = piece.lower(), right.lower()
    compound = left_part in PREFIXES or right_part in TAILS or (len(left_part) > 4 and left_part.endswith("ly"))
    return not compound


def _vocabulary(lines) -> Counter:
    """How often the dump uses each word, lowercased; hyphenated compounds whole ("multi-modal")
    and apart. Pieces broken at a line's end count too, once each (hence "> 1" above)."""
    words: Counter = Counter()
    for line in lines:
        for word in re.findall(r"[A-Za-z][\w'-]*[A-Za-z]", line):
            word = word.lower()
            words[word] += 1
            if "-" in word:
                words.update(word.split("-"))
    return words
