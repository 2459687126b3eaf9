"""Sending the outbox: claim queued emails, send them through Django's email backend, mark
each sent, and retry failures with backoff.

A claim is one conditional UPDATE (queued -> sending, with this run's token), so two runs
never claim one email; on PostgreSQL the rows are first locked with SKIP LOCKED, so a second
run takes other rows instead of waiting. An email left "sending" by a run that died is
claimed again once its lease has passed. SMTP has no way to ask whether a message arrived,
so that retry may send a second copy if the run died after the server took the message and
before the row was marked: at-least-once, in that one narrow window (the copy carries the
same Message-ID). Dying anywhere else (after queueing, before or while connecting, on a
refusal) sends the email exactly once.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from decisions.alerts.emails import as_email, render_digest
from decisions.alerts.kinds import LINK_PURPOSES, OutboxStatus
from decisions.alerts.models import OutboxMessage, Subscriber

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)
MAX_ATTEMPTS = 8  # 5 min, 10, 20, 40 min, 1h20, 2h40, 5h20: about ten hours in all
FIRST_RETRY = timedelta(minutes=5)
CLAIM_SIZE = 200


@dataclass(frozen=True)
class Sent:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure."""
    return FIRST_RETRY * 2 ** (attempts - 1)


def _claimable(now: datetime) -> Q:
    return Q(status=OutboxStatus.QUEUED, next_attempt_at__lte=now) | Q(
        _lease_passed(now), attempts__lt=MAX_ATTEMPTS
    )


def _lease_passed(now: datetime) -> Q:
    """Left "sending" by a run that died (or outlived its lease)."""
    return Q(status=OutboxStatus.SENDING, claimed_at__lt=now - LEASE)


def _deliverable() -> Q:
    """A hard bounce holds an address's alerts emails; the links it asks for (to confirm,
    to manage) still go, or its owner could never come back."""
    return Q(subscriber__paused_at__isnull=True) | Q(purpose__in=list(LINK_PURPOSES))


def give_up_expired(*, now: datetime) -> int:
    """Fail the emails whose last attempt's run died holding them: claimed again, they would
    be tried forever. How many."""
    return OutboxMessage.objects.filter(_lease_passed(now), attempts__gte=MAX_ATTEMPTS).update(
        status=OutboxStatus.FAILED, claim="", last_error="lease passed on the last attempt"
    )


def claim_messages(
    *,
    now: datetime,
    limit: int = CLAIM_SIZE,
    only: Collection[int] | None = None,
    purposes: Collection[str] | None = None,
) -> str | None:
    """Claim up to `limit` emails due now for this run (of `purposes`, if given); returns
    the claim token, or None when none is due."""
    token = uuid.uuid4().hex
    # The lease runs from when the claim is made, not from when the run began: a long run
    # must not make its own batches look expired to the next run.
    claimed_at = max(now, timezone.now())
    give_up_expired(now=now)
    with transaction.atomic():
        candidates = OutboxMessage.objects.filter(_claimable(now), _deliverable())
        if only is not None:
            candidates = candidates.filter(pk__in=list(only))
        if purposes is not None:
            candidates = candidates.filter(purpose__in=list(purposes))
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.order_by("pk").values_list("pk", flat=True)[:limit])
        if not ids:
            return None
        OutboxMessage.objects.filter(_claimable(now), pk__in=ids).update(
            status=OutboxStatus.SENDING,
            claim=token,
            claimed_at=claimed_at,
            attempts=F("attempts") + 1,
        )
    # Rows another run took between the two statements are simply not ours; the caller
    # claims again (the next candidates leave them out), so a race never ends a run early.
    return token


def still_ours(message: OutboxMessage, *, token: str) -> bool:
    """Renew this run's claim on one email just before it is sent; False if the claim is
    gone (the batch outlived its lease and another run took the email)."""
    return bool(
        OutboxMessage.objects.filter(
            pk=message.pk, claim=token, status=OutboxStatus.SENDING
        ).update(claimed_at=timezone.now())
    )


