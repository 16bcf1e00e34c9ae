"""What arXiv's API answered, on disk, so a second run asks nothing it asked before.

One JSON object a line in `<dir>/api.jsonl`: a raw record, or {"id": …, "unknown": true}
for an id arXiv does not know. Lines are appended after every request, so an interrupted
run keeps what it learned; a torn last line is skipped on reading; a later line for the
same id wins. The directory lives outside git (default `.cache/arxiv/` next to content/).
"""

from __future__ import annotations

import json
from pathlib import Path

FILE = "api.jsonl"


class Cache:
    def __init__(self, directory: Path, use_existing: bool = True):
        self.path = Path(directory) / FILE
        self.entries: dict[str, dict] = {}
        if use_existing and self.path.is_file():
            self._load()

    def _load(self) -> None:
        with self.path.open(encoding="utf-8") as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a line torn by an interrupted run
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    self.entries[entry["id"]] = entry

    def __contains__(self, ident: str) -> bool:
        return ident in self.entries

    def get(self, ident: str) -> dict | None:
        """The raw record, or None when arXiv said it does not know the id."""
        entry = self.entries[ident]
        return None if entry.get("unknown") else entry

    def add(self, records: dict[str, dict], unknown: list[str]) -> None:
        new = list(records.values()) + [{"id": ident, "unknown": True} for ident in unknown]
        if not new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        torn = _last_byte(self.path) not in (b"", b"\n")
        with self.path.open("a", encoding="utf-8") as f:
            if torn:
                f.write("\n")
            for entry in new:
                f.write(json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n")
            f.flush()
        for entry in new:
            self.entries[entry["id"]] = entry


def _last_byte(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            f.seek(0, 2)
            if not f.tell():
                return b""
            f.seek(-1, 2)
            return f.read(1)
    except FileNotFoundError:
        return b""
