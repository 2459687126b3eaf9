"""Decisions added by hand in the admin: a reference in the council's format is required,
and every public page and the export work with them."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from decisions.models import Decision

pytestmark = pytest.mark.django_db

URL = "/admin/decisions/decision/add/"


def add_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "reference": "I50099999",
        "title": "Litter bins in Ross-on-Wye",
        "decision_date": "2024-05-01",
        "decision_maker": "Cabinet member environment",
        "exemption_class": "Open",
        "signatory": "",
        "source_format": "text",
        "clauses-TOTAL_FORMS": "1",
        "clauses-INITIAL_FORMS": "0",
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "clauses-0-position": "0",
        "clauses-0-label": "a",
        "clauses-0-text": "Cabinet approve new bins.",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_it_adds_a_decision_with_the_reference_given(admin_client_logged_in) -> None:
    response = admin_client_logged_in.post(URL, add_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    decision = Decision.objects.get()
    assert decision.reference == "I50099999"
    assert decision.clauses.get().text == "Cabinet approve new bins."


@pytest.mark.parametrize(
    "reference", ["", "   ", "50099999x", "I5009/9999", "Litter bins", "I1234", "I" + "\u0665" * 6]
)
def test_it_refuses_a_reference_not_in_the_councils_format(
    admin_client_logged_in, reference: str
) -> None:
    response = admin_client_logged_in.post(URL, add_form(reference=reference))
    assert response.status_code == 200
    assert not Decision.objects.exists()
    assert b"errorlist" in response.content


def test_a_second_decision_with_the_same_reference_is_a_form_error(admin_client_logged_in):
    admin_client_logged_in.post(URL, add_form())
    response = admin_client_logged_in.post(URL, add_form(title="Another"))
    assert response.status_code == 200
    assert b"Decision with this Council and Reference already exists" in response.content
    assert Decision.objects.count() == 1


def test_the_reference_stays_read_only_on_the_change_form(admin_client_logged_in) -> None:
    admin_client_logged_in.post(URL, add_form())
    decision = Decision.objects.get()
    response = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    assert b'name="reference"' not in response.content


def test_public_pages_and_the_export_work_with_hand_added_decisions(
    admin_client_logged_in, client
) -> None:
    for n in range(21):
        admin_client_logged_in.post(
            URL, add_form(reference=f"I5009{n:04d}", title=f"Litter bins {n}")
        )
    assert Decision.objects.count() == 21
    for url in (
        "/",
        "/decisions/",
        "/decisions/?page=2",
        "/decisions/?q=litter",
        "/herefordshire/decisions/I50090003/",
        "/councillors/",
        "/corrections/",
        "/api/decisions/",
        "/api/decisions/herefordshire/I50090003/",
        "/decisions/export.csv",
        "/decisions/feed/",
    ):
        assert client.get(url).status_code == 200, url
    assert "/sitemap-decisions.xml" in client.get("/sitemap.xml").content.decode()
    sitemap = client.get("/sitemap-decisions.xml").content.decode()
    assert "/herefordshire/decisions/I50090003/</loc>" in sitemap
    assert sitemap.count("/herefordshire/decisions/I5009") == 21
    out = StringIO()
    call_command("export_decisions", stdout=out)
    assert "I50090020" in out.getvalue()
