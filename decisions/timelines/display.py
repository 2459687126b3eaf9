"""How a timeline is shown: dates at their precision and basis, events merged and grouped
by year, and the geometry of the overview picture. Pure functions over plain values."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from decisions.parsing.dates import month_name, month_year
from decisions.timelines.rules.vocabulary import DateBasis, EventKind

# Facts a notice names without a date of their own (the judgement, the statutory
# direction): mentions with the same title are one fact, even where their dates differ.
UNDATED_FACT_KINDS = frozenset({EventKind.JUDGEMENT, EventKind.STATUTORY_DIRECTION})


def format_event_date(start: date, end: date | None, precision: str) -> str:
    """'July 2022', '10–21 November 2025', '30 November – 2 December 2025', '2022'."""
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return month_year(start)
    first = f"{start.day} {month_year(start)}"
    if end is None or end == start:
        return first
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month_year(end)}"
    if start.year == end.year:
        return f"{start.day} {month_name(start)} – {end.day} {month_year(end)}"
    return f"{first} – {end.day} {month_year(end)}"


def _day(value: date) -> str:
    return f"{value.day} {month_year(value)}"


def format_event_when(
    start: date,
    end: date | None,
    precision: str,
    *,
    date_basis: str = DateBasis.STATED,
    known_by: date | None = None,
    tied_to: str = "",
) -> str:
    """When an event happened, as far as the notices know.

    'July 2022' (stated); 'by 15 December 2022' (inferred: true by that notice's date);
    'After the inspection of July 2022 (known by 15 December 2022)' (tied).
    """
    when = format_event_date(start, end, precision)
    if date_basis == DateBasis.INFERRED:
        return f"by {_day(known_by or start)}"
    if date_basis == DateBasis.TIED and tied_to:
        after = f"After the {EventKind(tied_to).label.lower()} of {when}"
        return f"{after} (known by {_day(known_by)})" if known_by else after
    return when


class EventLike(Protocol):
    date: date
    end_date: date | None
    precision: str
    date_basis: str
    known_by: date | None
    tied_to: str
    kind: str
    title: str
    pk: int


def story_order(event: EventLike) -> tuple:
    """Date order; on one date, causes before what they cause (EventKind.same_day_rank)."""
    return (
        event.date,
        EventKind(event.kind).same_day_rank,
        event.end_date or event.date,
        event.pk,
    )


@dataclass
class TimelineItem:
    """One point on the timeline: an event, and any other notices that mention it."""

    event: EventLike
    also: list[EventLike] = field(default_factory=list)

    @property
    def known_by(self) -> date | None:
        """The earliest date any of its notices proves the fact by."""
        return min(
            (m.known_by for m in (self.event, *self.also) if m.known_by is not None),
            default=None,
        )

    @property
    def label(self) -> str:
        event = self.event
        return format_event_when(
            event.date,
            event.end_date,
            event.precision,
            date_basis=event.date_basis,
            known_by=self.known_by,
            tied_to=event.tied_to,
        )


@dataclass
class YearGroup:
    year: int
    items: list[TimelineItem]


def merge_events(events: Iterable[EventLike]) -> list[TimelineItem]:
    """Merge mentions of the same happening into one item each, in story order.

    The same inspection or deadline is often mentioned by several notices: they become one
    item with its other sources, placed at its earliest, best-informed mention (a stated or
    tied date sorts before the "by" date of a notice that only cites the fact). A mention
    with an inferred date joins the latest earlier item of its kind and title, which it
    can only be citing; with none, it is an item of its own. Decisions are never merged.
    """
    items: list[TimelineItem] = []
    seen: dict[tuple, TimelineItem] = {}
    facts: dict[tuple[str, str], TimelineItem] = {}
    for event in sorted(events, key=story_order):
        if event.kind == EventKind.DECISION:
            items.append(TimelineItem(event))
            continue
        fact = (event.kind, event.title)
        if event.date_basis == DateBasis.INFERRED and fact in facts:
            facts[fact].also.append(event)
            continue
        key: tuple = (event.kind, event.date, event.end_date, event.precision)
        if event.kind in UNDATED_FACT_KINDS:  # "judgement: inadequate" is not "...: good"
            key += (event.title,)
        if event.date_basis == DateBasis.INFERRED:
            key += (DateBasis.INFERRED,)
        if key in seen:
            seen[key].also.append(event)
        else:
            seen[key] = TimelineItem(event)
            items.append(seen[key])
        facts[fact] = seen[key]
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
# A range a day or two long is a fraction of a pixel wide over years: draw no mark
# narrower than this, so every point can be seen (and hit with a pointer).
MIN_MARK_WIDTH = 6.0
# A phase label has at least this many characters of room: "Phase 12" always fits.
MIN_PHASE_ROOM = 8


@dataclass(frozen=True)
class Mark:
    x: float
    width: float
    kind: str
    label: str
    title: str
    href: str
    y: float = 0
    when: str = ""  # a phase band's span, as written on the page: "from May 2025"

    @property
    def name(self) -> str:
        """What an event mark is called to a screen reader: its date, kind and title."""
        kind = EventKind(self.kind).label
        return f"{self.label}: {kind}: {self.title}" if self.label else f"{kind}: {self.title}"

    @property
    def phase_name(self) -> str:
        """What a phase band is called to a screen reader: the phase and when it runs."""
        return f"Phase: {self.title}, {self.when}" if self.when else f"Phase: {self.title}"


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
    """The phase's title if it fits, else its 'Phase N' name, else its title cut short."""
    room = max(room, MIN_PHASE_ROOM)
    if len(title) <= room:
        return title
    name = _PHASE_NAME.search(title)
    if name:
        return name.group(0).capitalize()
    return title[: room - 1].rstrip() + "…"


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
        width = max(_x(p.end, first, last) - start, MIN_MARK_WIDTH) if p.end else 0
        if p.kind == EventKind.DECISION:
            y = AXIS_Y
        else:  # stagger other events in three rows so neighbours do not hide each other
            y = AXIS_Y - 28 - 16 * (others % 3)
            others += 1
        marks.append(Mark(start, width, p.kind, p.label, p.title, p.href, y))
    plans = _phase_starts([p for p in points if p.kind == EventKind.PLAN_PHASE])
    phases = []
    for n, p in enumerate(plans):
        start = _x(p.start, first, last)
        end = _x(plans[n + 1].start, first, last) if n + 1 < len(plans) else WIDTH - MARGIN
        width = max(end - start, 4)
        label = _phase_label(p.title, int(width / 7))
        when = p.label if p.label.startswith("by ") else f"from {p.label}"
        when += ", until the next phase" if n + 1 < len(plans) else ""
        phases.append(Mark(start, width, p.kind, label, p.title, p.href, when=when))
    decisions = sum(p.kind == EventKind.DECISION for p in points)
    description = (
        f"A time line from {first.year} to {last.year - 1} with {decisions} decisions and "
        f"{len(points) - decisions} other events"
        + (
            f", including {len(plans)} plan or phase milestone{'s' if len(plans) != 1 else ''}"
            if plans
            else ""
        )
        + ". The full list follows the picture."
    )
    return Overview(WIDTH, HEIGHT, AXIS_Y, ticks, marks, phases, description)
