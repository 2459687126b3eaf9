"""The decision FilterSet and its facet counts, nothing else.

The FilterSet reads search, filters and sort from the query string (the parameters are
named in search_params.py); callers build it through decisions/selectors.py, so every list
of decisions searches alike. The links that change one parameter live in presentation.py."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.db.models.sql.compiler import SQLCompiler

from decisions.models import Council, Decision
from decisions.search.params import (
    FILTER_LABELS,
    NEWEST,
    OLDEST,
    RELEVANCE,
    SORT_CHOICES,
    SORT_LABEL,
    is_checked,
)
from decisions.search.query import (
    fts_matches_many,
    parse_reference,
    rank_decisions,
    search_decisions,
)

MAX_QUERY_LENGTH = 256
MAX_VALUE_LENGTH = 200
MIN_YEAR, MAX_YEAR = 1974, 2100  # the Local Government Act 1972 councils began in 1974
MAX_PAGE = 100_000
# Facet counts visit the row of every match; past this many matches they stop, the page
# says "more than 10,000" and the facet values are listed without counts. Bounded work
# however common the word (see docs/performance.md).
FACET_LIMIT = 10_000
# On SQLite, facets count a search's matches from an index (reading every index entry in
# the date range, ~0.1-0.3 us each) rather than reading each match's row (~3-5 us each)
# when its words match more than one decision in this many (see `count_facets`).
MANY_MATCHES_ONE_IN = 16
# ISO first; then how people in the UK write dates.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y"]
DATE_ERROR = "Enter a real date, for example 15/12/2022 or 2022-12-15"


def reject_control_characters(value: str) -> None:
    """Refuse text containing control characters (NUL, escape, and the like)."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError("Remove the control characters from your search", code="control")


class SearchForm(forms.Form):
    """The form behind the FilterSet: its fields, plus the page number and cross-checks."""

    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": "Page must be a whole number, 1 or more",
            "min_value": "Page must be a whole number, 1 or more",
            "max_value": f"Page must be {MAX_PAGE:,} or less",
        },
    )

    def clean(self) -> dict[str, Any]:
        """Check the date range runs forwards."""
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned


def _text_field(name: str, max_length: int, **extra: Any) -> dict[str, Any]:
    label = FILTER_LABELS[name].field
    return {
        "label": label,
        "max_length": max_length,
        "validators": [reject_control_characters],
        "error_messages": {
            "max_length": f"{label} must be {max_length} characters or fewer",
            "null_characters_not_allowed": "Remove the control characters from your search",
        },
        **extra,
    }


def _date_field(name: str, lookup_expr: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="decision_date",
        lookup_expr=lookup_expr,
        label=FILTER_LABELS[name].field,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_ERROR},
    )


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class StrictCheckboxInput(forms.CheckboxInput):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        return is_checked(data.get(name))


class CheckboxFilter(django_filters.Filter):
    field_class = forms.BooleanField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", StrictCheckboxInput)
        super().__init__(*args, **kwargs)