def send_claimed(token: str, *, now: datetime) -> Sent:
    """Send the emails this run claimed, one SMTP connection for them all. Whatever goes
    wrong with one email fails that email alone, never the run."""
    sent = retrying = failed = 0
    mail = get_connection(fail_silently=False)
    try:
        for message in OutboxMessage.objects.filter(
            claim=token, status=OutboxStatus.SENDING
        ).select_related("subscriber"):
            if not still_ours(message, token=token):
                continue  # another run has it now, and may have sent it
            try:
                if not message.text and not _rendered(message, token=token):
                    continue  # nothing left to send: its decisions were deleted
                email = as_email(message)
                email.message()  # built here, so an address no header can carry fails here
            except Exception as error:  # noqa: BLE001 - one bad row must not stop the run
                log.error("alert email %s could not be written: %s", message.pk, _kind(error))
                _give_up(message, f"could not be written: {_kind(error)}")
                failed += 1
                continue
            try:
                mail.send_messages([email])
            except smtplib.SMTPRecipientsRefused as error:
                codes = sorted({code for code, _ in error.recipients.values()})
                if codes and all(code >= 500 for code in codes):
                    log.warning("alert email %s refused for good: %s", message.pk, codes)
                    _bounced(message, f"refused: {_replies(error)}", now=now)
                    failed += 1
                    continue
                will_retry = _failed(message, f"refused: {_replies(error)}", codes, now=now)
                retrying += will_retry
                failed += 1 - will_retry
            except (smtplib.SMTPException, OSError) as error:
                mail.close()  # a fresh connection for the next one
                code = getattr(error, "smtp_code", None)
                will_retry = _failed(message, str(error), [code] if code else [], now=now)
                retrying += will_retry
                failed += 1 - will_retry
            except Exception as error:  # noqa: BLE001 - the backend's own fault, say
                mail.close()
                log.error("alert email %s could not be sent: %s", message.pk, _kind(error))
                _give_up(message, f"could not be sent: {_kind(error)}")
                failed += 1
            else:
                mark_sent(message, token=token, now=now)
                sent += 1
    finally:
        mail.close()
    return Sent(sent=sent, retrying=retrying, failed=failed)


def _kind(error: Exception) -> str:
    """An error named by its type alone: its text may quote the address."""
    return type(error).__name__


def _replies(error: smtplib.SMTPRecipientsRefused) -> str:
    """The server's replies to a refused recipient, without the addresses refused."""
    return "; ".join(
        f"{code} {reply.decode('utf-8', 'replace') if isinstance(reply, bytes) else reply}"
        for code, reply in error.recipients.values()
    )


def _rendered(message: OutboxMessage, *, token: str) -> bool:
    """Render a queued alerts email and keep its text and HTML, so a retry sends the same;
    False (and the row marked sent, with nothing sent) if none of its decisions are left."""
    content = render_digest(message)
    if content is None:
        OutboxMessage.objects.filter(pk=message.pk, claim=token).update(
            status=OutboxStatus.SENT, claim="", last_error="nothing left to send"
        )
        return False
    message.subject, message.text, message.html = (
        content["subject"],
        content["text"],
        content["html"],
    )
    OutboxMessage.objects.filter(pk=message.pk, claim=token).update(
        subject=message.subject, text=message.text, html=message.html
    )
    return True


def mark_sent(message: OutboxMessage, *, token: str, now: datetime) -> None:
    OutboxMessage.objects.filter(pk=message.pk, claim=token).update(
        status=OutboxStatus.SENT, sent_at=now, claim="", last_error=""
    )


def _failed(message: OutboxMessage, problem: str, codes: Collection[int], *, now: datetime) -> int:
    """Queue it again after a backoff, or give up after MAX_ATTEMPTS; 1 if it will retry.
    Logged by its id and reply codes only: the problem's text may quote the address (it is
    kept on the row, which only superusers see)."""
    log.warning(
        "alert email %s failed (attempt %s): %s",
        message.pk,
        message.attempts,
        ", ".join(map(str, codes)) or "no reply",
    )
    retry = message.attempts < MAX_ATTEMPTS
    OutboxMessage.objects.filter(pk=message.pk, claim=message.claim).update(
        status=OutboxStatus.QUEUED if retry else OutboxStatus.FAILED,
        next_attempt_at=now + backoff(message.attempts),
        claim="",
        last_error=problem[:2000],
    )
    return int(retry)


def _give_up(message: OutboxMessage, problem: str) -> None:
    """An email that no retry would help: it fails now."""
    OutboxMessage.objects.filter(pk=message.pk, claim=message.claim).update(
        status=OutboxStatus.FAILED, claim="", last_error=problem[:2000]
    )


def _bounced(message: OutboxMessage, reason: str, *, now: datetime) -> None:
    """A hard bounce: this email fails and the address is paused until its owner returns."""
    OutboxMessage.objects.filter(pk=message.pk, claim=message.claim).update(
        status=OutboxStatus.FAILED, claim="", last_error=reason[:2000]
    )
    Subscriber.objects.filter(pk=message.subscriber_id).update(
        paused_at=now, pause_reason=reason[:300]
    )


def send_outbox(
    *,
    now: datetime | None = None,
    only: Collection[int] | None = None,
    purposes: Collection[str] | None = None,
) -> Sent:
    """Send every email due now (of `purposes`, if given), a claim at a time."""
    now = now or timezone.now()
    totals = Sent()
    while (token := claim_messages(now=now, only=only, purposes=purposes)) is not None:
        batch = send_claimed(token, now=now)
        totals = Sent(
            sent=totals.sent + batch.sent,
            retrying=totals.retrying + batch.retrying,
            failed=totals.failed + batch.failed,
        )
    return totals
