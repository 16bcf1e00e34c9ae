"""Abstract Markdown -> safe HTML and plain text.

Text from the dumps is data. Python-Markdown passes raw HTML through by default, so
the raw-HTML and entity handlers are removed, and output goes through our own
serializer: it escapes every text node and attribute, keeps only a short list of tags,
and drops any link whose scheme is not http, https, mailto or relative (the link text
stays). Block features an abstract never means (headings from "#1 result", rules,
reference definitions that would hide a line) are switched off.

TeX in the body: math becomes MathML (catalog/render/math.py), and the text escapes
\\%, \\&, \\$, \\# and \\_ become the characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape

import markdown
from markdown.inlinepatterns import InlineProcessor

from . import math

ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote", "br"}
VOID_TAGS = {"br"}
SAFE_SCHEMES = {"http", "https", "mailto"}
BARE_URL = r"(?<![\w/@.])(https?://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}])"
# What browsers ignore in a URL: leading/trailing C0 controls and spaces, tabs and newlines anywhere.
URL_JUNK = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def safe_href(href: str | None) -> str | None:
    """The href to emit, or None when the link must not be one (javascript:, data:, ...)."""
    if href is None:
        return None
    cleaned = URL_JUNK.sub("", href).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                               "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                               "\x1c\x1d\x1e\x1f ")
    match = SCHEME.match(cleaned)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return None
    return cleaned


class _BareUrl(InlineProcessor):
    """Link bare http(s) URLs, e.g. the ones ingest took out of LaTeX \\url{...}."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):
        el = etree.Element("a", {"href": m.group(1)})
        el.text = markdown.util.AtomicString(m.group(1))
        return el, m.start(0), m.end(0)


class _Math(InlineProcessor):
    """TeX math -> MathML; what cannot be converted stays readable as <code class="tex">."""

    def handleMatch(self, m, data):
        found = math.delimited(m)
        if found is None:
            return None, None, None
        tex, block = found
        el = math.to_mathml(tex, block)
        if el is None:
            el = etree.Element("code", {"class": math.TEX_CLASS})
            el.text = markdown.util.AtomicString(m.group(0))
            return el, m.start(0), m.end(0)
        for node in el.iter():  # Markdown must not read "*" or "_" inside the formula
            node.text = markdown.util.AtomicString(node.text) if node.text else None
        el.set(PLAIN, math.plain(el, tex))
        return el, m.start(0), m.end(0)


PLAIN = "\x00plain"  # private attribute: a formula's plain text, never emitted
TEX_ESCAPES = ["%", "&", "$", "#", "_"]  # \% in an abstract means "%"


class Markup:
    """Reusable converter (Python-Markdown instances are costly to build)."""

    def __init__(self):
        md = markdown.Markdown(output_format="html")
        md.preprocessors.deregister("html_block")
        for name in ("html", "entity", "automail", "image_link", "image_reference", "short_image_ref"):
            md.inlinePatterns.deregister(name)
        for name in ("hashheader", "setextheader", "hr", "reference"):
            md.parser.blockprocessors.deregister(name)
        md.inlinePatterns.register(_BareUrl(BARE_URL, md), "bare_url", 115)
        # After code spans (190), before backslash escapes (180): "\_" inside math is TeX's.
        md.inlinePatterns.register(_Math(math.PATTERN, md), "math", 185)
        md.block_level_elements = [t for t in md.block_level_elements if t != "math"]  # inline here
        md.ESCAPED_CHARS = md.ESCAPED_CHARS + [c for c in TEX_ESCAPES if c not in md.ESCAPED_CHARS]
        md.serializer = self._serialize
        self._md = md
        self._text = ""

    def render(self, source: str) -> tuple[str, str]:
        """(HTML, plain text) of a Markdown abstract."""
        plain = plain_paragraphs(source)
        if plain is not None:
            return "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in plain), "\n\n".join(plain)
        self._md.reset()
        self._text = ""  # the serializer is not called for an empty document
        html = self._md.convert(source)
        return html, self._text

    def _serialize(self, root: etree.Element) -> str:
        blocks = (_plain(child) for child in root)
        self._text = "\n\n".join(b for b in blocks if b)
        out: list[str] = []
        _emit(root, out)
        return "".join(out)


# What makes Python-Markdown (as configured above) do more than wrap paragraphs: inline
# syntax, math, escapes, URLs, control characters, white space other than spaces and
# newlines (_MARKDOWN_CHARS, "://", "www."), and a line that starts or ends with a space or
# starts like a list item or a quote (_needs_markdown). Lines are looked at one by one: as
# one MULTILINE pattern, `^` and `$` were tried at every character (~0.3 s of CPU at 10k pages).
_MARKDOWN_CHARS = re.compile(r"[\\`*_\[\]$#\x00-\x09\x0b-\x1f\x7f]|[^\S \n]")
_LIST_ITEM = re.compile(r"(?:[-+*]|\d+[.)])(?:\s|$)")


def _needs_markdown(source: str) -> bool:
    if _MARKDOWN_CHARS.search(source) or "://" in source or "www." in source:
        return True
    return any(line[:1] in (" ", ">") or line[-1:] == " " or _LIST_ITEM.match(line) for line in source.split("\n"))


def plain_paragraphs(source: str) -> list[str] | None:
    """The paragraphs of an abstract with no Markdown in it (most are such), which render
    as `<p>` blocks without Python-Markdown (the largest cost of parsing a page); None when
    the text needs Markdown. tests/test_properties.py checks both ways agree."""
    if _needs_markdown(source):
        return None
    return [p for p in re.split(r"\n\n+", source.strip("\n")) if p]


def _plain(el: etree.Element) -> str:
    if el.tag == "math":
        return el.get(PLAIN, "")
    parts = [_uncode(el.text or "") if el.tag == "code" else el.text or ""]
    parts += [_plain(child) + (child.tail or "") for child in el]
    return "".join(parts).strip() if el.tag in ("p", "li", "pre", "blockquote", "ul", "ol") else "".join(parts)


def _emit(el: etree.Element, out: list[str], in_code: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    in_code = in_code or tag == "code"
    attrs = _attributes(el) if tag in ALLOWED_TAGS or tag in math.ELEMENTS else None
    if tag == "div":  # the root wrapper Python-Markdown strips after serializing
        attrs = ""
    if attrs is not None:
        out.append(f"<{tag}{attrs}>")
    if el.text:
        out.append(escape(_uncode(el.text) if in_code else el.text, quote=False))
    for child in el:
        _emit(child, out, in_code)
    if attrs is not None and tag not in VOID_TAGS:
        out.append(f"</{tag}>")
    if el.tail:
        out.append(escape(el.tail, quote=False))


def _uncode(text: str) -> str:
    """Undo Python-Markdown's code_escape (& < > only), so escaping happens once, here."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _attributes(el: etree.Element) -> str | None:
    if el.tag in math.ELEMENTS:
        return "".join(f' {k}="{escape(v)}"' for k, v in el.items() if k in math.ATTRIBUTES)
    if el.tag == "code" and el.get("class") == math.TEX_CLASS:
        return f' class="{math.TEX_CLASS}"'
    if el.tag != "a":
        return ""
    href = safe_href(el.get("href"))
    if href is None:
        return None  # not a link: emit only its text
    title = el.get("title")
    title_attr = f' title="{escape(title)}"' if title else ""
    return f' href="{escape(href)}"{title_attr} rel="nofollow"'
