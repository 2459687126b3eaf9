"""Schemathesis against /api/: generated requests, valid and not, never get a 5xx.

A short run here (API_FUZZ_EXAMPLES per operation, 15 by default); scripts/fuzz_api.py runs
a long one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Calls straight to the WSGI app would close the test's database connection after each
    request (Django's own test client unhooks this the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_it_never_answers_with_a_server_error(case, seeds, keep_connection) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path} {case.query}"
    if response.status_code == 400:  # a bad parameter is named in a JSON body
        assert "errors" in response.json() or "detail" in response.json()
