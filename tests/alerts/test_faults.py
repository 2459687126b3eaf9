"""Sending never loses or repeats an email: SMTP refusing then accepting, a hard bounce, a
run killed between writing and sending, and two runs at once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from decisions.alerts import run as alerts_run
from decisions.alerts import sending
from decisions.alerts.kinds import AlertKind, OutboxStatus
from decisions.alerts.matching import queue_alerts
from decisions.alerts.models import OutboxMessage, Subscriber
from decisions.alerts.run import send_alerts
from decisions.alerts.sending import claim_messages, send_claimed, send_outbox
from tests.alerts.conftest import ILACS, OFSTED_PLAN, PHASE_3, import_notice
from tests.alerts.helpers import confirmed_alert

pytestmark = pytest.mark.django_db


def one_queued_email() -> OutboxMessage:
    confirmed_alert(querystring="q=Ofsted")
    import_notice(OFSTED_PLAN)
    assert queue_alerts().messages == 1
    return OutboxMessage.objects.get()


def test_it_retries_with_backoff_when_smtp_refuses_then_accepts(smtp) -> None:
    message = one_queued_email()
    smtp.refuse_data = "451 4.3.0 Try again later"
    now = timezone.now()

    first = send_outbox(now=now)

    message.refresh_from_db()
    assert (first.sent, first.retrying) == (0, 1)
    assert message.status == OutboxStatus.QUEUED and message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=5)
    assert "451" in message.last_error
    smtp.refuse_data = None
    assert send_outbox(now=now + timedelta(minutes=4)).sent == 0  # still backing off
    assert smtp.messages == []

    assert send_outbox(now=now + timedelta(minutes=5)).sent == 1

    message.refresh_from_db()
    assert message.status == OutboxStatus.SENT and message.attempts == 2
    assert len(smtp.messages) == 1


def test_the_backoff_doubles_and_gives_up_after_the_last_attempt() -> None:
    assert [sending.backoff(n).total_seconds() / 60 for n in (1, 2, 3)] == [5, 10, 20]


def test_an_email_fails_for_good_after_the_last_attempt(smtp) -> None:
    message = one_queued_email()
    smtp.refuse_data = "451 4.3.0 Try again later"
    now = timezone.now()
    for attempt in range(1, sending.MAX_ATTEMPTS + 1):
        result = send_outbox(now=now)
        message.refresh_from_db()
        assert message.attempts == attempt
        if attempt < sending.MAX_ATTEMPTS:
            assert (result.retrying, message.status) == (1, OutboxStatus.QUEUED)
            now = message.next_attempt_at
    assert (result.retrying, result.failed) == (0, 1)
    assert message.status == OutboxStatus.FAILED
    smtp.refuse_data = None
    assert send_outbox(now=now + timedelta(days=1)).sent == 0
    assert smtp.messages == []


def test_an_email_left_sending_after_its_last_attempt_fails_instead_of_sending(smtp) -> None:
    message = one_queued_email()
    long_ago = timezone.now() - sending.LEASE - timedelta(minutes=1)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxStatus.SENDING,
        claim="dead-run",
        claimed_at=long_ago,
        attempts=sending.MAX_ATTEMPTS,
    )

    assert send_outbox().sent == 0

    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED and message.attempts == sending.MAX_ATTEMPTS
    assert message.claim == "" and "lease" in message.last_error
    assert smtp.messages == []


def test_an_address_that_cannot_be_written_fails_its_email_and_the_run_goes_on(
    smtp, caplog
) -> None:
    """Signed up before the form refused such addresses: building the email raises (a
    HeaderParseError here). That email fails; the others are sent; no run dies on it."""
    confirmed_alert('"\x0bx-injected:yes"@example.com', querystring="q=Ofsted")
    confirmed_alert("good@example.org", querystring="q=Ofsted")
    import_notice(OFSTED_PLAN)
    assert queue_alerts().messages == 2
    bad = OutboxMessage.objects.get(subscriber__email__startswith='"')

    result = send_alerts().sent

    assert (result.sent, result.failed) == (1, 1)
    assert [str(m["To"]) for m in smtp.messages] == ["good@example.org"]
    bad.refresh_from_db()
    assert bad.status == OutboxStatus.FAILED and bad.claim == ""
    assert bad.last_error and "injected" not in bad.last_error.lower()
    assert f"alert email {bad.pk} could not be" in caplog.text
    assert "injected" not in caplog.text.lower()  # nor in a traceback
    later = send_alerts(now=timezone.now() + timedelta(days=1))  # nothing left stuck
    assert later.sent.failed == 0 and len(smtp.messages) == 1


def test_it_retries_when_the_server_is_down(smtp, settings) -> None:
    one_queued_email()
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    assert send_outbox().retrying == 1
    settings.EMAIL_PORT = port
    assert send_outbox(now=timezone.now() + timedelta(minutes=6)).sent == 1
    assert len(smtp.messages) == 1


def test_a_hard_bounce_pauses_the_address(smtp) -> None:
    message = one_queued_email()
    smtp.refuse_rcpt = "550 5.1.1 No such user here"

    assert send_outbox().failed == 1

    message.refresh_from_db()
    subscriber = Subscriber.objects.get()
    assert message.status == OutboxStatus.FAILED
    assert subscriber.paused_at is not None and "550" in subscriber.pause_reason
    smtp.refuse_rcpt = None
    import_notice(ILACS)  # would match: a paused address is not matched
    assert queue_alerts().alerts_due == 0


def test_a_run_killed_after_writing_sends_on_the_next_run_and_once(smtp, monkeypatch) -> None:
    confirmed_alert(querystring="q=Ofsted")
    import_notice(OFSTED_PLAN)

    calls = []

    def killed_after_queueing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:  # the first sends what was pending; the run dies at the second
            raise SystemExit("killed")
        return send_outbox(**kwargs)

    monkeypatch.setattr(alerts_run, "send_outbox", killed_after_queueing)
    with pytest.raises(SystemExit):
        send_alerts()
    assert OutboxMessage.objects.get().status == OutboxStatus.QUEUED
    assert smtp.messages == []
    monkeypatch.undo()

    assert send_alerts().sent.sent == 1
    assert send_alerts().sent.sent == 0
    assert len(smtp.messages) == 1


def test_a_run_killed_after_smtp_took_it_resends_once_the_lease_passes(smtp, monkeypatch) -> None:
    """The one window with no certainty: SMTP took the email, the run died before marking
    it sent. It is sent again after the lease (at least once), with the same Message-ID."""
    one_queued_email()

    def killed(*args, **kwargs):
        raise SystemExit("killed")

    monkeypatch.setattr(sending, "mark_sent", killed)
    now = timezone.now()
    with pytest.raises(SystemExit):
        send_outbox(now=now)
    monkeypatch.undo()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENDING
    assert send_outbox(now=now + timedelta(minutes=10)).sent == 0  # the lease holds it

    assert send_outbox(now=now + sending.LEASE + timedelta(seconds=1)).sent == 1

    first, second = smtp.messages
    assert first["Message-ID"] == second["Message-ID"]
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_a_long_run_keeps_its_lease_from_when_it_claimed(smtp) -> None:
    """A run that began over a lease ago claims a batch now: the next run must not take
    that batch as expired (the lease runs from the claim, not from the run's start)."""
    message = one_queued_email()
    started = timezone.now() - sending.LEASE - timedelta(minutes=5)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=started)
    assert claim_messages(now=started) is not None
    assert claim_messages(now=timezone.now()) is None


