"""Text dumps (`*.txt`): each block in the layout it is written in."""

from __future__ import annotations

from ...errors import Warning_
from ..record import Abstract
from ..split import split_dump


def read_text(name: str, text: str, warnings: list[Warning_]) -> list[Abstract]:
    return split_dump(name, text, warnings)
