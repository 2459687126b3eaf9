"""The one decision search behind every list of decisions (the HTML list, the CSV, the feeds,
the calendar, the API and the export command), so they all filter and sort the same way.
Other reads of the core's records are in decisions.selectors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import QueryDict

from decisions.models import Decision
from decisions.search.filters import DecisionFilter
from decisions.search.params import NEWEST, OLDEST, RELEVANCE

# Ranking reads every match's search document; past this many matches a results page
# sorts newest first instead, and says so (a common word matches tens of thousands). Past
# it too, a page sorted by date is read in date order (see `search_decisions`).
RANK_LIMIT = 2_000


@dataclass(frozen=True)
class DecisionSearch:
    """A search as asked: its FilterSet (form, errors, cleaned values) and what it finds."""

    filterset: DecisionFilter
    decisions: QuerySet[Decision]  # filtered by every valid parameter, then sorted

    @property
    def is_valid(self) -> bool:
        """True when every parameter passed validation."""
        return self.filterset.is_valid()

    def too_many_to_rank(self, *, matches: int) -> bool:
        """True when relevance was asked for but `matches` is past RANK_LIMIT."""
        return self.filterset.sort_order == RELEVANCE and matches > RANK_LIMIT

    def page_order(self, *, matches: int) -> QuerySet[Decision]:
        """The decisions as a results page lists them: ranked, unless too many to rank.

        A search sorted by date with few matches sorts those matches rather than walking
        the date index: PostgreSQL guesses 0.5% of rows for a word it has no statistics
        on, so for a rare word it would scan the date index newest first, checking every
        row's document, until it found 20 (7.7 s at 1,000,000 decisions for one match;
        docs/performance-1m.md). `matches` is the facet count, known before this query.
        """
        if self.too_many_to_rank(matches=matches):
            return self.filterset.many_matches_by_date(newest=True)
        sort = self.filterset.sort_order
        if matches > RANK_LIMIT and sort != RELEVANCE:
            return self.filterset.many_matches_by_date(newest=sort == NEWEST)
        if self.filterset.query and sort != RELEVANCE:  # few matches: sort them
            return sorted_by_date(self.filterset.matches, oldest=sort == OLDEST)
        return self.decisions


def sorted_by_date(decisions: QuerySet[Decision], *, oldest: bool) -> QuerySet[Decision]:
    """Newest (or oldest) first, by a sort key no index provides, so the matches are sorted.

    COALESCE(decision_date, decision_date) is the date itself, but the planner cannot read
    it from the date index, so it finds the matches first (a GIN lookup) and sorts them.
    """
    day = Coalesce("decision_date", "decision_date")
    if oldest:
        return decisions.order_by(day.asc(), "reference")
    return decisions.order_by(day.desc(), "-reference")


def decision_search(
    *, params: QueryDict | Mapping[str, str], include_withdrawn: bool = False
) -> DecisionSearch:
    """Search decisions with query-string parameters; empty parameters find every decision
    the public sees (with `include_withdrawn`, withdrawn ones too: the API's mirrors)."""
    decisions = Decision.objects.all() if include_withdrawn else Decision.objects.published()
    filterset = DecisionFilter(params, queryset=decisions)
    return DecisionSearch(filterset=filterset, decisions=filterset.qs)
