"""CSV of any search (/decisions/export.csv), of one decision and of a timeline."""

from __future__ import annotations

import csv
import io

import pytest

from decisions.opendata.export import export_fields
from tests.factories import make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[dict[str, str]]:
    assert response.streaming, "the CSV is streamed, not built in memory"
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_streams_every_match_of_a_search_with_a_header(client, seeds) -> None:
    response = client.get("/decisions/export.csv?year=2022")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="decisions.csv"'
    rows = read_csv(response)
    assert [row["reference"] for row in rows] == ["I50043387", "I50042913"]  # newest first
    assert set(export_fields()) - {"signatory"} <= set(rows[0])
    assert rows[0]["signatory_councillor"] == "diana-toynbee"
    assert rows[0]["clauses"].startswith("a) ")


def test_it_holds_every_match_not_one_page(client) -> None:
    for n in range(25):
        make_decision(title=f"Library review {n}")
    assert len(read_csv(client.get("/decisions/export.csv?title=library"))) == 25
    assert len(read_csv(client.get("/decisions/export.csv?title=nothing"))) == 0


def test_it_keeps_a_header_row_when_nothing_matches(client, seeds) -> None:
    response = client.get("/decisions/export.csv?q=zebra")
    text = b"".join(response.streaming_content).decode()
    assert text.startswith("reference,title,decision_date,")
    assert text.count("\n") == 1


def test_it_never_starts_a_cell_with_a_formula(client) -> None:
    make_decision(title='=HYPERLINK("http://evil.example")', purpose="+1", reason="@SUM(A1)")
    row = read_csv(client.get("/decisions/export.csv"))[0]
    assert row["title"].startswith("'=")
    assert row["purpose"] == "'+1"
    assert row["reason"] == "'@SUM(A1)"


def test_it_answers_a_bad_parameter_with_a_json_400(client) -> None:
    response = client.get("/decisions/export.csv?year=1066")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year"]


def test_it_exports_one_decision_and_a_timeline(client, seeds) -> None:
    one = read_csv(client.get("/decisions/I50042913/export.csv"))
    assert [row["reference"] for row in one] == ["I50042913"]
    assert client.get("/decisions/I99999999/export.csv").status_code == 404
    story = read_csv(client.get("/timelines/childrens-services-improvement/export.csv"))
    assert [row["reference"] for row in story][0] == "I50027300"  # oldest first
    assert len(story) == 5


def test_it_revalidates_with_an_etag(client, seeds) -> None:
    first = client.get("/decisions/export.csv")
    b"".join(first.streaming_content)
    assert client.get("/decisions/export.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
