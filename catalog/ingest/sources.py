"""Decode the raw dumps in `content/sources/` into clean Unicode text, losing nothing.

Dumps arrive in any state: a BOM, CRLF or CR line ends, UTF-16 with or without a BOM,
lines in a legacy encoding (cp1252, Latin-1, ...) among UTF-8 ones, stray NUL bytes,
cp1252 punctuation that went through Latin-1 (U+0093 for a curly quote), or a binary
file dropped in by mistake. Each case gets a warning naming the file (and lines) and
keeps as much text as there is: a line is decoded on its own, so one bad byte never
costs more than its line's encoding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Warning_

MAX_REPORTED_LINES = 5
MIN_DETECT_BYTES = 16  # fewer non-ASCII bytes than this: too few to tell the encoding
BINARY_SHARE = 0.10  # more control bytes than this: not a text dump
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_C1 = re.compile("[\x80-\x9f]")


@dataclass(frozen=True)
class Dump:
    name: str  # file name, as recorded in a page's `sources`
    text: str  # decoded, BOM removed, line ends normalised to "\n"


def read_dumps(sources_dir: Path, warnings: list[Warning_]) -> list[Dump]:
    """Every `*.txt` under `sources_dir`, in file-name order."""
    dumps = []
    for path in sorted(sources_dir.glob("*.txt")):
        if not path.is_file():
            raise ContentError(path, None, "is not a file (a folder named like a dump?); rename or remove it")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ContentError(path, None, f"cannot read this dump: {exc.strerror or exc}") from None
        text = decode_dump(path.name, data, warnings)
        if text is not None:
            dumps.append(Dump(path.name, text))
    return dumps


def decode_dump(name: str, data: bytes, warnings: list[Warning_]) -> str | None:
    """Decode one dump; None when the file must be skipped (binary content)."""
    encoding = _utf16(data)
    if encoding:
        text = data.decode(encoding, errors="replace")
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            warnings.append(Warning_(name, f"no byte-order mark; read as {encoding.upper()}"))
    elif len(_CONTROL_BYTES.findall(data[:65536])) > BINARY_SHARE * min(len(data), 65536):
        warnings.append(Warning_(name, "skipped: mostly control bytes (a binary file?)"))
        return None
    else:
        text = _decode_lines(name, data, warnings)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = _drop_nul(name, text, warnings)
    return _fix_c1(name, text, warnings)


def _utf16(data: bytes) -> str | None:
    """'utf-16' for a BOM, 'utf-16-le'/'utf-16-be' for BOM-less text with NULs on one side."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) < len(sample) // 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.9 * (even + odd):
        return "utf-16-le"
    if even > 0.9 * (even + odd):
        return "utf-16-be"
    return None


def _decode_lines(name: str, data: bytes, warnings: list[Warning_]) -> str:
    """UTF-8, and each line that is not UTF-8 in the legacy encoding detected for those lines."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    pieces = _LINE_END.split(data)
    bad = []
    for index, piece in enumerate(pieces):
        try:
            pieces[index] = piece.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(index)
    encoding = _detect(b"\n".join(pieces[i] for i in bad))
    for index in bad:
        pieces[index] = _legacy(pieces[index], encoding)
    warnings.append(Warning_(f"{name}:{bad[0] + 1}", f"not UTF-8 on {_lines(bad)}; decoded as {encoding}"))
    return "\n".join(pieces)


def _detect(sample: bytes) -> str:
    """The legacy encoding of the lines that are not UTF-8 (charset-normalizer). cp1252, the
    usual one, wins when it is about as plausible as the best, and when the sample is too short
    to tell (a few accented letters fit dozens of code pages)."""
    sample = sample[:65536]
    if sum(byte >= 0x80 for byte in sample) < MIN_DETECT_BYTES:
        return "cp1252"
    from charset_normalizer import from_bytes  # imported here: only needed for non-UTF-8 dumps
    from charset_normalizer.md import mess_ratio
    matches = [m for m in from_bytes(sample) if not m.encoding.startswith(("utf", "ascii"))]
    if not matches:
        return "cp1252"
    best = min(matches, key=lambda m: m.chaos)
    cp1252_chaos = mess_ratio(sample.decode("cp1252", errors="ignore"), maximum_threshold=1.0)
    return "cp1252" if cp1252_chaos <= best.chaos + 0.05 else best.encoding


def _legacy(line: bytes, encoding: str) -> str:
    try:
        return line.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return line.decode("latin-1")  # every byte is a character: nothing is lost


def _drop_nul(name: str, text: str, warnings: list[Warning_]) -> str:
    if "\x00" not in text:
        return text
    lines = text.split("\n")
    hit = [i for i, line in enumerate(lines) if "\x00" in line]
    warnings.append(Warning_(f"{name}:{hit[0] + 1}", f"NUL bytes removed on {_lines(hit)}"))
    return text.replace("\x00", "")


def _fix_c1(name: str, text: str, warnings: list[Warning_]) -> str:
    """U+0080..U+009F are cp1252 punctuation read as Latin-1 ("\x93quoted\x94"): map them back."""
    if not _C1.search(text):
        return text
    lines = text.split("\n")
    hit = [i for i, line in enumerate(lines) if _C1.search(line)]
    warnings.append(Warning_(f"{name}:{hit[0] + 1}", f"C1 control characters (cp1252 read as Latin-1) "
                                                     f"replaced by the characters they stand for on {_lines(hit)}"))
    return _C1.sub(_cp1252, text)


def _cp1252(match: re.Match) -> str:
    try:
        return match.group().encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""  # the five codes cp1252 leaves undefined carry no text


def _lines(indices: list[int]) -> str:
    shown = ", ".join(str(i + 1) for i in indices[:MAX_REPORTED_LINES])
    more = f" and {len(indices) - MAX_REPORTED_LINES} more" if len(indices) > MAX_REPORTED_LINES else ""
    return f"line{'s' if len(indices) > 1 else ''} {shown}{more}"
