"""Match the email alerts against what changed and send the emails: one run.

Usage:
    python manage.py send_alerts

The scheduler runs it hourly. It deletes sign-ups left unconfirmed for 7 days, matches
every due alert (by its frequency) against the decisions the archive saw arrive or change
since that alert last ran, writes one email per address to the outbox, and sends the
outbox, retrying earlier failures whose backoff has passed. Two runs at once are safe.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decisions.alerts.run import send_alerts


class Command(BaseCommand):
    help = "Match the email alerts and send their emails (one run; the scheduler runs it hourly)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(send_alerts()))
