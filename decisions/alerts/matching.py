"""Matching: which decisions each due alert gets this run, written to the outbox.

A run marks every change event not yet read with itself, then takes the alerts that are due
(by frequency). Alerts that follow the same thing (same kind and target or normalised query
string) form one group, and each group is matched once, against the decisions whose events
fall in the run window of its alerts:

- a search group: the list page's own FilterSet (DecisionFilter) over its query string,
  restricted to those decisions; the groups' queries go to the database 100 at a time,
  as one UNION ALL;
- councillor, council and timeline groups: inverted, one query each for all their groups,
  reading each candidate decision's signatory, council and timelines;
- a decision group: its decision's own change events.

Every candidate is matched by its content, withdrawn or not (a withdrawn decision keeps its
record and search document): a withdrawn one then reaches only the alerts that asked for
changes, as the news that it was withdrawn, and never as new; its link answers with the
archive's "withdrawn" page.

Then each alert keeps only the decisions whose events are newer than its own last run,
each address gets one email holding every match of every alert once (queued as decision
ids and reasons; rendered as it is first sent), and the alerts move their last run on,
all in one transaction, so an email is queued exactly once.
The work grows with the distinct searches (one UNION branch each, over the run's new
decisions, not the archive) and the number of alerts (a dictionary look-up each).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db import connection, transaction
from django.db.models import IntegerField, Q, QuerySet, Value
from django.http import QueryDict
from django.utils import timezone

from decisions.alerts import emails
from decisions.alerts.kinds import PERIODS, AlertKind, Purpose
from decisions.alerts.models import Alert, ChangeEvent, MatchRun, OutboxMessage, Subscriber
from decisions.models import Decision
from decisions.search.filters import DecisionFilter
from decisions.vocabulary import ChangeKind

SEARCHES_PER_QUERY = 100
RANGE_GAP = 50  # ids this close are read as one range, the ids between dropped after
MAX_RANGES = 20
BATCH = 500
UPDATE_BATCH = 5_000  # ids in one UPDATE: inside SQLite's 32,766 parameters
LOCK_ID = 2020_0001  # PostgreSQL advisory lock: one matching at a time
CHANGE_REASONS = {
    ChangeKind.UPDATED: "its record changed",
    ChangeKind.CORRECTED: "it was corrected",
    ChangeKind.WITHDRAWN: "it was withdrawn",
}
NEW = "new"


@dataclass(frozen=True)
class Queued:
    run: int
    alerts_due: int
    groups: int
    messages: int
    seconds: dict[str, float] = field(default_factory=dict)  # by phase, for the benchmark


def is_due(alert: Alert, now: datetime) -> bool:
    return alert.last_run_at is None or now - alert.last_run_at >= PERIODS[alert.frequency]


def _lock() -> None:
    """Matchings one at a time: a run's alerts move on to its events in one go. SQLite's
    write transactions (IMMEDIATE) are one at a time already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])


def queue_alerts(*, now: datetime | None = None) -> Queued:
    """Match every due alert against the changes since its last run and queue the emails."""
    now = now or timezone.now()
    clock = _Clock()
    with transaction.atomic():
        _lock()
        run = MatchRun.objects.create()
        ChangeEvent.objects.filter(run__isnull=True).update(run=run)
        due = [
            alert
            for alert in Alert.objects.live()
            .filter(last_run__lt=run.pk)
            .only(
                "pk",
                "subscriber_id",
                "kind",
                "target",
                "querystring",
                "label",
                "frequency",
                "include_changes",
                "last_run",
                "last_run_at",
                "decision_id",
            )
            if is_due(alert, now)
        ]
        if not due:
            return Queued(run=run.pk, alerts_due=0, groups=0, messages=0)
        since = min(alert.last_run for alert in due)
        window = ChangeEvent.objects.filter(run_id__gt=since, run_id__lte=run.pk)
        # decision -> [(run, kind)], for every decision seen or changed in the window
        history: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for run_id, decision_id, kind in window.values_list("run_id", "decision_id", "kind"):
            history[decision_id].append((run_id, kind))
        groups: dict[tuple[str, str, str], list[Alert]] = defaultdict(list)
        for alert in due:
            groups[alert.group_key].append(alert)
        clock.lap("alerts and events read")
        matched = _match_groups(groups, window) if history else {}
        withdrawn = _withdrawn(history) if history else set()
        clock.lap("groups matched")
        per_subscriber = _per_subscriber(due, matched, history, withdrawn)
        clock.lap("matches gathered by address")
        messages = _write_outbox(per_subscriber, run=run.pk, now=now)
        clock.lap("emails written")
        for start in range(0, len(due), UPDATE_BATCH):
            Alert.objects.filter(pk__in=[a.pk for a in due[start : start + UPDATE_BATCH]]).update(
                last_run=run.pk, last_run_at=now
            )
        clock.lap("alerts moved on")
    return Queued(
        run=run.pk, alerts_due=len(due), groups=len(groups), messages=messages, seconds=clock.laps
    )


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self.last
        self.last = now


