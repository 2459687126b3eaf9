"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The five real notices, one home for every test that reads them (the demo folder
# samples/notices/ is what `make run` loads, and may change without breaking a test).
SAMPLES = ROOT / "tests" / "fixtures" / "samples"


@pytest.fixture(autouse=True)
def exports_in_tmp(settings, tmp_path_factory) -> Path:
    """Each test's prebuilt exports and export slots in a folder of its own; no test starts
    a background build (one that needs it runs build_exports itself)."""
    folder = tmp_path_factory.mktemp("exports")
    settings.EXPORT_DIR = folder
    settings.EXPORT_BUILD_IN_BACKGROUND = False
    return folder


@pytest.fixture
def admin_client_logged_in(client, django_user_model):
    """A test client logged in as a superuser."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.gov.uk", "pw")
    client.force_login(user)
    client.user = user
    return client
