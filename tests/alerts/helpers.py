"""Alerts made directly, for tests that are not about signing up."""

from __future__ import annotations

from django.utils import timezone

from decisions.alerts.kinds import AlertKind, Frequency
from decisions.alerts.models import Alert, MatchRun, Subscriber
from decisions.alerts.services import search_label


def confirmed_alert(
    email: str = "reader@example.org",
    *,
    kind: AlertKind = AlertKind.SEARCH,
    target: str = "",
    querystring: str = "",
    frequency: Frequency = Frequency.ASAP,
    include_changes: bool = False,
) -> Alert:
    """A confirmed alert of a confirmed address, reading changes from the next run on."""
    now = timezone.now()
    subscriber, _ = Subscriber.objects.get_or_create(email=email, defaults={"confirmed_at": now})
    last_run = MatchRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return Alert.objects.create(
        subscriber=subscriber,
        kind=kind,
        target=target,
        querystring=querystring,
        decision_id=int(target) if kind == AlertKind.DECISION else None,
        label=search_label(querystring) if kind == AlertKind.SEARCH else f"{kind} {target}",
        frequency=frequency,
        include_changes=include_changes,
        confirmed_at=now,
        last_run=last_run,
    )


def run_worker() -> list[str]:
    """What a django-q2 worker does with the queue (qcluster): take each queued task and
    run it through django-q2's own worker, here in this process (as its sync mode does, so
    that it keeps the test's database connection). The tasks' results."""
    from django_q.brokers import get_broker
    from django_q.conf import Conf
    from django_q.models import Task
    from django_q.tasks import _sync

    broker = get_broker()
    done = []
    sync, Conf.SYNC = Conf.SYNC, True
    try:
        while tasks := broker.dequeue():
            for ack_id, payload in tasks:
                done.append(_sync(payload))
                broker.acknowledge(ack_id)
    finally:
        Conf.SYNC = sync
    return [str(Task.objects.get(id=task_id).result) for task_id in done]
