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
def test_it_runs_one_query(client, django_assert_num_queries, count: int) -> None:
    for n in range(count):
        make_decision(signatory=make_councillor(f"Councillor {n}", slug=f"councillor-{n}"))
    with django_assert_num_queries(1):
        html = client.get("/councillors/").content.decode()
    assert html.count('class="councillors__item"') == count
