"""The alerts' writes: sign up, confirm, change, stop, and forget what is old."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db import connection, transaction
from django.http import QueryDict
from django.utils import timezone

from decisions.alerts import emails
from decisions.alerts.bounces import BounceReport
from decisions.alerts.kinds import AlertKind, Frequency, OutboxStatus, Purpose
from decisions.alerts.models import (
    Alert,
    ChangeEvent,
    MatchRun,
    OutboxMessage,
    Subscriber,
    new_secret,
)
from decisions.alerts.ratelimit import purge_counts
from decisions.alerts.selectors import council_names, target_name
from decisions.search.filters import DecisionFilter
from decisions.search.params import FILTER_LABELS, FILTER_PARAMS

UNCONFIRMED_KEPT = timedelta(days=7)
SENT_KEPT = timedelta(days=30)  # sent and failed emails, for the admin to look into
EVENTS_KEPT = timedelta(days=35)  # past a weekly alert's reach, and a few weeks paused


class AlertRefused(ValueError):
    """A sign-up naming nothing that can be followed (an unknown councillor, a bad search)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def normalised_query(params: Mapping[str, Any]) -> str:
    """A search's query string as an alert keeps it: only the filters (no page or sort),
    empty ones dropped, in a fixed order, so two people's same search is one string."""
    if isinstance(params, QueryDict):
        pairs = [(name, value) for name in FILTER_PARAMS for value in params.getlist(name)]
    else:
        pairs = [(name, params[name]) for name in FILTER_PARAMS if name in params]
    return urlencode([(name, str(value).strip()) for name, value in pairs if str(value).strip()])


def search_label(querystring: str, council_names: Mapping[str, str] | None = None) -> str:
    """How a search alert is named: "Search: ‘school’, Council: Herefordshire Council", each
    council by its name in `council_names` (by slug), else by its slug."""
    params = QueryDict(querystring)
    names = council_names or {}
    parts = []
    for name in FILTER_PARAMS:
        for value in params.getlist(name):
            label = FILTER_LABELS[name].chip
            if name == "q":
                parts.append(f"{label}: ‘{value}’")
            else:
                shown = names.get(value, value) if name == "council" else value
                parts.append(f"{label}: {shown}")
    return "Every new decision" if not parts else "Decisions matching " + ", ".join(parts)


def _label(kind: AlertKind, target: str, querystring: str) -> str:
    if kind == AlertKind.SEARCH:
        return search_label(querystring, council_names(QueryDict(querystring).getlist("council")))
    name = target_name(kind, target)
    if name is None:
        raise AlertRefused("target", f"There is no such {kind.value} to follow")
    return {
        AlertKind.COUNCILLOR: f"Decisions signed by Councillor {name}",
        AlertKind.COUNCIL: f"Decisions of {name}",
        AlertKind.TIMELINE: f"Decisions on the timeline ‘{name}’",
        AlertKind.DECISION: f"Changes to ‘{name}’",
    }[kind]


@dataclass(frozen=True)
class AlertRequest:
    kind: AlertKind
    target: str
    querystring: str
    frequency: Frequency
    include_changes: bool


def check_alert(
    *, kind: str, target: str, querystring: str, frequency: str, include_changes: bool
) -> AlertRequest:
    """What a sign-up asks to follow, checked; raises AlertRefused naming the bad field."""
    kind = AlertKind(kind)
    if kind == AlertKind.SEARCH:
        target = ""
        querystring = normalised_query(QueryDict(querystring))
        search = DecisionFilter(QueryDict(querystring))
        if not search.is_valid():
            raise AlertRefused("querystring", "Correct the search before asking for alerts on it")
    else:
        querystring = ""
        if (
            kind in (AlertKind.DECISION, AlertKind.TIMELINE)
            and target.isascii()
            and target.isdigit()
        ):
            target = str(int(target))  # "012" follows what matching calls "12"
        _label(kind, target, "")
    return AlertRequest(
        kind=kind,
        target=target,
        querystring=querystring,
        frequency=Frequency(frequency),
        include_changes=include_changes or kind == AlertKind.DECISION,
    )


