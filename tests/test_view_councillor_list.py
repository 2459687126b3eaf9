"""The councillor list: /councillors/."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db


def test_it_lists_councillors_with_counts_and_years(client) -> None:
    lester = make_councillor("Jonathan Lester")
    make_councillor("Diana Toynbee")
    make_decision(signatory=lester, decision_date=date(2018, 10, 18))
    make_decision(signatory=lester, decision_date=date(2026, 2, 5))
    html = client.get("/councillors/").content.decode()
    assert (
        '<a class="councillors__name" href="/councillors/jonathan-lester/">Jonathan Lester</a>'
        in html
    )
    assert "2 decisions, 2018 to 2026" in html
    assert "0 decisions" in html
    assert "<title>Councillors – Cabinet decisions archive</title>" in html
    assert html.index("Diana Toynbee") < html.index("Jonathan Lester")


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_two_queries(client, django_assert_num_queries, count: int) -> None:
    for n in range(count):
        make_decision(signatory=make_councillor(f"Councillor {n}", slug=f"councillor-{n}"))
    with django_assert_num_queries(2):  # the count, and the page
        html = client.get("/councillors/").content.decode()
    assert html.count('class="councillors__item"') == count


def test_it_pages_councillors_a_hundred_at_a_time(client) -> None:
    from decisions.councils import first_council
    from decisions.models import Councillor

    council = first_council()
    Councillor.objects.bulk_create(
        Councillor(name=f"Councillor {n:03d}", slug=f"councillor-{n:03d}", council=council)
        for n in range(230)
    )
    first = client.get("/councillors/").content.decode()
    assert first.count('class="councillors__item"') == 100
    assert 'href="/councillors/?page=2"' in first
    last = client.get("/councillors/?page=3").content.decode()
    assert last.count('class="councillors__item"') == 30
    assert "Councillor 229" in last
    assert client.get("/councillors/?page=abc").status_code == 200
