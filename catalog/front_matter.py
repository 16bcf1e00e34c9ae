"""Front matter in the exact form pages.dump_page writes it, read without YAML.

Every page the catalog writes has the same shape: `key: <JSON string>`, `key: null`,
`key: []`, `key: ["a", "b"]`, `key:` over `  - "item"` lines, nested mappings two spaces
deeper. PyYAML builds its objects in Python (~0.2 ms a page, the largest part of reading
10,000 pages: issue 19, cold builds); these lines are read here with json instead, giving
the same values YAML would. Anything else — a hand-written unquoted value, a comment, a
float, a key YAML reads as a boolean, a character YAML treats specially — returns None,
and the caller reads the text with YAML (its values and its error messages, as before).
"""

from __future__ import annotations

import json
import re

_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_]*):(?: (.*))?$")
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)$")
# Keys YAML 1.1 reads as booleans or null, not as strings.
_SPECIAL_KEYS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null"}
# Only printable characters YAML reads as themselves: not C0/C1 controls (tab and newline
# aside), DEL, its line breaks (NEL, U+2028/9), the BOM, non-characters or surrogates.
_PLAIN = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# JSON escapes YAML reads otherwise: surrogate pairs (YAML: two lone surrogates).
_ODD_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# JSON's escaped slash (YAML reads `\/` in a double-quoted string otherwise): a slash after an
# odd number of backslashes; "\\/" is an escaped backslash, then a plain slash.
_SLASH_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\/")


_decode = json.JSONDecoder().decode  # json.loads, unaffected by anyone replacing json.loads


class _NotCanonical(Exception):
    pass


def parse(text: str) -> dict | None:
    """The mapping `text` (front matter without its --- lines) holds, or None when it is
    not in dump_page's form."""
    if _PLAIN.search(text) or _ODD_ESCAPE.search(text):
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    try:
        value, end = _mapping(lines, 0, 0)
    except (_NotCanonical, ValueError):
        return None
    return value if end == len(lines) and value else None


def _mapping(lines: list[str], i: int, indent: int) -> tuple[dict, int]:
    out: dict = {}
    pad = " " * indent
    while i < len(lines):
        line = lines[i]
        if indent and not line.startswith(pad):
            break  # less indented: the end of this mapping
        found = _KEY.match(line, indent)
        if line[indent:indent + 1] == " " or found is None or found.group(1).lower() in _SPECIAL_KEYS:
            raise _NotCanonical
        key, rest = found.group(1), found.group(2)
        i += 1
        if rest is None:
            out[key], i = _block(lines, i, indent + 2)
        else:
            out[key] = _scalar(rest)
    return out, i


def _block(lines: list[str], i: int, indent: int) -> tuple[object, int]:
    """The value under a bare `key:`: a list of strings, or a mapping."""
    item = " " * indent + "- "
    if i < len(lines) and lines[i].startswith(item):
        items = []
        while i < len(lines) and lines[i].startswith(item):
            items.append(_string(lines[i][len(item):]))
            i += 1
        return items, i
    if i < len(lines) and lines[i].startswith(" " * indent) and lines[i][indent:indent + 1] not in ("", " "):
        return _mapping(lines, i, indent)
    raise _NotCanonical  # an empty value: YAML's null, but dump_page never writes it


def _scalar(text: str):
    if text in ("null", "true", "false", "[]", "{}"):
        return {"null": None, "true": True, "false": False, "[]": [], "{}": {}}[text]
    if _INT.match(text):
        return int(text)
    if text.startswith('"'):
        return _string(text)
    if text.startswith("["):
        items = _decode(text)
        if not all(isinstance(item, str) for item in items) or ("\\/" in text and _SLASH_ESCAPE.search(text)):
            raise _NotCanonical
        return items
    raise _NotCanonical


def _string(text: str) -> str:
    if not text.startswith('"') or ("\\/" in text and _SLASH_ESCAPE.search(text)):  # (the search is slower)
        raise _NotCanonical
    value = _decode(text)
    if not isinstance(value, str):
        raise _NotCanonical
    return value