class DecisionFilter(django_filters.FilterSet):
    """Search, filters and sort for decisions, all read from the query string."""

    q = django_filters.CharFilter(method="filter_search", **_text_field("q", MAX_QUERY_LENGTH))
    title = django_filters.CharFilter(
        method="filter_title", **_text_field("title", MAX_VALUE_LENGTH)
    )
    date_from = _date_field("date_from", "gte")
    date_to = _date_field("date_to", "lte")
    year = YearFilter(
        field_name="decision_date",
        lookup_expr="year",
        label=FILTER_LABELS["year"].field,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            f"Year must be a number from {MIN_YEAR} to {MAX_YEAR}",
        ),
    )
    decision_maker = django_filters.CharFilter(**_text_field("decision_maker", MAX_VALUE_LENGTH))
    key = CheckboxFilter(label=FILTER_LABELS["key"].field, method="filter_key")
    councillor = django_filters.CharFilter(
        field_name="signatory__slug", **_text_field("councillor", MAX_VALUE_LENGTH)
    )
    council = django_filters.CharFilter(
        method="filter_council", **_text_field("council", MAX_VALUE_LENGTH)
    )
    exemption_class = django_filters.CharFilter(
        lookup_expr="iexact", **_text_field("exemption_class", MAX_VALUE_LENGTH)
    )
    sort = django_filters.ChoiceFilter(
        label=SORT_LABEL,
        choices=SORT_CHOICES,
        method="leave_unfiltered",
        error_messages={"invalid_choice": "Sort by relevance, newest or oldest"},
    )

    class Meta:
        model = Decision
        fields: list[str] = []
        form = SearchForm

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Full text over title, purpose, clauses, reasons and options."""
        return search_decisions(queryset, value)

    def filter_council(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The council's decisions, by its id from a scalar subquery: PostgreSQL then reads
        council_id = $1 straight off the indexes led by the council (0021) rather than
        joining the councils table. An unknown slug finds nothing."""
        council = Council.objects.filter(slug=value).values("pk")[:1]
        return queryset.filter(council_id=Subquery(council))

    def filter_title(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word must appear in the title."""
        for word in value.split():
            queryset = queryset.filter(title__icontains=word)
        return queryset

    def filter_key(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        """Key decisions only, when ticked."""
        return queryset.key_decisions() if value else queryset

    def leave_unfiltered(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Nothing: sorting happens once every filter has been applied."""
        return queryset

    @property
    def cleaned(self) -> dict[str, Any]:
        """The values that passed validation (all of them, when the form is valid)."""
        self.errors  # noqa: B018 - validates the form, which fills cleaned_data
        return getattr(self.form, "cleaned_data", {})

    @property
    def query(self) -> str:
        """The full-text query, or "" when there is none (or it was invalid)."""
        return self.cleaned.get("q") or ""

    @property
    def sort_order(self) -> str:
        """The sort in force: the one asked for, else relevance for a search, else newest."""
        asked = self.cleaned.get("sort")
        if asked == RELEVANCE and not self.query:
            return NEWEST
        return asked or (RELEVANCE if self.query else NEWEST)

    @property
    def requested_reference(self) -> str | None:
        """The issue reference the query names, when the whole query is one."""
        return parse_reference(self.query) if self.query else None

    @property
    def matches(self) -> QuerySet[Decision]:
        """Decisions passing every valid filter, unordered: what facets count."""
        return self._apply_filters(self.queryset.all())

    @property
    def many_matches(self) -> ManyMatches | None:
        """The matches written to be read through an index, for facets to count them that
        way when the search's words match more than one decision in MANY_MATCHES_ONE_IN
        (SQLite only)."""
        condition = (
            fts_matches_many(self.queryset, self.query, one_in=MANY_MATCHES_ONE_IN)
            if self.query
            else None
        )
        if condition is None:
            return None
        decisions = self._apply_filters(self.queryset.all(), through_index=True)
        return ManyMatches(decisions=decisions, condition=condition)

    def many_matches_by_date(self, *, newest: bool) -> QuerySet[Decision]:
        """The matches, newest or oldest first, for a page of a search with many matches.

        The same rows in the same order as sorting `matches` by date; the search is written
        to be read in date order (see `search_decisions`).
        """
        queryset = self._apply_filters(self.queryset.all(), through_index=True)
        return queryset.newest_first() if newest else queryset.oldest_first()

    def _apply_filters(
        self, queryset: QuerySet[Decision], *, through_index: bool = False
    ) -> QuerySet[Decision]:
        for name, value in self.cleaned.items():
            if name == "q" and through_index:
                queryset = search_decisions(queryset, value, through_index=True)
            elif name in self.filters:  # the form also carries `page`, which is not a filter
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset: QuerySet[Decision]) -> QuerySet[Decision]:
        """Apply every valid filter, then the sort order (ranking a search by relevance)."""
        queryset = self._apply_filters(queryset)
        if self.sort_order == RELEVANCE:
            return rank_decisions(queryset, self.query).order_by(
                "-rank", "-decision_date", "-reference"
            )
        if self.sort_order == OLDEST:
            return queryset.oldest_first()
        return queryset.newest_first()


@dataclass(frozen=True)
class ManyMatches:
    """A search's matches written to be read through an index (see `search_decisions`),
    and the SQL condition under which facets count them that way."""

    decisions: QuerySet[Decision]
    condition: tuple[str, list[str]]  # true when the search's words match many decisions


