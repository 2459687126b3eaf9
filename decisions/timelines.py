"""Keep timelines in step with decisions: membership, extracted events and follow-up links.

The rules themselves are pure Python in decisions/parsing (membership.py, events.py,
followups.py). This service applies them to stored decisions and never undoes an admin:
memberships an admin removed stay removed (`excluded`), events an admin added, edited or
removed (`added_by_admin`, `edited_by_admin`, `hidden`) are left alone, and so are links
an admin hid or made.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from decisions.models import (
    Clause,
    Decision,
    DecisionLink,
    EventKind,
    MembershipSource,
    Precision,
    Timeline,
    TimelineEvent,
    TimelineMembership,
)
from decisions.parsing.events import ExtractedEvent, extract_events
from decisions.parsing.followups import DecisionSummary, find_follow_ups
from decisions.parsing.membership import parse_timelines

CHUNK = 500


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh changed."""

    memberships_added: int = 0
    memberships_removed: int = 0
    events_added: int = 0
    events_removed: int = 0
    links_added: int = 0
    links_removed: int = 0


def event_key(event: ExtractedEvent) -> str:
    """What identifies an extracted event across re-imports, even after an admin edits it."""
    return f"{event.kind}|{event.date.isoformat()}|{event.end_date or ''}"


DECISION_KEY = "decision"


def _decision_event(timeline: Timeline, decision: Decision) -> TimelineEvent:
    first_clause = next(iter(decision.clauses.all()), None)
    return TimelineEvent(
        timeline=timeline,
        decision=decision,
        clause=first_clause,
        date=decision.decision_date,
        precision=Precision.DAY,
        kind=EventKind.DECISION,
        title=decision.title[:300],
        source_sentence=first_clause.text if first_clause else decision.decision_text,
        extraction_key=DECISION_KEY,
    )


def _extracted_events(timeline: Timeline, decision: Decision) -> dict[str, TimelineEvent]:
    clauses = list(decision.clauses.all())
    # Events name a clause by label only: prefer the top-level clause with that label.
    by_label: dict[str, Clause] = {}
    for clause in sorted(clauses, key=lambda c: c.parent_id is not None):
        by_label.setdefault(clause.label, clause)
    found = extract_events(
        decision_date=decision.decision_date,
        purpose=decision.purpose,
        clauses=[(c.label, c.text) for c in clauses],
        options_considered=decision.options_considered,
    )
    events = {DECISION_KEY: _decision_event(timeline, decision)}
    for event in found:
        events.setdefault(
            event_key(event),
            TimelineEvent(
                timeline=timeline,
                decision=decision,
                clause=by_label.get(event.clause_label) if event.clause_label else None,
                date=event.date,
                end_date=event.end_date,
                precision=event.precision,
                kind=event.kind,
                title=event.title[:300],
                source_sentence=event.sentence,
                extraction_key=event_key(event),
            ),
        )
    return events


def refresh_timelines(
    decision_ids: Iterable[int] | None = None, *, links: bool = True
) -> RefreshSummary:
    """Re-apply the timeline rules to these decisions (all when None), then re-link follow-ups.

    Follow-up links compare every decision on a timeline; a caller refreshing in chunks can
    pass links=False for each chunk and relink once at the end.
    """
    timelines = {t.slug: t for t in Timeline.objects.all()}
    if decision_ids is None:
        ids = list(Decision.objects.values_list("pk", flat=True))
    else:
        ids = list(decision_ids)
    totals = [0, 0, 0, 0]
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            counts = _refresh_chunk(ids[start : start + CHUNK], timelines)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        links_added, links_removed = _refresh_links() if links else (0, 0)
    return RefreshSummary(*totals, links_added, links_removed)


