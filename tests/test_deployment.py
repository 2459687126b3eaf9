"""Deployment defaults fail closed: DEBUG off in Docker, a non-root user, the web port on
127.0.0.1, proxy headers trusted only with TRUSTED_PROXY, and a movable admin URL."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive_site.env import parse_admin_url, parse_minutes
from tests.conftest import ROOT

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "decisions.example.gov.uk",
}


def setting(expression: str, **env: str) -> str:
    """Evaluate a settings expression in a fresh process with this environment."""
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "TRUSTED_PROXY", "ADMIN_URL"}
    }
    environ.update(env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'archive_site.settings'); django.setup(); from django.conf import settings; "
            f"from django.urls import reverse; print({expression})",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_dockerfile_runs_as_a_non_root_user_with_debug_off() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert any(line.startswith("ENV ") and "DEBUG=0" in line for line in lines)
    cmd_at = max(i for i, line in enumerate(lines) if line.startswith("CMD"))
    assert max(i for i, line in enumerate(lines) if line.startswith("USER ")) < cmd_at


def test_compose_binds_the_web_port_to_localhost_and_defaults_debug_off() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()
    assert '"127.0.0.1:8000:8000"' in compose
    assert '"8000:8000"' not in compose
    assert "DEBUG: ${DEBUG:-0}" in compose


def test_forwarded_proto_is_not_trusted_without_a_trusted_proxy() -> None:
    assert setting("getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)", **PRODUCTION) == "None"


def test_forwarded_proto_is_trusted_with_a_trusted_proxy() -> None:
    value = setting("settings.SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY="1", **PRODUCTION)
    assert value == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_the_admin_url_moves_with_admin_url() -> None:
    assert setting("reverse('admin:index')", ADMIN_URL="staff-7f3a/") == "/staff-7f3a/"
    assert setting("reverse('admin:index')") == "/admin/"


@pytest.mark.parametrize("raw", ["", "/", "../x", "a b", "admin?x", "ädmin"])
def test_it_refuses_an_admin_url_that_is_not_a_path(raw: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="ADMIN_URL"):
        parse_admin_url({"ADMIN_URL": raw})


def test_it_reads_idle_minutes() -> None:
    assert parse_minutes("ADMIN_IDLE_MINUTES", {"ADMIN_IDLE_MINUTES": "45"}, default=30) == 45
    with pytest.raises(ImproperlyConfigured, match="ADMIN_IDLE_MINUTES='0'"):
        parse_minutes("ADMIN_IDLE_MINUTES", {"ADMIN_IDLE_MINUTES": "0"}, default=30)
