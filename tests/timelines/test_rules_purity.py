"""The timeline rules are pure Python: nothing under decisions/timelines/rules/ imports Django."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.parsing.test_purity import imported_modules

RULES = Path(__file__).resolve().parent.parent.parent / "decisions" / "timelines" / "rules"


def test_it_finds_the_rule_modules() -> None:
    names = {path.stem for path in RULES.glob("*.py")}
    assert {"events", "membership", "followups", "registry", "vocabulary"} <= names


def test_it_imports_no_django_in_any_rule_module() -> None:
    offenders = {
        path.name: sorted(name for name in imported_modules(path) if name.split(".")[0] == "django")
        for path in sorted(RULES.rglob("*.py"))
    }

    assert {name: found for name, found in offenders.items() if found} == {}


def test_it_leaves_django_unloaded_when_the_rules_are_imported() -> None:
    check = (
        "import sys; import decisions.timelines.rules as rules; "
        "assert rules.registered(); "
        "print('django' in sys.modules or any(m.startswith('django.') for m in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", check],
        cwd=RULES.parents[2],
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "False"
