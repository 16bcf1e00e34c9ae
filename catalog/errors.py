"""Errors and warnings that name a file and line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ContentError(Exception):
    """Bad input that stops the build: always names the file and line."""

    def __init__(self, path: Path | str, line: int | None, message: str):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Warning_:
    where: str  # "file:line" or "file"
    message: str

    def __str__(self) -> str:
        return f"warning: {self.where}: {self.message}"
