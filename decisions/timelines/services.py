"""Keep timelines in step with decisions: membership, extracted events and follow-up links.

The rules are pure Python in ``rules/``, one registered ``TimelineRules`` per timeline slug.
Timelines are a council's: this service applies the rules of each slug to each council's own
decisions, onto that council's timeline of the slug (made when its first member is found), so
a decision is only ever on, dated on or linked on a timeline of its own council. It never
undoes an admin: memberships an admin removed stay removed, events an admin added, edited or removed
are left alone, and so are links an admin hid or made (``origin`` and ``hidden``).

``update_timelines`` is the one entry point the rest of the archive uses: it is registered
as the archive's post-import (derived) step, and the import pipeline and the decision admin
run it through ``decisions.seams``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields

from django.db import transaction
from django.db.models import F, QuerySet

from decisions.clause_keys import clause_keys_by_id
from decisions.models import Clause, Council, Decision, stored_clause_keys
from decisions.timelines.models import DecisionLink, Timeline, TimelineEvent, TimelineMembership
from decisions.timelines.rules import (
    DecisionSummary,
    EventKind,
    ExtractedEvent,
    Origin,
    Precision,
    TimelineRules,
    registered,
    rules_for,
)

CHUNK = 500
DECISION_KEY = "decision"
_EVENT_FIELDS = (
    "clause",
    "precision",
    "title",
    "source_sentence",
    "date",
    "date_basis",
    "known_by",
    "tied_to",
)
SUMMARY_FIELDS = (
    "reference",
    "decision_date",
    "title",
    "purpose",
    "options_considered",
    "decision_text",
)


@dataclass(frozen=True)
class RefreshSummary:
    """What a refresh changed."""

    memberships_added: int = 0
    memberships_removed: int = 0
    events_added: int = 0
    events_removed: int = 0
    links_added: int = 0
    links_removed: int = 0

    def __add__(self, other: RefreshSummary) -> RefreshSummary:
        return RefreshSummary(
            *(getattr(self, f.name) + getattr(other, f.name) for f in fields(self))
        )


def event_key(event: ExtractedEvent) -> str:
    """What identifies an extracted event across re-imports, even after an admin edits it."""
    return f"{event.kind}|{event.date.isoformat()}|{event.end_date or ''}"


def summarise(decision: Decision) -> DecisionSummary:
    """The plain summary the rules read (load the decision's clauses first)."""
    return DecisionSummary(
        reference=decision.reference,
        decision_date=decision.decision_date,
        title=decision.title,
        purpose=decision.purpose,
        clauses=summary_clauses(
            [(c.pk, c.label, c.position, c.parent_id, c.text) for c in decision.clauses.all()]
        ),
        options_considered=decision.options_considered,
        decision_text=decision.decision_text,
    )


# A stored clause as the rules' summary is built from it: (id, label, position, parent, text).
ClauseRow = tuple[int, str, int, int | None, str]


def summary_clauses(rows: Sequence[ClauseRow]) -> tuple[tuple[str, str, str], ...]:
    """(key, label, text) of each clause, from rows in the notice's order."""
    keys = clause_keys_by_id(
        [(pk, label, position, parent) for pk, label, position, parent, _ in rows]
    )
    return tuple((keys[pk], label, text) for pk, label, _, _, text in rows)


# Each council's timeline of each registered slug that exists so far: (council id, slug).
CouncilTimelines = dict[tuple[int, str], Timeline]


def update_timelines(decision_ids: Collection[int], *, final: bool = True) -> RefreshSummary:
    """Re-apply each timeline's rules to these decisions; when final, re-link follow-ups.

    Follow-up links compare every decision on a timeline, so a caller working in chunks
    passes final=False for each chunk and calls once more with final=True at the end.
    """
    timelines = _council_timelines()
    ids = list(decision_ids)
    summary = RefreshSummary()
    with transaction.atomic():
        for start in range(0, len(ids), CHUNK):
            summary += _refresh_chunk(ids[start : start + CHUNK], timelines)
        if final:
            summary += relink_follow_ups()
    return summary


def reapply_timeline_rules(*, councils: QuerySet[Council] | None = None) -> RefreshSummary:
    """Re-apply every timeline's rules to every decision (or those of these councils), then
    re-link follow-ups."""
    decisions = (
        Decision.objects.all()
        if councils is None
        else Decision.objects.filter(council__in=councils)
    )
    return update_timelines(list(decisions.values_list("pk", flat=True)))


def _ruled_timelines() -> list[tuple[Timeline, TimelineRules]]:
    """Stored timelines that have registered rules (admin-only timelines have none)."""
    return [
        (timeline, rules)
        for timeline in Timeline.objects.order_by("council_id", "slug")
        if (rules := rules_for(timeline.slug)) is not None
    ]


def _council_timelines() -> CouncilTimelines:
    """Every council's stored timeline of each registered slug."""
    slugs = [rules.slug for rules in registered()]
    return {
        (timeline.council_id, timeline.slug): timeline
        for timeline in Timeline.objects.filter(slug__in=slugs)
    }


def _timeline_of(council_id: int, rules: TimelineRules, timelines: CouncilTimelines) -> Timeline:
    """The council's timeline of these rules, made (and remembered) on its first member."""
    key = (council_id, rules.slug)
    if key not in timelines:
        timelines[key], _ = Timeline.objects.get_or_create(
            council_id=council_id,
            slug=rules.slug,
            defaults={"title": rules.timeline_title, "description": rules.description},
        )
    return timelines[key]


def _summaries(ids: list[int]) -> dict[int, tuple[int, DecisionSummary]]:
    """The council and summary of each of these decisions, read as plain values: no model
    instances.

    The rules read only a summary, and for most decisions of a chunk they only answer
    "not a member"; building Decision and Clause instances for all of them was most of
    this step's time in a first import.
    """
    clauses: dict[int, list[ClauseRow]] = defaultdict(list)
    rows = Clause.objects.filter(decision_id__in=ids).order_by("decision_id", "position", "id")
    for decision_id, *row in rows.values_list(
        "decision_id", "pk", "label", "position", "parent_id", "text"
    ):
        clauses[decision_id].append(tuple(row))
    return {
        pk: (
            council_id,
            DecisionSummary(
                reference=reference,
                decision_date=decision_date,
                title=title,
                purpose=purpose,
                clauses=summary_clauses(clauses.get(pk, [])),
                options_considered=options_considered,
                decision_text=decision_text,
            ),
        )
        for (
            pk,
            council_id,
            reference,
            decision_date,
            title,
            purpose,
            options_considered,
            decision_text,
        ) in Decision.objects.filter(pk__in=ids).values_list("pk", "council_id", *SUMMARY_FIELDS)
    }


def _refresh_chunk(ids: list[int], timelines: CouncilTimelines) -> RefreshSummary:
    summaries = _summaries(ids)
    every_rules = registered()
    memberships = {
        (m.timeline_id, m.decision_id): m
        for m in TimelineMembership.objects.filter(decision_id__in=ids).annotate(
            timeline_council_id=F("timeline__council_id")
        )
    }
    new_memberships: list[TimelineMembership] = []
    # What the rules put on another council's timeline (none should be) comes off.
    stale_memberships: list[int] = [
        m.pk
        for (_, pk), m in memberships.items()
        if pk in summaries and m.origin == Origin.RULE and m.timeline_council_id != summaries[pk][0]
    ]
    member_ids: list[tuple[Timeline, TimelineRules, int]] = []
    for pk, (council_id, summary) in summaries.items():
        for rules in every_rules:
            wanted = rules.is_member(summary)
            timeline = timelines.get((council_id, rules.slug))
            if timeline is None and not wanted:
                continue  # the council has no such timeline yet, and this decision makes none
            if timeline is None:
                timeline = _timeline_of(council_id, rules, timelines)
            membership = memberships.get((timeline.pk, pk))
            if membership is None:
                if wanted:
                    new_memberships.append(TimelineMembership(timeline=timeline, decision_id=pk))
                    member_ids.append((timeline, rules, pk))
                continue
            if membership.origin == Origin.RULE and not wanted:
                stale_memberships.append(membership.pk)
            elif not membership.hidden:
                member_ids.append((timeline, rules, pk))
    TimelineMembership.objects.bulk_create(new_memberships)
    TimelineMembership.objects.filter(pk__in=stale_memberships).delete()
    # Events need the members' clauses as rows (an event names its clause): members only.
    decisions = Decision.objects.filter(pk__in={pk for _, _, pk in member_ids})
    by_id = {d.pk: d for d in decisions.only(*SUMMARY_FIELDS).prefetch_related("clauses")}
    members = [(timeline, rules, by_id[pk]) for timeline, rules, pk in member_ids]
    events_added, events_removed = _refresh_events(ids, members)
    return RefreshSummary(
        len(new_memberships), len(stale_memberships), events_added, events_removed
    )


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


def _extracted_events(
    timeline: Timeline, rules: TimelineRules, decision: Decision
) -> dict[str, TimelineEvent]:
    clauses = list(decision.clauses.all())
    # Events name their clause by key, so a roman "j-i" is never the letter clause "i".
    keys = stored_clause_keys(clauses)
    by_key = {keys[clause.pk]: clause for clause in clauses}
    events = {DECISION_KEY: _decision_event(timeline, decision)}
    for event in rules.extract_events(summarise(decision)):
        if event.kind not in rules.event_kinds:
            continue
        events.setdefault(
            event_key(event),
            TimelineEvent(
                timeline=timeline,
                decision=decision,
                clause=by_key.get(event.clause_key) if event.clause_key else None,
                date=event.date,
                end_date=event.end_date,
                precision=event.precision,
                date_basis=event.date_basis,
                known_by=event.known_by,
                tied_to=event.tied_to or "",
                kind=event.kind,
                title=event.title[:300],
                source_sentence=event.sentence,
                extraction_key=event_key(event),
            ),
        )
    return events


def _refresh_events(
    ids: list[int], members: list[tuple[Timeline, TimelineRules, Decision]]
) -> tuple[int, int]:
    existing: dict[tuple[int, int], dict[str, TimelineEvent]] = {}
    for event in TimelineEvent.objects.filter(decision_id__in=ids, origin=Origin.RULE):
        existing.setdefault((event.timeline_id, event.decision_id), {})[event.extraction_key] = (
            event
        )
    to_create: list[TimelineEvent] = []
    to_update: list[TimelineEvent] = []
    keep: set[int] = set()
    for timeline, rules, decision in members:
        current = existing.get((timeline.pk, decision.pk), {})
        for key, fresh in _extracted_events(timeline, rules, decision).items():
            old = current.get(key)
            if old is None:
                to_create.append(fresh)
                continue
            keep.add(old.pk)
            if old.edited_by_admin or old.hidden:
                continue
            if any(getattr(old, f) != getattr(fresh, f) for f in _EVENT_FIELDS):
                for f in _EVENT_FIELDS:
                    setattr(old, f, getattr(fresh, f))
                to_update.append(old)
    removable = [
        event.pk
        for events in existing.values()
        for event in events.values()
        if event.pk not in keep and not event.edited_by_admin and not event.hidden
    ]
    TimelineEvent.objects.bulk_create(to_create)
    TimelineEvent.objects.bulk_update(to_update, list(_EVENT_FIELDS))
    TimelineEvent.objects.filter(pk__in=removable).delete()
    return len(to_create), len(removable)


def relink_follow_ups() -> RefreshSummary:
    """Re-find follow-up links among each timeline's current decisions, by its own rules:
    only its own council's, so a link never joins two councils' decisions."""
    added = removed = 0
    for timeline, rules in _ruled_timelines():
        members = (
            Decision.objects.filter(
                timeline_memberships__timeline=timeline,
                timeline_memberships__hidden=False,
                # A reference names one decision within a council: the rules link by it.
                council_id=timeline.council_id,
            )
            .distinct()
            # Only what summarise() reads: the verbatim source text can be a megabyte each.
            .only(*SUMMARY_FIELDS)
            .prefetch_related("clauses")
        )
        ids = {d.reference: d.pk for d in members}
        wanted = {
            (ids[f.earlier], ids[f.later]): f.reason
            for f in rules.find_follow_ups([summarise(d) for d in members])
        }
        existing = {
            (link.earlier_id, link.later_id): link
            for link in DecisionLink.objects.filter(timeline=timeline)
        }
        new = [
            DecisionLink(timeline=timeline, earlier_id=earlier, later_id=later, reason=reason[:300])
            for (earlier, later), reason in wanted.items()
            if (earlier, later) not in existing
        ]
        stale = [
            link.pk
            for key, link in existing.items()
            if key not in wanted and link.origin == Origin.RULE and not link.hidden
        ]
        DecisionLink.objects.bulk_create(new)
        DecisionLink.objects.filter(pk__in=stale).delete()
        added, removed = added + len(new), removed + len(stale)
    return RefreshSummary(links_added=added, links_removed=removed)
