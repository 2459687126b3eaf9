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