def test_a_paused_addresses_queued_email_is_not_sent(smtp) -> None:
    message = one_queued_email()
    Subscriber.objects.filter(pk=message.subscriber_id).update(paused_at=timezone.now())
    assert send_outbox().sent == 0
    assert smtp.messages == [] and OutboxMessage.objects.get().status == OutboxStatus.QUEUED


def test_a_paused_address_still_gets_the_links_it_asks_for(client, smtp) -> None:
    """Paused by a hard bounce, its owner can come back only through a link: a new manage
    link and a confirmation are sent to it, while its alerts emails stay held."""
    held = one_queued_email()
    Subscriber.objects.update(paused_at=timezone.now(), pause_reason="550")
    assert client.post("/alerts/new-link/", {"email": "reader@example.org"}).status_code == 200
    sign_up = {"email": "reader@example.org", "kind": "search", "frequency": "asap"}
    assert client.post("/alerts/", sign_up | {"querystring": "q=school"}).status_code == 200

    assert send_alerts().sent.sent == 2

    assert sorted(str(m["Subject"]) for m in smtp.messages) == [
        "Confirm your email alert",
        "Your link to manage your email alerts",
    ]
    held.refresh_from_db()
    assert held.status == OutboxStatus.QUEUED


def test_a_hard_bounce_is_logged_by_its_codes_not_its_address(smtp, caplog) -> None:
    message = one_queued_email()
    smtp.refuse_rcpt = "550 5.1.1 No such user here"

    send_outbox()

    assert f"alert email {message.pk}" in caplog.text and "550" in caplog.text
    assert "reader@example.org" not in caplog.text


