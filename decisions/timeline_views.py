"""Timeline pages: the list of timelines, and one timeline as a story in date order."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from decisions.models import EventKind, Timeline, TimelineEvent
from decisions.timeline_display import (
    OverviewPoint,
    build_overview,
    format_event_date,
    group_by_year,
    merge_events,
)


class KindFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        choices=EventKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


def event_href(event: TimelineEvent) -> str:
    """The decision page, at the clause the event came from when there is one."""
    if event.decision is None:
        return ""
    url = event.decision.get_absolute_url()
    return f"{url}#{event.clause.anchor}" if event.clause else url


def timeline_list(request: HttpRequest) -> HttpResponse:
    """Every timeline, with how many decisions it links."""
    timelines = Timeline.objects.with_member_counts()
    return render(request, "timelines/timeline_list.html", {"timelines": timelines})


def timeline_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A timeline: the overview picture, then every event grouped by year."""
    timeline = get_object_or_404(Timeline, slug=slug)
    form = KindFilterForm(request.GET)
    kinds = form.cleaned_data["kind"] if form.is_valid() else []
    events = (
        TimelineEvent.objects.visible()
        .filter(timeline=timeline)
        .select_related("decision", "clause__parent")
        .in_date_order()
    )
    all_events = list(events)
    shown = [e for e in all_events if not kinds or e.kind in kinds]
    counts = Counter(event.kind for event in all_events)
    for event in all_events:
        event.href = event_href(event)
    items = merge_events(shown)
    overview = build_overview(
        [
            OverviewPoint(
                item.event.date,
                item.event.end_date,
                item.event.kind,
                item.event.title,
                format_event_date(item.event.date, item.event.end_date, item.event.precision),
                item.event.href,
            )
            for item in merge_events(all_events)
        ]
    )
    return render(
        request,
        "timelines/timeline_detail.html",
        {
            "timeline": timeline,
            "form": form,
            "kinds": [(value, label, counts.get(value, 0)) for value, label in EventKind.choices],
            "selected": set(kinds),
            "years": group_by_year(items),
            "shown_count": len(items),
            "overview": overview,
        },
        status=200 if form.is_valid() else 400,
    )
