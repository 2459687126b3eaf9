"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The five real notices, one home for every test that reads them (the demo folder
# samples/notices/ is what `make run` loads, and may change without breaking a test).
SAMPLES = ROOT / "tests" / "fixtures" / "samples"


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    """A test client logged in as a superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", "pw")
    client.force_login(user)
    client.user = user
    return client