def test_a_soft_refusal_is_logged_by_its_codes_not_its_address(smtp, caplog) -> None:
    message = one_queued_email()
    smtp.refuse_rcpt = "450 4.2.0 Mailbox busy"

    assert send_outbox().retrying == 1

    assert f"alert email {message.pk}" in caplog.text and "450" in caplog.text
    assert "reader@example.org" not in caplog.text
    message.refresh_from_db()
    assert "reader@example.org" not in message.last_error and "450" in message.last_error


def test_a_batch_that_outlives_its_lease_is_not_sent_twice(smtp, monkeypatch) -> None:
    """Run A claims three emails and is slow: a lease passes before it sends the second,
    and run B takes and sends the two left. A checks its claim before each send, finds
    them gone, and skips them."""
    import_notice(PHASE_3)
    for n in range(3):
        confirmed_alert(f"reader{n}@example.org", kind=AlertKind.COUNCIL, target="herefordshire")
    import_notice(OFSTED_PLAN)
    assert queue_alerts().messages == 3
    started = timezone.now()
    run_a = claim_messages(now=started)
    mark_sent = sending.mark_sent

    def slow_then_overtaken(message, *, token, now):
        mark_sent(message, token=token, now=now)
        if token == run_a and len(smtp.messages) == 1:
            later = started + sending.LEASE + timedelta(minutes=1)
            monkeypatch.setattr(sending.timezone, "now", lambda: later)
            run_b = claim_messages(now=later)
            assert run_b is not None
            assert send_claimed(run_b, now=later).sent == 2

    monkeypatch.setattr(sending, "mark_sent", slow_then_overtaken)

    assert send_claimed(run_a, now=started).sent == 1

    assert sorted(str(m["To"]) for m in smtp.messages) == [
        f"reader{n}@example.org" for n in range(3)
    ]
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 3


def test_two_interleaved_runs_never_claim_one_email(smtp) -> None:
    one_queued_email()
    now = timezone.now()
    first = claim_messages(now=now)
    second = claim_messages(now=now)  # the other run, at the same moment
    assert first is not None and second is None
    assert send_claimed(first, now=now).sent == 1
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once")
def test_two_runs_at_once_send_each_email_once(smtp) -> None:
    import_notice(PHASE_3)
    for n in range(30):
        confirmed_alert(f"reader{n}@example.org", kind=AlertKind.COUNCIL, target="herefordshire")
    import_notice(OFSTED_PLAN)
    slow = smtp.handle_DATA

    async def slowly(server, session, envelope):
        time.sleep(0.01)
        return await slow(server, session, envelope)

    smtp.handle_DATA = slowly
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            send_alerts()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    runs = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    assert errors == []
    assert sorted(str(m["To"]) for m in smtp.messages) == sorted(
        f"reader{n}@example.org" for n in range(30)
    )
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 30
