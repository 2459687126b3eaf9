"""Past RANK_LIMIT matches a results page sorts newest first, and says so."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import QueryDict

from decisions import views
from decisions.search import selectors
from tests.factories import make_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def orchards() -> None:
    make_decision(reference="I60000041", title="Orchard replanting", decision_date=date(2020, 1, 1))
    make_decision(
        reference="I60000042",
        title="Library hours",
        purpose="The orchard.",
        decision_date=date(2024, 1, 1),
    )
    make_decision(
        reference="I60000043", title="Parks", purpose="An orchard.", decision_date=date(2022, 1, 1)
    )


def found(client, query: str) -> tuple[list[str], str]:
    response = client.get(f"/decisions/?{query}")
    assert response.status_code == 200
    return [d.reference for d, _ in response.context["results"]], response.content.decode()


def test_it_ranks_by_relevance_up_to_the_limit(client, orchards) -> None:
    references, html = found(client, "q=orchard")
    assert references[0] == "I60000041"  # the title match
    assert "too many to sort by relevance" not in html


def test_it_sorts_newest_first_past_the_limit_and_says_so(client, orchards, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "RANK_LIMIT", 2)
    monkeypatch.setattr(views, "RANK_LIMIT", 2)
    references, html = found(client, "q=orchard")
    assert references == ["I60000042", "I60000043", "I60000041"]
    assert "More than 2 decisions match, too many to sort by relevance" in html
    assert "<strong>Newest first</strong>" in html


def test_it_keeps_an_explicit_sort_past_the_limit(client, orchards, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "RANK_LIMIT", 2)
    references, html = found(client, "q=orchard&sort=oldest")
    assert references == ["I60000041", "I60000043", "I60000042"]
    assert "too many to sort by relevance" not in html


@pytest.mark.parametrize(
    "query",
    [
        "q=orchard&sort=newest",
        "q=orchard&sort=oldest",
        "q=orchard -parks&sort=newest",
        "q=orchard&date_from=2021-01-01&sort=oldest",
        "q=orchard or library",
    ],
)
def test_it_lists_the_same_decisions_in_date_order_past_the_limit(
    client, orchards, monkeypatch, query: str
) -> None:
    make_decision(reference="I60000044", title="Orchard wall", decision_date=date(2024, 1, 1))
    ordered = "&sort=" in query
    below, _ = found(client, query if ordered else query + "&sort=newest")
    monkeypatch.setattr(selectors, "RANK_LIMIT", 1)
    monkeypatch.setattr(views, "RANK_LIMIT", 1)
    past, _ = found(client, query)
    assert past == below
    assert len(past) >= 2


@pytest.fixture
def same_day_orchards(orchards) -> None:
    make_decision(reference="I60000044", title="Orchard grants", decision_date=date(2022, 1, 1))


def page_sort_key(params: str, matches: int) -> str:
    search = selectors.decision_search(params=QueryDict(params))
    return str(search.page_order(matches=matches).query).split("ORDER BY")[1]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["I60000042", "I60000044", "I60000043", "I60000041"]),
        ("oldest", ["I60000041", "I60000043", "I60000044", "I60000042"]),
    ],
)
def test_a_search_sorted_by_date_lists_its_few_matches_in_date_then_reference_order(
    client, same_day_orchards, sort: str, expected: list[str]
) -> None:
    references, _ = found(client, f"q=orchard&sort={sort}")
    assert references == expected


def test_few_matches_sorted_by_date_are_sorted_not_read_from_the_date_index() -> None:
    # A bare decision_date key lets PostgreSQL walk the date index checking every row's
    # document, which for a rare word reads the whole table (docs/performance-1m.md).
    few = page_sort_key("q=orchard&sort=newest", matches=selectors.RANK_LIMIT)
    many = page_sort_key("q=orchard&sort=newest", matches=selectors.RANK_LIMIT + 1)
    no_words = page_sort_key("year=2022&sort=newest", matches=1)
    assert "COALESCE" in few and "DESC" in few
    assert "COALESCE" not in many and "COALESCE" not in no_words
