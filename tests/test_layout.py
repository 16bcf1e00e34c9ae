"""The package's shape (issue 19): the engine knows nothing of the site, imports go one way
(no circles among the build's packages), and no module there is over ~300 lines."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / ".ci" / "import_levels.py"


def _tool():
    spec = importlib.util.spec_from_file_location("import_levels", LEVELS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _graph():
    tool = _tool()
    known = tool.modules()
    return tool, known, {m: tool.imports(m, p, known) for m, p in known.items()}


def test_the_engine_imports_nothing_of_the_site():
    _, known, graph = _graph()
    engine = [m for m in known if m.startswith("catalog.engine")]
    assert engine
    for module in engine:
        outside = {d for d in graph[module] if not d.startswith("catalog.engine")}
        assert outside <= {"catalog.errors"}, (module, outside)
    for module in engine:  # no name of the site's model in its code
        names = {n.id for n in ast.walk(ast.parse(known[module].read_text(encoding="utf-8"))) if isinstance(n, ast.Name)}
        assert not {"model", "paper", "papers", "env", "Model", "Paper"} & names, module


def test_no_import_circle_in_the_build():
    tool, known, graph = _graph()
    build = {m for m in known if m.split(".")[1:2] in (["engine"], ["render"], ["serve"])}
    loops = [c for c in tool.circles(graph) if set(c) & build]
    assert loops == []


def test_no_module_of_the_build_is_long():
    for package in ("engine", "render", "serve"):
        for path in (ROOT / "catalog" / package).glob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 300, f"{path.relative_to(ROOT)}: {lines} lines"


def test_the_site_declares_every_output_with_its_renderer():
    """Each output the catalog's plan declares names how it is rendered (plan.Job.render),
    or is an asset the engine copies: the engine never decides what a kind of page is."""
    tree = ast.parse((ROOT / "catalog" / "engine" / "workers.py").read_text(encoding="utf-8"))
    kinds = {node.comparators[0].value for node in ast.walk(tree) if isinstance(node, ast.Compare)
             and isinstance(node.left, ast.Attribute) and node.left.attr == "kind"
             and isinstance(node.comparators[0], ast.Constant)}
    assert kinds <= {"static"}
