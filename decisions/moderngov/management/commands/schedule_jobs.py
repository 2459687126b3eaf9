"""Make (or bring up to date) the schedules of the archive's scheduled jobs.

Usage:
    python manage.py schedule_jobs

One django-q2 schedule per job in decisions/moderngov/tasks.py `jobs()` (the daily
harvest, which queues one task per council; with the alerts app, hourly sending and a
daily sweep of unconfirmed sign-ups).
Run it as often as you like: a schedule that exists is updated, never doubled.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django_q.models import Schedule

from decisions.moderngov.tasks import jobs


class Command(BaseCommand):
    help = "Create or update the schedules of the archive's jobs (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for job in jobs():
            _, created = Schedule.objects.update_or_create(
                name=job.name,
                defaults={
                    "func": job.func,
                    "args": repr(job.schedule_args),
                    "schedule_type": job.schedule_type,
                    "repeats": -1,
                },
            )
            self.stdout.write(f"{'created' if created else 'up to date'}: {job.name}")
