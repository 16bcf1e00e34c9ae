"""BibTeX entries: arXiv eprint fields, no internal fields, every value escaped.

Values are LaTeX-escaped so that no character from the content can close a field
early (a stray "}") or start a comment or macro ("%", "\\"). BibTeX counts every brace,
escaped or not ("\\{" too), so a brace of the text is written \\textbraceleft{} /
\\textbraceright{}. The doi and url fields are read verbatim by the styles that use them
(biblatex, natbib's \\doi): they are not LaTeX-escaped (verbatim(), url quoting).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from ..tex import math_spans
from .dates import publication_date

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}
_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_UNSAFE_VERBATIM = re.compile(r"[\\{}]")  # what could break the entry even in a verbatim field


def latex_escape(text: str) -> str:
    text = _CONTROL.sub(" ", text)
    return _SPECIAL.sub(lambda m: LATEX_SPECIALS[m.group(0)], text)


def latex_text(text: str) -> str:
    """A title: escaped as latex_escape, but its TeX math ("GRAM-R$^2$") kept as math, so
    LaTeX typesets it, unless its braces do not balance (then it is escaped as text)."""
    pieces, position = [], 0
    for span in math_spans(text):
        if _balanced(span.group(0)):
            math = _CONTROL.sub(" ", span.group(0))
            pieces += [latex_escape(text[position:span.start()]), re.sub(r"(?<!\\)([%&#])", r"\\\1", math)]
            position = span.end()
    return "".join(pieces) + latex_escape(text[position:])


def _balanced(math: str) -> bool:
    depth = 0
    for char in math:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def verbatim(text: str) -> str:
    """A field read verbatim (doi): as written, but for what could end the entry early."""
    return _UNSAFE_VERBATIM.sub(lambda m: f"%{ord(m.group(0)):02X}", _CONTROL.sub(" ", text))


def base_key(meta: dict) -> str:
    """A readable key like "sun2024scaling"; the caller makes it unique in the catalog."""
    surname = meta["authors"][0].split()[-1] if meta.get("authors") else ""
    year = _year(meta)
    words = [w for w in re.findall(r"[A-Za-z0-9]+", _ascii(meta.get("title") or "")) if len(w) > 3]
    key = _ascii(surname).lower() + year + (words[0].lower() if words else "")
    key = re.sub(r"[^a-z0-9]", "", key)
    return key or "paper" + re.sub(r"[^A-Za-z0-9]", "", meta["slug"])


def unique_keys(metas: list[dict], bases: dict[str, str] | None = None) -> dict[str, str]:
    """slug -> citation key, unique across the catalog: of the papers sharing a base key, the
    first in slug order keeps it, the others get b, c, ... So a key someone cited stays when a
    paper with the same key comes later (arXiv ids grow). `bases`: slug -> base_key, where
    already known (the build cache keeps them)."""
    by_key: dict[str, list[str]] = {}
    for meta in sorted(metas, key=lambda m: m["slug"]):
        slug = meta["slug"]
        by_key.setdefault(bases[slug] if bases else base_key(meta), []).append(slug)
    keys = {}
    for key, slugs in by_key.items():
        for i, slug in enumerate(slugs):
            keys[slug] = f"{key}{_suffix(i)}" if i else key
    return keys


def entry(meta: dict, key: str, url: str) -> str:
    venue = meta.get("venue")
    journal = None if venue else meta.get("journal")  # arXiv's journal reference, from enrich
    kind = "inproceedings" if venue else "article" if journal else "misc"
    year = _year(meta)
    fields = [("title", "{" + latex_text(meta.get("title") or meta["slug"]) + "}")]
    if meta.get("authors"):
        names = [_author(a) for a in meta["authors"]]
        if meta.get("authors_incomplete") is True:
            names.append("others")  # BibTeX's own word for "et al."
        fields.append(("author", " and ".join(names)))
    if venue:
        fields.append(("booktitle", latex_escape(venue)))
    if journal:
        fields.append(("journal", latex_escape(journal)))
    if year:
        fields.append(("year", year))
    if meta.get("doi"):
        fields.append(("doi", verbatim(meta["doi"])))
    if meta.get("arxiv"):
        fields += [("eprint", latex_escape(meta["arxiv"])), ("archivePrefix", "arXiv")]
        url = f"https://arxiv.org/abs/{meta['arxiv']}"
    if url:
        # url fields are read verbatim: percent-encode instead of LaTeX-escaping.
        fields.append(("url", quote(url, safe=":/?=&.-_~+@!,;()*'%#")))
    body = ",\n".join(f"  {name:<13} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body}\n}}\n"


def _year(meta: dict) -> str:
    """The publication year, by the site's one date rule (dates.publication_date)."""
    date = publication_date(meta)
    return date[:4] if date else ""


def _author(name: str) -> str:
    escaped = latex_escape(name)
    # A name containing " and " would be read as two authors: brace it.
    return "{" + escaped + "}" if re.search(r"\sand\s", name) else escaped


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _suffix(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        letters = chr(97 + rem) + letters
    return letters
