"""What a person puts before each abstract of a plain or hard-wrapped list: a list number or
bullet, a title, an author line.

    1. Deep reinforcement learning from human preferences
       For sophisticated reinforcement learning (RL) systems to interact usefully
       with real-world environments, we need to communicate complex goals to …
       arXiv:1706.03741

List numbers ("1.", "2)", "[3]") are dropped when they count up one by one at the start of
lines where an item can start (not inside a wrapped sentence: "modules:" / "1) Blurred …"),
bullets ("- ", "* ", "• ") when two or more such lines start with the same one (one stray
"2." is text). A title is the first line of a block (after a blank line, a paper's own
`arXiv:ID` line or the file's start)
that cannot be a line of the paragraph under it: it does not end a sentence, the line under it
starts one (a capital), and it is far shorter than the paragraph's lines (the next word would
have fitted, `fmt`/`fold` would have put it there), longer than all of them, title-cased
(every word of four letters or more capitalised), or, above a
one-line abstract, under half its length; or a line of its own with the abstract's block after
a blank line; or the line above an author line ("A. Smith, B. Jones", or `Authors: …`), as in a
PDF's first page (where the title may take two or three lines, one maybe reading like names:
"Connector and Hierarchical Group Attention"; the authors more than one, with footnote marks;
and affiliation and e-mail lines come before an "Abstract" heading: skipped, and counted for a
warning). A `Title:` label is dropped. The abstract starts on the line under them.
A list that puts each paper's `arXiv:ID` line above it (the first block has one: at the top of
the abstract's block, alone, or under the title and authors) has each id moved under its
abstract, where the plain layout reads it; so does a list that opens each abstract's first line
with its id ("arXiv:2006.16668 Neural network scaling…").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..split import ID_AT_START, PREFIX
from .abspage import names_line
from .fields import FOOTNOTE_MARKS
from .wrapped import HEADING, OWN_ID, PROSE_MIN, SENTENCE_END, WRAP_MAX

LIST_NUMBER = re.compile(r"^(\s*)(?:(?P<n>\d{1,3})[.)]|\[(?P<m>\d{1,3})\])\s+(?=\S)")
BULLET = re.compile(r"^(\s*)(?P<b>[-*•])\s+(?=\S)")
TITLE_LABEL = re.compile(r"^\s*Title\s*:\s*", re.IGNORECASE)
AUTHORS_LABEL = re.compile(r"^\s*Authors?\s*:\s*", re.IGNORECASE)
CAPITALISED = re.compile(r"[A-Z0-9]|[a-z]+[A-Z]")  # "Deep …", "3D …", "xKV: …", "mPLUG-Owl …"
TITLE_WORDS = (2, 30)
SMALL_WORDS = {"with", "from", "into", "onto", "over", "under", "upon", "than", "that", "this", "their", "when", "what",
               "where", "which", "while", "without", "within", "towards", "toward", "through", "across", "about",
               "between", "beyond", "after", "before", "versus", "does", "more", "less", "only", "your"}  # lower case in titles
TITLE_MAX = 250
TITLE_LINE_MAX = 90  # a line of a title a PDF sets over lines
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "la", "le", "du", "dos", "bin", "and"}
ABSTRACT_MIN = 150  # characters of abstract under a title
NOT_A_TITLE_END = re.compile(r"(?:[.,;:\-–]|\b(?:the|a|an|of|and|or|to|in|for|with|on|by|from|that|is|are|we|as|at))$",
                             re.IGNORECASE)
NOT_A_TITLE = re.compile(r"arxiv\s*:|^\d+\s+pages?\b|\b\d+\s+(?:pages?|figures?|tables?)\b|"
                         r"^(?:accepted|to appear|published|under review|submitted|comments?:)|\b(?:19|20)\d\d\b",
                         re.IGNORECASE)


@dataclass
class Head:
    title: str
    authors: str = ""  # the author line(s) as written
    skipped: int = 0  # front matter under the authors not read: affiliations, e-mail addresses
    skipped_at: int = 0  # the line it starts on


FRONT_MATTER_MAX = 8  # lines between a PDF's author line and its "Abstract" heading


def without_list_marks(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines with a numbered list's numbers (only when they count 1, 2, 3…) or a list's bullets
    dropped. A mark counts only where an item can start: a wrapped sentence that goes on with
    "- structured summaries" or "1) Blurred Boundary…" keeps it."""
    starts = [i for i in range(len(numbered)) if _item_start(numbered, i)]
    found = [(i, m) for i in starts for m in [LIST_NUMBER.match(numbered[i][1])] if m]
    values = [int(m.group("n") or m.group("m")) for _, m in found]
    if len(values) < 2 or values != list(range(values[0], values[0] + len(values))):
        bullets = [(i, m) for i in starts for m in [BULLET.match(numbered[i][1])] if m]
        found = bullets if len(bullets) >= 2 and len({m.group("b") for _, m in bullets}) == 1 else []
    out = list(numbered)
    for i, match in found:
        number, line = out[i]
        out[i] = (number, match.group(1) + line[match.end():])
    return out


