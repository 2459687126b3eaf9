"""A timeline page's open-data versions (JSON from the API, CSV, Atom), as the core's
`page_outputs` gives a decision's: {% timeline_outputs timeline.slug as outputs %}."""

from __future__ import annotations

from django import template
from django.apps import apps
from django.urls import reverse

from decisions.templatetags.opendata import ATOM, CSV, JSON, Output

register = template.Library()


@register.simple_tag
def timeline_outputs(slug: str) -> list[Output]:
    api = (
        [Output("JSON", "This timeline as JSON", JSON, reverse("api:timeline-detail", args=[slug]))]
        if apps.is_installed("decisions.api")
        else []
    )
    return [
        *api,
        Output("CSV", "Its decisions as CSV", CSV, reverse("timeline-csv", args=[slug])),
        Output(
            "Events CSV",
            "Its events as CSV, one row each",
            CSV,
            reverse("timeline-events-csv-one", args=[slug]),
        ),
        Output("Atom feed", "Feed of this timeline", ATOM, reverse("timeline-feed", args=[slug])),
    ]
