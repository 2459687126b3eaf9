"""A councillor's page: /councillors/<slug>/."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils.html import escape

from decisions.models import CouncillorAlias
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_it_shows_the_seed_councillor_with_aliases_roles_and_decisions(client, seeds) -> None:
    response = client.get("/councillors/jonathan-lester/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert "<title>Jonathan Lester – Cabinet decisions archive</title>" in html
    assert "<li>JG Lester</li>" in html
    assert "<li>Jonathan Lester</li>" in html
    assert "Leader of the Council 3 18 Oct 2018 5 Feb 2026" in text
    titles = [seeds[n].title for n in ("004", "001", "003")]
    positions = [html.index(f">{escape(title)}</a>") for title in titles]
    assert positions == sorted(positions)  # newest first


def test_it_merges_roles_that_differ_only_in_case(client) -> None:
    hitchiner = make_councillor("David Hitchiner")
    for n, role in enumerate(
        ["Leader of the council", "Leader of the Council", "Leader of the Council"]
    ):
        make_decision(signatory=hitchiner, signatory_role=role, decision_date=date(2022, 1, 1 + n))
    make_decision(
        signatory=hitchiner, signatory_role="Cabinet member finance", decision_date=date(2020, 5, 1)
    )
    response = client.get("/councillors/david-hitchiner/")
    roles = [(r.role, r.count, r.first, r.last) for r in response.context["roles"]]
    assert roles == [
        ("Leader of the Council", 3, date(2022, 1, 1), date(2022, 1, 3)),
        ("Cabinet member finance", 1, date(2020, 5, 1), date(2020, 5, 1)),
    ]


def test_it_links_to_a_search_of_their_decisions(client) -> None:
    make_decision(signatory=make_councillor("Diana Toynbee"))
    html = client.get("/councillors/diana-toynbee/").content.decode()
    assert 'href="/decisions/?councillor=diana-toynbee"' in html


def test_it_pages_long_lists_of_decisions(client) -> None:
    councillor = make_councillor()
    for n in range(55):
        make_decision(signatory=councillor, decision_date=date(2020, 1, 1) + timedelta(n))
    html = client.get("/councillors/jonathan-lester/?page=2").content.decode()
    assert html.count('class="result"') == 5
    assert 'aria-label="Page 2" aria-current="page"' in html
    assert "Signed 55 decisions" in html


def test_it_gives_a_404_for_an_unknown_councillor(client) -> None:
    assert client.get("/councillors/nobody/").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_four_queries(client, django_assert_num_queries, count: int) -> None:
    councillor = make_councillor()
    for n in range(count):
        CouncillorAlias.objects.create(councillor=councillor, name=f"J Lester {n}")
        make_decision(
            signatory=councillor,
            signatory_role=f"Role {n}",
            decision_date=date(2020, 1, 1) + timedelta(n),
        )
    # the councillor, their aliases, their roles (and count), a page of their decisions
    with django_assert_num_queries(4):
        html = client.get("/councillors/jonathan-lester/").content.decode()
    assert html.count('class="result"') == count
