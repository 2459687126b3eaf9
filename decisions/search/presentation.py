"""Links and labels for the decision search pages: query strings that change one parameter
and keep the rest, facet links, active-filter chips and sort links.

Built from the request's parameters and the FilterSet's cleaned values; this module never
imports the FilterSet (filters.py), so template tags can use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import QueryDict
from django.utils.dateformat import format as format_date

from decisions.search.params import (
    FILTER_LABELS,
    FILTER_PARAMS,
    RELEVANCE,
    SORT_CHOICES,
    is_checked,
)

if TYPE_CHECKING:
    from decisions.search.filters import Facets

# The search parameters a form carries along as hidden inputs, so that submitting one part
# of the page (the search box, or the filters) keeps what the other part had set.
KEPT_PARAMS = (*FILTER_PARAMS, "sort")


def with_params(params: QueryDict, *, drop: tuple[str, ...] = (), **changes: Any) -> str:
    """The query string for `params` with some removed or replaced ("" when none are left).

    A change to anything but the page goes back to page 1, as the results change.
    """
    updated = params.copy()
    for name in (*drop, *changes):
        updated.pop(name, None)
    if drop or set(changes) - {"page"}:
        updated.pop("page", None)
    for name, value in changes.items():
        if value not in (None, "") and not (name == "page" and str(value) == "1"):
            updated[name] = str(value)
    for name in list(updated):
        if not any(updated.getlist(name)):
            updated.pop(name)  # an empty box in a submitted form is no filter
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else ""


@dataclass(frozen=True)
class FilterLink:
    """A link that applies (or, when selected, removes) one filter value."""

    label: str
    count: int | None  # None when the facet counts were capped (too many matches)
    url: str
    selected: bool


def facet_links(facets: Facets, params: QueryDict) -> dict[str, list[FilterLink]]:
    """Links for each facet value, keeping the rest of the search."""

    def links(name: str, options: list[tuple[Any, int]]) -> list[FilterLink]:
        chosen = params.get(name, "")
        return [
            FilterLink(
                label=str(value),
                count=None if facets.capped or not count else count,
                url=with_params(params, drop=(name,))
                if str(value) == chosen
                else with_params(params, **{name: value}),
                selected=str(value) == chosen,
            )
            for value, count in options
            if count or str(value) == chosen  # a choice that finds nothing is no choice
        ]

    key_chosen = is_checked(params.get("key"))
    council_chosen = params.get("council", "")
    councils = [
        FilterLink(
            label=name,
            count=None if facets.capped or not count else count,
            url=with_params(params, drop=("council",))
            if slug == council_chosen
            else with_params(params, council=slug),
            selected=slug == council_chosen,
        )
        for slug, name, count in facets.councils
    ]
    return {
        "council": councils,
        "decision_maker": links("decision_maker", facets.decision_makers),
        "year": links("year", facets.years),
        "exemption_class": links("exemption_class", facets.exemption_classes),
        "key": [
            FilterLink(
                label=FILTER_LABELS["key"].field,
                count=None if facets.capped or not facets.key_decisions else facets.key_decisions,
                url=with_params(params, drop=("key",))
                if key_chosen
                else with_params(params, key="1"),
                selected=key_chosen,
            )
        ]
        if facets.key_decisions or key_chosen
        else [],
    }


@dataclass(frozen=True)
class ActiveFilter:
    """A filter in force, shown with a link that removes it."""

    label: str
    value: str
    remove_url: str


def active_filters(
    cleaned: dict[str, Any],
    params: QueryDict,
    *,
    councillor_name: str = "",
    council_name: str = "",
) -> list[ActiveFilter]:
    """The filters in force, in a stable order, each with its removal link."""
    active = []
    for name in FILTER_PARAMS:
        value = cleaned.get(name)
        if value in (None, "", False):
            continue
        if isinstance(value, date):
            shown = format_date(value, "j F Y")
        elif name == "key":
            shown = "only"
        elif name == "councillor":
            shown = councillor_name or value
        elif name == "council":
            shown = council_name or value
        else:
            shown = str(value)
        chip = FILTER_LABELS[name].chip
        active.append(ActiveFilter(chip, shown, with_params(params, drop=(name,))))
    return active


def sort_links(params: QueryDict, current: str, *, has_query: bool) -> list[FilterLink]:
    """Links to each sort order that applies (relevance only for a search)."""
    return [
        FilterLink(label, 0, with_params(params, sort=value), value == current)
        for value, label in SORT_CHOICES
        if has_query or value != RELEVANCE
    ]


def chosen_filters(filters: list[ActiveFilter]) -> list[ActiveFilter]:
    """The active filters other than the words searched for (the "Search" chip)."""
    return [f for f in filters if f.label != "Search"]


def words_only(query: str) -> str:
    """The query string that keeps the words searched for and drops every filter."""
    return with_params(QueryDict(), q=query) if query else ""


def search_title(
    cleaned: dict[str, Any], *, councillor_name: str = "", council_name: str = ""
) -> str:
    """The page title of a search, naming its words and filters: "Decisions in 2022",
    "Key decisions by Cabinet matching “ofsted”"; "Search decisions" with none."""
    parts = ["Key decisions" if cleaned.get("key") else "Decisions"]
    if cleaned.get("q"):
        parts.append(f"matching “{cleaned['q']}”")
    if cleaned.get("title"):
        parts.append(f"with “{cleaned['title']}” in the title")
    if cleaned.get("decision_maker"):
        parts.append(f"by {cleaned['decision_maker']}")
    if cleaned.get("councillor"):
        parts.append(f"signed by {councillor_name or cleaned['councillor']}")
    if cleaned.get("council"):
        parts.append(f"of {council_name or cleaned['council']}")
    if cleaned.get("year"):
        parts.append(f"in {cleaned['year']}")
    for name, word in (("date_from", "from"), ("date_to", "to")):
        if isinstance(cleaned.get(name), date):
            parts.append(f"{word} {format_date(cleaned[name], 'j F Y')}")
    if cleaned.get("exemption_class"):
        parts.append(f"in exemption class {cleaned['exemption_class']}")
    return "Search decisions" if len(parts) == 1 and not cleaned.get("key") else " ".join(parts)