class Year(ExtractYear):
    """A date's year; on SQLite read from the ISO date text, as it is stored.

    Django's ExtractYear calls a Python function per row on SQLite, which was a third of
    the facet query's time over 10,000 matches.
    """

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.lhs)
        return f"CAST(substr({sql}, 1, 4) AS integer)", list(params)


@dataclass(frozen=True)
class Facets:
    """How many of the matching decisions fall under each filter value.

    When `capped`, more than `total` decisions match: the counts stopped at FACET_LIMIT, so
    the values listed are those of the first `total` matches and their counts are partial.
    """

    total: int
    decision_makers: list[tuple[str, int]]  # most decisions first
    years: list[tuple[int, int]]  # newest first
    key_decisions: int
    exemption_classes: list[tuple[str, int]]
    capped: bool = False
    councils: list[tuple[str, str, int]] = field(default_factory=list)  # (slug, name, n)


def _facet_values(queryset: QuerySet[Decision]) -> QuerySet:
    return queryset.order_by().values(
        "decision_maker",
        "exemption_class",
        "is_key_decision",
        "council_id",
        year=Year("decision_date"),
    )


def count_facets(
    queryset: QuerySet[Decision],
    *,
    limit: int | None = None,
    many: ManyMatches | None = None,
) -> Facets:
    """Count decisions by maker, year, key flag and exemption class in one GROUP BY query.

    At most `limit` (FACET_LIMIT by default) matches are counted: the query groups the
    first `limit` + 1 of them, so its cost is bounded however many match.

    `many` (SQLite, a full-text search): the same matches read through the facet index.
    The one query then holds both ways to read them, and the search's own word count
    picks one as it runs (the other has LIMIT 0 and reads nothing): a few matches are read
    one by one; many are counted from the index, without reading their rows.
    """
    limit = FACET_LIMIT if limit is None else limit
    try:
        sql, params = _facet_values(queryset)[: limit + 1].query.sql_with_params()
        if many is not None:
            few_sql, few_params = _facet_values(queryset).query.sql_with_params()
            many_sql, many_params = _facet_values(many.decisions).query.sql_with_params()
            condition, condition_params = many.condition
            rows = limit + 1
            sql = (
                f"SELECT * FROM (SELECT * FROM ({few_sql}) "
                f"LIMIT CASE WHEN {condition} THEN 0 ELSE {rows} END) "
                f"UNION ALL SELECT * FROM (SELECT * FROM ({many_sql}) "
                f"LIMIT CASE WHEN {condition} THEN {rows} ELSE 0 END)"
            )
            params = (*few_params, *condition_params, *many_params, *condition_params)
    except EmptyResultSet:  # queryset.none(), e.g. a search of punctuation only: no query
        return Facets(total=0, decision_makers=[], years=[], key_decisions=0, exemption_classes=[])
    council_table = Council._meta.db_table
    with connections[queryset.db].cursor() as cursor:
        # The council's slug and name joined on the grouped counts: a few rows at most.
        cursor.execute(
            "SELECT g.decision_maker, g.exemption_class, g.is_key_decision, g.year, g.n, "
            f"c.slug, c.name FROM (SELECT m.decision_maker, m.exemption_class, "
            "m.is_key_decision, m.year, m.council_id, COUNT(*) AS n "
            f"FROM ({sql}) AS m GROUP BY 1, 2, 3, 4, 5) AS g "
            f"JOIN {council_table} c ON c.id = g.council_id",
            params,
        )
        rows = cursor.fetchall()
    makers: Counter[str] = Counter()
    years: Counter[int] = Counter()
    classes: Counter[str] = Counter()
    councils: Counter[tuple[str, str]] = Counter()
    key = total = 0
    for maker, exemption_class, is_key, year, n, slug, name in rows:
        total += n
        councils[(slug, name)] += n
        makers[maker] += n
        years[int(year)] += n
        if exemption_class:
            classes[exemption_class] += n
        if is_key:
            key += n
    return Facets(
        total=min(total, limit),
        decision_makers=sorted(makers.items(), key=lambda item: (-item[1], item[0])),
        years=sorted(years.items(), reverse=True),
        key_decisions=key,
        exemption_classes=sorted(classes.items(), key=lambda item: (-item[1], item[0])),
        capped=total > limit,
        councils=sorted(
            ((slug, name, n) for (slug, name), n in councils.items()),
            key=lambda item: (-item[2], item[1]),
        ),
    )
