"""`make run` installs only what serving needs and takes a PORT; `make test` adds the tools."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*args: str) -> str:
    result = subprocess.run(
        ["make", "--always-make", "--dry-run", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_installs_the_site_without_the_test_toolchain() -> None:
    out = dry_run("run")
    assert "pip install --quiet -e .\n" in out
    assert "[dev]" not in out


def test_make_run_serves_on_the_port_given() -> None:
    assert "runserver 127.0.0.1:8000" in dry_run("run")
    assert "runserver 127.0.0.1:8001" in dry_run("run", "PORT=8001")


def test_make_run_refuses_a_port_that_is_not_a_number() -> None:
    result = subprocess.run(
        ["make", "run", "PORT=eighty", "PYTHON=false"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PORT must be a number" in result.stderr or "PORT must be a number" in result.stdout


def test_make_test_installs_the_test_toolchain() -> None:
    assert "pip install --quiet -e '.[dev]'" in dry_run("test")