def _match_groups(
    groups: dict[tuple[str, str, str], list[Alert]], window: QuerySet[ChangeEvent]
) -> dict[tuple[str, str, str], set[int]]:
    """For each group, the candidate decisions it matches (whatever their events' runs), by
    their content, withdrawn ones too (_reasons decides what a withdrawn one is worth)."""
    candidate_ids = sorted(set(window.values_list("decision_id", flat=True)))
    candidates = Decision.objects.filter(_among(candidate_ids))
    matched: dict[tuple[str, str, str], set[int]] = {key: set() for key in groups}
    kinds = {key[0] for key in groups}
    searches = [key for key in groups if key[0] == AlertKind.SEARCH]
    reusable = _Searches(candidates)
    for start in range(0, len(searches), SEARCHES_PER_QUERY):
        batch = searches[start : start + SEARCHES_PER_QUERY]
        for n, pk in _search_matches([key[2] for key in batch], reusable):
            matched[batch[n]].add(pk)
    if kinds & {AlertKind.COUNCILLOR, AlertKind.COUNCIL}:
        for pk, councillor, council in candidates.values_list(
            "pk", "signatory__slug", "council__slug"
        ):
            for key in (
                (AlertKind.COUNCILLOR, councillor or "", ""),
                (AlertKind.COUNCIL, council, ""),
            ):
                if key in matched:
                    matched[key].add(pk)
    if AlertKind.TIMELINE in kinds and apps.is_installed("decisions.timelines"):
        from decisions.timelines.models import TimelineMembership

        # A timeline is followed by its id: slugs are unique only within a council. A
        # membership an admin removed (hidden) is not the decision being on the timeline.
        for pk, timeline_id in (
            TimelineMembership.objects.current()
            .filter(decision__in=candidates)
            .values_list("decision_id", "timeline_id")
        ):
            key = (AlertKind.TIMELINE, str(timeline_id), "")
            if key in matched:
                matched[key].add(pk)
    for key in groups:
        if key[0] == AlertKind.DECISION:
            matched[key].add(int(key[1]))  # its own events decide, in _per_subscriber
    wanted = set(candidate_ids)
    return {key: found & wanted for key, found in matched.items()}


def _withdrawn(history: dict[int, list[tuple[int, str]]]) -> set[int]:
    """Which of the candidates are withdrawn from the archive now."""
    ids = sorted(history)
    return set(Decision.objects.withdrawn().filter(_among(ids)).values_list("pk", flat=True)) & set(
        ids
    )


def _among(ids: list[int]) -> Q:
    """A condition that holds for these decisions (sorted ids) and perhaps a few more,
    which the caller drops: id ranges, which the planner reads from the primary key and
    which keep each search's SQL to a few parameters. A day's new decisions have ids close
    together; changed ones far apart add a range each."""
    ranges: list[list[int]] = []
    for pk in ids:
        if ranges and pk - ranges[-1][1] <= RANGE_GAP:
            ranges[-1][1] = pk
        else:
            ranges.append([pk, pk])
    if len(ranges) > MAX_RANGES:
        return Q(pk__in=ids)
    condition = Q(pk__in=[])
    for low, high in ranges:
        condition |= Q(pk__gte=low, pk__lte=high)
    return condition


