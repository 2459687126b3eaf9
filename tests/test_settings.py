"""Settings are read from the environment and bad values are refused clearly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from archive_site.env import parse_bool, parse_database, parse_list, parse_secret_key
from tests.conftest import ROOT


def test_it_defaults_to_sqlite_when_database_url_is_unset() -> None:
    config = parse_database({}, sqlite_path="/tmp/x.sqlite3")
    assert (config["ENGINE"], config["NAME"]) == ("django.db.backends.sqlite3", "/tmp/x.sqlite3")


def test_it_parses_a_postgres_url() -> None:
    config = parse_database(
        {"DATABASE_URL": "postgres://alice:secret@db.example:5433/archive"}, sqlite_path="x"
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("archive", "alice", "secret")
    assert (config["HOST"], config["PORT"]) == ("db.example", 5433)


def test_postgresql_connections_get_the_work_mem_the_search_needs() -> None:
    url = "postgres://alice@db.example/archive"
    assert parse_database({"DATABASE_URL": url}, sqlite_path="x")["OPTIONS"] == {
        "options": "-c work_mem=32MB"
    }
    given = parse_database(
        {
            "DATABASE_URL": url + "?options=-c%20statement_timeout%3D5000",
            "DATABASE_WORK_MEM": "64MB",
        },
        sqlite_path="x",
    )
    assert given["OPTIONS"]["options"] == "-c statement_timeout=5000 -c work_mem=64MB"
    with pytest.raises(ImproperlyConfigured, match="DATABASE_WORK_MEM='lots'"):
        parse_database({"DATABASE_URL": url, "DATABASE_WORK_MEM": "lots"}, sqlite_path="x")


@pytest.mark.django_db
def test_the_connection_runs_with_that_work_mem() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("work_mem is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "32MB"


def test_it_rejects_an_unsupported_database_scheme() -> None:
    with pytest.raises(ImproperlyConfigured, match="'mysql' is not supported"):
        parse_database({"DATABASE_URL": "mysql://root@localhost/x"}, sqlite_path="x")


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), ("off", False)])
def test_it_reads_clear_booleans(raw: str, expected: bool) -> None:
    assert parse_bool("DEBUG", {"DEBUG": raw}, default=not expected) is expected


def test_it_rejects_a_vague_debug_value() -> None:
    with pytest.raises(ImproperlyConfigured, match="DEBUG='maybe' is not a boolean"):
        parse_bool("DEBUG", {"DEBUG": "maybe"}, default=True)


def test_it_reads_allowed_hosts_as_a_list() -> None:
    hosts = parse_list("ALLOWED_HOSTS", {"ALLOWED_HOSTS": "a.example, b.example,"}, default=[])
    assert hosts == ["a.example", "b.example"]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return _python("manage.py", *args, **env)


def _python(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Python in a fresh process with this environment, without the test run's DEBUG and
    SECRET_KEY (a settings module reads them once, when it starts)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environ.update(env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off() -> None:
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="archive.example")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_refuses_a_bad_debug_value_at_start_up() -> None:
    result = _manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in result.stderr


def _deploy_check(*, site_url: str) -> subprocess.CompletedProcess[str]:
    """`check --deploy` with production settings, failing on warnings."""
    return _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="decisions.example.gov.uk",
        SITE_URL=site_url,
    )


def test_deploy_check_is_clean_with_production_settings() -> None:
    result = _deploy_check(site_url="https://decisions.example.gov.uk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_of_a_site_url_that_is_not_https() -> None:
    result = _deploy_check(site_url="http://decisions.example.gov.uk")
    assert result.returncode != 0
    assert "alerts.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "SECRET_KEY must be set when DEBUG is off"),
        ("replace-with-a-long-random-string", "placeholder from .env.example"),
        ("django-insecure-" + "x1y2z3" * 10, "placeholder"),
        ("a-short-but-real-looking-key-0123456789", "39 characters long"),
        ("ab" * 40, "at least 50 random characters"),
    ],
)
def test_it_refuses_a_secret_key_that_is_not_secret_when_debug_is_off(
    key: str, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_secret_key({"SECRET_KEY": key}, debug=False)


def test_it_takes_a_long_random_key_and_a_development_key_with_debug_on() -> None:
    key = "a-long-random-production-secret-key-0123456789-abcdefghijklmnop"
    assert parse_secret_key({"SECRET_KEY": key}, debug=False) == key
    assert parse_secret_key({}, debug=True).startswith("django-insecure")


def test_the_env_example_placeholder_does_not_start_the_app_in_production() -> None:
    result = _manage(
        "check",
        DEBUG="0",
        SECRET_KEY="replace-with-a-long-random-string",
        ALLOWED_HOSTS="archive.example",
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the placeholder from .env.example" in result.stderr


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "decisions.example.gov.uk",
}


def test_it_serves_pages_with_debug_off_before_collectstatic_and_says_what_to_do() -> None:
    # A page outside Docker with DEBUG=0 and no collectstatic: it used to fail with a 500
    # (the manifest storage knows no static file); now it is served, and the log says why.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/about/', secure=True, HTTP_HOST='decisions.example.gov.uk');"
        "print(r.status_code, 'site.css' in r.content.decode())"
    )
    result = _python("-c", script, **PRODUCTION, DJANGO_SETTINGS_MODULE="archive_site.settings")
    assert result.stdout.strip() == "200 True", result.stdout + result.stderr
    assert "python manage.py collectstatic --noinput" in result.stderr


def test_it_serves_the_stylesheet_with_debug_on_as_make_run_does() -> None:
    """`make run` (DEBUG on, runserver without its own static serving): whitenoise must
    serve the site's CSS from its folder, or every page is unstyled."""
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/static/css/site.css');"
        "print(r.status_code, r['Content-Type'])"
    )
    result = _python("-c", script, DEBUG="1", DJANGO_SETTINGS_MODULE="archive_site.settings")
    assert result.stdout.strip().startswith("200 text/css"), result.stdout + result.stderr
