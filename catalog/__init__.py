"""Paper catalog: raw abstract dumps in, a static site out.

Stages, one module each, data flowing one way:
  sources -> split -> clean -> dedupe -> ingest (pages.py writes content/papers/)
  pages -> render (site/) -> serve (preview)
"""
