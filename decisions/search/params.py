"""The decision search's query string, a public contract: its parameter names, its sort
orders, the labels each filter is shown with, how a checkbox value reads, and the body of
the 400 that names bad parameters (the JSON API, CSV, feeds and calendar all send it).

Pure Python, shared by the FilterSet that parses the parameters (filters.py) and the links
that change them (presentation.py), so neither has to import the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORT_CHOICES = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
SORT_LABEL = "Sort by"


@dataclass(frozen=True)
class FilterLabel:
    """How one filter is named: on the filter form, and on its chip when it is in force."""

    field: str
    chip: str


# Parameters that narrow the results, in the order active filters are listed.
FILTER_LABELS: dict[str, FilterLabel] = {
    "q": FilterLabel("Search", "Search"),
    "council": FilterLabel("Council", "Council"),
    "title": FilterLabel("Words in the title", "Title has"),
    "date_from": FilterLabel("From", "From"),
    "date_to": FilterLabel("To", "To"),
    "year": FilterLabel("Year", "Year"),
    "decision_maker": FilterLabel("Decision maker", "Decision maker"),
    "key": FilterLabel("Key decisions only", "Key decisions"),
    "councillor": FilterLabel("Signed by", "Signed by"),
    "exemption_class": FilterLabel("Exemption class", "Exemption class"),
}
FILTER_PARAMS = tuple(FILTER_LABELS)

TRUE_VALUES = frozenset({"1", "true", "on", "yes"})


def is_checked(value: object) -> bool:
    """A checkbox parameter is on only for a clear yes: '0' and 'false' are off."""
    return isinstance(value, str) and value.strip().lower() in TRUE_VALUES


def invalid_parameter_body(errors: Mapping[str, Sequence[Any]]) -> dict[str, Any]:
    """{"detail": "Invalid parameter: year", "errors": {"year": [...]}}: each bad parameter
    with its messages; a form's `__all__` errors are named "non_field_errors"."""
    named = {
        ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in errors.items()
    }
    return {"detail": "Invalid parameter: " + ", ".join(named), "errors": named}
