"""The home page: /."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import make_decision

pytestmark = pytest.mark.django_db


def test_it_shows_a_search_box_that_searches_decisions(client) -> None:
    html = client.get("/").content.decode()
    assert '<form class="search" action="/decisions/" method="get" role="search"' in html
    assert '<label class="label label--l" for="q">Search decisions</label>' in html
    assert "<title>Home – Cabinet decisions archive</title>" in html


def test_it_lists_the_ten_latest_decisions(client) -> None:
    for n in range(12):
        make_decision(
            title=f"Decision number {n:02}", decision_date=date(2024, 1, 1) + timedelta(n)
        )
    html = client.get("/").content.decode()
    assert html.count('class="result"') == 10
    assert html.index("Decision number 11") < html.index("Decision number 02")
    assert "Decision number 01" not in html
    assert "12 decisions from 2024 to 2024" in html


def test_it_says_when_nothing_has_been_imported(client) -> None:
    assert "No decisions have been imported yet." in client.get("/").content.decode()


def test_it_leads_into_the_childrens_services_timeline(client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/herefordshire/timelines/childrens-services-improvement/"' in html
    assert (
        "Children&#x27;s services improvement, Herefordshire Council: the story in one timeline"
        in html
    )


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_three_queries(client, django_assert_num_queries, count: int) -> None:
    for n in range(count):
        make_decision(decision_date=date(2024, 1, 1) + timedelta(n))
    with django_assert_num_queries(3):
        html = client.get("/").content.decode()
    assert html.count('class="result"') == min(count, 10)