def _refresh_chunk(ids: list[int], timelines: dict[str, Timeline]) -> tuple[int, int, int, int]:
    decisions = list(Decision.objects.filter(pk__in=ids).prefetch_related("clauses"))
    memberships = {
        (m.timeline_id, m.decision_id): m
        for m in TimelineMembership.objects.filter(decision_id__in=ids)
    }
    new_memberships: list[TimelineMembership] = []
    stale_memberships: list[int] = []
    members: list[tuple[Timeline, Decision]] = []
    for decision in decisions:
        wanted = {
            timelines[slug].pk
            for slug in parse_timelines(
                title=decision.title,
                purpose=decision.purpose,
                decision_text=decision.decision_text,
                options_considered=decision.options_considered,
            )
            if slug in timelines
        }
        for timeline in timelines.values():
            membership = memberships.get((timeline.pk, decision.pk))
            if membership is None:
                if timeline.pk in wanted:
                    new_memberships.append(TimelineMembership(timeline=timeline, decision=decision))
                    members.append((timeline, decision))
                continue
            if membership.source == MembershipSource.RULE and timeline.pk not in wanted:
                stale_memberships.append(membership.pk)
            elif not membership.excluded:
                members.append((timeline, decision))
    TimelineMembership.objects.bulk_create(new_memberships)
    TimelineMembership.objects.filter(pk__in=stale_memberships).delete()
    events_added, events_removed = _refresh_events(ids, members)
    return len(new_memberships), len(stale_memberships), events_added, events_removed


def _refresh_events(ids: list[int], members: list[tuple[Timeline, Decision]]) -> tuple[int, int]:
    existing: dict[tuple[int, int], dict[str, TimelineEvent]] = {}
    for event in TimelineEvent.objects.filter(decision_id__in=ids, added_by_admin=False):
        existing.setdefault((event.timeline_id, event.decision_id), {})[event.extraction_key] = (
            event
        )
    to_create: list[TimelineEvent] = []
    to_update: list[TimelineEvent] = []
    keep: set[int] = set()
    for timeline, decision in members:
        current = existing.get((timeline.pk, decision.pk), {})
        for key, fresh in _extracted_events(timeline, decision).items():
            old = current.get(key)
            if old is None:
                to_create.append(fresh)
                continue
            keep.add(old.pk)
            if old.edited_by_admin or old.hidden:
                continue
            fields = ("clause", "precision", "title", "source_sentence", "date")
            if any(getattr(old, f) != getattr(fresh, f) for f in fields):
                for f in fields:
                    setattr(old, f, getattr(fresh, f))
                to_update.append(old)
    removable = [
        event.pk
        for events in existing.values()
        for event in events.values()
        if event.pk not in keep and not event.edited_by_admin and not event.hidden
    ]
    TimelineEvent.objects.bulk_create(to_create)
    TimelineEvent.objects.bulk_update(
        to_update, ["clause", "precision", "title", "source_sentence", "date"]
    )
    TimelineEvent.objects.filter(pk__in=removable).delete()
    return len(to_create), len(removable)


def _refresh_links() -> tuple[int, int]:
    members = (
        Decision.objects.filter(timeline_memberships__excluded=False)
        .distinct()
        .prefetch_related("clauses")
    )
    summaries = [
        DecisionSummary(
            reference=d.reference,
            decision_date=d.decision_date,
            title=d.title,
            purpose=d.purpose,
            clauses=tuple((c.label, c.text) for c in d.clauses.all()),
            options_considered=d.options_considered,
        )
        for d in members
    ]
    ids = {d.reference: d.pk for d in members}
    wanted = {(ids[f.earlier], ids[f.later]): f.reason for f in find_follow_ups(summaries)}
    existing = {(link.earlier_id, link.later_id): link for link in DecisionLink.objects.all()}
    new = [
        DecisionLink(earlier_id=earlier, later_id=later, reason=reason[:300])
        for (earlier, later), reason in wanted.items()
        if (earlier, later) not in existing
    ]
    stale = [
        link.pk
        for key, link in existing.items()
        if key not in wanted and link.source == MembershipSource.RULE and not link.hidden
    ]
    DecisionLink.objects.bulk_create(new)
    DecisionLink.objects.filter(pk__in=stale).delete()
    return len(new), len(stale)
