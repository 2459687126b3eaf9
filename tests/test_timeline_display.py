"""Timeline presentation: dates at their precision, merged mentions, the overview layout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from decisions.timelines.display import (
    OverviewPoint,
    build_overview,
    format_event_date,
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


def test_it_merges_mentions_of_one_happening_but_never_decisions() -> None:
    events = [
        Event(1, "inspection", date(2022, 7, 1), precision="month"),
        Event(2, "inspection", date(2022, 7, 1), precision="month"),
        Event(3, "decision", date(2022, 9, 29)),
        Event(4, "judgement", date(2022, 9, 29)),
        Event(5, "decision", date(2022, 9, 29)),
        Event(6, "judgement", date(2025, 7, 17)),
        Event(7, "deadline", date(2022, 12, 20)),
        Event(8, "judgement", date(2026, 2, 5), title="Ofsted judgement: good"),
    ]
    items = merge_events(events)
    assert [(i.event.pk, [a.pk for a in i.also]) for i in items] == [
        (1, [2]),
        (3, []),
        (4, [6]),
        (5, []),
        (7, []),
        (8, []),
    ]
    assert items[0].label == "July 2022"


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
