"""The JSON API's decisions: /api/decisions/ (the list page's search) and one decision."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from decisions.corrections import save_clause_changes
from decisions.councils import first_council
from decisions.models import Clause, Correction, Decision
from decisions.opendata.export import export_fields
from decisions.timelines.models import Timeline, TimelineMembership
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

EXTRA_FIELDS = ("id", "web", "modified", "withdrawn", "withdrawn_reason", "license")


def test_it_pages_every_decision_with_count_next_and_previous(client, seeds) -> None:
    response = client.get("/api/decisions/?page_size=2")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 5
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/decisions/?page=2&page_size=2"
    assert [d["reference"] for d in body["results"]] == ["I50053845", "I50052101"]


def test_it_gives_the_export_record_with_its_field_names_and_four_more(client, seeds) -> None:
    item = client.get("/api/decisions/herefordshire/I50043387/").json()
    assert set(item) == {*export_fields(), *EXTRA_FIELDS}
    assert item["reference"] == "I50043387"
    assert item["is_key_decision"] is True
    assert item["decision_date"] == "2022-12-15"
    assert item["url"] == "/herefordshire/decisions/I50043387/"
    assert item["web"] == "http://testserver/herefordshire/decisions/I50043387/"
    assert item["id"] == seeds["000"].pk
    assert item["signatory"]["councillor"] == "diana-toynbee"
    assert [c["label"] for c in item["clauses"]] == ["a", "b", "c"]
    assert item["timelines"] == ["childrens-services-improvement"]
    assert item["license"] == {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    }
    assert item["modified"].endswith("Z")
    modified = datetime.fromisoformat(item["modified"])
    assert modified == Decision.objects.get(reference="I50043387").updated_at


def test_it_searches_with_the_list_pages_parameters(client, seeds) -> None:
    body = client.get("/api/decisions/?q=ofsted&year=2022&key=1").json()
    assert [d["reference"] for d in body["results"]] == ["I50043387"]
    oldest = client.get("/api/decisions/?councillor=jonathan-lester&sort=oldest").json()
    assert [d["reference"] for d in oldest["results"]] == ["I50027300", "I50052101", "I50053845"]


def test_it_finds_what_the_html_list_finds(client, seeds) -> None:
    for query in ("q=inspection", "year=2022", "date_from=01/01/2020&date_to=2025-12-31"):
        html = client.get(f"/decisions/?{query}")
        api = client.get(f"/api/decisions/?{query}").json()
        assert api["count"] == html.context["facets"].total, query


def test_it_answers_a_bad_parameter_with_a_400_naming_it(client) -> None:
    response = client.get("/api/decisions/?year=nineteen&page_size=500&date_from=31/02/2022")
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"year", "page_size", "date_from"}
    assert body["errors"]["year"] == ["Year must be a number from 1974 to 2100"]
    assert body["detail"].startswith("Invalid parameter: ")
    assert "year" in body["detail"]


def test_it_names_a_backwards_date_range_and_a_bad_timestamp(client) -> None:
    body = client.get("/api/decisions/?date_from=2023-01-01&date_to=2022-01-01").json()
    assert list(body["errors"]) == ["date_to"]
    body = client.get("/api/decisions/?modified_since=yesterday").json()
    message = "modified_since must be an ISO 8601 timestamp, e.g. 2026-01-31T09:00:00Z"
    assert body["errors"] == {"modified_since": [message]}


def test_it_answers_a_nul_in_a_parameter_with_json(client) -> None:
    response = client.get("/api/decisions/?q=a%00b")
    assert response.status_code == 400
    assert response.json()["errors"] == {"q": ["Remove the NUL character"]}


def test_it_answers_a_page_past_the_end_with_a_json_404(client, seeds) -> None:
    response = client.get("/api/decisions/?page=9")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


def test_it_answers_an_unknown_reference_with_a_json_404(client) -> None:
    response = client.get("/api/decisions/herefordshire/I99999999/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_it_returns_only_what_changed_since_a_timestamp(client, seeds) -> None:
    since = timezone.now()
    Decision.objects.filter(reference="I50042913").update(updated_at=since + timedelta(seconds=1))
    stamp = since.astimezone(UTC).isoformat().replace("+00:00", "Z")
    body = client.get("/api/decisions/", {"modified_since": stamp}).json()
    assert [d["reference"] for d in body["results"]] == ["I50042913"]
    later = (since + timedelta(hours=1)).isoformat()
    assert client.get("/api/decisions/", {"modified_since": later}).json()["count"] == 0


def test_it_counts_a_clause_correction_as_a_change(client, admin_user) -> None:
    decision = make_decision(clauses=("Approve the plan.",))
    Decision.objects.filter(pk=decision.pk).update(updated_at=datetime(2024, 1, 1, tzinfo=UTC))
    clause = Clause.objects.get(decision=decision)
    clause.text = "Approve the amended plan."
    save_clause_changes(
        decision=decision,
        changed=[clause],
        added=[],
        deleted=[],
        user=admin_user,
        reason="The notice was amended.",
    )
    body = client.get("/api/decisions/?modified_since=2025-01-01T00:00:00Z").json()
    assert [d["reference"] for d in body["results"]] == [decision.reference]
    assert body["results"][0]["clauses"][0]["text"] == "Approve the amended plan."


def test_it_answers_a_repeat_request_with_304_until_something_changes(client, seeds) -> None:
    first = client.get("/api/decisions/?year=2022")
    assert first["Cache-Control"] == "public, max-age=300"
    assert first.has_header("Last-Modified")
    again = client.get("/api/decisions/?year=2022", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Decision.objects.filter(reference="I50027300").update(
        updated_at=timezone.now() + timedelta(minutes=1)
    )
    changed = client.get("/api/decisions/?year=2022", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_it_allows_read_only_requests_from_any_origin(client, seeds) -> None:
    response = client.get("/api/decisions/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/decisions/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    page = client.get("/decisions/", HTTP_ORIGIN="https://example.org")
    assert not page.has_header("Access-Control-Allow-Origin")  # only /api/


def test_it_refuses_writes(client, seeds) -> None:
    assert client.post("/api/decisions/", {}).status_code == 405
    assert client.delete("/api/decisions/herefordshire/I50043387/").status_code == 405


def _make_rows(count: int) -> None:
    councillor = make_councillor()
    timeline, _ = Timeline.objects.get_or_create(
        council=first_council(), slug="story", defaults={"title": "A story"}
    )
    for n in range(count):
        decision = make_decision(
            clauses=("First.", "Second."),
            signatory=councillor,
            decision_date=date(2024, 1, 1) + timedelta(days=n),
        )
        TimelineMembership.objects.create(timeline=timeline, decision=decision)


@pytest.mark.parametrize("rows", [1, 30])
def test_it_lists_in_a_fixed_number_of_queries(client, django_assert_num_queries, rows) -> None:
    _make_rows(rows)
    # archive version, count, the page's ids, its decisions, clauses, timelines, events,
    # ModernGov records
    with django_assert_num_queries(8):
        response = client.get("/api/decisions/?page_size=30")
    results = response.json()["results"]
    assert len(results) == rows
    assert all(item["timelines"] == ["story"] for item in results)


@pytest.mark.parametrize("rows", [1, 30])
def test_it_shows_one_decision_in_a_fixed_number_of_queries(
    client, django_assert_num_queries, rows
) -> None:
    decision = make_decision(clauses=())
    Clause.objects.bulk_create(
        Clause(decision=decision, position=n, label=str(n + 1), text=f"Clause {n}.")
        for n in range(rows)
    )
    # archive version, the decision, clauses, timeline memberships, events, ModernGov record
    with django_assert_num_queries(6):
        response = client.get(f"/api/decisions/herefordshire/{decision.reference}/")
    assert len(response.json()["clauses"]) == rows


def test_it_takes_any_offset_python_reads_and_refuses_one_it_cannot_place(client, seeds) -> None:
    # PostgreSQL refuses offsets past 15:59; the timestamp goes to it in UTC.
    far = client.get("/api/decisions/", {"modified_since": "1563-07-14T02:33:42+18:38"})
    assert far.status_code == 200
    assert far.json()["count"] == 5
    before_time = client.get("/api/decisions/", {"modified_since": "0001-01-01T00:00:00+05:00"})
    assert before_time.status_code == 400
    assert list(before_time.json()["errors"]) == ["modified_since"]


def test_it_says_whether_and_when_a_record_was_corrected(client) -> None:
    corrected = make_decision(reference="I70000311")
    make_decision(reference="I70000312")
    correction = Correction.objects.create(
        decision=corrected, field="title", old_value="x", new_value="Decision I70000311"
    )

    one = client.get("/api/decisions/herefordshire/I70000311/").json()
    other = client.get("/api/decisions/herefordshire/I70000312/").json()
    row = client.get("/herefordshire/decisions/I70000311/export.csv")
    cells = b"".join(row.streaming_content).decode().splitlines()

    assert one["corrected"] is True
    assert one["last_corrected"] == timezone.localdate(correction.created_at).isoformat()
    assert (other["corrected"], other["last_corrected"]) == (False, None)
    header, values = cells[0].split(","), cells[1].split(",")
    assert values[header.index("corrected")] == "true"
    assert values[header.index("last_corrected")] == one["last_corrected"]
