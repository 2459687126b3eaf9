"""Scheduled work on django-q2: schedule_jobs makes the daily harvest's schedule once,
however often it runs; the daily job queues one task per council on the ORM broker; a
django-q2 task runs the harvest (sync mode: no cluster needed)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ, Schedule
from django_q.tasks import async_task, result

from decisions.models import Council, Decision
from decisions.moderngov.tasks import jobs, queue_harvests
from tests.fakes.kirklees_site import serve_council
from tests.moderngov.conftest import SINCE, roads


def test_schedule_jobs_makes_the_daily_harvest_once(db) -> None:
    out = StringIO()
    call_command("schedule_jobs", stdout=out)
    call_command("schedule_jobs", stdout=out)

    schedule = Schedule.objects.get(name="harvest ModernGov sites")
    assert schedule.schedule_type == Schedule.DAILY and schedule.repeats == -1
    assert schedule.func == "decisions.moderngov.tasks.queue_harvests"
    assert schedule.args == "()"
    alerts = Schedule.objects.get(name="send email alerts")
    assert alerts.schedule_type == Schedule.HOURLY and alerts.args == repr(("send_alerts",))
    lines = out.getvalue().splitlines()
    assert lines.count("created: harvest ModernGov sites") == 1
    assert lines.count("up to date: harvest ModernGov sites") == 1
    assert lines.count("created: send email alerts") == 1
    assert len(jobs()) == Schedule.objects.count() == 3


def test_a_django_q_task_runs_the_harvest(kirklees, settings, monkeypatch) -> None:
    # Q_CLUSTER["sync"] = True, as django-q2 reads it (once, into Conf, at import).
    monkeypatch.setattr(Conf, "SYNC", True)
    settings.HARVEST_REQUEST_INTERVAL = 0.0
    # The command harvests up to today: every list from SINCE is served (one that is not
    # would fail the run, and the task).
    serve_council(kirklees.site, [roads()], since=SINCE, until=timezone.localdate())

    task_id = async_task(
        "decisions.moderngov.tasks.run_command", "harvest", "kirklees", f"--since={SINCE}"
    )

    assert "kirklees: created 1" in result(task_id)
    assert Decision.objects.filter(reference="I50060001").exists()


def test_the_hourly_alerts_job_runs_send_alerts(db) -> None:
    from decisions.moderngov.tasks import ALERT_JOBS, run_command

    sending = ALERT_JOBS[0]
    out = run_command(sending.command, *sending.args)
    assert "0 alerts due in 0 groups; 0 emails queued; 0 sent" in out


def test_a_job_that_exits_non_zero_is_a_failed_task_not_a_dead_worker(monkeypatch) -> None:
    from decisions.moderngov import tasks

    def exits(*args, **kwargs):
        kwargs["stdout"].write("1 decision failed")
        raise SystemExit(1)

    monkeypatch.setattr(tasks, "call_command", exits)
    with pytest.raises(RuntimeError, match="harvest exited with 1:\n1 decision failed"):
        tasks.run_command("harvest")


def test_the_daily_harvest_queues_one_task_per_council_with_a_moderngov_site(db) -> None:
    for slug, url in (
        ("leeds", "https://democracy.leeds.gov.uk/"),
        ("bury", "https://councildecisions.bury.gov.uk/"),
        ("rutland", ""),  # no ModernGov site: nothing to harvest
    ):
        Council.objects.create(name=slug.title(), slug=slug, moderngov_url=url)
    assert not Conf.SYNC and OrmQ.objects.count() == 0

    said = queue_harvests()

    queued = [q.task for q in OrmQ.objects.order_by("id")]
    assert [(t["func"], t["args"], t["name"], t["group"]) for t in queued] == [
        ("decisions.moderngov.tasks.run_command", ("harvest", "bury"), "harvest bury", "harvest"),
        ("decisions.moderngov.tasks.run_command", ("harvest", "leeds"), "harvest leeds", "harvest"),
    ]
    assert said == "queued 2 council harvests: bury, leeds"


def test_the_readme_and_the_module_say_the_daily_job_queues_a_task_per_council() -> None:
    from pathlib import Path

    from decisions.moderngov import tasks

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "The daily job\n  queues one task per council (`harvest SLUG`)" in readme
    assert "it queues one task per council with a ModernGov URL" in " ".join(tasks.__doc__.split())
