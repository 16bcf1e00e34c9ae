"""arXiv metadata text (LaTeX accents and math, lines folded with indents) -> readable Unicode.

arXiv keeps titles and author names as their submitters typed them: `Veli\\v{c}kovi\\'c`,
`PixArt-$\\alpha$`, a title folded over two lines with a two-space indent. pylatexenc's
latex2text does the decoding; what it would misread as LaTeX syntax is escaped first.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from ..tex import math_spans


def _decoder() -> LatexNodes2Text:
    """pylatexenc's latex2text, but a font macro's text is kept as plain text: by default it drops
    \\texttt{…} ("$\\texttt{Complex-Edit}$: CoT-Like…" lost the paper's name) and \\mbox{…},
    and spells \\mathbf{Agents} in math letters no search finds ("𝐀𝐠𝐞𝐧𝐭𝐬")."""
    macros = ("texttt", "textsf", "textsl", "textmd", "textup", "mbox", "mathbf", "mathit", "mathsf", "mathtt")
    context = get_default_latex_context_db()
    context.add_context_category("catalog-plain", prepend=True, macros=[MacroTextSpec(m, "%(1)s") for m in macros])
    return LatexNodes2Text(latex_context=context, math_mode="text", strict_latex_spaces=True)


_DECODER = _decoder()
# Superscripts a title's math uses most ("GRAM-R$^2$", "360$^\\circ$") as the Latin-1 signs,
# which every font has and pdflatex reads from catalog.bib; others stay "^n" as latex2text writes them.
_SUPERSCRIPT = re.compile(r"\^(?:\{\s*([123]|\\circ)\s*\}|([123])(?![0-9])|(\\circ)(?![A-Za-z]))")
_LATIN1 = {"1": "\u00b9", "2": "\u00b2", "3": "\u00b3", "\\circ": "\u00b0"}
# In a title, "50%" means per cent and "R&D" an ampersand, not a comment or a table column.
_BARE = re.compile(r"(?<!\\)([%&#])")
_DOLLAR = re.compile(r"(?<!\\)\$")
_LATEX_HINT = re.compile(r"[\\{}$~]")
# arXiv folds its text at spaces and after hyphens: "state-⏎of-the-art" is one compound, while
# "pose-⏎and occlusion-aware" (a suspended hyphen) and "tools -⏎ChatGPT" (a dash) had a space.
SUSPENDED_NEXT = r"(?:and|or|to|nor|vs\.?)\s"  # what follows a suspended hyphen ("pose- and …"); wrapped.py too
_FOLD_AFTER_HYPHEN = re.compile(rf"(?<=[A-Za-z0-9])-[ \t]*\r?\n\s*(?!{SUSPENDED_NEXT})")


def unfold(text: str) -> str:
    """arXiv's folded lines as one line: whitespace collapsed, a compound broken after its
    hyphen joined again."""
    return " ".join(_FOLD_AFTER_HYPHEN.sub("-", text).split())


@lru_cache(maxsize=65536)  # names recur across papers; bounded, so memory stays flat
def clean_text(text: str | None) -> str:
    """One line of readable text: LaTeX decoded, whitespace collapsed, NFC."""
    if not text:
        return ""
    text = unfold(text)
    if _LATEX_HINT.search(text):
        text = _decode(text)
    text = " ".join(text.replace("\u00a0", " ").split())
    return unicodedata.normalize("NFC", text)


def _decode(text: str) -> str:
    text = _BARE.sub(r"\\\1", _superscripts(text))
    if len(_DOLLAR.findall(text)) % 2:  # a lone "$5" is money, not the start of math
        text = _DOLLAR.sub(r"\\$", text)
    try:
        decoded = _DECODER.latex_to_text(text)
    except Exception:  # pylatexenc is lenient, but a title is not worth a crash
        return text
    return decoded if decoded.strip() else text


def _superscripts(text: str) -> str:
    """Inside math only: "$^2$" -> "$²$", "$^{\\circ}$" -> "$°$"."""
    out, position = [], 0
    for span in math_spans(text):
        math = _SUPERSCRIPT.sub(lambda m: _LATIN1[m.group(1) or m.group(2) or m.group(3)], span.group(0))
        out += [text[position:span.start()], math]
        position = span.end()
    return "".join(out) + text[position:]


def author_name(last: str, first: str = "", suffix: str = "") -> str:
    """arXiv's parsed form [last, first, suffix] -> "First Last Suffix"."""
    parts = [clean_text(first), clean_text(last), clean_text(suffix)]
    return " ".join(p for p in parts if p)


def split_authors(authors: str) -> list[str]:
    """The snapshot's free-text author list ("A. Smith, B. Jones and C. Doe"), one name each.

    Only a fallback for records without `authors_parsed`.
    """
    text = " ".join((authors or "").split())
    names = re.split(r",\s*(?:and\s+)?|\s+and\s+", text)
    return [clean_text(n) for n in names if n.strip()]
