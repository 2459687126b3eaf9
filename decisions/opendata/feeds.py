"""Atom feeds (django.contrib.syndication): a feed of any search of /decisions/ (a saved
search readers subscribe to), of what a councillor signed, and of corrections (all of them,
or one decision's). The timelines app has its feed in decisions/timelines/feeds.py.

Every feed answers a repeat request with 304 while nothing changed, and a bad search
parameter with a 400 whose JSON body names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from decisions.corrections import correction_summary
from decisions.models import Correction, Councillor, Decision
from decisions.opendata.http import (
    LICENCE_NAME,
    bad_parameters_response,
    conditional_on_archive,
    public_cache,
)
from decisions.records import long_date
from decisions.search.params import NEWEST
from decisions.search.presentation import with_params
from decisions.search.selectors import decision_search
from decisions.selectors import (
    council_name,
    councillor_by_slug,
    decision_heading,
    decisions_signed,
    public_corrections,
)
from decisions.textdiff import shown_value
from decisions.vocabulary import CorrectionKind

FEED_LENGTH = 50
ITEM_FIELDS = (
    "reference",
    "title",
    "decision_date",
    "decision_maker",
    "is_key_decision",
    "purpose",
    "updated_at",
    "council__name",
    "council__slug",
)


def feed_items(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Decisions as a feed's entries read them, with the council each is named with."""
    return decisions.select_related("council").only(*ITEM_FIELDS)[:FEED_LENGTH]


def start_of_day(day: Any) -> datetime:
    """Midnight at the start of a date, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time()))


class ArchiveFeed(Feed):
    """An Atom feed, cacheable, revalidated against the archive's latest change."""

    feed_type = Atom1Feed
    feed_copyright = f"Published under the {LICENCE_NAME}"
    author_name = "Cabinet decisions archive"

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        respond = conditional_on_archive(super().__call__)
        return public_cache(respond(request, *args, **kwargs))


class DecisionItems:
    """How a decision reads as a feed entry."""

    def item_title(self, decision: Decision) -> str:
        return f"{decision.title} ({decision.council.name}, {decision.reference})"

    def item_description(self, decision: Decision) -> str:
        return f"{decision.decision_maker}, {long_date(decision.decision_date)}. {decision.purpose}"

    def item_link(self, decision: Decision) -> str:
        return decision.get_absolute_url()

    def item_pubdate(self, decision: Decision) -> datetime:
        return start_of_day(decision.decision_date)

    def item_updateddate(self, decision: Decision) -> datetime:
        """When the record last changed (an import or a correction), not when it was decided."""
        return decision.updated_at

    def item_author_name(self, decision: Decision) -> str:
        return decision.decision_maker

    def item_categories(self, decision: Decision) -> tuple[str, ...]:
        return ("Key decision",) if decision.is_key_decision else ()


@dataclass(frozen=True)
class FeedSearch:
    """The search a SearchFeed is built from (nothing is saved): its decisions, newest
    first unless it asks for another order, and the query string of the list page it
    mirrors."""

    decisions: QuerySet[Decision]
    query_string: str  # "" or "?q=…", without the page
    council_name: str = ""  # the council the search is within, if one


class SearchFeed(DecisionItems, ArchiveFeed):
    """/decisions/feed/?<the list page's parameters>: the newest decisions a search finds
    (newest by decision date unless the search asks for another order)."""

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        search = decision_search(params=request.GET)
        if not search.is_valid:
            return bad_parameters_response(search.filterset.form.errors)
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedSearch:
        params = request.GET.copy()
        params.setdefault("sort", NEWEST)  # a feed is about what is new, even for a search
        found = decision_search(params=params)
        council = found.filterset.cleaned.get("council")
        return FeedSearch(
            decisions=found.decisions,
            query_string=with_params(request.GET, drop=("page",)),
            council_name=council_name(council) if council else "",
        )

    def title(self, search: FeedSearch) -> str:
        within = f"{search.council_name}: cabinet decisions" if search.council_name else ""
        others = set(search.query_string.lstrip("?").split("&")) - {""}
        if search.council_name:
            others = {part for part in others if not part.startswith("council=")}
        return (within or "Cabinet decisions") + (" matching a search" if others else "")

    def subtitle(self, search: FeedSearch) -> str:
        where = f"The newest decisions of {search.council_name}" if search.council_name else ""
        return (where or "The newest decisions in the archive") + (
            f" for the search {search.query_string}" if search.query_string else ""
        )

    def link(self, search: FeedSearch) -> str:
        return reverse("decision-list") + search.query_string

    def feed_url(self, search: FeedSearch) -> str:
        return reverse("decision-feed") + search.query_string

    def items(self, search: FeedSearch) -> QuerySet[Decision]:
        return feed_items(search.decisions)


