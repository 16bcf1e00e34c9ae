"""Jinja's compiled templates, kept in the build cache: compiling paper.html, topic.html,
index.html and what they extend or import takes longer than rendering the few pages an
edit needs.

Kept by template (Jinja checks the source's checksum itself) with the code they were
compiled by (the environment's options are code). Only the process that opened the
cache uses it: a forked worker compiles for itself (the pipeline loads every template
before forking, so they seldom need to).
"""

from __future__ import annotations

import os

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .cache import Cache


class TemplateCache(BytecodeCache):
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
