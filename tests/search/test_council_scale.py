"""A search within one council runs a fixed number of SQL queries, as the same search across
every council does, however many councils and matches there are (the scale benchmark
times both). Within a council, the page names it: one query for its name (as the
councillor filter does), and the council's own page looks the council up first."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Council
from tests.factories import make_decision


def make_councils(councils: int, per_council: int) -> list[Council]:
    made = [
        Council.objects.create(slug=f"c{n:02d}", name=f"Council {n:02d}") for n in range(councils)
    ]
    for council in made:
        for i in range(per_council):
            make_decision(
                reference=f"I{1000 + i}",  # the same references in every council
                title=f"Library opening hours review {i}",
                decision_date=date(2024, 1, 1) + timedelta(days=i),
                council=council,
            )
    return made


def queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    councils = {decision.council.slug for decision, _ in response.context["results"]}
    return len(captured), sorted(councils)


@pytest.mark.django_db
@pytest.mark.parametrize(("councils", "per_council"), [(1, 1), (3, 2), (30, 1), (2, 25)])
def test_a_search_runs_the_same_queries_within_a_council_and_across(
    client, councils: int, per_council: int
) -> None:
    made = make_councils(councils, per_council)
    across, found = queries(client, "/decisions/?q=library&year=2024")
    # a page of 20 results, newest first among equals: every council's newest
    assert set(found) <= {council.slug for council in made}
    assert len(found) == min(councils, 20)
    # The council filter's name, for the title and chips: one query more.
    filtered, found = queries(client, f"/decisions/?q=library&year=2024&council={made[0].slug}")
    assert (filtered, found) == (across + 1, [made[0].slug])
    # A council's own page loads its council, whose name it then already has.
    page, found = queries(client, f"/{made[-1].slug}/decisions/?q=library&year=2024")
    assert (page, found) == (across + 1, [made[-1].slug])
    # facets and count, the page of results, the snippets (the filter adds the year only)
    assert across == 3


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_councils_or_matches(client) -> None:
    small = make_councils(1, 1)[0]
    counts = {queries(client, f"/{small.slug}/decisions/?q=library")[0]}
    counts.add(queries(client, "/decisions/?q=library")[0] + 1)
    many = Council.objects.create(slug="many", name="Many")
    for i in range(30):
        make_decision(title=f"Library review {i}", council=many)
    for n in range(30):
        make_decision(title="Library", council=Council.objects.create(slug=f"x{n}", name=f"X{n}"))
    counts.add(queries(client, "/many/decisions/?q=library")[0])
    counts.add(queries(client, "/decisions/?q=library")[0] + 1)
    assert counts == {4}
