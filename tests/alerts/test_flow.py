"""End to end against a real SMTP server: sign up, confirm from the email, import, send,
nothing twice, one-click unsubscribe, nothing after."""

from __future__ import annotations

import pytest
from django.test import Client

from decisions.alerts.models import Alert, OutboxMessage, Subscriber
from decisions.alerts.run import send_alerts
from tests.alerts.conftest import ILACS, INSPECTION, OFSTED_PLAN, PHASE_3, PLAN_2026, import_notice
from tests.alerts.helpers import run_worker

pytestmark = pytest.mark.django_db

ADDRESS = "parent@example.org"


def sign_up(client: Client, **fields: str) -> None:
    response = client.post("/alerts/", {"email": ADDRESS, "frequency": "asap", **fields})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "Check your email" in response.content.decode()


def confirm(client: Client, link: str) -> None:
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert page.status_code == 200
    assert "Confirm my email alert" in page.content.decode()
    done = client.post("/" + path)
    assert done.status_code == 200
    assert "Your email alert is on" in done.content.decode()


def test_it_sends_one_email_with_both_alerts_matches_then_nothing(client, smtp) -> None:
    import_notice(PHASE_3)  # Jonathan Lester's first decision: his page exists
    sign_up(client, kind="search", querystring="q=Ofsted")
    sign_up(client, kind="councillor", target="jonathan-lester")
    assert smtp.messages == []  # nothing is sent in the request
    assert run_worker() == ["2 sent, 0 to retry, 0 failed", "0 sent, 0 to retry, 0 failed"]
    assert len(smtp.messages) == 2  # the two confirmations, as a worker picks them up
    assert all(m["Subject"] == "Confirm your email alert" for m in smtp.messages)
    assert send_alerts().queued.messages == 0  # nothing before confirming
    for message in list(smtp.messages):
        confirm(client, smtp.link(message, "confirm"))
    assert Subscriber.objects.get().confirmed_at is not None
    smtp.messages.clear()

    import_notice(OFSTED_PLAN)  # matches the search
    import_notice(PLAN_2026)  # signed by Jonathan Lester
    report = send_alerts()

    assert report.sent.sent == 1
    (message,) = smtp.messages
    assert message["To"] == ADDRESS
    assert message["Subject"] == "2 decisions for your email alerts"
    text, html = smtp.text(message), smtp.html(message)
    for body in (text, html):
        assert "Ofsted Improvement Action Plan" in body
        assert "Children&#x27;s Improvement Plan Phase 3" in body or (
            "Children's Improvement Plan Phase 3" in body
        )
        assert "Herefordshire Council" in body
        assert "15 December 2022" in body and "5 February 2026" in body
        assert "https://decisions.example.gov.uk/herefordshire/decisions/I50043387/" in body
        assert "https://decisions.example.gov.uk/herefordshire/decisions/I50053845/" in body
    assert "Why: New: Decisions matching Search: ‘Ofsted’" in text
    assert "Why: New: Decisions signed by Councillor Jonathan Lester" in text
    assert text.count("I50043387") == 1  # each decision once
    unsubscribe = str(message["List-Unsubscribe"]).strip()
    assert unsubscribe.startswith("<https://decisions.example.gov.uk/alerts/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert smtp.link(message, "manage").startswith("https://decisions.example.gov.uk/alerts/")

    assert send_alerts().sent.sent == 0  # run again: nothing new
    assert len(smtp.messages) == 1

    # One click, as a mail system does it: a POST with no cookie and no CSRF token.
    mail_system = Client(enforce_csrf_checks=True)
    path = unsubscribe.strip("<>").split("decisions.example.gov.uk", 1)[1]
    response = mail_system.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not Alert.objects.exists()

    import_notice(ILACS)  # would match the search
    assert send_alerts().queued.messages == 0
    assert len(smtp.messages) == 1
    assert not OutboxMessage.objects.exists()


def test_it_tells_a_decision_alert_of_a_correction(client, smtp, django_user_model) -> None:
    from decisions.changes import decisions_changed
    from decisions.models import Decision
    from decisions.vocabulary import ChangeKind

    import_notice(INSPECTION)
    decision = Decision.objects.get()
    sign_up(client, kind="decision", target=str(decision.pk))
    assert send_alerts().sent.sent == 1  # with no worker: the next run sends it
    confirm(client, smtp.link(smtp.messages[0], "confirm"))
    smtp.messages.clear()
    assert send_alerts().queued.messages == 0

    decisions_changed([decision.pk], kind=ChangeKind.CORRECTED)
    send_alerts()

    (message,) = smtp.messages
    assert "Changes to ‘Inspection of Herefordshire Children's Services’: it was corrected" in (
        smtp.text(message)
    )
