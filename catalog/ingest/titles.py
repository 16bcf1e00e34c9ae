"""Derive a readable title and slug for a paper that has no curated title.

A title names the system or method and says what it is: "Ferret-UI: A new MLLM tailored
for enhanced understanding of mobile UI screens". Found from phrases authors use to
introduce their work; failing that, as the last resort, the abstract's first sentence,
whole when it is short, else cut at a word and ending in "…" so it reads as cut (the
listings then start the summary where the title stops: render/model.py). Never cut
mid-word. A page remembers that its title was made so (`generated: title_from: abstract`).
"""

from __future__ import annotations

import re
import unicodedata

from .clean import plain_text

MAX_WORDS = 14
SENTENCE_WORDS = 16  # a first sentence this short is the whole title; a longer one is cut ("…")
CUT = "…"
# A name: "Ferret-UI", "Seed1.5-VL", "GPT-4o mini"; a "." only inside it (not "ADNet." ending a sentence).
NAME = r"(?P<name>[A-Z][\w+]*(?:[-‑.][\w+]+)*(?:\s[A-Z0-9][\w+]*(?:[-‑.][\w+]+)*)?)"
# "a/an/the …" up to the end of the clause; "(MoE)"-like asides inside are kept here, dropped later.
DESCRIPTION = r"(?P<what>\b(?:a|an|the)\s(?:[^.;:()?!]|\([^()]*\))+)"
INTRO = (r"(?:[Ww]e\s+(?:present|introduce|propose|build|develop|design|release|describe|implement|call|term|name)"
         r"(?:\s+and\s+\w+)?|[Ii]ntroducing|[Pp]roposing)")
THIS_PAPER = r"[Tt]his\s+(?:paper|work|article)\s+(?:presents|introduces|proposes|describes)"
# Capitalised words with the small words titles keep: "Vision as LoRA", "Mixture of Experts via …".
TITLE_WORDS = r"[A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|of|for|as|via|and|with|in|on|to|from|the|a|an))*?\s+[A-Z][\w-]*"

PATTERNS = [
    # "we present Ferret-UI, a new MLLM tailored for …", "This paper presents SimCLR: a simple …"
    re.compile(rf"(?:{INTRO}|{THIS_PAPER})\s+{NAME}[,:]\s+{DESCRIPTION}"),
    # "a novel approach called Robust Sparse Mixture of Experts via Stochastic Learning (S2MoE)"
    re.compile(rf"\b(?:named|termed|called|dubbed)\s+(?P<what>{TITLE_WORDS})\s+\((?P<named>[A-Z][\w-]*)\)"),
    # "… a token-level importance sampling DPO objective named TIS-DPO" (the nearest article before it)
    re.compile(rf"(?P<what>\b(?:a|an)\s(?:(?!\b(?:a|an)\s)[^.;:()?!])+?)\s+(?:named|termed|called|dubbed)\s+\"?{NAME}"),
    # "we introduce the Massive Multitask Agent Understanding (MMAU) benchmark"
    re.compile(rf"{INTRO}\s+(?:the\s+)?(?P<what>{TITLE_WORDS})\s+\((?P<name>[A-Z][\w-]+)\)\s*(?P<kind>[a-z]+)?"),
]
ASIDE = re.compile(r"\s*\([^()]*\)")
# "we develop a new family of MoE models (EC-DIT) for …", "introducing a method based on … (TSMC)"
INTRO_SENTENCE = re.compile(rf"{INTRO}\s+(?P<what>(?:a|an|the)\s[^.;:]+)")
PARENTHESISED = re.compile(r"\s*\((?P<name>[A-Z]\w*(?:-\w+)*)\)")
CLAUSE_END = re.compile(r",\s|\s(?:that|which|where|while|by|so)\s")
ADJECTIVES = {"large", "small", "big", "simple", "efficient", "fast", "new", "novel", "general", "lightweight",
              "open", "deep", "robust", "scalable", "powerful", "pretrained", "pre-trained", "multilingual",
              "multimodal", "unified", "flexible", "effective", "accurate", "modular", "sparse", "dense"}
STOP_TAIL = {"a", "an", "the", "of", "for", "and", "or", "to", "in", "on", "with", "by", "that", "which", "from", "at", "as", "is", "are"}


def derive_title(abstract_markdown: str) -> str:
    text = plain_text(abstract_markdown)
    for pattern in PATTERNS:
        match = pattern.search(text)
        if match and ("named" in match.groupdict() or _is_name(match.group("name"), text)):
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
    name = (match.groupdict().get("named") or match.group("name")).strip()  # "named": "called X (NAME)"
    what = match.group("what").strip()
    groups = match.groupdict()
    if groups.get("kind") and groups["kind"] not in STOP_TAIL:
        what = f"{what} {groups['kind']}"
    what = ASIDE.sub("", what)
    what = _shorten(_first_clause(_strip_article(what) if what[:1].isupper() else what))
    return f"{name}: {what[:1].upper()}{what[1:]}"


def _first_clause(text: str) -> str:
    """Cut at the first comma or relative clause once at least four words are in; not at a
    comma between adjectives ("controls to large, pretrained … models")."""
    for boundary in CLAUSE_END.finditer(text):
        head = text[:boundary.start()].split()
        if boundary.group(0).startswith(","):
            if len(head) >= 6 and head[-1].lower() not in ADJECTIVES:
                return text[:boundary.start()]
        elif len(head) >= 4:
            return text[:boundary.start()]
    return text


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


def _opening_clause(text: str) -> str:
    """The last resort: the first sentence, whole when short, else cut and ending in "…"."""
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0].rstrip(".!?")
    if len(sentence.split()) <= SENTENCE_WORDS:
        return sentence or "Untitled paper"
    clause = re.split(r",\s+(?:which|while|where|but|yet|and)\s|;\s|:\s", sentence, maxsplit=1)[0]
    cut = _shorten(clause)
    if len(cut.split()) < 6:  # too short a clause to stand for the sentence
        cut = _shorten(sentence)
    return (cut if cut.endswith(CUT) else f"{cut}{CUT}") if cut else "Untitled paper"


def _shorten(text: str) -> str:
    """At most MAX_WORDS whole words, not ending on a dangling 'of'/'the'/…; "…" marks a cut."""
    words = text.split()
    cut = len(words) > MAX_WORDS
    if cut:
        words = words[:MAX_WORDS]
    while len(words) > 1 and words[-1].lower().strip(",") in STOP_TAIL:
        words.pop()
    shortened = " ".join(words).rstrip(",;:")
    return f"{shortened}{CUT}" if cut and shortened else shortened


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
