"""Serve: local preview with live reload, through the same build."""
