"""Reads: the one decision search behind every list of decisions (the HTML list, the export
command and a future API), so they all filter and sort the same way; and the public list of
corrections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from decisions.filters import DecisionFilter
from decisions.models import Correction, Decision
from decisions.search_params import NEWEST, RELEVANCE

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
        """The decisions as a results page lists them: ranked, unless too many to rank."""
        if self.too_many_to_rank(matches=matches):
            return self.filterset.many_matches_by_date(newest=True)
        if matches > RANK_LIMIT and self.filterset.sort_order != RELEVANCE:
            return self.filterset.many_matches_by_date(newest=self.filterset.sort_order == NEWEST)
        return self.decisions


def decision_search(*, params: QueryDict | Mapping[str, str]) -> DecisionSearch:
    """Search decisions with query-string parameters; empty parameters find every decision."""
    filterset = DecisionFilter(params, queryset=Decision.objects.all())
    return DecisionSearch(filterset=filterset, decisions=filterset.qs)


def recent_corrections() -> QuerySet[Correction]:
    """Every correction, newest first, with what it corrected; who made it is left out."""
    return (
        Correction.objects.select_related("decision", "councillor")
        .only(
            "created_at",
            "clause_key",
            "field",
            "old_value",
            "new_value",
            "reason",
            "decision__reference",
            "decision__title",
            "councillor__name",
            "councillor__slug",
        )
        .order_by("-created_at", "-id")
    )
