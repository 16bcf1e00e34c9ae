"""BibTeX (`*.bib`): a reference manager's export (Zotero, JabRef, BibDesk…) or arXiv's own.

Parsed with bibtexparser 2.x. An entry with an `abstract` makes a record; its id comes from
`eprint` (`archivePrefix = {arXiv}`), an `arxiv` field, an arXiv URL or DOI (10.48550/arXiv.ID),
a `note`/`journal` saying `arXiv:ID` (Zotero, Google Scholar) or DBLP's `CoRR abs/ID`. Title,
authors ("Last, First and …") and venue have their LaTeX decoded as enrich decodes arXiv's;
the abstract too, outside its math (kept as TeX, as in any dump). `journal` or `booktitle`
is the venue unless it only says the paper is on arXiv. Zotero's `annote = {Comment: …}`
(arXiv's comment line) is a comment. An entry without an abstract (arXiv's own export never has
one, nor Google Scholar's) makes no page -- no abstract is invented --: ingest names the arXiv ids
of those the catalog lacks with the `python build.py add …` that brings them, and the entries
with no id by their lines.
"""

from __future__ import annotations

import logging
import re

from ...errors import Warning_
from ...tex import math_spans
from ..record import Abstract
from ..lone_ids import LoneId
from ..split import ARXIV_ID
from .bibtex_values import macros, resolve
from .fields import latex_line

ID_IN = [
    re.compile(rf"arxiv\.org/(?:abs|pdf|html)/{ARXIV_ID}", re.IGNORECASE),
    re.compile(rf"10\.48550/arXiv\.{ARXIV_ID}", re.IGNORECASE),
    re.compile(rf"\barXiv\s*:\s*{ARXIV_ID}", re.IGNORECASE),
    re.compile(rf"\babs/{ARXIV_ID}"),  # DBLP: journal = {CoRR}, volume = {abs/2106.09685}
]
BARE_ID = re.compile(rf"^\s*(?:arXiv:)?{ARXIV_ID}\s*$", re.IGNORECASE)
NOT_A_VENUE = re.compile(r"^\s*(?:arxiv(?:\s+preprint)?\b.*|corr|preprint|arxiv\.org)\s*$", re.IGNORECASE)
CATEGORY = re.compile(r"^(?:[a-z]+(?:-[a-z]+)*\.[A-Za-z]+(?:-[a-z]+)*|hep-(?:th|ph|ex|lat)|gr-qc|quant-ph|"
                      r"nucl-(?:th|ex)|math-ph|astro-ph|cond-mat|nlin|chao-dyn|solv-int)$")
ARXIV_DOI = re.compile(r"^10\.48550/", re.IGNORECASE)
MAX_NAMED = 5  # entries without an abstract named one by one


def read_bibtex(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    import bibtexparser  # imported here: only needed for .bib dumps
    from bibtexparser.model import DuplicateBlockKeyBlock

    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its own report of a bad block: ours names the file
    library = bibtexparser.parse_string(text, parse_stack=[])  # raw values: bibtex_values reads them
    known = macros(library)
    entries = list(library.entries)
    for block in library.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock):  # the same key twice: both are read (dedupe merges)
            entries += [_at(e, block.start_line) for e in bibtexparser.parse_string(block.raw, parse_stack=[]).entries]
        else:
            reason = getattr(block.error, "abort_reason", "") or str(block.error or "") or "not valid BibTeX"
            reason = " ".join(reason.split()).replace("`", "'")
            warnings.append(Warning_(f"{name}:{block.start_line + 1}", f"not read: {reason}"))
    out, missing = [], []
    for entry in sorted(entries, key=lambda e: e.start_line):
        record = _record(name, entry, known)
        if record is not None:
            out.append(record)
        else:
            missing.append(entry)
    _no_abstract(name, missing, known, warnings)
    return out


