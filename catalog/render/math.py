"""TeX math in abstracts -> MathML, at build time (no JavaScript on the page).

The rule (catalog/tex.py): ingest keeps math as TeX in a page's Markdown body; render
turns it into MathML here. The TeX stays in the page for copying, as
`<annotation encoding="application/x-tex">` (MathML's place for the source). What
latex2mathml cannot convert (a parse error, a macro it does not know) is shown as the TeX
in `<code class="tex">`, and the build warns, naming the paper (see `unconverted`).

latex2mathml's output is parsed and rebuilt from an allowlist of MathML elements and
attributes, so text from the dumps cannot inject markup through it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import unescape

from ..tex import PATTERN, delimited  # noqa: F401  (the delimiters, shared with ingest)

ELEMENTS = {"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
            "msub", "msup", "msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot",
            "mstyle", "mpadded", "mphantom", "menclose", "mtable", "mtr", "mtd", "merror"}
ATTRIBUTES = {"display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "accent",
              "accentunder", "movablelimits", "form", "linethickness", "columnalign", "rowspacing",
              "columnspacing", "width", "height", "depth", "minsize", "maxsize", "symmetric", "largeop",
              "notation", "scriptlevel", "displaystyle", "encoding"}
SIMPLE = {"math", "semantics", "mrow", "mi", "mn", "mo", "mtext"}
SYMBOLS = {"~": "∼"}  # latex2mathml writes \sim as an ASCII tilde
TEX_CLASS = "tex"  # <code class="tex">: math that could not be converted
_LOOSE_AMP = re.compile(r"&(?!#x?[0-9A-Fa-f]+;|[A-Za-z]+;)")
_UNCONVERTED = re.compile(r'<code class="tex">(.*?)</code>', re.S)


def to_mathml(tex: str, block: bool = False) -> etree.Element | None:
    """A <math> element for `tex`, with the TeX as its annotation; None if it cannot be converted."""
    from latex2mathml.converter import convert  # 20 ms to import: only for a page with math
    try:
        converted = convert(tex, display="block" if block else "inline")
        parsed = etree.fromstring(_LOOSE_AMP.sub("&amp;", converted))
    except Exception:  # latex2mathml raises many kinds (StopIteration, KeyError, …) on bad input
        return None
    inner = [_clean(child) for child in parsed]
    if any(part is None for part in inner) or not inner:
        return None
    math = etree.Element("math", {"display": "block"} if block else {})
    semantics = etree.SubElement(math, "semantics")
    if len(inner) == 1 and inner[0].tag == "mrow":
        semantics.append(inner[0])
    else:
        etree.SubElement(semantics, "mrow").extend(inner)
    annotation = etree.SubElement(semantics, "annotation", {"encoding": "application/x-tex"})
    annotation.text = tex
    return math


def _clean(el: etree.Element) -> etree.Element | None:
    """A copy of latex2mathml's element with allowed tags and attributes only; None when
    something was not converted (an unknown macro comes back as "\\name" text)."""
    tag = el.tag.rsplit("}", 1)[-1]
    text = el.text or ""
    if tag not in ELEMENTS or text.lstrip().startswith("\\"):
        return None
    out = etree.Element(tag, {k: v for k, v in sorted(el.attrib.items()) if k in ATTRIBUTES})
    out.text = SYMBOLS.get(el.text, el.text)
    for child in el:
        cleaned = _clean(child)
        if cleaned is None or (child.tail or "").strip():
            return None
        out.append(cleaned)
    return out


def plain(math: etree.Element, tex: str) -> str:
    """Plain text of a formula (teasers, feeds, papers.json): its characters when the
    formula is flat and unambiguous ("𝒪(n)", "1.9×", "23%"), else the TeX as written."""
    flat = all(el.tag in SIMPLE and (el.tag != "mi" or len(el.text or "") == 1)
               for el in math.iter() if el.tag != "annotation")
    if not flat:
        return f"${tex}$"
    return "".join(el.text or "" for el in math.iter() if el.tag not in ("annotation", "semantics"))


def unconverted(html: str) -> list[str]:
    """The TeX of every formula `html` shows as code because it could not be converted."""
    if '<code class="tex">' not in html:  # the build asks of every paper: most have none
        return []
    return [unescape(found) for found in _UNCONVERTED.findall(html)]