def _item_start(numbered: list[tuple[int, str]], i: int) -> bool:
    """Can a list item start on line i: the first line, or under a blank line, an `arXiv:ID`
    line, a line that ends a sentence or one too long to be a wrapped line (an abstract a line,
    ending in a URL)?"""
    above = numbered[i - 1][1].strip() if i else ""
    return (not above or OWN_ID.match(above) is not None or SENTENCE_END.search(above) is not None
            or len(above) > WRAP_MAX)


def ids_first(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A list that puts each paper's `arXiv:ID` line above its abstract (the list's first block
    has one): each id moved to the end of its abstract, where the plain layout has it. The id
    starts the abstract's block, or stands in a block of its own or under the paper's head
    (title, maybe authors: notes copied from arXiv), the abstract in the next block."""
    blocks = list(_blocks(numbered, at_ids=False))
    with_id = [position for position, (start, end) in enumerate(blocks) if _own_ids(numbered[start:end])]
    if not with_id or with_id[0] != 0:
        return numbered
    moves = []  # (index of the id line, index of the line it goes after)
    for position in with_id:
        start, end = blocks[position]
        at = next(i for i in range(start, end) if OWN_ID.match(numbered[i][1].strip()))
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        if _own_ids(numbered[start:end]) != 1:
            return numbered
        head = numbered[start:at] + numbered[at + 1:end]  # the block without its id
        if at in (start, end - 1) and _a_head(head) and following and not _own_ids(numbered[slice(*following)]):
            moves.append((at, following[1] - 1))  # the abstract is the next block
        elif at == start and end - start > 1:
            moves.append((at, end - 1))
        else:
            return numbered
    out = list(numbered)
    for at, after in reversed(moves):
        out.insert(after + 1, numbered[at])
        del out[at]
    return out


# "arXiv:2006.16668 Neural network scaling…": an id, a space (or ":", "-"), then prose.
ID_LED = re.compile(rf"{ID_AT_START.pattern}\s*[:\-–—]?\s+(?P<rest>\S.{{{PROSE_MIN},}})$", re.IGNORECASE)


def ids_leading(numbered: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A list that opens each abstract's first line with its id: each id moved to a line of its
    own under its abstract (before the next id or blank line). Told from the seeds' glued form
    ("…quality.⏎arXiv:2410.02098Augmenting…", the id of the abstract above with the next one
    glued straight on) by its ends: the list's first line opens with an id and a space, and no
    id line in it is left without prose after the id."""
    lines = [line.strip() for _, line in numbered]
    first = next((line for line in lines if line), "")
    if not ID_LED.match(first) or any(ID_AT_START.match(line) and not ID_LED.match(line) for line in lines):
        return numbered
    out, pending = [], None
    for number, line in numbered:
        led = ID_LED.match(line.strip())
        if pending and (led or not line.strip()):
            out.append(pending)
            pending = None
        if led:
            pending = (number, f"arXiv:{led.group('id')}{led.group('version') or ''}")
            line = led.group("rest")
        out.append((number, line))
    return out + [pending] if pending else out