def _no_abstract(name: str, entries: list, known: dict[str, str], warnings: list[Warning_]) -> None:
    """Entries without an abstract. Those naming an arXiv id (arXiv's own export, Google
    Scholar's, DBLP's) are LoneIds: ingest names the ones the catalog lacks with the `add`
    command that brings them (lone_ids.py). The rest get a line each; past a few (a paper's own
    reference list), one line for the rest."""
    others = []
    for entry in entries:
        arxiv = _arxiv_id({k.lower(): resolve(str(f.value), known) for k, f in entry.fields_dict.items()})[0]
        if arxiv:
            warnings.append(LoneId(f"{name}:{entry.start_line + 1}", _none_in(entry), (arxiv,)))
        else:
            others.append(entry)
    for entry in others[:MAX_NAMED]:
        warnings.append(Warning_(f"{name}:{entry.start_line + 1}", _none_in(entry)))
    if len(others) > MAX_NAMED:
        rest = others[MAX_NAMED:]
        lines = ", ".join(str(e.start_line + 1) for e in rest[:MAX_NAMED]) + (" …" if len(rest) > MAX_NAMED else "")
        warnings.append(Warning_(f"{name}:{rest[0].start_line + 1}", f"{len(rest)} more entries have no abstract "
                                 f"(lines {lines}); no page made from them"))


def _none_in(entry) -> str:
    return f"@{entry.entry_type}{{{entry.key}}} has no abstract; no page made from it"


def _at(entry, line: int):
    entry.start_line = line
    return entry


def _record(name: str, entry, known: dict[str, str]) -> Abstract | None:
    """The entry's record; None when it has no abstract."""
    fields = {key.lower(): resolve(str(field.value), known) for key, field in entry.fields_dict.items()}
    abstract = _abstract_text(fields.get("abstract", ""))
    if not abstract:
        return None
    arxiv, version = _arxiv_id(fields)
    venue = latex_line(fields.get("journal") or fields.get("booktitle") or "")
    doi = " ".join(fields.get("doi", "").split())
    comment = latex_line(fields.get("annote", ""))
    year = fields.get("year", "").strip() or fields.get("date", "").strip()[:4]  # BibLaTeX: date = {2021-01-12}
    return Abstract(name, entry.start_line + 1, 1, abstract, arxiv=arxiv, version=version,
                    comments=[comment[len("Comment:"):].strip()] if comment.startswith("Comment:") else [],
                    title=latex_line(fields.get("title", "")), authors=_authors(fields.get("author", "")),
                    categories=_categories(fields),
                    doi="" if ARXIV_DOI.match(doi) else doi, journal="" if NOT_A_VENUE.match(venue) else venue,
                    year=year if re.fullmatch(r"\d{4}", year) else "")


def _categories(fields: dict) -> list[str]:
    """arXiv's `primaryClass = {cs.LG}` (BibLaTeX's `eprintclass`) first, then JabRef's `keywords = {cs.LG, cs.CV}` when they
    are all category codes. Not Better BibTeX's `primaryclass = {cs}`: an archive, no category."""
    primary = (fields.get("primaryclass") or fields.get("eprintclass") or "").strip()  # BibTeX, BibLaTeX
    codes = [primary] if CATEGORY.match(primary) else []
    keywords = [word.strip() for word in re.split(r"[,;]", fields.get("keywords", "")) if word.strip()]
    if keywords and all(CATEGORY.match(word) for word in keywords):
        codes += [word for word in keywords if word not in codes]
    return codes


def _arxiv_id(fields: dict) -> tuple[str | None, str | None]:
    for key in ("eprint", "arxiv", "arxivid"):
        match = BARE_ID.match(fields.get(key, ""))
        is_arxiv = key != "eprint" or fields.get("archiveprefix", fields.get("eprinttype", "arxiv")).lower() == "arxiv"
        if match and is_arxiv:
            return match.group("id"), match.group("version")
    for key in ("url", "doi", "note", "journal", "volume", "howpublished"):
        for pattern in ID_IN:
            match = pattern.search(fields.get(key, ""))
            if match:
                return match.group("id"), match.group("version")
    return None, None


