"""Moved to catalog/arxiv/latex_text.py (shared with ingest's readers); kept so imports of it still work."""

from ..arxiv.latex_text import author_name, clean_text, split_authors  # noqa: F401
