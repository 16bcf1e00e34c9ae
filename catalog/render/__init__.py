"""Render: pages in content/papers/ -> the static site."""
