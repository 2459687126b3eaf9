"""Run by tests/test_core_without_timelines.py, in a process of its own, with the settings in
tests/core_only/settings.py: the core imports, migrates and serves every one of its pages
and outputs with the timelines app (and the API built on it) uninstalled.

Not collected by the main run (its name does not start with test_).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from decisions.models import Correction, Decision
from decisions.opendata.export import CORE_FIELDS, exported_decisions
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported() -> list[Decision]:
    out = io.StringIO()
    call_command("import_notices", str(SAMPLES), "--jobs", "0", stdout=out)
    assert "created 5," in out.getvalue(), out.getvalue()
    return list(Decision.objects.order_by("reference"))


def test_the_apps_built_on_the_core_are_not_installed() -> None:
    assert not apps.is_installed("decisions.timelines")
    assert not apps.is_installed("decisions.api")


def test_every_page_and_output_of_the_core_answers(client, imported) -> None:
    decision = imported[0]
    councillor = next(d.signatory for d in imported if d.signatory)
    pages = [
        "/",
        "/decisions/",
        "/decisions/?q=school",
        "/decisions/?year=2022",
        decision.get_absolute_url(),
        decision.get_absolute_url() + "original/",
        "/councillors/",
        councillor.get_absolute_url(),
        councillor.get_absolute_url() + "feed/",
        "/corrections/",
        "/corrections/feed/",
        "/about/",
        "/decisions/feed/",
        "/decisions/export.csv",
        "/decisions/call-in.ics",
        decision.get_absolute_url() + "export.csv",
        decision.get_absolute_url() + "feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
    home = client.get("/").content.decode()
    assert "/timelines/" not in home  # no link to an app that is not there
    assert client.get("/timelines/").status_code == 404
    assert client.get("/api/decisions/").status_code == 404


def test_the_export_holds_the_core_fields_only(client, imported) -> None:
    records = list(exported_decisions())
    assert len(records) == 5
    assert all(tuple(record) == CORE_FIELDS for record in records)
    body = b"".join(client.get("/decisions/export.csv").streaming_content).decode()
    header = next(csv.reader(io.StringIO(body)))
    assert "timelines" not in header and "events" not in header
    assert "reference" in header and "signatory_name" in header
    json.dumps(records)  # every value is plain JSON


def test_an_admin_correction_saves_and_is_searchable(admin_client_logged_in, imported) -> None:
    from tests.admin.test_decisions import change_form_data

    decision = imported[0]
    data = change_form_data(decision, title="A title no notice has: zanzibar")
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Correction.objects.filter(decision=decision, field="title").exists()
    listed = admin_client_logged_in.get("/decisions/?q=zanzibar").content.decode()
    assert decision.reference in listed


def test_a_backup_dumps_the_core(imported) -> None:
    from decisions.backup import dump_archive

    counts = dump_archive(io.StringIO())
    assert counts["decisions.decision"] == 5
    assert not any(label.startswith("timelines.") for label in counts)
