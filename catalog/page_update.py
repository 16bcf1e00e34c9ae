"""Rewrite an existing page changing only the fields whose values changed.

A page a person edited may hold YAML comments, their own quoting and field order, CRLF line
ends or a BOM. When ingest or enrich adds to it (a new source, authors from arXiv), only the
top-level fields whose values changed are written anew (in dump_page's form); every other
line stays as the person wrote it. When the old front matter cannot be patched safely
(duplicate keys, a layout this reader does not split), or the patched text would not read
back to the same values, the page is written in the canonical form, as before.
"""

from __future__ import annotations

import re

import yaml

from . import front_matter
from .pages import Page, dump_page, emit_field, split_front_matter
from .schema import YAML_LOADER

_TOP_KEY = re.compile(r"([^\s#'\"\-?:][^:#]*?):(?:\s|$)")  # `key:` at column 0
_GENERATED = "generated"


def updated_text(page: Page, meta: dict, body: str) -> str:
    """The new text of `page` holding `meta` and `body`, keeping the person's layout."""
    canonical = dump_page(meta, body)
    old = page.text
    if not old:
        return canonical
    bom = _has_bom(page)
    try:
        meta_text, old_body, _ = split_front_matter(page.path, old)
        machine = front_matter.parse(meta_text)  # json, fast: most pages are as the machine wrote them
        if machine is not None and dump_page(machine, old_body) == old and not bom:
            return canonical  # exactly the machine's form: no layout of a person's to keep
        patched = _patch(meta_text, meta)
    except Exception:  # noqa: BLE001 - anything unexpected: the canonical form is always right
        return canonical
    if patched is None or not _same_values(patched, canonical):
        return canonical
    new_body = old_body if old_body == body.strip("\n") else body.strip("\n")
    text = "---\n" + patched + "---\n" + new_body + "\n"
    if "\r\n" in old:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" + text) if bom else text


def _has_bom(page: Page) -> bool:
    try:
        with open(page.path, "rb") as handle:
            return handle.read(3) == b"\xef\xbb\xbf"
    except OSError:
        return False


def _blocks(meta_text: str) -> list[tuple[str | None, list[str]]] | None:
    """The front matter as (key, lines) blocks; key None for comments and blank lines at
    column 0. None when a key repeats or a line belongs to no key."""
    blocks: list[tuple[str | None, list[str]]] = []
    seen: set[str] = set()
    for line in meta_text.split("\n")[:-1] if meta_text.endswith("\n") else meta_text.split("\n"):
        found = _TOP_KEY.match(line)
        if found:
            key = found.group(1).strip()
            if key in seen:
                return None
            seen.add(key)
            blocks.append((key, [line]))
        elif line.startswith("#") or not line.strip():
            blocks.append((None, [line]))
        elif blocks and blocks[-1][0] is not None and line[:1] in (" ", "\t", "-"):
            blocks[-1][1].append(line)  # the value of the key above goes on
        else:
            return None
    return blocks


def _patch(meta_text: str, meta: dict) -> str | None:
    blocks = _blocks(meta_text)
    if blocks is None:
        return None
    old = yaml.load(meta_text, Loader=YAML_LOADER)
    if not isinstance(old, dict):
        return None
    out: list[str] = []
    for key, lines in blocks:
        if key is None or (key in meta and old.get(key) == meta[key]):
            out.extend(lines)  # a comment, or a field whose value did not change: as written
        elif key in meta:
            out.extend(emit_field(key, meta[key]))
    new_keys = [k for k in meta if k not in old and k != _GENERATED]
    if _GENERATED in meta and _GENERATED not in old:
        new_keys.append(_GENERATED)
    # New fields go before the `generated` record (dump_page keeps it last), else at the end.
    at = next((i for i, line in enumerate(out) if line.startswith(_GENERATED + ":")), len(out))
    added = [line for key in new_keys for line in emit_field(key, meta[key])]
    out[at:at] = added
    return "\n".join(out) + "\n"


def _same_values(patched: str, canonical: str) -> bool:
    """The patched front matter reads back to exactly what the canonical text holds."""
    try:
        return yaml.load(patched, Loader=YAML_LOADER) == yaml.load(canonical.split("---\n")[1], Loader=YAML_LOADER)
    except yaml.YAMLError:
        return False
