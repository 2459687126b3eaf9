"""decisions.search.selectors.decision_search: the one search behind the list page and export."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import QueryDict

from decisions.search.selectors import DecisionSearch, decision_search
from tests.factories import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def three() -> None:
    make_decision(reference="I60000301", title="Library hours", decision_date=date(2021, 3, 1))
    make_decision(
        reference="I60000302",
        title="Road safety",
        decision_date=date(2022, 6, 1),
        is_key_decision=True,
    )
    make_decision(
        reference="I60000303",
        title="Library closures",
        decision_date=date(2022, 9, 1),
        is_key_decision=True,
    )


def references(search: DecisionSearch) -> list[str]:
    return list(search.decisions.values_list("reference", flat=True))


def test_it_finds_every_decision_newest_first_without_parameters(three: None) -> None:
    search = decision_search(params=QueryDict())

    assert search.is_valid
    assert references(search) == ["I60000303", "I60000302", "I60000301"]


def test_it_filters_and_sorts_by_the_query_string_parameters(three: None) -> None:
    search = decision_search(params=QueryDict("key=1&year=2022&sort=oldest"))

    assert references(search) == ["I60000302", "I60000303"]


def test_it_accepts_a_plain_mapping(three: None) -> None:
    assert references(decision_search(params={"title": "library"})) == ["I60000303", "I60000301"]


def test_it_reports_invalid_parameters_and_applies_only_the_valid_ones(three: None) -> None:
    search = decision_search(params=QueryDict("year=1900&title=road"))

    assert not search.is_valid
    assert list(search.filterset.errors) == ["year"]
    assert references(search) == ["I60000302"]


def export(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("export_decisions", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_the_export_command_exports_what_a_search_finds_oldest_first(three: None) -> None:
    records = export("--search", "key=1&sort=newest")

    assert [r["reference"] for r in records] == ["I60000302", "I60000303"]


def test_the_export_command_exports_everything_without_a_search(three: None) -> None:
    assert [r["reference"] for r in export()] == ["I60000301", "I60000302", "I60000303"]


def test_the_export_command_refuses_an_invalid_search() -> None:
    with pytest.raises(CommandError, match="--search year=abc: year: Year must be a number"):
        export("--search", "year=abc")
