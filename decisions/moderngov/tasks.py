"""The archive's scheduled jobs, run by django-q2 (settings.Q_CLUSTER: the database is its
broker, so nothing else need run). Each job is a management command, as healthchecks'
sendalerts is: the schedule only says when. `manage.py schedule_jobs` makes them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command


@dataclass(frozen=True)
class Job:
    """A command run on a schedule: django-q2's schedule type (D daily, H hourly...)."""

    name: str
    command: str
    schedule_type: str
    args: tuple[str, ...] = ()


HARVEST = Job("harvest ModernGov sites", "harvest", "D")
# The email alerts' jobs, when that app is installed: hourly sending (each alert's own
# frequency decides what a run sends it), and a daily sweep of unconfirmed sign-ups.
ALERT_JOBS = (
    Job("send email alerts", "send_alerts", "H"),
    Job("delete unconfirmed alert sign-ups", "purge_unconfirmed_alerts", "D"),
)


def jobs() -> tuple[Job, ...]:
    """Every job of the installed apps."""
    from django.apps import apps

    return (HARVEST, *(ALERT_JOBS if apps.is_installed("decisions.alerts") else ()))


def run_command(command: str, *args: str) -> str:
    """What a scheduled job runs: one management command, its output kept as the result."""
    from io import StringIO

    out = StringIO()
    try:
        call_command(command, *args, stdout=out)
    except SystemExit as exit_:
        # A command that exits non-zero (a harvest with a failed decision) is a failed task
        # django-q2 records, not the end of its worker: it catches Exception, not SystemExit.
        raise RuntimeError(f"{command} exited with {exit_.code}:\n{out.getvalue()}") from None
    return out.getvalue()
