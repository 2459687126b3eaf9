"""Addresses are left out of backups unless asked for, and shown to superusers only."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from decisions.alerts.models import Subscriber
from decisions.backup import archive_models, dump_archive, model_label
from tests.alerts.helpers import confirmed_alert

pytestmark = pytest.mark.django_db

ALERT_MODELS = {
    "alerts.subscriber",
    "alerts.alert",
    "alerts.matchrun",
    "alerts.changeevent",
    "alerts.outboxmessage",
    "alerts.ratecount",
}


def dumped(*args: str) -> str:
    out = io.StringIO()
    call_command("dump_archive", *args, stdout=out)
    return out.getvalue()


def test_a_backup_leaves_the_alerts_out_by_default() -> None:
    confirmed_alert("private@example.org")
    backup = dumped()
    header = json.loads(backup.splitlines()[0])
    assert not ALERT_MODELS & set(header["models"])
    assert "private@example.org" not in backup
    assert not ALERT_MODELS & {model_label(m) for m in archive_models(with_private=False)}


def test_a_backup_asked_for_them_holds_them() -> None:
    confirmed_alert("private@example.org")
    backup = dumped("--with-personal-data")
    assert set(json.loads(backup.splitlines()[0])["models"]) >= ALERT_MODELS
    assert "private@example.org" in backup
    out = io.StringIO()
    dump_archive(out)
    assert "private@example.org" not in out.getvalue()


def test_a_backup_with_them_restores_them(tmp_path) -> None:
    confirmed_alert("private@example.org", querystring="q=school")
    backup = tmp_path / "archive.jsonl"
    call_command(
        "dump_archive", "--output", str(backup), "--with-personal-data", stderr=io.StringIO()
    )
    for model in reversed(archive_models()):
        model._base_manager.all().delete()

    call_command("load_archive", str(backup), stdout=io.StringIO())

    assert Subscriber.objects.get().alerts.get().querystring == "q=school"


def test_only_superusers_see_addresses_in_the_admin(client, django_user_model) -> None:
    from django.contrib.auth.models import Permission

    confirmed_alert("private@example.org")
    staff = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(content_type__app_label="alerts"))
    client.force_login(staff)
    assert client.get("/admin/alerts/subscriber/").status_code == 403
    assert "private@example.org" not in client.get("/admin/").content.decode()

    boss = django_user_model.objects.create_superuser("boss", "boss@example.gov.uk", "pw")
    client.force_login(boss)
    listing = client.get("/admin/alerts/subscriber/")
    assert listing.status_code == 200 and "private@example.org" in listing.content.decode()
    subscriber = Subscriber.objects.get()
    assert client.get(f"/admin/alerts/subscriber/{subscriber.pk}/change/").status_code == 200
    assert client.get("/admin/alerts/outboxmessage/").status_code == 200
    assert client.get("/admin/alerts/alert/").status_code == 200
