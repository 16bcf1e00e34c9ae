"""Moved to catalog/arxiv/record.py (shared with ingest's readers); kept so imports of it still work."""

from ..arxiv.record import WITHDRAWN, Record, base_id, from_raw  # noqa: F401
