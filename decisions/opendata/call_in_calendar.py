"""The call-in calendar: one all-day iCalendar event per decision whose call-in period is
still open, on its expiry date, so scrutiny members can see what they can still call in.
It takes the list page's search parameters, to follow one decision maker, say."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import condition, require_GET
from icalendar import Calendar, Event

from decisions.models import Decision
from decisions.opendata.http import bad_parameters_response, public_cache, request_version
from decisions.records import long_date
from decisions.search.selectors import decision_search
from decisions.selectors import council_name, open_call_ins

PRODID = "-//Cabinet decisions archive//Call-in calendar//EN"


def call_in_calendar(
    decisions: list[Decision], *, base_url: str, host: str, council_name: str = ""
) -> bytes:
    """The iCalendar text: an all-day event on each decision's call-in expiry date; named
    for the council when it is one council's."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname", f"Call-in deadlines – {council_name or 'Cabinet decisions archive'}"
    )
    for decision in decisions:
        assert decision.call_in_expiry is not None
        page = base_url + decision.get_absolute_url()
        event = Event()
        # The council's slug too: references are unique per council, not across them.
        event.add("uid", f"call-in-{decision.council.slug}-{decision.reference}@{host}")
        event.add("dtstamp", decision.updated_at)
        event.add("dtstart", decision.call_in_expiry)
        event.add("dtend", decision.call_in_expiry + timedelta(days=1))
        event.add("summary", f"Call-in ends: {decision.title} ({decision.council.name})")
        event.add(
            "description",
            f"{decision.decision_maker} decided this on {long_date(decision.decision_date)} "
            f"({decision.council.name}, {decision.reference}). It can be called in until "
            f"the end of {long_date(decision.call_in_expiry)}.\n{page}",
        )
        event.add("url", page)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def _etag(request: HttpRequest) -> str:
    # Which call-ins are open changes at midnight as well as on import.
    return request_version(request).etag[:-1] + f"-{timezone.localdate().isoformat()}" + '"'


@require_GET
@condition(etag_func=_etag)
def call_in_ics(request: HttpRequest) -> HttpResponse:
    """/decisions/call-in.ics: every decision still open for call-in (of a search, if given)."""
    search = decision_search(params=request.GET)
    if not search.is_valid:
        return bad_parameters_response(search.filterset.form.errors)
    base_url = request.build_absolute_uri("/").rstrip("/")
    council = search.filterset.cleaned.get("council")
    body = call_in_calendar(
        open_call_ins(search.decisions, timezone.localdate()),
        base_url=base_url,
        host=request.get_host(),
        council_name=council_name(council) if council else "",
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="call-in.ics"'
    return public_cache(response)
