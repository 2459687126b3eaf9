"""Links from pages to their open-data versions (JSON, CSV, Atom, iCalendar), the canonical
address, and the decision citation. The JSON versions come from the API app, when it is
installed; an app with pages of its own gives their versions itself (the timelines app:
decisions/timelines/templatetags/timeline_data.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.apps import apps
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone

from decisions.citation import citation_text
from decisions.models import Councillor, Decision
from decisions.search.presentation import with_params

register = template.Library()

JSON, CSV, ATOM, ICS = "application/json", "text/csv", "application/atom+xml", "text/calendar"


@dataclass(frozen=True)
class Output:
    """One open-data version of a page."""

    label: str  # the link text, e.g. "JSON"
    title: str  # what it is, for the <link rel="alternate"> title
    media_type: str
    href: str


def _json(title: str, route: str, *args: str, query: str = "") -> list[Output]:
    """The JSON version from the API, or none when the archive runs without its API."""
    if not apps.is_installed("decisions.api"):
        return []
    return [Output("JSON", title, JSON, reverse(route, args=args) + query)]


def search_outputs(params: QueryDict) -> list[Output]:
    """The versions of a search (the page number dropped: they hold every match)."""
    query = with_params(params, drop=("page",))
    return [
        *_json("These decisions as JSON", "api:decision-list", query=query),
        Output("CSV", "Every matching decision as CSV", CSV, reverse("decision-csv") + query),
        Output(
            "CSV for Excel",
            "Every matching decision as CSV for Excel (UTF-8 with a byte order mark)",
            CSV,
            reverse("decision-csv") + with_params(params, drop=("page",), excel="1"),
        ),
        Output("Atom feed", "Feed of this search", ATOM, reverse("decision-feed") + query),
        Output(
            "Call-in calendar",
            "Open call-in periods as iCalendar",
            ICS,
            reverse("call-in-calendar") + query,
        ),
    ]


def decision_outputs(decision: Decision) -> list[Output]:
    key = (decision.council.slug, decision.reference)
    return [
        *_json("This decision as JSON", "api:decision-detail", *key),
        Output("CSV", "This decision as CSV", CSV, reverse("decision-csv-one", args=key)),
        Output(
            "CSV for Excel",
            "This decision as CSV for Excel (UTF-8 with a byte order mark)",
            CSV,
            reverse("decision-csv-one", args=key) + "?excel=1",
        ),
        Output(
            "Atom feed of corrections",
            "Feed of corrections to this decision",
            ATOM,
            reverse("decision-feed-one", args=key),
        ),
    ]


def councillor_outputs(councillor: Councillor) -> list[Output]:
    slug = councillor.slug
    signed = reverse("decision-csv") + f"?councillor={slug}"
    feed = reverse("councillor-feed", args=[slug])
    return [
        *_json("This councillor as JSON", "api:councillor-detail", slug),
        Output("CSV", "Decisions they signed as CSV", CSV, signed),
        Output("Atom feed", "Feed of decisions they signed", ATOM, feed),
    ]


def correction_outputs(_: object = None) -> list[Output]:
    api = (
        [Output("JSON", "Corrections as JSON", JSON, reverse("api:correction-list"))]
        if apps.is_installed("decisions.api")
        else []
    )
    return [*api, Output("Atom feed", "Feed of corrections", ATOM, reverse("correction-feed"))]


@register.simple_tag
def page_outputs(kind: str, subject: object) -> list[Output]:
    """{% page_outputs "search" request.GET as outputs %}; also "decision", "councillor"."""
    builders = {
        "search": search_outputs,
        "decision": decision_outputs,
        "councillor": councillor_outputs,
        "corrections": correction_outputs,
    }
    return builders[kind](subject)  # type: ignore[operator]


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context, keep_query: bool = False) -> str:
    """This page's address in full: the path only, or with its search (not its page number)."""
    request: HttpRequest = context["request"]
    query = with_params(request.GET, drop=("page",)) if keep_query else ""
    return request.build_absolute_uri(request.path + query)


@register.simple_tag(takes_context=True)
def citation(context: template.Context, decision: Decision) -> str:
    """The decision's citation, accessed today."""
    request: HttpRequest = context["request"]
    return citation_text(
        council=decision.council.name,
        reference=decision.reference,
        title=decision.title,
        decision_maker=decision.decision_maker,
        decision_date=decision.decision_date,
        url=request.build_absolute_uri(decision.get_absolute_url()),
        accessed=timezone.localdate(),
    )
