"""decisions.opendata.export.DecisionRecord: the typed record every export output is built from."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command

from decisions.models import Decision
from decisions.opendata.export import (
    ClauseRecord,
    DecisionRecord,
    SignatoryRecord,
    export_decision,
    export_fields,
    exported_decisions,
    with_export_relations,
    write_csv,
)
from decisions.timelines.export import EventRecord, EventSourceRecord, TimelineFields
from tests.conftest import SAMPLES

pytestmark = pytest.mark.django_db


def fields(record_type: Any) -> list[str]:
    return list(record_type.__annotations__)


@pytest.fixture
def records() -> list[DecisionRecord]:
    call_command("import_notices", str(SAMPLES), stdout=io.StringIO())
    return list(exported_decisions())


def test_it_builds_records_with_exactly_the_typed_fields_in_order(
    records: list[DecisionRecord],
) -> None:
    assert len(records) == 5
    for record in records:
        assert list(record) == [*fields(DecisionRecord), *fields(TimelineFields), "moderngov"]
        assert list(record) == list(export_fields())
        assert list(record["signatory"]) == fields(SignatoryRecord)
        assert all(list(clause) == fields(ClauseRecord) for clause in record["clauses"])
        for event in record["events"]:
            assert list(event) == fields(EventRecord)
            assert list(event["source"]) == fields(EventSourceRecord)
    assert any(record["events"] for record in records)


def test_it_keeps_the_public_field_names() -> None:
    assert export_fields() == (
        "reference", "title", "decision_date", "decision_maker", "is_key_decision",
        "key_decision_reason", "exemption_class", "special_urgency", "purpose",
        "decision_text", "reason", "options_considered", "declarations", "call_in_expiry",
        "signatory", "clauses", "source_url", "source_file", "source_sha256", "url",
        "corrected", "last_corrected", "council", "timelines", "events", "moderngov",
    )  # fmt: skip


def test_an_empty_csv_has_the_same_header_as_a_full_one(records: list[DecisionRecord]) -> None:
    full, empty = io.StringIO(), io.StringIO()
    write_csv(records, full)
    write_csv([], empty)

    assert empty.getvalue() == full.getvalue().splitlines(keepends=True)[0]
    assert next(csv.reader(io.StringIO(empty.getvalue())))[0] == "reference"


def test_it_exports_one_decision_from_its_loaded_relations(records: list[DecisionRecord]) -> None:
    decision = with_export_relations(Decision.objects.filter(reference="I50043387")).get()

    assert export_decision(decision) == next(
        record for record in records if record["reference"] == "I50043387"
    )
