"""Links from pages to their open-data versions (JSON, CSV, Atom, iCalendar), the canonical
address, and the decision citation. URLs are reversed by name, so the core names the
timelines' routes without importing the app."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
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


def search_outputs(params: QueryDict) -> list[Output]:
    """The versions of a search (the page number dropped: they hold every match)."""
    query = with_params(params, drop=("page",))
    return [
        Output("JSON", "These decisions as JSON", JSON, reverse("api:decision-list") + query),
        Output("CSV", "Every matching decision as CSV", CSV, reverse("decision-csv") + query),
        Output(
            "CSV for Excel",
            "Every matching decision as CSV for Excel (UTF-8 with a byte order mark)",
            CSV,
            reverse("decision-csv") + with_params(params, drop=("page",), excel="1"),
        ),
        Output(
            "Timeline events CSV",
            "The timeline events of every matching decision as CSV",
            CSV,
            reverse("decision-events-csv") + query,
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
    ref = decision.reference
    return [
        Output("JSON", "This decision as JSON", JSON, reverse("api:decision-detail", args=[ref])),
        Output("CSV", "This decision as CSV", CSV, reverse("decision-csv-one", args=[ref])),
        Output(
            "CSV for Excel",
            "This decision as CSV for Excel (UTF-8 with a byte order mark)",
            CSV,
            reverse("decision-csv-one", args=[ref]) + "?excel=1",
        ),
        Output(
            "Timeline events CSV",
            "This decision's timeline events as CSV",
            CSV,
            reverse("decision-events-csv-one", args=[ref]),
        ),
        Output(
            "Atom feed of corrections",
            "Feed of corrections to this decision",
            ATOM,
            reverse("decision-feed-one", args=[ref]),
        ),
    ]


def councillor_outputs(councillor: Councillor) -> list[Output]:
    slug = councillor.slug
    api = reverse("api:councillor-detail", args=[slug])
    signed = reverse("decision-csv") + f"?councillor={slug}"
    feed = reverse("councillor-feed", args=[slug])
    return [
        Output("JSON", "This councillor as JSON", JSON, api),
        Output("CSV", "Decisions they signed as CSV", CSV, signed),
        Output("Atom feed", "Feed of decisions they signed", ATOM, feed),
    ]


def timeline_outputs(slug: str) -> list[Output]:
    return [
        Output("JSON", "This timeline as JSON", JSON, reverse("api:timeline-detail", args=[slug])),
        Output("CSV", "Its decisions as CSV", CSV, reverse("timeline-csv", args=[slug])),
        Output("Atom feed", "Feed of this timeline", ATOM, reverse("timeline-feed", args=[slug])),
    ]


def correction_outputs(_: object = None) -> list[Output]:
    return [
        Output("JSON", "Corrections as JSON", JSON, reverse("api:correction-list")),
        Output("Atom feed", "Feed of corrections", ATOM, reverse("correction-feed")),
    ]


@register.simple_tag
def page_outputs(kind: str, subject: object) -> list[Output]:
    """{% page_outputs "search" request.GET as outputs %}; also "decision", "councillor",
    "timeline" (with the timeline's slug)."""
    builders = {
        "search": search_outputs,
        "decision": decision_outputs,
        "councillor": councillor_outputs,
        "timeline": timeline_outputs,
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
        reference=decision.reference,
        title=decision.title,
        decision_maker=decision.decision_maker,
        decision_date=decision.decision_date,
        url=request.build_absolute_uri(decision.get_absolute_url()),
        accessed=timezone.localdate(),
    )
