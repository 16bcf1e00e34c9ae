"""The templates of a build: compiled once and kept, and their keys.

Compiling paper.html, topic.html, index.html and what they extend or import takes longer
than rendering the few pages an edit needs, so Jinja's compiled code is kept in the build
cache (TemplateCache), and inputs.template_keys (which parses every template) runs only
when a template changed.
"""

from __future__ import annotations

import os

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from . import site
from ..engine.cache import Cache, digest
from .inputs import template_keys


def prepare(env: Environment, cache: Cache, code: str, folded) -> dict[str, str]:
    """Give `env` the cache, load every template (here, before worker processes fork) and
    return the template keys per kind of output. `folded`: what the environment's filters
    depend on (the site's URLs): Jinja folds `"static/site.css" | url` into the compiled
    code, so compiled code is kept per code and `folded`."""
    env.bytecode_cache = TemplateCache(cache, digest(code, folded))
    paths = sorted(site.TEMPLATES.glob("*.html"))
    for path in paths:
        env.get_template(path.name)
    sources = digest(code, [(p.name, p.read_bytes()) for p in paths])
    known = cache.record("templates")
    if known is not None and known[0] == sources:
        return known[1]
    keys = template_keys(env)  # a broken template fails the build here: it is not recorded
    cache.set_record("templates", (sources, keys))
    return keys


class TemplateCache(BytecodeCache):
    """Kept by template (Jinja checks the source's checksum itself), with the code that
    compiled it and what its filters fold in (see prepare). Only the process that opened the
    cache uses it: a forked worker compiles for itself (it seldom needs to)."""

    def __init__(self, cache: Cache, code: str):
        self.cache, self.code, self.pid = cache, code, os.getpid()

    def load_bytecode(self, bucket: Bucket) -> None:
        if os.getpid() != self.pid:
            return
        stored = self.cache.record(f"template:{bucket.key}")
        if stored is not None and stored[0] == self.code:
            bucket.bytecode_from_string(stored[1])

    def dump_bytecode(self, bucket: Bucket) -> None:
        if os.getpid() == self.pid:
            self.cache.set_record(f"template:{bucket.key}", (self.code, bucket.bytecode_to_string()))
