"""The timelines' fields of the export record: `timelines` (slugs) and `events`, typed, with
the prefetch that loads them and their CSV cells. Registered with the core as its export fields
(decisions/timelines/seams.py); names are a public contract: add, never rename."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any, TypedDict

from django.db.models import Prefetch, QuerySet

from decisions.models import Decision
from decisions.opendata.export import UTF8_BOM, Echo, csv_value
from decisions.timelines.models import TimelineEvent, TimelineMembership


class EventSourceRecord(TypedDict):
    """Where a timeline event was read: the sentence, its clause, and a link to it."""

    sentence: str
    clause: str | None
    url: str


class EventRecord(TypedDict):
    """A dated point on a timeline. `date_basis` says how its date was found: "stated" in the
    text, "inferred" (known only to be true by `known_by`, the first notice that mentions
    it) or "tied" (placed after the happening of kind `tied_to` that the text ties it to)."""

    timeline: str
    date: str | None
    end_date: str | None
    precision: str
    date_basis: str
    known_by: str | None
    tied_to: str | None
    kind: str
    title: str
    source: EventSourceRecord


class TimelineFields(TypedDict):
    """What the timelines add to each decision's record."""

    timelines: list[str]  # slugs
    events: list[EventRecord]


NAMES = tuple(TimelineFields.__annotations__)
BLANK: TimelineFields = {"timelines": [], "events": []}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def with_timeline_relations(decisions: QuerySet) -> QuerySet:
    return decisions.prefetch_related(
        Prefetch(
            "timeline_memberships",
            queryset=TimelineMembership.objects.current()
            .select_related("timeline")
            .order_by("timeline__slug"),
        ),
        Prefetch(
            "events",
            queryset=TimelineEvent.objects.visible()
            .select_related("timeline", "clause__parent")
            .in_date_order(),
        ),
    )


def timeline_fields(decision: Decision) -> TimelineFields:
    """The record's `timelines` and `events` for one decision (loaded with
    with_timeline_relations)."""
    url = decision.get_absolute_url()
    return {
        "timelines": [m.timeline.slug for m in decision.timeline_memberships.all()],
        "events": [
            {
                "timeline": event.timeline.slug,
                "date": _iso(event.date),
                "end_date": _iso(event.end_date),
                "precision": event.precision,
                "date_basis": event.date_basis,
                "known_by": _iso(event.known_by),
                "tied_to": event.tied_to or None,
                "kind": event.kind,
                "title": event.title,
                "source": {
                    "sentence": event.source_sentence,
                    "clause": event.clause.label if event.clause else None,
                    "url": url + (f"#{event.clause.anchor}" if event.clause else ""),
                },
            }
            for event in decision.events.all()
        ],
    }


def timeline_csv_cells(record: Mapping[str, Any]) -> dict[str, str]:
    """Timelines as a space-separated list of slugs. No events: a CSV cell holds no JSON,
    so they have a CSV of their own (/decisions/events.csv), one row per event."""
    return {"timelines": " ".join(record["timelines"])}


# The events CSV: one row per event, led by its decision's reference (no JSON in a cell).
EVENT_CSV_FIELDS = (
    "reference",
    "timeline",
    "date",
    "end_date",
    "precision",
    "date_basis",
    "known_by",
    "tied_to",
    "kind",
    "title",
    "sentence",
    "clause",
    "url",
    # Added with councils, last so that existing columns keep their places: the slug of the
    # council whose decision (and timeline) it is; `timeline` is a slug within that council.
    "council",
)
_EVENT_FIELDS = EVENT_CSV_FIELDS[1:10]


def event_csv_rows(
    record: Mapping[str, Any], *, absolute: Callable[[str], str] = str
) -> list[dict[str, Any]]:
    """One CSV row per timeline event of a decision's record, with full addresses."""
    return [
        {
            key: csv_value(value)
            for key, value in {
                "reference": record["reference"],
                **{name: event.get(name) for name in _EVENT_FIELDS},
                "sentence": event["source"]["sentence"],
                "clause": event["source"]["clause"],
                "url": absolute(event["source"]["url"]),
                "council": record["council"],
            }.items()
        }
        for event in record["events"]
    ]


def iter_events_csv(
    records: Iterable[Mapping[str, Any]],
    *,
    absolute: Callable[[str], str] = str,
    bom: bool = False,
    timeline: str | None = None,
) -> Iterator[str]:
    """The timeline events of the records as CSV (only `timeline`'s, if given), the header
    first, streamed. With `bom`, a UTF-8 byte order mark first, for Excel."""
    if bom:
        yield UTF8_BOM
    writer = csv.DictWriter(Echo(), fieldnames=list(EVENT_CSV_FIELDS), lineterminator="\n")
    yield writer.writeheader()
    for record in records:
        for row in event_csv_rows(record, absolute=absolute):
            if timeline is None or row["timeline"] == timeline:
                yield writer.writerow(row)
