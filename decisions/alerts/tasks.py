"""Delivering the outbox out of the request: a sign-up (or a request for a new link) writes
its email to the outbox and asks a django-q2 worker to send it, so the page answers at
once, in the same time whether or not the address is known, and a stalled SMTP server
holds a worker, never a web request.

With no worker running (`make run` serves the site alone), the task waits in the queue
and the next `manage.py send_alerts`, which delivers what is pending before it matches,
sends the email; so does the scheduler's hourly run.
"""

from __future__ import annotations

import logging

from django.db import transaction

from decisions.alerts.kinds import LINK_PURPOSES
from decisions.alerts.sending import send_outbox

log = logging.getLogger(__name__)

DELIVER = "decisions.alerts.tasks.deliver_links"


def deliver_links() -> str:
    """The task: send the confirmation and link emails due now (the alerts emails are
    send_alerts' work)."""
    sent = send_outbox(purposes=LINK_PURPOSES)
    return f"{sent.sent} sent, {sent.retrying} to retry, {sent.failed} failed"


def deliver_soon() -> None:
    """Ask a worker to deliver the outbox's links now. The broker is the database
    (Q_CLUSTER["orm"]), so inside a transaction the task commits with the email or not
    at all. The email is in the outbox already: if the queue cannot take the task,
    send_alerts sends it."""
    from django_q.tasks import async_task

    try:
        with transaction.atomic():  # a savepoint: a failure here spoils nothing around it
            async_task(DELIVER, group="alerts-links")
    except Exception:
        log.exception("could not queue the alerts' link delivery: send_alerts will send it")
