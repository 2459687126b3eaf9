"""Reads of timelines: the timeline pages and API, and other pages (which timelines a
decision is on, and its links). Views build no querysets of their own."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from decisions.models import Council, Decision
from decisions.selectors import all_decisions, decisions_by_reference
from decisions.timelines.models import DecisionLink, Timeline, TimelineEvent

# An event the public sees: one of no decision, or of a decision not withdrawn.
PUBLISHED_EVENT = Q(decision__isnull=True) | Q(decision__withdrawn_at__isnull=True)


@dataclass(frozen=True)
class DecisionStory:
    """Where one decision sits in the archive's stories."""

    timelines: list[Timeline]
    follows_up: list[DecisionLink]
    followed_up_by: list[DecisionLink]

    def __bool__(self) -> bool:
        return bool(self.timelines or self.follows_up or self.followed_up_by)


def timelines_of(decision: Decision) -> list[Timeline]:
    """Every timeline the decision is on (and an admin has not taken it off), by title."""
    return list(
        Timeline.objects.filter(memberships__decision=decision, memberships__hidden=False)
        .select_related("council")
        .order_by("title")
    )


def decision_story(decision: Decision) -> DecisionStory:
    """The decision's timelines and its follow-up links both ways: two queries."""
    links = list(
        DecisionLink.objects.touching(decision).filter(
            earlier__withdrawn_at__isnull=True, later__withdrawn_at__isnull=True
        )
    )
    return DecisionStory(
        timelines=timelines_of(decision),
        follows_up=[link for link in links if link.later_id == decision.pk],
        followed_up_by=[link for link in links if link.earlier_id == decision.pk],
    )


def all_timelines() -> list[Timeline]:
    """Every timeline, with its council, by title and then council."""
    return list(Timeline.objects.select_related("council").order_by("title", "council__name"))


def timelines_with_counts(council: Council | None = None) -> QuerySet[Timeline]:
    """Every timeline (or one council's) with `member_count` and its council, by title and
    then council (GROUP BY ignores Meta.ordering)."""
    timelines = Timeline.objects.with_member_counts().select_related("council")
    if council is not None:
        timelines = timelines.filter(council=council)
    return timelines.order_by("title", "council__name", "pk")


def timeline_by_slug(council: str, slug: str) -> Timeline | None:
    """A council's timeline, by the council's slug and its own, with the council loaded."""
    return (
        Timeline.objects.select_related("council").filter(council__slug=council, slug=slug).first()
    )


def timelines_named(slug: str) -> list[Timeline]:
    """Every council's timeline with this slug (an old /timelines/<slug>/ address names
    them all), with their councils, by council name."""
    return list(
        Timeline.objects.select_related("council").filter(slug=slug).order_by("council__name")
    )


def councils_for_timelines() -> QuerySet[Council]:
    """The councils the timeline list can be narrowed to, by name."""
    return Council.objects.order_by("name")


def timeline_events(timeline: Timeline) -> list[TimelineEvent]:
    """The events a timeline page shows, each with its decision (and its council, which
    names its page) and clause."""
    return list(
        TimelineEvent.objects.visible()
        .filter(PUBLISHED_EVENT, timeline=timeline)
        .select_related("decision__council", "clause__parent")
    )


def timelines_with_visible_events() -> QuerySet[Timeline]:
    """Timelines with `member_count` and `visible_events`, in date order, each with its
    decision and clause (and the clause's parents, which make its key)."""
    return (
        Timeline.objects.with_member_counts()
        .select_related("council")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=TimelineEvent.objects.visible()
                .filter(PUBLISHED_EVENT)
                .select_related("decision__council", "clause__parent__parent")
                .in_date_order(),
                to_attr="visible_events",
            ),
        )
    )


def timeline_members(timeline: Timeline) -> QuerySet[Decision]:
    """The decisions on a timeline (those an admin has not taken off): the timeline member
    query. Unordered: each reader sorts and shapes them as it lists them."""
    return Decision.objects.published().filter(
        timeline_memberships__timeline=timeline, timeline_memberships__hidden=False
    )


def decisions_with_reference(reference: str, *, council: str | None) -> QuerySet[Decision]:
    """The published decision with this reference in this council (by slug), or, with no
    council named, every council's that has the reference."""
    if council is not None:
        return decisions_by_reference(council, reference)
    return all_decisions().filter(reference=reference)


def timelines_for_sitemap() -> QuerySet[Timeline]:
    """Each timeline with what its address needs: its slug and its council's."""
    return (
        Timeline.objects.select_related("council")
        .order_by("council__slug", "slug")
        .only("slug", "council__slug")
    )
