"""The import graph of the archive: no cycles, and nothing imports upward.

Data flows one way (README, "How the code is laid out"): a source is parsed, imported into
the models, changed through one service, derived, read through selectors and shown. Each
part of the code may import only the parts below it in LAYERS, and no module imports
itself round a loop, counting imports made inside functions too.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "decisions"

# Lowest first. A unit is a subpackage of decisions/ or a module at its root.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("parsing", "vocabulary", "names", "records", "textdiff", "clause_keys"),  # pure rules
    ("citation", "models"),
    ("seams", "search", "selectors", "councils"),
    ("changes",),  # the one "a decision changed" service
    ("corrections", "withdrawals", "ocr_checks"),  # admins' services
    ("councillors",),
    ("importing", "backup"),
    ("templatetags", "opendata"),
    ("views", "admin", "urls", "management", "apps"),
    ("timelines", "moderngov"),  # apps built on the core
    ("api",),  # reads the core and the timelines
    ("alerts",),  # an app built on the core; reads the timelines when installed
    ("bench",),  # tools that drive everything
)
RANK = {unit: n for n, layer in enumerate(LAYERS) for unit in layer}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.relative_to(PACKAGE).parts
    }


def imports(path: Path, known: set[str]) -> set[str]:
    """The archive's modules this file imports, at its top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        found.update(name for name in names if name in known)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, set(known)) - {name} for name, path in known.items()}


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "decisions"


def test_every_part_of_the_core_has_a_layer() -> None:
    units = {unit(name) for name in modules()} - {"decisions"}
    assert units - set(RANK) == set(), "add these to LAYERS"


def test_nothing_imports_upward() -> None:
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in graph().items()
        for target in targets
        if unit(module) != "decisions"
        and unit(target) != "decisions"
        and RANK[unit(target)] > RANK[unit(module)]
    )
    assert upward == []


def test_the_import_graph_has_no_cycles() -> None:
    edges = graph()
    # A package's __init__ that gathers its modules (decisions.admin) is not a cycle with
    # them: drop the edges from a package to its own modules.
    for name, targets in edges.items():
        edges[name] = {t for t in targets if not t.startswith(name + ".")}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    assert cycles == []


def test_it_sees_an_upward_import(tmp_path) -> None:
    """The checker itself: a model importing the importer is an upward import."""
    fake = tmp_path / "models.py"
    fake.write_text("from decisions.importing.writer import import_notice\n")
    assert imports(fake, {"decisions.importing.writer"}) == {"decisions.importing.writer"}
    assert RANK["importing"] > RANK["models"]
