"""The stamp in content/papers/: which topics.yaml, code and model the machine's topics were
last judged by, and which pages changed topics then (for `topics --review`).

Its first line is `<configuration fingerprint> <model key>`, then `changed: SLUG` lines.
Light on purpose (no NumPy): an ingest with nothing new reads it and stops.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

STAMP = ".topics-stamp"
CODE = ("classify.py", "decide.py", "follow.py", "indomain.py", "labels.py", "learn.py", "model.py", "stamp.py", "vectors.py")


def config_followed(content_dir: Path) -> bool:
    """True when the pages follow the current topics.yaml and code (the model may still be due:
    it depends on the pages, which ingest looks at only when one changed)."""
    return (read_stamp(content_dir) or [""])[0].split(" ")[0] == fingerprint(content_dir)


def last_changed(content_dir: Path) -> list[str]:
    """The pages whose topics the last re-classification changed."""
    return [line[len("changed: "):] for line in (read_stamp(content_dir) or [])[1:] if line.startswith("changed: ")]


def fingerprint(content_dir: Path) -> str:
    config = content_dir / "topics.yaml"
    digest = hashlib.sha256(config.read_bytes() if config.exists() else b"defaults")
    here = Path(__file__).parent
    for code in (*(here / name for name in CODE), here.parent / "topics.py"):
        digest.update(code.read_bytes())
    return digest.hexdigest()


def read_stamp(content_dir: Path) -> list[str] | None:
    try:
        return (content_dir / "papers" / STAMP).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
