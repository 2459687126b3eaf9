"""The decision search's query string, a public contract: its parameter names, its sort
orders, and how a checkbox value reads.

Pure Python, shared by the FilterSet that parses the parameters (filters.py) and the links
that change them (presentation.py), so neither has to import the other.
"""

from __future__ import annotations

RELEVANCE, NEWEST, OLDEST = "relevance", "newest", "oldest"
SORT_CHOICES = [(RELEVANCE, "Relevance"), (NEWEST, "Newest first"), (OLDEST, "Oldest first")]
# Parameters that narrow the results, in the order active filters are listed.
FILTER_PARAMS = (
    "q",
    "title",
    "date_from",
    "date_to",
    "year",
    "decision_maker",
    "key",
    "councillor",
    "exemption_class",
)

TRUE_VALUES = frozenset({"1", "true", "on", "yes"})


def is_checked(value: object) -> bool:
    """A checkbox parameter is on only for a clear yes: '0' and 'false' are off."""
    return isinstance(value, str) and value.strip().lower() in TRUE_VALUES