def _a_head(lines: list[tuple[int, str]]) -> bool:
    """Nothing, or a title line and maybe an author line under it."""
    text = [line.strip() for _, line in lines]
    return not text or len(text) <= 2 and _is_title(TITLE_LABEL.sub("", text[0])) and (
        len(text) == 1 or _is_author_line(text[1]))


def _own_ids(lines: list[tuple[int, str]]) -> int:
    return sum(bool(OWN_ID.match(line.strip())) for _, line in lines)


def take_heads(numbered: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], dict[int, Head]]:
    """The lines with each title and author line blanked, and the heads by the number of the
    abstract's first line."""
    out, heads = list(numbered), {}
    blocks = list(_blocks(numbered))
    for position, (start, end) in enumerate(blocks):
        lines = [line.strip() for _, line in numbered[start:end]]
        lead = _title_lines(lines)
        text = [" ".join(lines[:lead]), *lines[lead:]]  # a title wrapped over lines, as one
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        taken = _head_lines(text, [line.strip() for _, line in numbered[slice(*following)]] if following else [])
        if taken:
            title = TITLE_LABEL.sub("", text[0])
            names = [AUTHORS_LABEL.sub("", text[1])] if taken >= 2 else []
            while len(names) + 1 < taken and _is_author_line(text[len(names) + 1]):
                names.append(text[len(names) + 1])  # a long author list, wrapped
            skipped = taken - 1 - len(names)  # front matter: the lines under the authors
            taken += lead - 1
            out[start:start + taken] = [(number, "") for number, _ in numbered[start:start + taken]]
            first = start + taken if start + taken < end else following[0]  # the abstract: under them, or after a blank line
            at = numbered[start + taken - skipped][0] if skipped else 0
            heads[numbered[first][0]] = Head(title, ", ".join(names), skipped, at)
    return out, heads


def _title_lines(text: list[str]) -> int:
    """A PDF's title, wrapped over 2 or 3 short lines above its author line: how many lines it
    takes (1 when it is not such a title). The longer first: its last line may read like names."""
    for lines in (3, 2):
        if (len(text) > lines + 1 and _is_author_line(text[lines]) and _is_title(" ".join(text[:lines]))
                and all(_title_line(line, above, text[lines]) for above, line in zip(["", *text], text[:lines]))):
            return lines
    return 1


def _title_line(line: str, above: str, authors: str) -> bool:
    """Can `line` (under `above`, "" for the block's first: the title's whatever it reads like)
    be a line of a title over the author line `authors`? Not prose. A line that reads like
    names is the title's when it goes on with a phrase the line above leaves open ("… GANs for"
    / "Improved Quality, Stability, and Variation"), or when it lacks the footnote marks of the
    author line under it (a PDF marks every line of its authors: "Connector and Hierarchical
    Group Attention" over "Yuqi Pang1, Bowen Yang1, …") and is no list of full names (marks may
    be on some authors only: "Tero Karras, Timo Aila" over "Samuli Laine*, Jaakko Lehtinen*")."""
    if SENTENCE_END.search(line) or len(line) > TITLE_LINE_MAX:
        return False
    if not above or not _is_author_line(line) or NOT_A_TITLE_END.search(above):
        return True
    unmarked = bool(FOOTNOTE_MARKS.search(authors)) and not FOOTNOTE_MARKS.search(line) and not line.endswith(",")
    return unmarked and not all(len(name.split()) >= 2 for name in re.split(r",|\band\b", line) if name.strip())


