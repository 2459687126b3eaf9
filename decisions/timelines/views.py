"""Timeline pages: the list of timelines (every council's, or one's), and one council's
timeline as a story in date order, at /<council>/timelines/<slug>/. The old address,
/timelines/<slug>/, leads to the council's timeline that has the slug, or lists them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from decisions.timelines.display import (
    OverviewPoint,
    TimelineItem,
    build_overview,
    group_by_year,
    merge_events,
)
from decisions.timelines.filters import council_filter
from decisions.timelines.models import Timeline, TimelineEvent
from decisions.timelines.rules import EventKind, rules_for
from decisions.timelines.selectors import (
    timeline_by_slug,
    timeline_events,
    timelines_named,
    timelines_with_counts,
)

# What each old address under /timelines/<slug>/ was, as the name of its address now.
OLD_ADDRESSES = {
    "": "timeline-detail",
    "feed/": "timeline-feed",
    "export.csv": "timeline-csv",
    "events.csv": "timeline-events-csv-one",
}


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


def overview_point(item: TimelineItem) -> OverviewPoint:
    """Where a merged point goes in the overview picture, and what it is called there."""
    event = item.event
    # Every point is a link: to its decision, or else to its entry in the list below.
    return OverviewPoint(
        event.date,
        event.end_date,
        event.kind,
        event.title,
        item.label,
        event.href or f"#point-{event.pk}",
    )


def timeline_list(request: HttpRequest) -> HttpResponse:
    """Every council's timelines, each naming its council, with how many decisions it links;
    `?council=<slug>` keeps one council's (an unknown council is a 400 naming the field)."""
    form = council_filter(request.GET)
    council = form.cleaned_data["council"] if form.is_valid() else None
    return render(
        request,
        "timelines/timeline_list.html",
        {
            "form": form,
            "council": council,
            "timelines": timelines_with_counts(council) if form.is_valid() else [],
        },
        status=200 if form.is_valid() else 400,
    )


def council_timeline_list(request: HttpRequest, council: str) -> HttpResponse:
    """One council's timelines (/<council>/timelines/): the list, narrowed to it."""
    form = council_filter({"council": council})
    if not form.is_valid() or form.cleaned_data["council"] is None:
        raise Http404("No council has that name.")
    return render(
        request,
        "timelines/timeline_list.html",
        {
            "form": form,
            "council": form.cleaned_data["council"],
            "timelines": timelines_with_counts(form.cleaned_data["council"]),
        },
    )


def old_timeline_address(request: HttpRequest, slug: str, part: str) -> HttpResponse:
    """/timelines/<slug>/… from before timelines were a council's: a permanent redirect to
    the one council's timeline with that slug, or a list when several councils have one."""
    timelines = timelines_named(slug)
    if not timelines:
        raise Http404("No timeline has that name.")
    name = OLD_ADDRESSES[part]
    addresses = [
        (timeline, reverse(name, kwargs={"council": timeline.council.slug, "slug": slug}))
        for timeline in timelines
    ]
    if len(addresses) == 1:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(addresses[0][1] + (f"?{query}" if query else ""))
    return render(
        request,
        "timelines/timeline_choices.html",
        {"slug": slug, "title": timelines[0].title, "addresses": addresses},
    )


def timeline_detail(request: HttpRequest, council: str, slug: str) -> HttpResponse:
    """A council's timeline: the overview picture, then every event grouped by year."""
    timeline = timeline_by_slug(council, slug)
    if timeline is None:
        raise Http404("No timeline has that name.")
    kinds_shown = timeline_kinds(timeline)
    form = KindFilterForm(request.GET, kinds=kinds_shown)
    kinds = form.cleaned_data["kind"] if form.is_valid() else []
    events = timeline_events(timeline)
    for event in events:
        event.href = event_href(event)
    # Counts, filter and picture all read the merged points, so they always agree.
    points = merge_events(events)
    counts = Counter(item.event.kind for item in points)
    items = [item for item in points if not kinds or item.event.kind in kinds]
    overview = build_overview([overview_point(item) for item in points])
    return render(
        request,
        "timelines/timeline_detail.html",
        {
            "timeline": timeline,
            "form": form,
            # A kind with no points is no choice (unless it is chosen, so it can be unticked).
            "kinds": [
                (kind.value, kind.label, counts.get(kind, 0))
                for kind in kinds_shown
                if counts.get(kind) or kind in kinds
            ],
            "selected": set(kinds),
            "years": group_by_year(items),
            "shown_count": len(items),
            "overview": overview,
        },
        status=200 if form.is_valid() else 400,
    )
