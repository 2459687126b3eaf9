"""The archive core never imports the apps built on it (timelines, the API, the alerts)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "decisions"
APPS = ("decisions.timelines", "decisions.moderngov", "decisions.api", "decisions.alerts")
CORE_FILES = sorted(
    path
    for path in CORE.rglob("*.py")
    if path.relative_to(CORE).parts[0]
    not in {"timelines", "moderngov", "api", "alerts", "migrations"}
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
    # The benchmarks drive what they measure; the harvest's is the ModernGov app's.
    apps = APPS
    if path.relative_to(CORE).parts[0] == "bench":
        apps = tuple(app for app in APPS if app != "decisions.moderngov")
    leaks = {m for m in imported_modules(path) if m.startswith(apps)}
    assert not leaks, f"{path.name} imports {leaks}"


# What only the timelines app may name: its tables, its routes, its seeded model, and the
# export fields it adds. The core gets each from the app through decisions.seams.
APP_NAMES = (
    "decisions_timeline",
    "timeline-list",
    "timeline-detail",
    "timeline-csv",
    "timeline-feed",
    "timelines.timeline",
    '"events"',
    '"timelines"',
)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: str(p.relative_to(CORE)))
def test_it_names_none_of_the_timelines_apps_tables_routes_or_fields(path: Path) -> None:
    text = path.read_text()
    named = [name for name in APP_NAMES if name in text]
    assert not named, f"{path.name} names {named}"
