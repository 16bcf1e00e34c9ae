"""A BibTeX field's value as BibTeX reads it: `{…}` or `"…"` pieces, numbers, `@string`
macros and the month macros, joined by `#`.

bibtexparser 2.x replaces a value that is one macro name, but leaves a concatenation as written
(`booktitle = iclr # " (ICLR)"` stayed `iclr # " (ICLR)"`), so the reader is given the raw values
(parsed with no middleware) and reads them here.
"""

from __future__ import annotations

MONTHS = {name[:3].lower(): name for name in ("January", "February", "March", "April", "May", "June", "July",
                                              "August", "September", "October", "November", "December")}


def macros(library) -> dict[str, str]:
    """The file's `@string` macros (names case-insensitive, later ones win), each read in order,
    so a macro may use the ones above it."""
    known: dict[str, str] = {}
    for block in library.strings:
        known[block.key.lower()] = resolve(str(block.value), known)
    return known


def resolve(raw: str, known: dict[str, str]) -> str:
    """The text of a raw value: its pieces between top-level `#`, each unwrapped or looked up.
    A name no macro defines stays as written (a value someone left unbraced)."""
    return "".join(_piece(piece.strip(), known) for piece in _pieces(raw.strip()))


def _piece(piece: str, known: dict[str, str]) -> str:
    if len(piece) >= 2 and (piece[0], piece[-1]) in (("{", "}"), ('"', '"')):
        return piece[1:-1]
    return known.get(piece.lower(), MONTHS.get(piece.lower(), piece))


def _pieces(raw: str) -> list[str]:
    """`raw` cut at each `#` outside braces and quotes."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:index])
            start = index + 1
    return pieces + [raw[start:]]
