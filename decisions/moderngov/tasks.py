"""The archive's scheduled jobs, run by django-q2 (settings.Q_CLUSTER: the database is its
broker, so nothing else need run). Each job is a management command, as healthchecks'
sendalerts is: the schedule only says when. `manage.py schedule_jobs` makes them.

The daily harvest is not one task: it queues one task per council with a ModernGov URL
(`manage.py harvest SLUG`), so one council's first harvest, which can take hours, keeps no
other council waiting, the cluster's workers share them out, and the task timeout
(Q_CLUSTER["timeout"]) applies to each council alone. The council's lease still keeps two
harvests of one council from running at once, whichever workers take them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command

RUN_COMMAND = "decisions.moderngov.tasks.run_command"
QUEUE_HARVESTS = "decisions.moderngov.tasks.queue_harvests"


@dataclass(frozen=True)
class Job:
    """A command run on a schedule: django-q2's schedule type (D daily, H hourly...). The
    schedule calls `func`: run_command with the command, or another function of this
    module with `args`."""

    name: str
    command: str
    schedule_type: str
    args: tuple[str, ...] = ()
    func: str = RUN_COMMAND

    @property
    def schedule_args(self) -> tuple[str, ...]:
        """The arguments the schedule passes to `func`."""
        return (self.command, *self.args) if self.func == RUN_COMMAND else self.args


HARVEST = Job("harvest ModernGov sites", "harvest", "D", func=QUEUE_HARVESTS)
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


def queue_harvests() -> str:
    """The daily harvest: queue one task a council with a ModernGov URL, each running
    `manage.py harvest SLUG`; what was queued is the result."""
    from django_q.tasks import async_task

    from decisions.moderngov.runner import harvestable_councils

    slugs = [council.slug for council in harvestable_councils()]
    for slug in slugs:
        async_task(RUN_COMMAND, "harvest", slug, task_name=f"harvest {slug}", group="harvest")
    return f"queued {len(slugs)} council harvests: {', '.join(slugs) or 'none'}"
