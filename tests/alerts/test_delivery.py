"""A sign-up sends nothing in its request: it writes its email to the outbox and queues a
django-q2 task that delivers it; with no worker, send_alerts delivers it first thing."""

from __future__ import annotations

import socket

import pytest
from django_q.models import OrmQ

from decisions.alerts import run as alerts_run
from decisions.alerts.models import OutboxMessage
from decisions.alerts.run import send_alerts
from tests.alerts.helpers import confirmed_alert, run_worker

pytestmark = pytest.mark.django_db

SIGN_UP = {"email": "someone@example.org", "kind": "search", "frequency": "asap"}


def test_it_sends_nothing_in_the_request_and_a_worker_sends_it(client, smtp) -> None:
    response = client.post("/alerts/", SIGN_UP | {"querystring": "q=school"})

    assert response.status_code == 200 and "Check your email" in response.content.decode()
    assert smtp.messages == []
    assert OutboxMessage.objects.get().status == "queued"
    assert OrmQ.objects.count() == 1

    assert run_worker() == ["1 sent, 0 to retry, 0 failed"]

    (message,) = smtp.messages
    assert message["Subject"] == "Confirm your email alert"
    assert "/alerts/confirm/" in smtp.text(message)
    assert OutboxMessage.objects.get().status == "sent"


def test_a_stalled_smtp_server_never_holds_the_request(client, settings) -> None:
    with socket.socket() as stalled:  # takes connections and never says a word
        stalled.bind(("127.0.0.1", 0))
        stalled.listen(5)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", stalled.getsockname()[1]
        settings.EMAIL_TIMEOUT = 1

        assert client.post("/alerts/", SIGN_UP).status_code == 200

        stalled.settimeout(0.2)
        with pytest.raises(TimeoutError):
            stalled.accept()  # nobody tried to connect
    assert OutboxMessage.objects.get().status == "queued"


def test_a_known_address_gets_its_manage_link_by_the_same_road(client, smtp) -> None:
    alert = confirmed_alert("someone@example.org", querystring="q=school")
    response = client.post("/alerts/", SIGN_UP | {"querystring": "q=school"})

    assert response.status_code == 200 and smtp.messages == []
    assert OrmQ.objects.count() == 1
    run_worker()
    (message,) = smtp.messages
    assert message["Subject"] == "You already get this email alert"
    assert "/alerts/manage/" in smtp.text(message)
    assert "Decisions matching Search: ‘school’" in smtp.text(message)
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    alert.refresh_from_db()
    assert alert.confirmed_at is not None


def test_a_queue_that_cannot_take_the_task_leaves_the_email_to_send_alerts(
    client, smtp, monkeypatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("the queue is down")

    monkeypatch.setattr("django_q.tasks.async_task", broken)
    assert client.post("/alerts/", SIGN_UP).status_code == 200
    monkeypatch.undo()
    assert OutboxMessage.objects.get().status == "queued"

    assert send_alerts().sent.sent == 1
    assert len(smtp.messages) == 1


def test_send_alerts_delivers_what_is_pending_before_it_matches(client, smtp, monkeypatch) -> None:
    client.post("/alerts/", SIGN_UP)

    def matching_fails(**kwargs):
        raise RuntimeError("matching failed")

    monkeypatch.setattr(alerts_run, "queue_alerts", matching_fails)
    with pytest.raises(RuntimeError):
        send_alerts()

    assert [m["Subject"] for m in smtp.messages] == ["Confirm your email alert"]


def test_the_worker_task_leaves_the_alerts_emails_to_send_alerts(smtp) -> None:
    from decisions.alerts.matching import queue_alerts
    from decisions.alerts.tasks import deliver_links
    from tests.alerts.conftest import OFSTED_PLAN, import_notice

    confirmed_alert(querystring="q=Ofsted")
    import_notice(OFSTED_PLAN)
    queue_alerts()

    assert deliver_links() == "0 sent, 0 to retry, 0 failed"
    assert smtp.messages == []
