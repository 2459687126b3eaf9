"""A council's timeline's decisions as CSV (/<council>/timelines/<slug>/export.csv), and
timeline events as CSV, one row per event: a timeline's (/<council>/timelines/<slug>/
events.csv), or those of the decisions a search of /decisions/ finds (/timelines/events.csv?…,
or ?decision=<reference>&council=<slug> for one). Each row names its council. Streamed by the
core's CSV download."""

from __future__ import annotations

from functools import partial

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from decisions.opendata.downloads import csv_response
from decisions.opendata.http import bad_parameters_response, conditional_on_archive
from decisions.search.selectors import decision_search
from decisions.timelines.export import iter_events_csv
from decisions.timelines.selectors import (
    decisions_with_reference,
    timeline_by_slug,
    timeline_members,
)


@require_GET
@conditional_on_archive
def timeline_csv(request: HttpRequest, council: str, slug: str) -> HttpResponse:
    """Every decision on the timeline, one row each."""
    timeline = timeline_by_slug(council, slug)
    if timeline is None:
        raise Http404("No timeline has that name.")
    members = timeline_members(timeline).oldest_first()
    return csv_response(members, filename=f"{council}-{timeline.slug}.csv", request=request)


@require_GET
@conditional_on_archive
def timeline_events_csv(request: HttpRequest, council: str, slug: str) -> HttpResponse:
    """The timeline's events, one row each, by their decisions, oldest first."""
    timeline = timeline_by_slug(council, slug)
    if timeline is None:
        raise Http404("No timeline has that name.")
    return csv_response(
        timeline_members(timeline).oldest_first(),
        filename=f"{council}-{timeline.slug}-events.csv",
        request=request,
        write=partial(iter_events_csv, timeline=timeline.slug),
    )


@require_GET
@conditional_on_archive
def search_events_csv(request: HttpRequest) -> HttpResponse:
    """The events of every decision a search finds, or of one (`decision=<reference>`, with
    `council=<slug>` since a reference names one decision only within its council)."""
    reference = request.GET.get("decision")
    if reference is not None:
        council = request.GET.get("council") or None
        decisions = decisions_with_reference(reference, council=council)
        if not decisions.exists():
            raise Http404("No decision has that reference.")
        filename = f"{council}-{reference}-events.csv" if council else f"{reference}-events.csv"
    else:
        search = decision_search(params=request.GET)
        if not search.is_valid:
            return bad_parameters_response(search.filterset.form.errors)
        decisions, filename = search.decisions, "decision-events.csv"
    return csv_response(decisions, filename=filename, request=request, write=iter_events_csv)