class CouncillorFeed(DecisionItems, ArchiveFeed):
    """/councillors/<slug>/feed/: the decisions a councillor signed, newest first."""

    def get_object(self, request: HttpRequest, slug: str) -> Councillor:
        councillor = councillor_by_slug(slug)
        if councillor is None:
            raise Http404("No councillor has that name.")
        return councillor

    def title(self, councillor: Councillor) -> str:
        return f"Decisions signed by Councillor {councillor.name} ({councillor.council.name})"

    def subtitle(self, councillor: Councillor) -> str:
        return f"The newest decisions Councillor {councillor.name} signed"

    def link(self, councillor: Councillor) -> str:
        return councillor.get_absolute_url()

    def feed_url(self, councillor: Councillor) -> str:
        return reverse("councillor-feed", args=[councillor.slug])

    def items(self, councillor: Councillor) -> QuerySet[Decision]:
        signed = decisions_signed(councillor).newest_first()
        return feed_items(signed)


class CorrectionsFeed(ArchiveFeed):
    """/corrections/feed/ (every correction) and /<council>/decisions/<reference>/feed/ (one
    decision's): what admins changed by hand, newest first."""

    def get_object(
        self, request: HttpRequest, council: str | None = None, reference: str | None = None
    ) -> Decision | None:
        if reference is None or council is None:
            return None
        decision = decision_heading(council, reference)
        if decision is None:
            raise Http404("No decision has that reference.")
        return decision

    def title(self, decision: Decision | None) -> str:
        if decision is None:
            return "Corrections to the cabinet decisions archive"
        return f"Corrections to {decision.council.name} {decision.reference}: {decision.title}"

    def subtitle(self, decision: Decision | None) -> str:
        return "Each change an administrator made by hand, with what the record said before"

    def link(self, decision: Decision | None) -> str:
        return (
            decision.get_absolute_url() + "#corrections" if decision else reverse("correction-list")
        )

    def feed_url(self, decision: Decision | None) -> str:
        if decision is None:
            return reverse("correction-feed")
        return reverse("decision-feed-one", args=[decision.council.slug, decision.reference])

    def items(self, decision: Decision | None) -> QuerySet[Correction]:
        return public_corrections(decision=decision)[:FEED_LENGTH]

    def item_title(self, correction: Correction) -> str:
        target = correction.decision or correction.councillor
        name = target.reference if isinstance(target, Decision) else str(target)
        return f"{name}: {correction_summary(correction)}"

    def item_description(self, correction: Correction) -> str:
        if correction.field == CorrectionKind.WITHDRAWN:
            return f"Withdrawn from the archive. Reason: {correction.reason}"
        if correction.field == CorrectionKind.RESTORED:
            return f"Restored to the archive. Reason: {correction.reason}"
        # Dates as the pages write them ("10 March 2021"), not as stored.
        before = shown_value(correction.old_value) or "(blank)"
        after = shown_value(correction.new_value) or "(blank)"
        return f"Before: {before}\nAfter: {after}"

    def item_link(self, correction: Correction) -> str:
        if correction.decision is not None:
            return correction.decision.get_absolute_url() + "#corrections"
        if correction.councillor is not None:
            return correction.councillor.get_absolute_url()
        return reverse("home")

    def item_guid(self, correction: Correction) -> str:
        return f"{self.item_link(correction).split('#')[0]}#correction-{correction.pk}"

    def item_pubdate(self, correction: Correction) -> datetime:
        return correction.created_at

    def item_updateddate(self, correction: Correction) -> datetime:
        return correction.created_at
