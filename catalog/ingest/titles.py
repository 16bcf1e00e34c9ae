"""Derive a readable title and slug for a paper that has no curated title.

A title names the system or method and says what it is: "Ferret-UI: A new MLLM tailored
for enhanced understanding of mobile UI screens". Found from phrases authors use to
introduce their work; failing that, the opening clause. Never cut mid-word.
"""

from __future__ import annotations

import re
import unicodedata

from .clean import plain_text

MAX_WORDS = 14
NAME = r"(?P<name>[A-Z][\w.+]*(?:[-‑][\w.+]+)*(?:\s[A-Z0-9][\w.+-]*)?)"
DESCRIPTION = r"(?P<what>(?:a|an|the)\s[^.;:()]+)"
INTRO = (r"(?:[Ww]e\s+(?:present|introduce|propose|build|develop|design|release|describe|implement|call|term|name)"
         r"(?:\s+and\s+\w+)?|[Ii]ntroducing|[Pp]roposing)")

PATTERNS = [
    # "we present Ferret-UI, a new MLLM tailored for …", "We design and implement AXLearn, a …"
    re.compile(rf"{INTRO}\s+{NAME},\s+{DESCRIPTION}"),
    # "… a token-level importance sampling DPO objective named TIS-DPO"
    re.compile(rf"(?P<what>(?:a|an)\s[^.;:()]+?)\s+(?:named|termed|called|dubbed)\s+\"?{NAME}"),
    # "we introduce the Massive Multitask Agent Understanding (MMAU) benchmark"
    re.compile(rf"{INTRO}\s+(?:the\s+)?(?P<what>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+)\s+\((?P<name>[A-Z][\w-]+)\)\s*(?P<kind>[a-z]+)?"),

]
# "we develop a new family of MoE models (EC-DIT) for …", "introducing a method based on … (TSMC)"
INTRO_SENTENCE = re.compile(rf"{INTRO}\s+(?P<what>(?:a|an|the)\s[^.;:]+)")
PARENTHESISED = re.compile(r"\s*\((?P<name>[A-Z]\w*(?:-\w+)*)\)")
CLAUSE_END = re.compile(r",\s|\s(?:that|which|where|while|by|so)\s")
STOP_TAIL = {"a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "with", "by", "that", "which", "from", "at", "as", "is", "are"}


def derive_title(abstract_markdown: str) -> str:
    text = plain_text(abstract_markdown)
    for pattern in PATTERNS:
        match = pattern.search(text)
        if match and _is_name(match.group("name"), text):
            return _compose(match)
    return _named_in_intro(text) or _opening_clause(text)


def _named_in_intro(text: str) -> str | None:
    """The most-used name defined in parentheses in an authors' "we introduce …" sentence."""
    for match in INTRO_SENTENCE.finditer(text):
        what = match.group("what")
        names = [m.group("name") for m in PARENTHESISED.finditer(what) if _is_name(m.group("name"), text)]
        if names:
            name = max(reversed(names), key=text.count)
            what = _shorten(_first_clause(_strip_article(PARENTHESISED.sub("", what))))
            return f"{name}: {what[:1].upper()}{what[1:]}"
    return None


def _is_name(name: str, text: str) -> bool:
    """A method's name, not a generic acronym the abstract merely defines in passing."""
    return name[:1].isupper() and (text.count(name) >= 2 or not name.isupper())


def _compose(match: re.Match) -> str:
    name = match.group("name").strip()
    what = match.group("what").strip()
    groups = match.groupdict()
    if groups.get("kind") and groups["kind"] not in STOP_TAIL:
        what = f"{what} {groups['kind']}"
    if groups.get("rest"):
        what = f"{what}{groups['rest']}"
    what = _shorten(_first_clause(_strip_article(what) if what[:1].isupper() else what))
    return f"{name}: {what[:1].upper()}{what[1:]}"


def _first_clause(text: str) -> str:
    """Cut at the first comma or relative clause once at least four words are in."""
    for boundary in CLAUSE_END.finditer(text):
        if len(text[:boundary.start()].split()) >= (6 if boundary.group(0).startswith(",") else 4):
            return text[:boundary.start()]
    return text


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


def _opening_clause(text: str) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    clause = re.split(r",\s+(?:which|while|where|but|yet|and)\s|;\s|:\s", sentence, maxsplit=1)[0]
    return _shorten(clause.rstrip(".!?")) or "Untitled paper"


def _shorten(text: str) -> str:
    """At most MAX_WORDS whole words, not ending on a dangling 'of'/'the'/…"""
    words = text.split()
    if len(words) > MAX_WORDS:
        words = words[:MAX_WORDS]
    while len(words) > 1 and words[-1].lower().strip(",") in STOP_TAIL:
        words.pop()
    return " ".join(words).rstrip(",;:")


# ------------------------------------------------------------------------------ slugs

def slug_for(arxiv: str | None, title: str, taken: set[str]) -> str:
    """The arXiv id when known (old-style "/" becomes "-"), else the named method or title words."""
    if arxiv:
        base = arxiv.replace("/", "-")
    else:
        name = title.split(":", 1)[0] if ":" in title else ""
        base = slugify(name) if name and len(name.split()) <= 3 else slugify(" ".join(_significant(title)[:4]))
    base = base or "paper"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _significant(title: str) -> list[str]:
    return [w for w in re.findall(r"[\w-]+", title) if w.lower() not in STOP_TAIL]


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
