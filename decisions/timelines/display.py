"""How a timeline is shown: dates at their precision, events merged and grouped by year,
and the geometry of the overview picture. Pure functions over plain values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

# Facts the rules attach to a decision's date because the notice gives none of their own
# (the statutory direction, the judgement): shown once, at their first mention.
UNDATED_FACT_KINDS = frozenset({"judgement", "statutory_direction"})


def format_event_date(start: date, end: date | None, precision: str) -> str:
    """'July 2022', '10–21 November 2025', '30 November – 2 December 2025', '2022'."""
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return start.strftime("%B %Y")
    first = f"{start.day} {start:%B %Y}"
    if end is None or end == start:
        return first
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{first} – {end.day} {end:%B %Y}"


class EventLike(Protocol):
    date: date
    end_date: date | None
    precision: str
    kind: str
    title: str
    pk: int


@dataclass
class TimelineItem:
    """One point on the timeline: an event, and any other notices that mention it."""

    event: EventLike
    also: list[EventLike] = field(default_factory=list)

    @property
    def label(self) -> str:
        return format_event_date(self.event.date, self.event.end_date, self.event.precision)


@dataclass
class YearGroup:
    year: int
    items: list[TimelineItem]


def merge_events(events: Iterable[EventLike]) -> list[TimelineItem]:
    """Merge mentions of the same happening, keeping date order.

    The same inspection or deadline is often mentioned by several notices: they become one
    item with its other sources. Decisions are never merged.
    """
    items: list[TimelineItem] = []
    seen: dict[tuple, TimelineItem] = {}
    for event in events:
        if event.kind == "decision":
            items.append(TimelineItem(event))
            continue
        if event.kind in UNDATED_FACT_KINDS:  # e.g. "Ofsted judgement: inadequate"
            key: tuple = (event.kind, event.title)
        else:
            key = (event.kind, event.date, event.end_date, event.precision)
        if key in seen:
            seen[key].also.append(event)
        else:
            seen[key] = TimelineItem(event)
            items.append(seen[key])
    return items


def group_by_year(items: Sequence[TimelineItem]) -> list[YearGroup]:
    """Items grouped under their year, in order."""
    groups: list[YearGroup] = []
    for item in items:
        year = item.event.date.year
        if not groups or groups[-1].year != year:
            groups.append(YearGroup(year, []))
        groups[-1].items.append(item)
    return groups


# --- the overview picture -------------------------------------------------------------

WIDTH, HEIGHT = 960, 170
MARGIN = 40
AXIS_Y = 110


@dataclass(frozen=True)
class Mark:
    x: float
    width: float
    kind: str
    label: str
    title: str
    href: str
    y: float = 0


@dataclass(frozen=True)
class Overview:
    width: int
    height: int
    axis_y: int
    ticks: list[tuple[float, int]]
    marks: list[Mark]
    phases: list[Mark]
    description: str


def _x(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return round(MARGIN + (day - first).days / span * (WIDTH - 2 * MARGIN), 1)


@dataclass(frozen=True)
class OverviewPoint:
    start: date
    end: date | None
    kind: str
    title: str
    label: str
    href: str


PHASE_MERGE_DAYS = 120
_PHASE_NAME = re.compile(r"\bphase\s+\w+", re.IGNORECASE)


def _phase_starts(plans: Sequence[OverviewPoint]) -> list[OverviewPoint]:
    """Plan milestones a few months apart mark one phase: keep the first, named by the best."""
    groups: list[list[OverviewPoint]] = []
    for plan in plans:
        if groups and (plan.start - groups[-1][0].start).days <= PHASE_MERGE_DAYS:
            groups[-1].append(plan)
        else:
            groups.append([plan])
    starts = []
    for group in groups:
        named = next((p for p in group if _PHASE_NAME.search(p.title)), group[0])
        starts.append(replace(group[0], title=named.title))
    return starts


def _phase_label(title: str, room: int) -> str:
    """The phase's title if it fits, else its 'Phase N' name, else nothing."""
    if len(title) <= room:
        return title
    name = _PHASE_NAME.search(title)
    if name and len(name.group(0)) <= room:
        return name.group(0).capitalize()
    return ""


def build_overview(points: Sequence[OverviewPoint]) -> Overview | None:
    """Place points along a year axis; phases (plans) become labelled bands to the next one."""
    if not points:
        return None
    first = date(min(p.start for p in points).year, 1, 1)
    last = date(max((p.end or p.start) for p in points).year + 1, 1, 1)
    ticks = [(_x(date(y, 1, 1), first, last), y) for y in range(first.year, last.year + 1)]
    marks = []
    others = 0
    for p in points:
        start = _x(p.start, first, last)
        width = max(_x(p.end, first, last) - start, 0) if p.end else 0
        if p.kind == "decision":
            y = AXIS_Y
        else:  # stagger other events in three rows so neighbours do not hide each other
            y = AXIS_Y - 28 - 16 * (others % 3)
            others += 1
        marks.append(Mark(start, width, p.kind, p.label, p.title, p.href, y))
    plans = _phase_starts([p for p in points if p.kind == "plan_phase"])
    phases = []
    for n, p in enumerate(plans):
        start = _x(p.start, first, last)
        end = _x(plans[n + 1].start, first, last) if n + 1 < len(plans) else WIDTH - MARGIN
        width = max(end - start, 4)
        label = _phase_label(p.title, int(width / 7))
        phases.append(Mark(start, width, p.kind, label, p.title, p.href))
    decisions = sum(p.kind == "decision" for p in points)
    description = (
        f"A time line from {first.year} to {last.year - 1} with {decisions} decisions and "
        f"{len(points) - decisions} other events"
        + (f", including {len(plans)} plan or phase milestones" if plans else "")
        + ". The full list follows the picture."
    )
    return Overview(WIDTH, HEIGHT, AXIS_Y, ticks, marks, phases, description)
