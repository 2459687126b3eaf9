"""The wall between the core and the timelines app, proved by running the core without it.

tests/test_core_independence.py checks that no core module imports the app. This runs the
core's own checks (tests/core_only/check_core.py) in a fresh process whose settings leave
the timelines app, and the API that reads it, uninstalled: migrations, import, every page,
the export, an admin correction and a backup. On PostgreSQL it uses a database of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_core_runs_with_the_timelines_app_uninstalled() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tests.core_only.settings")
    url = env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        # Not the outer run's test database: pytest-django makes test_<name> of this one.
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/archive_core_only"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.core_only.settings",
            "--create-db",
            str(ROOT / "tests" / "core_only" / "check_core.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
