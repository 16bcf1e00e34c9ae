"""Ingest: raw dumps in content/sources/ -> one page per paper in content/papers/."""

from .run import ingest

__all__ = ["ingest"]
