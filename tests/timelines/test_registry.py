"""Each timeline has its own rules: a second timeline gets none of the first one's events or
links, and the first gets none of the second's."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

import pytest

from decisions.councils import first_council
from decisions.timelines.models import DecisionLink, Timeline, TimelineEvent, TimelineMembership
from decisions.timelines.rules import (
    CHILDRENS_SERVICES_IMPROVEMENT,
    DecisionSummary,
    EventKind,
    ExtractedEvent,
    FollowUp,
    TimelineRules,
    register,
    registered,
    rules_for,
    unregister,
)
from decisions.timelines.services import update_timelines
from tests.factories import make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401  (the `seeds` fixture)

pytestmark = pytest.mark.django_db

LITTER = "street-cleanliness"
_LITTER = re.compile(r"\blitter\b", re.IGNORECASE)


def _litter_events(decision: DecisionSummary) -> list[ExtractedEvent]:
    """Every litter decision mentions a meeting on 1 March 2024 (a made-up rule)."""
    return [
        ExtractedEvent(
            date=date(2024, 3, 1),
            end_date=None,
            precision="day",
            kind=EventKind.MEETING,
            title="Litter summit",
            sentence=decision.title,
            source_field="purpose",
            clause_key=None,
        ),
        # A kind this timeline does not show: the service must drop it.
        ExtractedEvent(
            date=date(2024, 3, 2),
            end_date=None,
            precision="day",
            kind=EventKind.INSPECTION,
            title="Ofsted inspection",
            sentence=decision.title,
            source_field="purpose",
            clause_key=None,
        ),
    ]


def _litter_follow_ups(decisions: Sequence[DecisionSummary]) -> list[FollowUp]:
    """Each litter decision follows up the one before it."""
    ordered = sorted(decisions, key=lambda d: d.decision_date)
    return [
        FollowUp(a.reference, b.reference, "next litter step")
        for a, b in zip(ordered, ordered[1:], strict=False)
    ]


@pytest.fixture
def litter_timeline() -> Iterator[Timeline]:
    register(
        TimelineRules(
            slug=LITTER,
            is_member=lambda d: bool(_LITTER.search(f"{d.title} {d.purpose}")),
            extract_events=_litter_events,
            find_follow_ups=_litter_follow_ups,
            event_kinds=(EventKind.DECISION, EventKind.MEETING),
        )
    )
    yield Timeline.objects.create(council=first_council(), slug=LITTER, title="Street cleanliness")
    unregister(LITTER)


def test_it_registers_the_childrens_services_rules_first() -> None:
    assert registered()[0].slug == CHILDRENS_SERVICES_IMPROVEMENT
    assert rules_for("no-such-timeline") is None


def test_it_refuses_rules_without_the_decision_kind() -> None:
    with pytest.raises(ValueError, match="must include 'decision'"):
        register(
            TimelineRules(
                slug="broken",
                is_member=lambda d: True,
                extract_events=lambda d: [],
                find_follow_ups=lambda ds: [],
                event_kinds=(EventKind.MEETING,),
            )
        )
    assert rules_for("broken") is None


def test_nothing_leaks_between_two_timelines(seeds, litter_timeline: Timeline) -> None:
    first = make_decision(
        title="Litter bins in Ross-on-Wye",
        purpose="To replace the litter bins.",
        decision_date=date(2024, 1, 10),
    )
    second = make_decision(
        title="Litter enforcement contract",
        purpose="To award the litter enforcement contract.",
        decision_date=date(2024, 6, 10),
    )
    seed_ids = [decision.pk for decision in seeds.values()]
    update_timelines([first.pk, second.pk, *seed_ids])

    litter_members = set(
        TimelineMembership.objects.filter(timeline=litter_timeline).values_list(
            "decision__reference", flat=True
        )
    )
    assert litter_members == {first.reference, second.reference}
    litter_events = TimelineEvent.objects.filter(timeline=litter_timeline)
    assert sorted(litter_events.values_list("kind", flat=True)) == [
        "decision",
        "decision",
        "meeting",
        "meeting",
    ]
    assert not litter_events.filter(title__icontains="Ofsted").exists()
    assert list(
        DecisionLink.objects.filter(timeline=litter_timeline).values_list(
            "earlier__reference", "later__reference"
        )
    ) == [(first.reference, second.reference)]

    childrens = Timeline.objects.get(slug=CHILDRENS_SERVICES_IMPROVEMENT)
    assert not TimelineMembership.objects.filter(
        timeline=childrens, decision__in=[first, second]
    ).exists()
    assert not TimelineEvent.objects.filter(timeline=childrens, title="Litter summit").exists()
    assert set(
        DecisionLink.objects.filter(timeline=childrens).values_list(
            "earlier__reference", "later__reference"
        )
    ) == {("I50042913", "I50043387"), ("I50052101", "I50053845")}


def test_a_timeline_page_filters_by_its_own_kinds(client, litter_timeline: Timeline) -> None:
    # A kind is offered once it has a point (no "(0)" choices): an admin adds a meeting.
    TimelineEvent.objects.create(
        timeline=litter_timeline,
        date=date(2024, 3, 1),
        kind="meeting",
        title="Litter summit",
        origin="admin",
    )
    html = client.get("/herefordshire/timelines/street-cleanliness/").content.decode()
    assert 'value="meeting"' in html
    assert 'value="inspection"' not in html
    assert (
        client.get("/herefordshire/timelines/street-cleanliness/?kind=inspection").status_code
        == 400
    )


def test_a_decision_page_shows_every_timeline_it_is_on(client, litter_timeline: Timeline) -> None:
    decision = make_decision(
        title="Litter picking by children's services volunteers",
        purpose="To thank volunteers for litter picking.",
    )
    childrens = Timeline.objects.get(slug=CHILDRENS_SERVICES_IMPROVEMENT)
    TimelineMembership.objects.create(timeline=childrens, decision=decision, origin="admin")
    update_timelines([decision.pk])

    html = client.get(decision.get_absolute_url()).content.decode()
    assert 'href="/herefordshire/timelines/street-cleanliness/"' in html
    assert 'href="/herefordshire/timelines/childrens-services-improvement/"' in html
