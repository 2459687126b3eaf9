"""Timeline presentation: dates at their precision, merged mentions, the overview layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from decisions.timelines.display import (
    OverviewPoint,
    build_overview,
    format_event_date,
    format_event_when,
    group_by_year,
    merge_events,
)


@pytest.mark.parametrize(
    ("start", "end", "precision", "expected"),
    [
        (date(2022, 7, 1), None, "month", "July 2022"),
        (date(2025, 11, 10), date(2025, 11, 21), "day", "10–21 November 2025"),
        (date(2025, 11, 30), date(2025, 12, 2), "day", "30 November – 2 December 2025"),
        (date(2025, 12, 30), date(2026, 1, 2), "day", "30 December 2025 – 2 January 2026"),
        (date(2022, 12, 20), None, "day", "20 December 2022"),
        (date(2018, 1, 1), None, "year", "2018"),
    ],
)
def test_it_writes_dates_at_their_precision(start, end, precision, expected) -> None:
    assert format_event_date(start, end, precision) == expected


@dataclass
class Event:
    pk: int
    kind: str
    date: date
    end_date: date | None = None
    precision: str = "day"
    title: str = "Ofsted judgement: inadequate"
    date_basis: str = "stated"
    known_by: date | None = None
    tied_to: str = ""


def inferred(pk: int, kind: str, known_by: date, **fields: object) -> Event:
    """A fact a notice states without a date, as the rules store it."""
    return Event(pk, kind, known_by, date_basis="inferred", known_by=known_by, **fields)


@pytest.mark.parametrize(
    ("basis", "known_by", "tied_to", "expected"),
    [
        ("stated", None, "", "July 2022"),
        ("inferred", date(2022, 12, 15), "", "by 15 December 2022"),
        (
            "tied",
            date(2022, 12, 15),
            "inspection",
            "After the inspection of July 2022 (known by 15 December 2022)",
        ),
        (
            "tied",
            date(2024, 6, 1),
            "monitoring_visit",
            "After the monitoring visit of July 2022 (known by 1 June 2024)",
        ),
    ],
)
def test_it_says_how_each_date_is_known(basis, known_by, tied_to, expected) -> None:
    when = format_event_when(
        date(2022, 7, 1), None, "month", date_basis=basis, known_by=known_by, tied_to=tied_to
    )
    assert when == expected


def test_an_inferred_date_is_never_written_as_a_bare_date() -> None:
    when = format_event_when(
        date(2022, 12, 15), None, "day", date_basis="inferred", known_by=date(2022, 12, 15)
    )
    assert when.startswith("by ")


def test_it_merges_mentions_of_one_happening_but_never_decisions() -> None:
    events = [
        Event(1, "inspection", date(2022, 7, 1), precision="month"),
        Event(2, "inspection", date(2022, 7, 1), precision="month"),
        Event(3, "decision", date(2022, 9, 29)),
        inferred(4, "judgement", date(2022, 9, 29)),
        Event(5, "decision", date(2022, 9, 29)),
        inferred(6, "judgement", date(2025, 7, 17)),
        Event(7, "deadline", date(2022, 12, 20)),
        inferred(8, "judgement", date(2026, 2, 5), title="Ofsted judgement: good"),
    ]
    items = merge_events(events)
    assert [(i.event.pk, [a.pk for a in i.also]) for i in items] == [
        (1, [2]),
        (4, [6]),
        (3, []),
        (5, []),
        (7, []),
        (8, []),
    ]
    assert items[0].label == "July 2022"
    assert items[1].label == "by 29 September 2022"


def test_a_tied_mention_places_the_fact_and_later_citations_join_it() -> None:
    events = [
        inferred(1, "judgement", date(2025, 7, 17)),
        Event(2, "decision", date(2022, 12, 15)),
        Event(
            3,
            "judgement",
            date(2022, 7, 1),
            precision="month",
            date_basis="tied",
            known_by=date(2022, 12, 15),
            tied_to="inspection",
        ),
        Event(4, "inspection", date(2022, 7, 1), precision="month", title="Ofsted inspection"),
        Event(5, "statutory_direction", date(2022, 9, 29), title="Statutory direction issued"),
        Event(6, "decision", date(2022, 9, 29)),
    ]
    items = merge_events(events)
    assert [(i.event.pk, [a.pk for a in i.also]) for i in items] == [
        (4, []),
        (3, [1]),
        (5, []),
        (6, []),
        (2, []),
    ]
    assert items[1].label == "After the inspection of July 2022 (known by 15 December 2022)"


def test_a_citation_earlier_than_a_tie_is_a_fact_of_its_own() -> None:
    events = [
        inferred(1, "judgement", date(2018, 10, 18)),
        Event(
            2,
            "judgement",
            date(2022, 7, 1),
            precision="month",
            date_basis="tied",
            known_by=date(2022, 12, 15),
            tied_to="inspection",
        ),
        inferred(3, "judgement", date(2025, 7, 17)),
    ]
    items = merge_events(events)
    assert [(i.event.pk, [a.pk for a in i.also]) for i in items] == [(1, []), (2, [3])]


def test_the_earliest_proof_is_what_a_point_is_known_by() -> None:
    events = [
        Event(
            1,
            "judgement",
            date(2022, 7, 1),
            precision="month",
            date_basis="tied",
            known_by=date(2023, 3, 1),
            tied_to="inspection",
        ),
        Event(
            2,
            "judgement",
            date(2022, 7, 1),
            precision="month",
            date_basis="tied",
            known_by=date(2022, 12, 15),
            tied_to="inspection",
        ),
    ]
    (item,) = merge_events(events)
    assert item.label.endswith("(known by 15 December 2022)")


def test_it_groups_items_by_year_in_order() -> None:
    items = merge_events(
        [Event(1, "decision", date(2018, 10, 18)), Event(2, "decision", date(2022, 9, 29))]
    )
    assert [(g.year, len(g.items)) for g in group_by_year(items)] == [(2018, 1), (2022, 1)]


def test_the_overview_spans_whole_years_and_marks_phases() -> None:
    points = [
        OverviewPoint(date(2018, 6, 4), date(2018, 6, 22), "inspection", "Inspection", "", "/a"),
        OverviewPoint(date(2022, 12, 15), None, "decision", "Action plan", "", "/b"),
        OverviewPoint(date(2025, 5, 1), None, "plan_phase", "Phase 3 agreed", "", "/c"),
        OverviewPoint(date(2026, 2, 5), None, "decision", "Phase 3 completion", "", "/d"),
    ]
    overview = build_overview(points)
    assert overview is not None
    assert [year for _, year in overview.ticks] == list(range(2018, 2028))
    xs = [mark.x for mark in overview.marks]
    assert xs == sorted(xs)
    assert xs[0] >= 40 and xs[-1] <= overview.width - 40
    assert overview.marks[0].width > 0  # a range is drawn as a bar
    assert overview.marks[1].y == overview.axis_y  # decisions sit on the axis
    assert [(p.title, p.label) for p in overview.phases] == [("Phase 3 agreed", "Phase 3 agreed")]
    assert "2 decisions and 2 other events" in overview.description


def test_an_empty_timeline_has_no_overview() -> None:
    assert build_overview([]) is None


def test_plan_milestones_months_apart_make_one_named_phase() -> None:
    points = [
        OverviewPoint(date(2018, 6, 4), None, "inspection", "Inspection", "", "/a"),
        OverviewPoint(date(2025, 5, 1), None, "plan_phase", "Plan agreed by the board", "", "/b"),
        OverviewPoint(date(2025, 7, 17), None, "plan_phase", "Phase 3 plan endorsed", "", "/c"),
    ]
    overview = build_overview(points)
    assert overview is not None
    [phase] = overview.phases
    assert phase.title == "Phase 3 plan endorsed"
    assert phase.x == overview.marks[1].x  # the phase starts at its first milestone
    assert phase.label in ("Phase 3 plan endorsed", "Phase 3")


def test_a_visit_a_day_long_is_wide_enough_to_see() -> None:
    points = [
        OverviewPoint(date(2018, 6, 4), None, "decision", "First", "4 June 2018", "/a"),
        OverviewPoint(
            date(2024, 2, 21), date(2024, 2, 22), "monitoring_visit", "Visit", "21–22 Feb", "/b"
        ),
        OverviewPoint(date(2026, 2, 5), None, "decision", "Last", "5 February 2026", "/c"),
    ]
    overview = build_overview(points)
    assert overview is not None
    visit = overview.marks[1]
    assert visit.width >= 6
    assert visit.name == "21–22 Feb: Monitoring visit: Visit"


def test_every_phase_is_labelled_however_narrow_its_band() -> None:
    points = [
        OverviewPoint(date(2018, 1, 1), None, "decision", "First", "", "/a"),
        OverviewPoint(date(2025, 1, 1), None, "plan_phase", "Phase 2 plan endorsed", "", "/b"),
        OverviewPoint(date(2025, 6, 1), None, "plan_phase", "Phase 3 plan endorsed", "", "/c"),
        OverviewPoint(
            date(2025, 10, 1), None, "plan_phase", "Recovery plan agreed by the board", "", "/d"
        ),
    ]
    overview = build_overview(points)
    assert overview is not None
    labels = [phase.label for phase in overview.phases]
    assert labels[:2] == ["Phase 2", "Phase 3"]
    assert labels[2] == "Recover…"  # no phase number to fall back on: cut short


def test_a_phase_is_named_with_its_span() -> None:
    points = [
        OverviewPoint(date(2025, 1, 1), None, "plan_phase", "Phase 2 plan", "January 2025", "/b"),
        OverviewPoint(date(2025, 9, 1), None, "plan_phase", "Phase 3 plan", "by 1 Sept", "/c"),
    ]
    overview = build_overview(points)
    assert overview is not None
    assert [phase.phase_name for phase in overview.phases] == [
        "Phase: Phase 2 plan, from January 2025, until the next phase",
        "Phase: Phase 3 plan, by 1 Sept",
    ]


def test_on_one_date_causes_come_before_what_they_cause() -> None:
    day = date(2022, 9, 29)
    events = [
        Event(1, "deadline", day, title="Action plan due"),
        Event(2, "plan_phase", day, title="Phase 1 plan endorsed"),
        Event(3, "decision", day, title="The decision"),
        inferred(4, "statutory_direction", day, title="Statutory direction issued"),
        Event(5, "meeting", day, title="Council meeting"),
        inferred(6, "judgement", day),
        Event(7, "inspection", day, title="Ofsted inspection"),
    ]
    kinds = [item.event.kind for item in merge_events(events)]
    assert kinds == [
        "inspection",
        "judgement",
        "statutory_direction",
        "meeting",
        "decision",
        "plan_phase",
        "deadline",
    ]
