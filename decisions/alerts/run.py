"""One run of the alerts, as `manage.py send_alerts` (and the scheduler, hourly) does it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from decisions.alerts.matching import Queued, queue_alerts
from decisions.alerts.sending import Sent, send_outbox
from decisions.alerts.services import Purged, purge_old


@dataclass(frozen=True)
class RunReport:
    purged: Purged
    queued: Queued
    sent: Sent

    def __str__(self) -> str:
        return (
            f"{self.queued.alerts_due} alerts due in {self.queued.groups} groups; "
            f"{self.queued.messages} emails queued; {self.sent.sent} sent, "
            f"{self.sent.retrying} to retry, {self.sent.failed} failed; "
            f"{self.purged.subscribers} unconfirmed sign-ups deleted"
        )


def send_alerts(*, now: datetime | None = None) -> RunReport:
    """Forget what is old, send what is pending (confirmations waiting for a worker, and
    retries due), match the due alerts and queue their emails, then send those."""
    now = now or timezone.now()
    purged = purge_old(now=now)
    pending = send_outbox(now=now)  # first: a confirmation need not wait for the matching
    queued = queue_alerts(now=now)
    sent = send_outbox(now=now)
    return RunReport(
        purged=purged,
        queued=queued,
        sent=Sent(
            sent=pending.sent + sent.sent,
            retrying=pending.retrying + sent.retrying,
            failed=pending.failed + sent.failed,
        ),
    )