def sign_up(*, email: str, alert: AlertRequest, now: datetime | None = None) -> OutboxMessage:
    """Record an unconfirmed alert for this address and queue the email that confirms it.

    Whatever the address, one email is written to the outbox and none is sent here, so the
    caller answers the same, in the same time: an address following this exactly already
    gets a link to manage its alerts instead of a second confirmation.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        row, created = Alert.objects.get_or_create(
            subscriber=subscriber,
            kind=alert.kind,
            target=alert.target,
            querystring=alert.querystring,
            defaults={
                "label": _label(alert.kind, alert.target, alert.querystring),
                "decision_id": int(alert.target) if alert.kind == AlertKind.DECISION else None,
                "frequency": alert.frequency,
                "include_changes": alert.include_changes,
                "requested_at": now,
            },
        )
        if row.confirmed_at is not None and subscriber.confirmed_at is not None:
            purpose, content = Purpose.LINK, emails.already_following(subscriber, row)
        else:
            if not created:  # asked for again: the new link gets a week of its own
                row.frequency, row.include_changes = alert.frequency, alert.include_changes
                row.requested_at = now
                row.save(update_fields=["frequency", "include_changes", "requested_at"])
            purpose, content = Purpose.CONFIRM, emails.confirmation(subscriber, row)
        return OutboxMessage.objects.create(
            subscriber=subscriber,
            purpose=purpose,
            key=f"{purpose}:{row.pk}:{now.timestamp():.6f}",
            next_attempt_at=now,
            **content,
        )


def confirm_alert(subscriber: Subscriber, alert_id: int | None) -> Alert | None:
    """Confirm the alert (and with it the address). It reads changes from the next run on."""
    now = timezone.now()
    with transaction.atomic():
        alert = subscriber.alerts.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            return None
        if alert.confirmed_at is None:
            alert.confirmed_at = now
            alert.last_run = latest_run_id()
            alert.save(update_fields=["confirmed_at", "last_run"])
        if subscriber.confirmed_at is None:
            subscriber.confirmed_at = now
            subscriber.save(update_fields=["confirmed_at"])
    return alert


def latest_run_id() -> int:
    """The newest MatchRun's id, counting one still running: an alert confirmed now must not
    get, from the next run, the changes a run begun before it took. On PostgreSQL a running
    run's row is not yet visible, but the id its sequence handed out is."""
    committed = MatchRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if connection.vendor != "postgresql":
        return committed
    table = MatchRun._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'id'))", [table])
        (handed_out,) = cursor.fetchone()
    return max(committed, handed_out or 0)


def set_frequency(alert: Alert, frequency: str) -> None:
    alert.frequency = Frequency(frequency)
    alert.save(update_fields=["frequency"])


def stop_alert(alert: Alert) -> None:
    alert.delete()


def stop_all(subscriber: Subscriber) -> None:
    """Forget the address: its alerts, its outbox, and with them every link sent to it."""
    subscriber.delete()


def resume(subscriber: Subscriber) -> None:
    """Send again to an address paused (by a bounce or a complaint): its owner came back
    through a link. Every confirm and manage link sent before is revoked, the one used too
    (the caller gives a new one): a link that reached someone else must not outlive the
    pause. The unsubscribe links stay good: all they can do is stop."""
    subscriber.paused_at = None
    subscriber.pause_reason = ""
    subscriber.secret = new_secret()
    subscriber.save(update_fields=["paused_at", "pause_reason", "secret"])


def pause_addresses(*, reports: Sequence[BounceReport], now: datetime | None = None) -> int:
    """Pause each reported address (a hard bounce or a complaint from the relay): nothing
    more is sent to it until its owner resumes from a link. How many were paused now; an
    unknown address, or one paused already, is passed over."""
    now = now or timezone.now()
    paused = 0
    with transaction.atomic():
        for report in reports:
            paused += Subscriber.objects.filter(email=report.email, paused_at__isnull=True).update(
                paused_at=now, pause_reason=report.pause_reason[:300]
            )
    return paused


def send_manage_link(*, email: str, now: datetime | None = None) -> OutboxMessage | None:
    """Queue a new manage link for a confirmed address; nothing for any other (the caller
    answers the same either way). Not sent here: a worker's task or send_alerts sends it."""
    now = now or timezone.now()
    subscriber = Subscriber.objects.filter(
        email=email.strip().lower(), confirmed_at__isnull=False
    ).first()
    if subscriber is None:
        return None
    return OutboxMessage.objects.create(
        subscriber=subscriber,
        purpose=Purpose.LINK,
        key=f"link:{subscriber.pk}:{now.timestamp():.6f}",
        next_attempt_at=now,
        **emails.manage_link(subscriber),
    )


@dataclass(frozen=True)
class Purged:
    subscribers: int
    alerts: int
    messages: int
    events: int
    rate_counts: int = 0


def purge_old(*, now: datetime | None = None) -> Purged:
    """Delete sign-ups unconfirmed after 7 days, emails sent (or failed) over 30 days ago,
    change events past every alert's reach and the rate limits' counts of past hours."""
    now = now or timezone.now()
    cutoff = now - UNCONFIRMED_KEPT
    subscribers, _ = (
        Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        .exclude(alerts__requested_at__gte=cutoff)  # signed up again: its new link still works
        .delete()
    )
    alerts, _ = Alert.objects.filter(confirmed_at__isnull=True, requested_at__lt=cutoff).delete()
    messages, _ = OutboxMessage.objects.filter(
        status__in=[OutboxStatus.SENT, OutboxStatus.FAILED], created_at__lt=now - SENT_KEPT
    ).delete()
    events, _ = ChangeEvent.objects.filter(
        run__isnull=False, created_at__lt=now - EVENTS_KEPT
    ).delete()
    MatchRun.objects.filter(started_at__lt=now - EVENTS_KEPT, events__isnull=True).delete()
    return Purged(
        subscribers=subscribers,
        alerts=alerts,
        messages=messages,
        events=events,
        rate_counts=purge_counts(now=now),
    )
