"""Build progress: a bar on a terminal (tqdm), plain lines otherwise, and the summary."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Callable


@dataclass
class Summary:
    count: int = 0             # the site's inputs (its `noun`: "papers")
    noun: str = "inputs"
    written: int = 0           # files written (new or different bytes)
    unchanged: int = 0         # files left as they were
    removed: int = 0
    rendered: int = 0          # outputs rendered (the rest reused from the last build)
    search: str = "off"        # the index: "built", "unchanged", "off" (--no-search), "none" (empty)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    changed: set[str] = field(default_factory=set)  # site files written or removed
    search_key: str | None = None  # what the index in the site was built from
    note: str = ""                 # the site's own last words ("; 3 titles are made from the abstract …")

    def line(self) -> str:
        return (f"{self.count} {self.noun}: {self.written} files written, {self.unchanged} unchanged"
                f"{f', {self.removed} removed' if self.removed else ''}; search index {self.search}; "
                f"{len(self.warnings)} warning{'' if len(self.warnings) == 1 else 's'}; {self.seconds:.2f} s{self.note}")


class Progress:
    """Counts rendered outputs. On a terminal (and asked for) a tqdm bar on stderr;
    otherwise a plain line when a long phase starts."""

    def __init__(self, say: Callable[..., None], bar: bool):
        self.say = say
        self.bar_wanted = bar and sys.stderr.isatty()
        self._bar = None
        self.started = time.perf_counter()

    def phase(self, label: str, total: int) -> None:
        self.close()
        if self.bar_wanted and total >= 50:
            from tqdm import tqdm
            self._bar = tqdm(total=total, desc=label, unit="page", leave=False, file=sys.stderr,
                             dynamic_ncols=True, mininterval=0.2)
        elif total >= 1000:
            self.say(f"{label}: {total} outputs")

    def step(self, n: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
