"""The admin's import page while another import runs (PostgreSQL's import lock): the
preview does not wait for it, and Import says at once that it cannot run yet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from decisions.importing.locks import IMPORT_LOCK_KEY
from decisions.models import Decision
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db
URL = "/admin/decisions/decision/import/"
NOTICE = SAMPLES / "001_aabf650a3fba3ef6.txt"


@pytest.fixture
def another_import_running() -> Iterator[psycopg.Connection]:
    """Another session holds the import lock, as a running import_notices does."""
    if connection.vendor != "postgresql":
        pytest.skip("the import lock is PostgreSQL's advisory lock")
    settings = connection.settings_dict
    other = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )
    other.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
    with connection.cursor() as cursor:  # a wait would fail the test, not hang it
        cursor.execute("SET statement_timeout = '5s'")
    try:
        yield other
    finally:
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


@pytest.fixture(autouse=True)
def staging(settings, tmp_path: Path) -> Path:
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    return tmp_path / "staging"


def test_the_preview_does_not_wait_for_a_running_import(
    admin_client_logged_in, another_import_running
) -> None:
    files = [SimpleUploadedFile(NOTICE.name, NOTICE.read_bytes())]
    response = admin_client_logged_in.post(URL, {"files": files})
    assert response.status_code == 200
    assert 'name="token"' in response.content.decode()  # the preview, ready to import
    assert not Decision.objects.exists()


def test_import_says_at_once_that_another_import_is_running(
    admin_client_logged_in, another_import_running, staging: Path
) -> None:
    files = [SimpleUploadedFile(NOTICE.name, NOTICE.read_bytes())]
    page = admin_client_logged_in.post(URL, {"files": files}).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    response = admin_client_logged_in.post(URL, {"token": token})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Another import is running; nothing was imported." in text
    assert f'name="token" value="{token}"' in text  # Import can be pressed again
    assert not Decision.objects.exists()
    assert (staging / token).is_dir()


def test_import_works_once_the_other_import_has_finished(
    admin_client_logged_in, another_import_running
) -> None:
    files = [SimpleUploadedFile(NOTICE.name, NOTICE.read_bytes())]
    page = admin_client_logged_in.post(URL, {"files": files}).content.decode()
    token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    assert admin_client_logged_in.post(URL, {"token": token}).status_code == 409
    another_import_running.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
    response = admin_client_logged_in.post(URL, {"token": token})
    assert response.status_code == 302
    assert Decision.objects.count() == 1
