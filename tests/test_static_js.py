"""The site's own scripts stay loadable in browsers without regex lookbehind (Safari before
16.4): there a lookbehind in a regex literal is a syntax error that stops the whole file, and
site.js makes the header's controls. A lookbehind is built at run time instead
(`new RegExp(String.raw`…`)`, in a try), where its absence can be caught."""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "templates" / "static"
LOOKBEHIND = re.compile(r"\(\?<[=!]")


def test_no_regex_literal_has_a_lookbehind():
    scripts = sorted(STATIC.glob("*.js"))
    assert [p.name for p in scripts] == ["search-text.js", "search.js", "site.js"]
    found = [(p.name, n, line.strip()) for p in scripts
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if LOOKBEHIND.search(line)]
    assert found, "site.js's TeX math patterns have lookbehinds: this test reads them"
    literal = [f for f in found if "new RegExp(String.raw`" not in f[2] or LOOKBEHIND.search(f[2].split("`")[0])]
    assert not literal, literal
    site = (STATIC / "site.js").read_text(encoding="utf-8")
    assert "try {\n    MATH = new RegExp(" in site and "if (!MATH) return latex(text);" in site
