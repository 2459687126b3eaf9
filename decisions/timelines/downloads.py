"""A timeline's decisions as CSV (/timelines/<slug>/export.csv), oldest first, streamed by
the core's CSV download."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from decisions.models import Decision
from decisions.opendata.downloads import csv_response
from decisions.opendata.http import conditional_on_archive
from decisions.timelines.models import Timeline


@require_GET
@conditional_on_archive
def timeline_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Every decision on the timeline, one row each."""
    timeline = get_object_or_404(Timeline.objects.only("slug"), slug=slug)
    members = Decision.objects.filter(
        timeline_memberships__timeline=timeline, timeline_memberships__hidden=False
    ).oldest_first()
    return csv_response(members, filename=f"{timeline.slug}.csv", request=request)
