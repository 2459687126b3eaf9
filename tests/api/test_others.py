"""The JSON API's councillors, timelines and corrections."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from decisions.councils import first_council
from decisions.models import Correction, Decision
from decisions.timelines.models import Timeline, TimelineEvent, TimelineMembership
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db


def test_it_lists_councillors_with_their_spellings_and_counts(client, seeds) -> None:
    body = client.get("/api/councillors/").json()
    lester = next(c for c in body["results"] if c["slug"] == "jonathan-lester")
    assert lester["decision_count"] == 3
    assert "JG Lester" in lester["aliases"]
    assert lester["api"] == "http://testserver/api/councillors/jonathan-lester/"
    assert lester["web"] == "http://testserver/councillors/jonathan-lester/"


def test_it_shows_what_a_councillor_signed(client, seeds) -> None:
    body = client.get("/api/councillors/jonathan-lester/").json()
    assert [d["reference"] for d in body["decisions"]] == ["I50053845", "I50052101", "I50027300"]
    assert body["decisions"][0]["api"] == "http://testserver/api/decisions/herefordshire/I50053845/"
    assert body["decisions_search"] == (
        "http://testserver/api/decisions/?councillor=jonathan-lester"
    )
    assert client.get("/api/councillors/nobody/").status_code == 404


def test_it_lists_timelines_and_shows_one_with_its_events(client, seeds) -> None:
    listed = client.get("/api/timelines/").json()["results"]
    assert [t["slug"] for t in listed] == ["childrens-services-improvement"]
    assert listed[0]["member_count"] == 5
    body = client.get("/api/timelines/herefordshire/childrens-services-improvement/").json()
    assert [d["reference"] for d in body["decisions"]][0] == "I50027300"  # oldest first
    assert body["events"], "the sample notices have dated events"
    event = body["events"][0]
    assert {"date", "end_date", "precision", "kind", "title", "decision", "clause"} <= set(event)
    assert {"source_sentence", "source"} <= set(event)
    with_clause = next(e for e in body["events"] if e["clause"])
    assert with_clause["source"].endswith(f"#clause-{with_clause['clause']}")


def test_it_lists_corrections_newest_first_without_who_made_them(client, seeds) -> None:
    decision = seeds["000"]
    Correction.objects.create(decision=decision, field="title", old_value="Old", new_value="New")
    Correction.objects.create(decision=decision, clause_key="b", field="text", new_value="B.")
    body = client.get("/api/corrections/").json()
    assert body["count"] == 2
    newest = body["results"][0]
    assert newest["clause_key"] == "b"
    assert newest["decision"] == "I50043387"
    assert newest["web"] == "http://testserver/herefordshire/decisions/I50043387/#corrections"
    assert "user" not in newest
    since = body["results"][0]["created_at"]
    assert client.get("/api/corrections/", {"modified_since": since}).json()["count"] >= 1
    assert client.get("/api/corrections/?modified_since=x").status_code == 400


@pytest.mark.parametrize("rows", [1, 30])
def test_it_lists_councillors_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
) -> None:
    for n in range(rows):
        make_decision(signatory=make_councillor(f"Councillor {n}", slug=f"councillor-{n}"))
    # archive version, count, page, aliases
    with django_assert_num_queries(4):
        response = client.get("/api/councillors/?page_size=30")
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_it_shows_a_councillor_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
) -> None:
    councillor = make_councillor()
    for n in range(rows):
        make_decision(signatory=councillor, decision_date=date(2024, 1, 1) + timedelta(days=n))
    # archive version, the councillor, aliases, decisions
    with django_assert_num_queries(4):
        response = client.get("/api/councillors/jonathan-lester/")
    assert len(response.json()["decisions"]) == rows


@pytest.mark.parametrize("rows", [1, 30])
def test_it_shows_a_timeline_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
) -> None:
    timeline = Timeline.objects.create(council=first_council(), slug="story", title="A story")
    for n in range(rows):
        decision = make_decision(decision_date=date(2024, 1, 1) + timedelta(days=n))
        TimelineMembership.objects.create(timeline=timeline, decision=decision)
        TimelineEvent.objects.create(
            timeline=timeline,
            decision=decision,
            clause=decision.clauses.first(),
            date=decision.decision_date,
            kind="decision",
            title=decision.title,
        )
    # archive version, the timeline, its events, its decisions
    with django_assert_num_queries(4):
        response = client.get("/api/timelines/herefordshire/story/")
    body = response.json()
    assert len(body["events"]) == len(body["decisions"]) == rows
    assert body["events"][0]["clause"] == "a"


@pytest.mark.parametrize("rows", [1, 30])
def test_it_lists_corrections_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
) -> None:
    decision = make_decision()
    Correction.objects.bulk_create(
        Correction(decision=decision, field="title", new_value=str(n)) for n in range(rows)
    )
    # archive version, count, page with each decision joined
    with django_assert_num_queries(3):
        response = client.get("/api/corrections/?page_size=30")
    assert len(response.json()["results"]) == rows
    assert Decision.objects.count() == 1
