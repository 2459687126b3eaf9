"""Timeline pages: the list of timelines, and one timeline as a story in date order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from decisions.timelines.display import (
    OverviewPoint,
    build_overview,
    format_event_date,
    group_by_year,
    merge_events,
)
from decisions.timelines.models import Timeline, TimelineEvent
from decisions.timelines.rules import EventKind, rules_for


class KindFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, kinds: Sequence[EventKind], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]


def timeline_kinds(timeline: Timeline) -> tuple[EventKind, ...]:
    """The kinds a timeline shows: its rules' kinds, or every kind for an admin-only one."""
    rules = rules_for(timeline.slug)
    return rules.event_kinds if rules else tuple(EventKind)


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
    kinds_shown = timeline_kinds(timeline)
    form = KindFilterForm(request.GET, kinds=kinds_shown)
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
            "kinds": [(kind.value, kind.label, counts.get(kind, 0)) for kind in kinds_shown],
            "selected": set(kinds),
            "years": group_by_year(items),
            "shown_count": len(items),
            "overview": overview,
        },
        status=200 if form.is_valid() else 400,
    )