class _Searches:
    """The list page's FilterSet, read with one query string after another.

    django-filter deep-copies every filter when a FilterSet is made, and Django every field
    when a form is, which costs more than matching one query string against a day's
    decisions; so one FilterSet and its form are made, and for each query string they are
    given the new data and forget what they cleaned for the last. What is validated and
    filtered, and how, is the FilterSet's own code, as on the list page
    (tests/alerts/test_matching.py checks it gives what a fresh FilterSet gives).
    """

    def __init__(self, candidates: QuerySet[Decision]) -> None:
        self.filterset = DecisionFilter(QueryDict(""), queryset=candidates)

    def matches(self, querystring: str) -> QuerySet[Decision]:
        data = QueryDict(querystring)
        filterset = self.filterset
        filterset.data, filterset.is_bound = data, True
        filterset.__dict__.pop("_qs", None)
        form = filterset.__dict__.get("_form")
        if form is not None:
            form.data, form.is_bound, form._errors = data, True, None
            form._bound_fields_cache = {}
            form.__dict__.pop("cleaned_data", None)
        return filterset.matches


def _search_matches(querystrings: list[str], searches: _Searches) -> Iterable[tuple[int, int]]:
    """(n, decision id) for each of these searches' matches among the candidates: the list
    page's FilterSet for each, in one UNION ALL."""
    branches = [
        searches.matches(querystring)
        .order_by()
        .annotate(alert_group=Value(n, output_field=IntegerField()))
        .values_list("alert_group", "pk")
        for n, querystring in enumerate(querystrings)
    ]
    if len(branches) == 1:
        return branches[0]
    return branches[0].union(*branches[1:], all=True)


def _reasons(
    alert: Alert, decision_id: int, events: list[tuple[int, str]], *, withdrawn: bool
) -> list[str]:
    """Why this decision is in this alert's email, from its events after the alert's last
    run: new to the archive, or (for a decision alert, or when asked) changed. A decision
    withdrawn now is only ever news of its withdrawal, to an alert that asked for changes,
    and not when it arrived in the same window (the alert never heard of it)."""
    kinds = {kind for run, kind in events if run > alert.last_run}
    if not kinds:
        return []
    wants_changes = alert.include_changes or alert.kind == AlertKind.DECISION
    if withdrawn:
        if wants_changes and ChangeKind.WITHDRAWN in kinds and ChangeKind.CREATED not in kinds:
            return [f"{alert.label}: {CHANGE_REASONS[ChangeKind.WITHDRAWN]}"]
        return []
    if ChangeKind.CREATED in kinds and alert.kind != AlertKind.DECISION:
        return [f"New: {alert.label}"]
    if wants_changes:
        # Withdrawn and restored since: it is back, which "its record changed" says.
        changes = [
            text
            for kind, text in CHANGE_REASONS.items()
            if kind in kinds and kind != ChangeKind.WITHDRAWN
        ]
        if not changes and ChangeKind.WITHDRAWN in kinds:
            changes = [CHANGE_REASONS[ChangeKind.UPDATED]]
        if changes:
            return [f"{alert.label}: {', '.join(changes)}"]
    return []


def _per_subscriber(
    due: list[Alert],
    matched: dict[tuple[str, str, str], set[int]],
    history: dict[int, list[tuple[int, str]]],
    withdrawn: set[int],
) -> dict[int, dict[int, list[str]]]:
    """subscriber -> decision -> reasons: every match of every alert of an address, each
    decision once."""
    result: dict[int, dict[int, list[str]]] = defaultdict(dict)
    for alert in due:
        for decision_id in matched.get(alert.group_key, ()):
            reasons = _reasons(
                alert,
                decision_id,
                history.get(decision_id, []),
                withdrawn=decision_id in withdrawn,
            )
            if reasons:
                result[alert.subscriber_id].setdefault(decision_id, []).extend(reasons)
    return result


def _write_outbox(
    per_subscriber: dict[int, dict[int, list[str]]], *, run: int, now: datetime
) -> int:
    """One queued email per address; rendered as it is sent (sending.py)."""
    rows = []
    ids = sorted(per_subscriber)
    for start in range(0, len(ids), BATCH):
        for subscriber in Subscriber.objects.filter(pk__in=ids[start : start + BATCH]).only(
            "pk", "secret", "unsubscribe_secret"
        ):
            rows.append(
                OutboxMessage(
                    subscriber=subscriber,
                    purpose=Purpose.ALERTS,
                    key=f"alerts:{subscriber.pk}:{run}",
                    next_attempt_at=now,
                    **emails.queued_digest(subscriber, per_subscriber[subscriber.pk]),
                )
            )
    OutboxMessage.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