def _abstract_text(value: str) -> str:
    """The abstract as one line, as a dump gives it. Zotero escapes every TeX character of an
    abstract, math included ("\\$\\{\\textbackslash}alpha\\$"): all unescaped. Other
    exporters keep the author's TeX: outside math, accents decoded, the braces that protect
    capitals ("{LoRA}") dropped and escaped `\\% \\& \\# \\_` plain; math kept for clean.py."""
    value = DASH.sub(lambda m: "\u2013" if "en" in (m.group(1) or m.group(2)) else "\u2014", " ".join(value.split()))
    if ZOTERO_MARK.search(value):
        return ZOTERO.sub(lambda m: ZOTERO_CHARS.get(m.group(0), m.group(0)[1:]), ACCENT.sub(_accent, value)).strip()
    pieces, position = [], 0
    for span in math_spans(value):
        pieces += [_plain(value[position:span.start()]), span.group(0)]
        position = span.end()
    return "".join(pieces + [_plain(value[position:])]).strip()


def _accent(match: re.Match) -> str:
    return latex_line(match.group(0))


ACCENT = re.compile(r"\{\\[`'^\"~=.uvHc]\s*\{?\\?[A-Za-z]\}?\}|\\[`'^\"~=.]\{?\\?[A-Za-z]\}?|\\[uvHc]\{\\?[A-Za-z]\}")  # \"{\i} too
DASH = re.compile(r"\{\\text(en|em)dash\}|\\text(en|em)dash(?:\{\}|\b\s?)")  # Zotero's "–" and "—"
PROTECTED = re.compile(r"(^|[^A-Za-z\\}])\{([^{}$\\]*)\}")
ESCAPED = re.compile(r"\\([%&#_])")
ZOTERO_CHARS = {"{\\textbackslash}": "\\", "\\textbackslash{}": "\\", "\\^{}": "^", "\\~{}": "~",
                "{\\textasciicircum}": "^", "\\textasciicircum{}": "^", "{\\textasciitilde}": "~", "\\textasciitilde{}": "~"}
ZOTERO = re.compile("|".join(re.escape(k) for k in ZOTERO_CHARS) + r"|\\[%&#_${}]")
ZOTERO_MARK = re.compile(r"\\textbackslash|\\textascii|\\[${}]|\\[~^]\{\}")  # what only an exporter that escapes all writes


def _plain(text: str) -> str:
    text = ESCAPED.sub(r"\1", ACCENT.sub(_accent, text))
    while True:
        text, count = PROTECTED.subn(r"\1\2", text)
        if not count:
            return text


def _authors(value: str) -> list[str]:
    """"Hu, Edward J. and Shen, Yelong and {OpenAI}" -> ["Edward J. Hu", "Yelong Shen", "OpenAI"]."""
    names = []
    for part in _split(" ".join(value.split()), r"\s+and\s+"):
        if part.strip().lower() == "others":
            continue
        pieces = [p.strip() for p in _split(part, ",")]
        if len(pieces) == 3:  # "von Last, Jr, First"
            pieces = [pieces[2], pieces[0], pieces[1]]
        elif len(pieces) == 2:
            pieces = [pieces[1], pieces[0]]
        name = latex_line(" ".join(p for p in pieces if p))
        if name and name not in names:
            names.append(name)
    return names


def _split(value: str, separator: str) -> list[str]:
    """`value` split at `separator` (a regex) outside braces: "{Smith and Sons}" stays one name."""
    parts, start = [], 0
    for match in re.finditer(separator, _mask_braces(value)):
        parts.append(value[start:match.start()])
        start = match.end()
    parts.append(value[start:])
    return [part for part in parts if part.strip()]


def _mask_braces(value: str) -> str:
    """`value` with every character inside braces replaced by "_" (same length)."""
    out, depth = [], 0
    for char in value:
        depth += char == "{"
        out.append("_" if depth and char not in "{}" else char)
        depth -= char == "}" and depth > 0
    return "".join(out)
