"""Abstract Markdown -> safe HTML and plain text.

Text from the dumps is data. Python-Markdown passes raw HTML through by default, so
the raw-HTML and entity handlers are removed, and output goes through our own
serializer: it escapes every text node and attribute, keeps only a short list of tags,
and drops any link whose scheme is not http, https, mailto or relative (the link text
stays). Block features an abstract never means (headings from "#1 result", rules,
reference definitions that would hide a line) are switched off.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape

import markdown
from markdown.inlinepatterns import InlineProcessor

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
        md.serializer = self._serialize
        self._md = md
        self._text = ""

    def render(self, source: str) -> tuple[str, str]:
        """(HTML, plain text) of a Markdown abstract."""
        self._md.reset()
        html = self._md.convert(source)
        return html, self._text

    def _serialize(self, root: etree.Element) -> str:
        blocks = (_plain(child) for child in root)
        self._text = "\n\n".join(b for b in blocks if b)
        out: list[str] = []
        _emit(root, out)
        return "".join(out)


def _plain(el: etree.Element) -> str:
    parts = [_uncode(el.text or "") if el.tag == "code" else el.text or ""]
    parts += [_plain(child) + (child.tail or "") for child in el]
    return "".join(parts).strip() if el.tag in ("p", "li", "pre", "blockquote", "ul", "ol") else "".join(parts)


def _emit(el: etree.Element, out: list[str], in_code: bool = False) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    in_code = in_code or tag == "code"
    attrs = _attributes(el) if tag in ALLOWED_TAGS else None
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
    if el.tag != "a":
        return ""
    href = safe_href(el.get("href"))
    if href is None:
        return None  # not a link: emit only its text
    title = el.get("title")
    title_attr = f' title="{escape(title)}"' if title else ""
    return f' href="{escape(href)}"{title_attr} rel="nofollow"'
