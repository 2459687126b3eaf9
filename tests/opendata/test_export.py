"""`manage.py export_decisions`: the stable JSON and CSV schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db

SCHEMA = {
    "reference", "title", "decision_date", "decision_maker", "is_key_decision",
    "key_decision_reason", "exemption_class", "special_urgency", "purpose", "decision_text",
    "reason", "options_considered", "declarations", "call_in_expiry", "signatory", "clauses",
    "source_url", "source_file", "source_sha256", "url",
}  # fmt: skip


@pytest.fixture
def imported() -> None:
    call_command("import_notices", str(SAMPLES), stdout=io.StringIO())


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_decisions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_exports_json_in_the_documented_schema(imported: None) -> None:
    records = json.loads(export())
    assert [r["reference"] for r in records] == [
        "I50027300", "I50042913", "I50043387", "I50052101", "I50053845",
    ]  # fmt: skip
    assert set(records[0]) >= SCHEMA
    ofsted = records[2]
    assert ofsted["decision_date"] == "2022-12-15"
    assert ofsted["call_in_expiry"] == "2022-12-21"
    assert ofsted["is_key_decision"] is True
    assert ofsted["signatory"] == {
        "name": "Diana Toynbee",
        "role": "Cabinet member children and families",
        "councillor": "diana-toynbee",
    }
    assert [c["label"] for c in ofsted["clauses"]] == ["a", "b", "c"]
    assert ofsted["url"] == "/herefordshire/decisions/I50043387/"
    assert ofsted["source_url"].endswith("mgIssueHistoryHome.aspx?IId=50043387")
    assert records[0]["signatory"]["councillor"] == records[3]["signatory"]["councillor"]


def test_it_exports_csv_with_one_row_per_decision(imported: None, tmp_path: Path) -> None:
    target = tmp_path / "decisions.csv"
    call_command(
        "export_decisions", "--format", "csv", "--output", str(target), stderr=io.StringIO()
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 5
    row = next(r for r in rows if r["reference"] == "I50042913")
    assert row["signatory_name"] == "David Hitchiner"
    assert row["decision_text"].startswith("a) Cabinet receive and note the Ofsted inspection")


def test_an_empty_archive_exports_an_empty_list() -> None:
    assert json.loads(export()) == []


def test_a_missing_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_decisions", "--output", str(tmp_path / "no" / "x.json"))


def test_it_exports_each_decisions_timelines_and_events(imported: None) -> None:
    records = {r["reference"]: r for r in json.loads(export())}
    assert all(r["timelines"] == ["childrens-services-improvement"] for r in records.values())
    events = records["I50053845"]["events"]
    assert [(e["kind"], e["date"], e["end_date"], e["precision"]) for e in events] == [
        ("inspection", "2025-11-10", "2025-11-21", "day"),
        ("report_published", "2026-01-12", None, "day"),
        ("decision", "2026-02-05", None, "day"),
    ]
    deadline = next(e for e in records["I50043387"]["events"] if e["kind"] == "deadline")
    assert deadline["source"]["clause"] == "c"
    assert deadline["source"]["url"] == "/herefordshire/decisions/I50043387/#clause-c"
    assert "no later than 20 December 2022" in deadline["source"]["sentence"]


def test_each_event_says_how_its_date_was_found(imported: None) -> None:
    records = {r["reference"]: r for r in json.loads(export())}
    by_kind = {e["kind"]: e for e in records["I50043387"]["events"]}
    assert {k: by_kind["judgement"][k] for k in ("date", "precision", "date_basis")} == {
        "date": "2022-07-01",
        "precision": "month",
        "date_basis": "tied",
    }
    assert (by_kind["judgement"]["known_by"], by_kind["judgement"]["tied_to"]) == (
        "2022-12-15",
        "inspection",
    )
    assert (by_kind["deadline"]["date_basis"], by_kind["deadline"]["known_by"]) == ("stated", None)
    assert by_kind["deadline"]["tied_to"] is None
    direction = next(
        e for e in records["I50042913"]["events"] if e["kind"] == "statutory_direction"
    )
    assert (direction["date"], direction["date_basis"], direction["known_by"]) == (
        "2022-09-29",
        "inferred",
        "2022-09-29",
    )


def test_export_queries_do_not_grow_with_decisions(django_assert_max_num_queries) -> None:
    from tests.factories import make_decision

    for _ in range(30):
        make_decision()
    with django_assert_max_num_queries(5):
        assert len(json.loads(export())) == 30


def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path: Path) -> None:
    from tests.factories import make_decision

    make_decision(title='=HYPERLINK("http://evil.example")', purpose="-1+2", reason="@SUM(A1)")
    target = tmp_path / "out.csv"
    call_command(
        "export_decisions", "--format", "csv", "--output", str(target), stderr=io.StringIO()
    )
    [row] = list(csv.DictReader(target.open(encoding="utf-8")))
    assert row["title"] == '\'=HYPERLINK("http://evil.example")'
    assert (row["purpose"], row["reason"]) == ("'-1+2", "'@SUM(A1)")
    assert row["timelines"] == ""


def test_csv_lists_timelines_as_slugs_and_leaves_events_to_their_own_csv(imported: None) -> None:
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv"))))
    row = next(r for r in rows if r["reference"] == "I50053845")
    assert row["timelines"] == "childrens-services-improvement"
    assert "events" not in row
