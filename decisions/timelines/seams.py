"""How the timelines app plugs into the archive core (see decisions.seams).

Called once from TimelinesConfig.ready(): the core never imports this app, it only runs what
is registered here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet

from decisions.models import Decision
from decisions.seams import (
    ExportPart,
    PagePart,
    register_derived_step,
    register_export_part,
    register_page_part,
)
from decisions.timelines.models import TimelineEvent, TimelineMembership
from decisions.timelines.selectors import all_timelines, decision_story
from decisions.timelines.services import update_timelines
from decisions.vocabulary import ChangeKind


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _with_timeline_relations(decisions: QuerySet) -> QuerySet:
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


def _timeline_fields(decision: Decision) -> Mapping[str, Any]:
    """The export's `timelines` and `events` for one decision.

    Each event: timeline, date, end_date, precision, date_basis ("stated" in the text,
    "inferred": only known by a notice's date, "tied": placed after the dated event named
    in tied_to), known_by (for inferred and tied dates, else null), tied_to (a kind, or
    null), kind, title and source (sentence, clause, url). Names are a contract: add, never
    rename.
    """
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


def _derive_timelines(decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> None:
    """The timelines' derived step. A backup load brings the timeline rows back as they
    were dumped, hand edits included, so a restore re-derives nothing."""
    if kind == ChangeKind.RESTORED:
        return
    update_timelines(decision_ids, final=final)


def plug_into_the_archive() -> None:
    """Register the timelines' derived step, page parts and export fields with the core."""
    register_derived_step("timelines", _derive_timelines)
    register_page_part(
        "home",
        "timelines",
        PagePart("timelines/includes/home_stories.html", lambda: {"timelines": all_timelines()}),
    )
    register_page_part(
        "decision-detail",
        "timelines",
        PagePart(
            "timelines/includes/decision_story.html",
            lambda decision: {"story": decision_story(decision)},
        ),
    )
    register_export_part(
        "timelines", ExportPart(prefetch=_with_timeline_relations, fields=_timeline_fields)
    )
