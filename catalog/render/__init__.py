"""Render: pages in content/papers/ -> the static site. The catalog's site, declared to the
build engine (catalog/engine/): pipeline.py answers the engine, the rest is what it shows."""
