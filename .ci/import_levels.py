#!/usr/bin/env python3
"""The catalog package's import graph, top-down, by package: what each package imports from
the others, and each module's level within its package (0 imports no module of its
package; n only modules below n). Lazy imports inside functions count too. Exits 1 on an
import circle anywhere in catalog/ (its modules share a level).

    python .ci/import_levels.py            # catalog/, every package
    python .ci/import_levels.py engine render serve
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "catalog"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = ["catalog", *path.relative_to(ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict) -> set[str]:
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level:
                mod = ".".join(base[:len(base) - node.level + 1] + ([mod] if mod else []))
            found |= {mod} | {f"{mod}.{a.name}" for a in node.names}
    out = set()
    for f in found:
        while f and f not in known:
            f = f.rpartition(".")[0]
        if f and f != name and not name.startswith(f + "."):  # a module's own package __init__ is fine
            out.add(f)
    return out


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def levels(graph: dict[str, set[str]], loops: list[list[str]]) -> dict[str, int]:
    """A module's level; the modules of a circle share one (the circle counted as one node)."""
    group = {m: tuple(c) for c in loops for m in c}
    level: dict[str, int] = {}

    def visit(m: str) -> int:
        if m not in level:
            members = group.get(m, (m,))
            for x in members:
                level[x] = -1  # in progress
            deps = {d for x in members for d in graph[x]} - set(members)
            value = 1 + max((visit(d) for d in deps), default=-1)
            for x in members:
                level[x] = value
        return level[m]
    for m in sorted(graph):
        visit(m)
    return level


def _package(module: str, known: dict) -> str:
    """A module's package; the shared top-level modules (catalog.errors...) stand for themselves."""
    if known[module].name == "__init__.py" or module.count(".") == 1:
        return module
    return module.rsplit(".", 1)[0]


def main(packages: list[str]) -> int:
    known = modules()
    graph = {m: imports(m, p, known) for m, p in known.items()}
    loops = circles(graph)
    level = levels(graph, loops)
    wanted = [f"catalog.{p}" for p in packages] or sorted({m.rsplit(".", 1)[0] if known[m].name != "__init__.py" else m
                                                           for m in known})
    for package in wanted:
        members = sorted((m for m in known if m.rsplit(".", 1)[0] == package and known[m].name != "__init__.py"),
                         key=lambda m: (level[m], m))
        if not members:
            continue
        inside = {m: {d for d in graph[m] if d in members} for m in members}
        local = levels(inside, [c for c in loops if set(c) <= set(members)])
        outside = sorted({_package(d, known) for m in members for d in graph[m]} - {package} - set(members))
        print(f"{package.replace('.', '/')}/  (imports {', '.join(outside) or 'nothing of catalog'})")
        for n in sorted({local[m] for m in members}):
            names = [f"{m.rsplit('.', 1)[1]} ({sum(1 for _ in open(known[m], encoding='utf-8'))})"
                     for m in members if local[m] == n]
            print(f"  level {n:>2}: " + ", ".join(names))
    for loop in loops:
        print("import circle:", " -> ".join(loop))
    return 1 if loops else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
