"""Add papers by arXiv id, URL or search: records into content/sources/, then ingest (see run.py)."""
