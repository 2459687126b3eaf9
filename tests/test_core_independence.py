"""The archive core never imports the apps built on it (timelines, the API)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "decisions"
APPS = ("decisions.timelines", "decisions.api")
CORE_FILES = sorted(
    path
    for path in CORE.rglob("*.py")
    if path.relative_to(CORE).parts[0] not in {"timelines", "api", "migrations"}
)


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(CORE)))
def test_it_imports_no_app_built_on_the_core(path: Path) -> None:
    leaks = {m for m in imported_modules(path) if m.startswith(APPS)}
    assert not leaks, f"{path.name} imports {leaks}"
