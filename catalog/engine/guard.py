"""What the build may replace: only a folder it made itself (DESIGN.md, "The build owns
only what it made").

The output may be missing, empty, or a site the build wrote (it carries output.MARKER), or
one the site recognises as its own from before the marker (`legacy`). Anything else is
refused before anything is read or written: a folder of someone's files, a file, the
content folder, the project itself, or a folder that holds either.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from ..errors import ContentError
from .output import MADE, MARKER


class OutputRefused(ContentError):
    """The output folder is not the build's to replace (exit status 2)."""

    def __init__(self, path: Path, message: str):
        super().__init__(path, None, f"{message}; nothing was changed. Choose an empty or new folder for --output")


def check_output(output: Path, content: Path, legacy: Callable[[set[str]], bool] = lambda names: False) -> None:
    """Raise OutputRefused unless the build may replace `output`. `legacy(names)`: a folder
    holding these names is a site the build wrote before the marker existed."""
    shown = Path(output)
    target = Path(os.path.realpath(shown))
    content_real = Path(os.path.realpath(content))
    guarded = [(content_real, "the content folder"), (project_root(content_real), "the project folder"),
               (project_root(Path.cwd()), "the project folder"), (Path.cwd().resolve(), "the current folder")]
    guarded = [(folder, name) for folder, name in guarded if folder is not None]
    for folder, name in guarded:
        if target == folder:
            raise OutputRefused(shown, f"is {name} ({folder})")
    for folder, name in guarded:
        if folder.is_relative_to(target):
            raise OutputRefused(shown, f"holds {name} ({folder})")
    if target.is_relative_to(content_real):
        raise OutputRefused(shown, f"is inside the content folder ({content_real})")
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputRefused(shown, "is a file, not a folder")
    if (target / MARKER).is_file() or (target / MADE).is_file():  # either is only ever the build's
        return
    names = set(os.listdir(target))
    if not names or legacy(names):
        return
    example = sorted(names)[0]
    raise OutputRefused(shown, f"holds files the build did not make (e.g. {example!r}) and no {MARKER} marker")


def project_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding .git or pyproject.toml."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists() or (folder / "pyproject.toml").is_file():
            return folder
    return None
