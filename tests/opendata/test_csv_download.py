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
    # ModernGov's block is its moderngov_* cells (no JSON in a cell)
    assert set(export_fields()) - {"signatory", "clauses", "events", "moderngov"} <= set(rows[0])
    assert rows[0]["moderngov_status"] == ""
    assert rows[0]["signatory_councillor"] == "diana-toynbee"
    assert rows[0]["decision_text"].startswith("a) ")


def test_it_writes_the_clauses_once_and_no_json(client, seeds) -> None:
    row = read_csv(client.get("/herefordshire/decisions/I50043387/export.csv"))[0]
    assert "clauses" not in row  # they are the decision_text column
    assert "events" not in row  # they have a CSV of their own
    assert not any(cell.lstrip().startswith(("[", "{")) for cell in row.values())


def test_it_gives_full_addresses_and_true_or_false(client) -> None:
    make_decision(reference="I70000301", is_key_decision=True)
    make_decision(reference="I70000302", is_key_decision=False)
    rows = {row["reference"]: row for row in read_csv(client.get("/decisions/export.csv"))}
    assert rows["I70000301"]["url"] == "http://testserver/herefordshire/decisions/I70000301/"
    assert rows["I70000301"]["is_key_decision"] == "true"
    assert rows["I70000302"]["is_key_decision"] == "false"
    assert rows["I70000302"]["corrected"] == "false"
    assert rows["I70000302"]["last_corrected"] == ""


def test_it_writes_a_byte_order_mark_for_excel_only(client) -> None:
    make_decision(reference="I70000303", title="Schools \u2013 the \u201cplan\u201d")
    plain = b"".join(client.get("/decisions/export.csv").streaming_content)
    excel = b"".join(client.get("/decisions/export.csv?excel=1").streaming_content)
    one = b"".join(
        client.get("/herefordshire/decisions/I70000303/export.csv?excel=1").streaming_content
    )
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel.startswith(b"\xef\xbb\xbfreference,")
    assert one.startswith(b"\xef\xbb\xbf")
    assert "Schools \u2013 the \u201cplan\u201d" in excel.decode("utf-8-sig")


def test_it_puts_timeline_events_in_their_own_csv(client, seeds) -> None:
    rows = read_csv(client.get("/timelines/events.csv?year=2022"))
    one = read_csv(client.get("/timelines/events.csv?decision=I50053845"))
    story = read_csv(
        client.get("/herefordshire/timelines/childrens-services-improvement/events.csv")
    )
    page = client.get("/herefordshire/decisions/I50053845/").content.decode()
    timeline = client.get(
        "/herefordshire/timelines/childrens-services-improvement/"
    ).content.decode()

    assert rows and story
    assert set(rows[0]) >= {"reference", "timeline", "date", "kind", "title", "sentence", "url"}
    assert [row["kind"] for row in one] == ["inspection", "report_published", "decision"]
    assert one[0]["url"].startswith("http://testserver/herefordshire/decisions/I50053845/")
    assert {row["reference"] for row in one} == {"I50053845"}
    assert (
        client.get("/timelines/events.csv?council=herefordshire&decision=I99999999").status_code
        == 404
    )
    assert client.get("/timelines/events.csv?year=1066").status_code == 400
    assert (
        'href="/timelines/events.csv?council=herefordshire&amp;decision=I50053845" type="text/csv">'
        in page
    )
    assert [row["council"] for row in story] == ["herefordshire"] * len(story)
    assert 'href="/herefordshire/timelines/childrens-services-improvement/events.csv"' in timeline


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
    one = read_csv(client.get("/herefordshire/decisions/I50042913/export.csv"))
    assert [row["reference"] for row in one] == ["I50042913"]
    assert client.get("/herefordshire/decisions/I99999999/export.csv").status_code == 404
    story = read_csv(
        client.get("/herefordshire/timelines/childrens-services-improvement/export.csv")
    )
    assert [row["reference"] for row in story][0] == "I50027300"  # oldest first
    assert len(story) == 5


def test_it_revalidates_with_an_etag(client, seeds) -> None:
    first = client.get("/decisions/export.csv")
    b"".join(first.streaming_content)
    assert client.get("/decisions/export.csv", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
