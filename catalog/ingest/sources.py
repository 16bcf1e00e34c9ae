"""Read the raw dumps in `content/sources/*.txt` into clean Unicode text.

Dumps arrive in any state: a BOM, CRLF line ends, stray bytes that are not UTF-8, or a
binary file dropped in by mistake. Each case gets a warning naming the file (and byte
offset) and as much text as can be kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Warning_

MAX_REPORTED_BAD_BYTES = 5


@dataclass(frozen=True)
class Dump:
    name: str  # file name, as recorded in a page's `sources`
    text: str  # decoded, BOM removed, line ends normalised to "\n"


def read_dumps(sources_dir: Path, warnings: list[Warning_]) -> list[Dump]:
    """Every `*.txt` under `sources_dir`, in file-name order."""
    dumps = []
    for path in sorted(sources_dir.glob("*.txt")):
        text = decode_dump(path.name, path.read_bytes(), warnings)
        if text is not None:
            dumps.append(Dump(path.name, text))
    return dumps


def decode_dump(name: str, data: bytes, warnings: list[Warning_]) -> str | None:
    """Decode one dump; None when the file must be skipped (binary content)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        offset = data.index(b"\x00")
        warnings.append(Warning_(name, f"skipped: NUL byte at byte offset {offset} (binary file?)"))
        return None
    else:
        text = _decode_utf8(name, data, warnings)
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_utf8(name: str, data: bytes, warnings: list[Warning_]) -> str:
    bad = _invalid_utf8_offsets(data)
    if not bad:
        return data.decode("utf-8")
    shown = ", ".join(f"{offset} (line {_line_at(data, offset)})" for offset in bad[:MAX_REPORTED_BAD_BYTES])
    more = " and more" if len(bad) > MAX_REPORTED_BAD_BYTES else ""
    warnings.append(Warning_(name, f"bytes that are not UTF-8 at byte offset {shown}{more}; replaced with U+FFFD"))
    return data.decode("utf-8", errors="replace")


def _invalid_utf8_offsets(data: bytes) -> list[int]:
    """Byte offsets of the first few undecodable sequences."""
    offsets: list[int] = []
    position = 0
    while len(offsets) <= MAX_REPORTED_BAD_BYTES:
        try:
            data[position:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            offsets.append(position + exc.start)
            position += exc.end
    return offsets


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1
