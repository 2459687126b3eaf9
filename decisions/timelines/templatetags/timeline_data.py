"""A timeline page's open-data versions (JSON from the API, CSV, Atom), as the core's
`page_outputs` gives a decision's: {% timeline_outputs timeline as outputs %}."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.urls import reverse

from decisions.templatetags.opendata import ATOM, CSV, JSON, Output
from decisions.timelines.models import Timeline

register = template.Library()


@register.simple_tag
def timeline_outputs(timeline: Timeline) -> list[Output]:
    """The timeline's JSON (when the API is installed), CSVs and feed, under its council."""
    names = {"council": timeline.council.slug, "slug": timeline.slug}
    api = (
        [
            Output(
                "JSON", "This timeline as JSON", JSON, reverse("api:timeline-detail", kwargs=names)
            )
        ]
        if apps.is_installed("decisions.api")
        else []
    )
    return [
        *api,
        Output("CSV", "Its decisions as CSV", CSV, reverse("timeline-csv", kwargs=names)),
        Output(
            "Events CSV",
            "Its events as CSV, one row each",
            CSV,
            reverse("timeline-events-csv-one", kwargs=names),
        ),
        Output("Atom feed", "Feed of this timeline", ATOM, reverse("timeline-feed", kwargs=names)),
    ]
