"""An admin's "Delete" withdraws a decision with a reason; a superuser restores it; a
mirror syncing with modified_since learns of both through the API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission

from decisions.councils import first_council
from decisions.models import Decision
from tests.factories import make_decision

pytestmark = pytest.mark.django_db


def sync(client, since: str) -> dict[str, dict]:
    body = client.get(
        "/api/decisions/", {"modified_since": since, "include": "withdrawn", "page_size": 100}
    ).json()
    return {record["reference"]: record for record in body["results"]}


def test_it_asks_for_a_reason_instead_of_deleting(admin_client_logged_in) -> None:
    decision = make_decision(reference="I70000501")

    page = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/delete/")
    refused = admin_client_logged_in.post(
        f"/admin/decisions/decision/{decision.pk}/delete/", {"reason": " "}
    )

    assert page.status_code == 200
    assert "Reason for withdrawing it" in page.content.decode()
    assert refused.status_code == 400
    assert "Give a reason for withdrawing this decision." in refused.content.decode()
    assert Decision.objects.get(pk=decision.pk).withdrawn_at is None


def test_it_offers_no_bulk_delete(admin_client_logged_in) -> None:
    make_decision(reference="I70000502")
    html = admin_client_logged_in.get("/admin/decisions/decision/").content.decode()
    assert 'value="delete_selected"' not in html


def test_a_mirror_learns_of_a_withdrawal_and_a_restore(admin_client_logged_in, client) -> None:
    decision = make_decision(reference="I70000503", title="Library closures")
    make_decision(reference="I70000504")
    synced = datetime.now(UTC).isoformat().replace("+00:00", "Z")

    withdrawn = admin_client_logged_in.post(
        f"/admin/decisions/decision/{decision.pk}/delete/", {"reason": "Published in error."}
    )
    after_withdrawal = sync(client, synced)

    assert withdrawn.status_code == 302
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert list(after_withdrawal) == ["I70000503"]
    assert after_withdrawal["I70000503"]["withdrawn_reason"] == "Published in error."
    assert client.get("/herefordshire/decisions/I70000503/").status_code == 410
    change = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    assert "Restore this decision" in change.content.decode()
    assert "Withdraw this decision" not in change.content.decode()

    synced = after_withdrawal["I70000503"]["modified"]
    restored = admin_client_logged_in.post(
        f"/admin/decisions/decision/{decision.pk}/restore/", {"reason": "Redacted."}
    )
    after_restore = sync(client, synced)

    assert restored.status_code == 302
    assert list(after_restore) == ["I70000503"]
    assert after_restore["I70000503"]["withdrawn"] is None
    assert after_restore["I70000503"]["clauses"]  # the full record again
    assert client.get("/herefordshire/decisions/I70000503/").status_code == 200


def test_only_a_superuser_restores(client, django_user_model) -> None:
    decision = make_decision(reference="I70000505")
    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_decision", "change_decision", "delete_decision"]
        )
    )
    first_council().admins.add(staff)  # a clerk of the council whose decision it is
    client.force_login(staff)

    withdrawn = client.post(
        f"/admin/decisions/decision/{decision.pk}/delete/", {"reason": "Duplicate record."}
    )
    restore = client.post(
        f"/admin/decisions/decision/{decision.pk}/restore/", {"reason": "Not a duplicate."}
    )

    assert withdrawn.status_code == 302
    assert restore.status_code == 403
    assert Decision.objects.get(pk=decision.pk).withdrawn_at is not None
