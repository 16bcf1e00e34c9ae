"""Writing the site: staged in a sibling temporary directory, swapped in on success.

A failed build removes its staging directory and leaves the previous site exactly as
it was. Every file written is claimed first, so two sources that would write the same
file (also when names differ only by case or Unicode normalisation, as on macOS and
Windows checkouts) fail the build naming both.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Iterator

from ..errors import ContentError


class Output:
    def __init__(self, root: Path):
        self.root = root
        self._owners: dict[str, tuple[str, str]] = {}  # folded path -> (path, source)
        self._dirs: set[Path] = set()

    def claim(self, rel: str, source: Path | str) -> Path:
        key = unicodedata.normalize("NFC", rel).casefold()
        if key in self._owners:
            other_rel, other_source = self._owners[key]
            raise ContentError(source, None, f"would write {rel}, which {other_source} also writes ({other_rel})")
        self._owners[key] = (rel, str(source))
        parts = PurePosixPath(rel).parts
        if not parts or ".." in parts or rel.startswith("/"):
            raise ContentError(source, None, f"output path {rel!r} leaves the site directory")
        target = self.root / rel
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        return target

    def write(self, rel: str, text: str, source: Path | str) -> None:
        self.claim(rel, source).write_bytes(text.encode("utf-8"))

    def copy(self, rel: str, src: Path) -> None:
        self.claim(rel, src).write_bytes(src.read_bytes())

    def write_bytes(self, rel: str, data: bytes, source: Path | str) -> None:
        self.claim(rel, source).write_bytes(data)

    @contextmanager
    def open(self, rel: str, source: Path | str) -> Iterator[IO[str]]:
        with open(self.claim(rel, source), "w", encoding="utf-8", newline="\n") as handle:
            yield handle

    @property
    def count(self) -> int:
        return len(self._owners)


@contextmanager
def staged(output_dir: Path) -> Iterator[Path]:
    """Yield a fresh directory beside `output_dir`; on success it replaces `output_dir`."""
    parent = output_dir.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=".site-build-", dir=parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    os.chmod(stage, 0o755)  # mkdtemp makes it private; a served site must be readable
    old = None
    if output_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=parent))
        os.rename(output_dir, old / "site")
    os.rename(stage, output_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
