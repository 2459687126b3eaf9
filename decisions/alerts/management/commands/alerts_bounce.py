"""Pause addresses that bounced hard or complained, as a mail relay reported them (by
email, say, where it has no webhook to call).

Usage:
    python manage.py alerts_bounce someone@example.org [other@example.org ...]
        [--kind bounce|complaint] [--reason "550 5.1.1 no such user"]

Every address is checked first; then all are paused in one transaction. An address the
archive does not know, or one paused already, is passed over.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from decisions.alerts.bounces import KINDS, BounceError, parse_report
from decisions.alerts.services import pause_addresses


class Command(BaseCommand):
    help = "Pause email-alert addresses that bounced hard or complained."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("emails", nargs="+", metavar="EMAIL")
        parser.add_argument("--kind", choices=KINDS, default="bounce")
        parser.add_argument("--reason", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            reports = [
                parse_report(email=email, kind=options["kind"], reason=options["reason"])
                for email in options["emails"]
            ]
        except BounceError as error:
            raise CommandError(str(error)) from None
        paused = pause_addresses(reports=reports)
        self.stdout.write(f"{len(reports)} reported, {paused} paused now.")