def _head_lines(text: list[str], after: list[str]) -> int:
    """How many lines of the block `text` are a head (a title, and maybe an author line) over
    the abstract under them or, for a block of only those, over the block `after` it; 0: none."""
    title = TITLE_LABEL.sub("", text[0])
    if len(text) >= 2 and ID_AT_START.match(text[1]):
        return 0
    body = [line for line in text[1:] if not ID_AT_START.match(line)]
    if len(body) >= 2 and _is_title(title) and _is_author_line(text[1]):
        # A PDF's first page: the title, the author line, maybe affiliations and e-mail
        # addresses, the abstract ("Abstract" heading or not).
        return 2 + _front_matter(text[2:], after)
    if len(body) >= 1 and _is_title(title) and _under_title(title, body) and not (
            len(body) == 1 and _is_author_line(body[0])):  # a long author line is no one-line abstract
        return 1
    if (len(text) == 1 or len(text) == 2 and _is_author_line(text[1])) and after and _is_title(title, alone=True):
        return len(text) if _under_title(title, [line for line in after if not ID_AT_START.match(line)], alone=True) else 0
    return 0


def _front_matter(rest: list[str], after: list[str]) -> int:
    """How many lines of `rest` (under a PDF's author line) come before its "Abstract" heading,
    here or at the top of the next block, when none of them is prose; 0 when there is no heading."""
    for count, line in enumerate([*rest, *after[:1]][:FRONT_MATTER_MAX + 1]):
        if HEADING.match(line) or PREFIX.match(line):
            return count if count <= len(rest) else 0
        if SENTENCE_END.search(line) or len(line) > WRAP_MAX or OWN_ID.match(line):
            return 0
    return 0


def _blocks(numbered: list[tuple[int, str]], at_ids: bool = True):
    """(start, end) of each run of lines between blank lines; a paper's own `arXiv:ID` line ends one too (`at_ids`)."""
    start = None
    for index, (_, line) in enumerate([*numbered, (0, "")]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            yield start, index
            start = None
        if at_ids and start is not None and OWN_ID.match(line.strip()):
            yield start, index + 1
            start = None


def _is_title(line: str, alone: bool = False) -> bool:
    if not line or not TITLE_WORDS[0] + alone <= len(line.split()) <= TITLE_WORDS[1] or len(line) > TITLE_MAX:
        return False
    return not (NOT_A_TITLE.search(line) or PREFIX.match(line) or NOT_A_TITLE_END.search(line)
                or not CAPITALISED.match(line) or ID_AT_START.match(line))


def is_title(line: str) -> bool:
    """Could `line` be a paper's title (not a line of prose, a comment or an id)?"""
    return _is_title(line)


def _is_author_line(line: str) -> bool:
    """`Authors: …`, or names only: every word capitalised but a particle ("de la Cruz", not
    "We introduce Performers, Transformer architectures"); a PDF's footnote marks after the
    names ("Wu1,2, Wang2*,") and the comma a wrapped list ends a line with aside."""
    line = FOOTNOTE_MARKS.sub("", line).rstrip().removesuffix(",")
    words = re.findall(r"[^\W\d_][\w.'’-]*", line)
    return bool(AUTHORS_LABEL.match(line)) or names_line(line) and all(
        word[0].isupper() or word in PARTICLES for word in words)


def _under_title(first: str, rest: list[str], alone: bool = False) -> bool:
    """Is `rest` an abstract that `first` cannot be a line of?"""
    under = PREFIX.sub("", rest[0]) if rest else ""
    if not under[:1].isupper() or sum(map(len, rest)) < max(ABSTRACT_MIN, 2 * len(first)):
        return False
    if alone or len(rest) == 1:
        return alone or len(first) * 2 <= len(rest[0])
    width = max(map(len, rest))
    return len(first) + 1 + len(rest[0].split()[0]) <= width or len(first) > width or _title_cased(first)


def _title_cased(line: str) -> bool:
    """"EllieSQL: Cost-Efficient Text-to-SQL with Complexity-Aware Routing": every word of four
    letters or more capitalised (but "with", "from"…) (a title as long as the paragraph's lines; no line of prose is)."""
    words = [word for word in re.findall(r"[^\W\d_][\w'’-]*", line) if len(word) >= 4 and word not in SMALL_WORDS]
    return len(words) >= 3 and all(word[0].isupper() for word in words)
