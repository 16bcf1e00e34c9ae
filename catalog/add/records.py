"""The dump `add` writes: `content/sources/arxiv-added.jsonl`, one arXiv-snapshot record a line.

It is a dump like any other (kept verbatim, read by ingest's JSON-lines reader), and the
record of what was added and when: each run appends its papers, in the order they were
asked for, so the line of a paper never moves and `sources: ["arxiv-added.jsonl:3"]` in its
page stays true. A record cut from the snapshot (`add --from`) is its snapshot line as is;
one from the API is written in the snapshot's shape (fields the API does not give, such as
`submitter` and `license`, are null).

The file is replaced in one step (written beside it, then renamed): a run killed or a
network failure mid-way leaves the file as it was or with all of this run's lines.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from email.utils import format_datetime
from datetime import datetime
from pathlib import Path

from ..arxiv.record import base_id

FILE = "arxiv-added.jsonl"
_ID = re.compile(rb'"id"\s*:\s*"([^"\\]*)"')


def snapshot_record(raw: dict) -> dict:
    """An API answer (arxiv_api raw record) in the bulk snapshot's record shape."""
    versions = [{"version": "v1", "created": _rfc2822(raw.get("submitted") or raw.get("published"))}]
    latest = int((raw.get("version") or "v1")[1:] or 1)
    if latest > 1 and raw.get("updated"):  # the API tells the first and the latest version only
        versions.append({"version": f"v{latest}", "created": _rfc2822(raw["updated"])})
    return {
        "id": raw["id"],
        "submitter": None,
        "authors": ", ".join(raw.get("authors") or []),
        "title": raw.get("title") or "",
        "comments": raw.get("comment") or None,
        "journal-ref": raw.get("journal_ref") or None,
        "doi": raw.get("doi") or None,
        "report-no": None,
        "categories": " ".join(raw.get("categories") or []),
        "license": None,
        "abstract": raw.get("abstract") or "",
        "versions": versions,
        "update_date": (raw.get("updated") or raw.get("published") or "")[:10] or None,
    }


def _rfc2822(stamp: str | None) -> str | None:
    """"2020-06-30T10:42:02Z" (Atom) -> "Tue, 30 Jun 2020 10:42:02 GMT" (the snapshot's form)."""
    if not stamp:
        return None
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:  # a bare date ("2020-06-30", the cache's `published`)
        return when.strftime("%a, %d %b %Y 00:00:00 GMT")
    return format_datetime(when, usegmt=True)


def record_line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def added_ids(sources_dir: Path) -> dict[str, int]:
    """Base id -> line number, for every record already in the file (first line per id)."""
    path = sources_dir / FILE
    found: dict[str, int] = {}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return found
    for number, line in enumerate(data.splitlines(), 1):
        match = _ID.search(line)
        ident = base_id(match.group(1).decode("utf-8", "replace")) if match else None
        if ident:
            found.setdefault(ident, number)
    return found


def append_records(sources_dir: Path, lines: list[bytes]) -> Path:
    """Append whole lines to the file, atomically (the old file, then the new one, never half).
    The caller holds the ingest lock: a temporary file left here is a killed run's."""
    path = sources_dir / FILE
    for stale in sources_dir.glob(f".{FILE}.*.tmp"):
        stale.unlink(missing_ok=True)
    try:
        old = path.read_bytes()
    except FileNotFoundError:
        old = b""
    if old and not old.endswith(b"\n"):
        old += b"\n"  # a line ended by hand without a newline stays a line of its own
    sources_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{FILE}.{os.getpid()}-", suffix=".tmp", dir=sources_dir)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(old + b"".join(lines))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
