"""Delete sign-ups left unconfirmed for 7 days, old emails and change events, and the rate
limits' counts of past hours.

Usage:
    python manage.py purge_unconfirmed_alerts

send_alerts does this at the start of every run; this does it alone.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from decisions.alerts.services import purge_old


class Command(BaseCommand):
    help = (
        "Delete alert sign-ups unconfirmed after 7 days, old emails, old change events and "
        "past hours' rate-limit counts."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        purged = purge_old()
        self.stdout.write(
            f"Deleted {purged.subscribers} unconfirmed addresses, {purged.alerts} unconfirmed "
            f"alerts, {purged.messages} old emails, {purged.events} old change events and "
            f"{purged.rate_counts} past rate-limit counts."
        )
