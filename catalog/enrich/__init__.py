"""Enrich stage: arXiv metadata (API or bulk snapshot) into content/papers/ (see run.py)."""

from .run import EnrichResult, enrich_from_api, enrich_from_snapshot

__all__ = ["EnrichResult", "enrich_from_api", "enrich_from_snapshot"]
