"""The parser is pure Python: nothing under decisions/parsing/ imports Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PARSING = Path(__file__).resolve().parent.parent.parent / "decisions" / "parsing"


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_it_finds_the_parsing_modules() -> None:
    assert (PARSING / "__init__.py").exists()
    assert len(list(PARSING.glob("*.py"))) >= 5


def parsing_modules() -> list[Path]:
    """Every module of the parser, in its subpackages too (formats/)."""
    return sorted(PARSING.rglob("*.py"))


def test_it_walks_the_subpackages_too() -> None:
    assert PARSING / "formats" / "__init__.py" in parsing_modules()
    assert PARSING / "formats" / "plain_text.py" in parsing_modules()


def test_it_imports_no_django_in_any_parsing_module() -> None:
    # Keyed by the path inside parsing/, so formats/__init__.py does not hide __init__.py.
    offenders = {
        str(path.relative_to(PARSING)): sorted(
            name for name in imported_modules(path) if name.split(".")[0] == "django"
        )
        for path in parsing_modules()
    }

    assert {name: found for name, found in offenders.items() if found} == {}


def test_it_leaves_django_unloaded_when_the_parser_is_imported() -> None:
    check = (
        "import sys; import decisions.parsing; "
        "from decisions.parsing import parse_notice; "
        "import decisions.parsing.formats.plain_text; "
        "print('django' in sys.modules or any(m.startswith('django.') for m in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=PARSING.parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"
