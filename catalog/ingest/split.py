"""Split a decoded dump into abstracts, each with its arXiv id, comments and location.

The dump grammar, as seen in the wild (see DESIGN.md):

    abstract line          one abstract per line; "Abstract:" prefix optional
    comment line           short line ("9 pages", "Accepted at ICLR 2025") — belongs to
                           the abstract before it
    arXiv:ID[rest]         the id of the abstract before it; `rest`, glued straight on,
                           starts the next abstract
    …prompting.We …        two abstracts glued with no separator: split at the seam
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable

from ..arxiv.ids import ids_in_text, starts_with_id
from ..arxiv.record import NEW_ID
from ..errors import Warning_
from .lone_ids import LoneId
from .record import Abstract

# New-style ids (arxiv.record.NEW_ID) and old-style (hep-th/9901001).
_OLD_ID = r"(?:[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})"
ARXIV_ID = rf"(?P<id>{NEW_ID}|{_OLD_ID})(?P<version>v\d+)?"
ID_AT_START = re.compile(rf"^arXiv\s*:\s*{ARXIV_ID}", re.IGNORECASE)
# An id at the end of an abstract's line is the paper's own only after the last sentence ("… results.
# arXiv:2505.13380"); inside a sentence ("… the previous study at arXiv:2402.02526") it cites another paper.
# Written as people paste it: "arXiv:ID", "[arXiv:ID]", "(arXiv:IDv2)", "arXiv:ID [cs.CL]",
# "https://arxiv.org/abs/ID", "https://arxiv.org/pdf/IDv2.pdf".
OWN_ID = (rf"[\[(]?(?:arXiv\s*:\s*|(?:https?://)?(?:www\.)?arxiv\.org/(?:abs|pdf|html)/){ARXIV_ID}"
          r"(?:\.pdf)?[\])]?(?:\s*\[[\w.\-]+\])?")
ID_AT_END = re.compile(rf"(?<=[.;!?])\s*{OWN_ID}\s*$", re.IGNORECASE)
PREFIX = re.compile(r"^\s*abstract\s*[:.]\s*", re.IGNORECASE)

# A comment line is short; an abstract never is.
COMMENT_MAX_WORDS = 15
COMMENT_MAX_CHARS = 200

# "…prompting.We introduce…": a sentence end glued to a capitalised word. Such a seam is also
# a lost space inside one abstract ("…on Ascend 300I Duo.Our studies show…"), so it is split
# only on evidence from both sides: each side abstract-sized, and the right side not opening
# with words that refer back ("Our …", "These results …") or with a name used before the seam.
GLUE = re.compile(r"(?<=[A-Za-z0-9)\]}%$/'\"])[.!?](?=[A-Z][a-z]|A [a-z])")
GLUE_MIN_WORDS = 40  # each side; the shortest of 708 real abstracts (dev, 2025 sets) has 59 words
SPACED_END = re.compile(r"(?<=[A-Za-z0-9)\]}%$/'\"])[.!?]\s+(?=[A-Z])")  # a sentence end as usual
NOT_A_SEAM = re.compile(r"(?:\b(?:e\.g|i\.e|etc|al|vs|cf|Fig|Eq|Sec|approx|resp)|\.[A-Za-z]|(?:^|\s)[A-Z])$")
REFERS_BACK = re.compile(
    r"(?:Our|These|Those|Such|Its|Their|It|They|Both|Each|Moreover|Furthermore|Additionally|In addition|"
    r"However|Finally|Thus|Hence|Therefore|Consequently|Also|Further|Specifically|Besides|Notably|"
    r"Overall|Importantly|Compared|Similarly|Likewise|Unlike|Then|Next|Meanwhile|Instead|"
    r"The (?:proposed|resulting|same|former|latter|above)|"
    # results and evaluation sentences close an abstract; they do not open one
    r"Experiments (?:on|show|demonstrate|across)|Experimental results|Extensive (?:experiments|evaluations?)|"
    r"Empirical(?:ly)?,? (?:results|evaluations?|experiments|we)|Results (?:on|show|demonstrate)|Ablations?|"
    r"Code (?:is|and|will)|Quantitative|Qualitative|In particular|"
    r"We (?:also|further|then|conduct|validate|verify|achieve|obtain|report)|"
    # a sentence answering the problem just named ("…(DCR).To address this issue, we…")
    r"To (?:address|tackle|overcome|solve|mitigate|alleviate|remedy|bridge|fill|close|this end))\b")
DEMONSTRATIVE = re.compile(r"(?:This|That)\s+([a-z][\w-]*)")
NEW_WORK = {"paper", "work", "report", "study", "article", "survey", "thesis", "note", "letter", "chapter", "tutorial"}
OPENING_NAME = re.compile(r"[A-Z][\w-]*")  # a name defined before the seam
LOOKBACK = 4000  # characters before a seam searched for a name (an abstract's length): keeps splitting linear


def split_dump(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    """All abstracts of one dump in the plain layout, in order."""
    return split_lines(name, enumerate(text.split("\n"), 1), warnings)


def split_lines(name: str, lines: Iterable[tuple[int, str]], warnings: list[Warning_]) -> list[Abstract]:
    """The same for (line number, line) pairs: a part of a dump, or its lines unwrapped (wrapped.py)."""
    splitter = _Splitter(name, warnings)
    for number, line in lines:
        splitter.feed(number, line)
    splitter.unattached()
    return [piece for abstract in splitter.abstracts for piece in split_glued(abstract)]


class _Splitter:
    def __init__(self, name: str, warnings: list[Warning_]):
        self.name = name
        self.warnings = warnings
        self.abstracts: list[Abstract] = []
        self.pending_comments: list[tuple[int, str]] = []  # (line, comment) seen before any abstract
        self.lone: set[int] = set()  # lines of ids no abstract goes with (a reading list's)
        self.continues = False  # may the next line continue the current abstract?

    @property
    def current(self) -> Abstract | None:
        return self.abstracts[-1] if self.abstracts else None

    def feed(self, number: int, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            self.continues = False
            return
        column = len(line) - len(line.lstrip()) + 1
        match = ID_AT_START.match(stripped)
        if match:
            self.attach_id(number, match)
            rest = stripped[match.end():]
            if rest.strip():
                self.start(number, column + match.end() + (len(rest) - len(rest.lstrip())), rest.strip())
            else:
                self.continues = False
            return
        if is_comment(stripped) and starts_with_id(stripped):  # "2401.04088", "2. 2305.00001 DPO": a reading
            self.warnings.append(LoneId(f"{self.name}:{number}",  # list's item, never an abstract's id or comment
                                        f"comment {stripped!r} precedes no abstract; not read", tuple(ids_in_text(stripped))))
            self.lone.add(number)
            self.continues = False
            return
        if self.is_continuation(stripped):
            self.current.text += " " + stripped
            self.continues = not stripped.endswith((".", "!", "?"))
            return
        if is_comment(stripped):
            self.attach_comment(number, stripped)
            return
        self.start(number, column, stripped)

    def start(self, number: int, column: int, text: str) -> None:
        end = ID_AT_END.search(text)
        id_match = None
        if end:
            id_match, text = end, text[:end.start()].rstrip()
        prefix = PREFIX.match(text)
        prefix_text = prefix.group(0).strip() if prefix else ""
        if prefix:
            column += prefix.end()
            text = text[prefix.end():]
        abstract = Abstract(self.name, number, column, text, prefix=prefix_text)
        for at, comment in self.pending_comments:
            self.warnings.append(Warning_(f"{self.name}:{at}", f"comment {comment!r} precedes any abstract; "
                                                               "attached to the next one"))
            abstract.comments.append(comment)
        self.pending_comments = []
        self.abstracts.append(abstract)
        self.continues = not text.endswith((".", "!", "?"))
        if id_match:
            self.attach_id(number, id_match)

    def attach_id(self, number: int, match: re.Match) -> None:
        abstract = self.current
        arxiv = match.group("id")
        if abstract is None or abstract.arxiv is not None:
            self.warnings.append(LoneId(f"{self.name}:{number}", f"arXiv:{arxiv} follows no abstract without an id; "
                                        "ignored", (arxiv,)))
            self.lone.add(number)
            return
        abstract.arxiv = arxiv
        abstract.version = match.group("version")

    def attach_comment(self, number: int, comment: str) -> None:
        if self.current is None:
            self.pending_comments.append((number, comment))
        elif comment not in self.current.comments:
            self.current.comments.append(comment)
        self.continues = False

    def unattached(self) -> None:
        """Comments no abstract followed (a note above a mailing's entries): said so, not lost
        silently. One that links arXiv papers (a reading list: "- [Title](https://arxiv.org/abs/ID)")
        names their ids instead, and one right above or under such an id (its title in a list of
        "Title" / "ID") goes with it: LoneIds, said by the file's one line."""
        for at, comment in self.pending_comments:
            ids = tuple(ids_in_text(comment))
            where, message = f"{self.name}:{at}", f"comment {comment!r} precedes no abstract; not read"
            labels = not ids and (at - 1 in self.lone or at + 1 in self.lone)
            self.warnings.append(LoneId(where, message, ids) if ids or labels else Warning_(where, message))
        self.pending_comments = []

    def is_continuation(self, line: str) -> bool:
        """A hard-wrapped abstract: the previous line ran on and this one starts lowercase."""
        return self.continues and self.current is not None and line[:1].islower()


def is_comment(line: str) -> bool:
    return len(line) <= COMMENT_MAX_CHARS and len(line.split()) <= COMMENT_MAX_WORDS


def split_glued(abstract: Abstract) -> list[Abstract]:
    """Split "…prompting.We introduce…" seams into separate abstracts; linear in the text's size."""
    text = abstract.text
    seams = [m for m in GLUE.finditer(text) if not NOT_A_SEAM.search(text, max(0, m.start() - 12), m.start())]
    if not seams or _lost_its_spaces(text, len(seams)):
        return [abstract]
    starts = [m.start() for m in re.finditer(r"\S+", text)]  # word starts, to count words by bisection
    cuts, start = [], 0
    for seam in seams:
        left_words = bisect_left(starts, seam.end()) - bisect_left(starts, start)
        right_words = len(starts) - bisect_left(starts, seam.end())
        if left_words < GLUE_MIN_WORDS or right_words < GLUE_MIN_WORDS or _refers_back(text, seam.end(), start):
            continue
        cuts.append(seam.end())
        start = seam.end()
    if not cuts:
        return [abstract]
    bounds = [0, *cuts, len(text)]
    out = []
    for index in range(len(bounds) - 1):
        piece = text[bounds[index]:bounds[index + 1]]
        out.append(Abstract(abstract.file, abstract.line, abstract.column + bounds[index], piece.strip(),
                            prefix=abstract.prefix if index == 0 else "", glued=index > 0))
    # The id and comments that followed the glued run belong to its last abstract.
    out[-1].arxiv, out[-1].version, out[-1].comments = abstract.arxiv, abstract.version, abstract.comments
    return out


def _lost_its_spaces(text: str, lost: int) -> bool:
    """One abstract whose sentences mostly lost the space after their full stop ("…engagement.With
    the advancement…" three times, a space twice): glued abstracts lose it at their seams only."""
    return lost >= 2 and lost >= len(SPACED_END.findall(text))


def _refers_back(text: str, at: int, piece_start: int) -> bool:
    """Does the sentence starting at `at` continue the text before it?"""
    if REFERS_BACK.match(text, at):
        return True
    before = text[max(piece_start, at - LOOKBACK):at]
    demonstrative = DEMONSTRATIVE.match(text, at)
    if demonstrative:  # "This approach …" after "…an approach": "This paper …" may start a new abstract
        noun = demonstrative.group(1)
        return noun not in NEW_WORK and re.search(rf"\b{re.escape(noun)}\b", before) is not None
    name = OPENING_NAME.match(text, at).group(0)  # "LogQuant integrates …" after "we propose LogQuant, a …"
    if len(name) < 3 or not re.search(r"[A-Za-z][A-Z]", name):  # a coined name, not "Recent" or "Mixture-of-Experts"
        return False
    quoted = re.escape(name)
    return re.search(rf"(?:\b(?:we (?:\w+ )?(?:propose|introduce|present|develop|design|build|release)|named|dubbed|"
                     rf"termed|called)\b[^.]{{0,80}}\b{quoted}\b|\b{quoted}\s*(?:,\s*(?:a|an|the)\b|:|\())", before) is not None
