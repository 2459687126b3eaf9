"""The pure core modules outside decisions/parsing/ import no Django either."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

DECISIONS = Path(__file__).resolve().parent.parent / "decisions"
PURE_MODULES = ("clause_keys", "records", "names", "search/params", "textdiff", "vocabulary")


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE_MODULES)
def test_it_imports_no_django(module: str) -> None:
    found = imported_modules(DECISIONS / f"{module}.py")

    assert sorted(name for name in found if name.split(".")[0] == "django") == []


@pytest.mark.parametrize("module", PURE_MODULES)
def test_it_leaves_django_unloaded_when_imported(module: str) -> None:
    check = (
        f"import sys; import decisions.{module.replace('/', '.')}; "
        "print('django' in sys.modules or any(m.startswith('django.') for m in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=DECISIONS.parent,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"
