"""The COPY fast path for new decisions (PostgreSQL) writes what the ORM path writes."""

from __future__ import annotations

import pytest
from django.db import connection

from decisions.councils import first_council
from decisions.importing import writer as importer
from decisions.importing.copy_writer import NewDecision, copy_new_decisions
from decisions.importing.writer import CouncillorRegistry, NoticeToImport, import_batch
from decisions.models import Clause, Decision, SourceDocument
from decisions.parsing.model import ParsedClause
from decisions.search.document import rebuild_search_documents
from tests.importing.test_writer import notice

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]
SKIP = {"id", "imported_at", "updated_at", "decision_id", "parent_id"}


def items(*references: str) -> list[tuple[int, NoticeToImport]]:
    clauses = (
        ParsedClause("a", "Approve the plan"),
        ParsedClause("b", "Note the risks"),
        ParsedClause("i", "to the budget", parent=1),
        ParsedClause("ii", "to the timetable", parent=1),
        ParsedClause("c", "A parent that points forward is dropped", parent=9),
    )
    return [
        (n, NoticeToImport(notice(reference=r, clauses=clauses), f"in/{r}.txt", r.encode()))
        for n, r in enumerate(references)
    ]


def stored(reference: str) -> tuple[dict, list[tuple], dict, str]:
    decision = Decision.objects.get(reference=reference)
    values = {
        f.attname: getattr(decision, f.attname)
        for f in Decision._meta.concrete_fields
        if f.attname not in SKIP | {"reference", "source_file", "source_sha256"}
    }
    clauses = [
        (c.position, c.label, c.text, c.parent.label if c.parent else None)
        for c in Clause.objects.filter(decision=decision).select_related("parent")
    ]
    document = SourceDocument.objects.filter(decision=decision).values(
        "file_name", "source_format", "size", "sha256"
    )[0]
    return values, clauses, document, str(decision.search_document)


def test_it_writes_what_the_orm_path_writes() -> None:
    registry = CouncillorRegistry()
    signatories = registry.resolve_many(["David Hitchiner"])
    copied = copy_new_decisions(
        [importer._new_decision(i, signatories, first_council().pk) for _, i in items("I1")]
    )
    orm = importer._orm_create(items("I2"), signatories, first_council().pk)
    rebuild_search_documents(decision_ids=[*copied, *orm])
    one, two = stored("I1"), stored("I2")
    assert one[0] == two[0]
    assert (
        one[1]
        == two[1]
        == [
            (0, "a", "Approve the plan", None),
            (1, "b", "Note the risks", None),
            (2, "i", "to the budget", "b"),
            (3, "ii", "to the timetable", "b"),
            (4, "c", "A parent that points forward is dropped", None),
        ]
    )
    assert {k: v for k, v in one[2].items() if k != "sha256"} == {
        "file_name": "I1.txt",
        "source_format": "text",
        "size": 2,
    }
    assert one[3] == two[3] != "None"
    assert one[0]["signatory_id"] == signatories["David Hitchiner"].pk


def test_its_ids_come_from_the_sequences_so_later_inserts_do_not_collide() -> None:
    ids = copy_new_decisions(
        [
            importer._new_decision(i, {"David Hitchiner": None}, first_council().pk)
            for _, i in items("I1", "I2")
        ]
    )
    assert ids == sorted(ids) and len(set(ids)) == 2
    later = Decision.objects.create(
        reference="I3", title="t", decision_date="2024-01-01", council=first_council()
    )
    assert later.pk > max(ids)
    clause = Clause.objects.create(decision=later, position=0, label="a", text="x")
    assert clause.pk > max(Clause.objects.exclude(pk=clause.pk).values_list("pk", flat=True))


def test_a_field_with_no_value_and_no_default_is_named() -> None:
    new = importer._new_decision(items("I1")[0][1], {"David Hitchiner": None}, first_council().pk)
    values = {k: v for k, v in new.values.items() if k != "title"}
    with pytest.raises(ValueError, match="Decision: no value for title"):
        copy_new_decisions([NewDecision(values, new.clauses, new.document)])


def test_a_bad_row_rolls_the_batch_back_and_each_notice_is_tried_alone() -> None:
    good, bad = items("I1", "I2")
    bad_notice = notice(reference="I2", clauses=(ParsedClause("a", None),))  # type: ignore[arg-type]
    bad = (bad[0], NoticeToImport(bad_notice, "in/I2.txt", b"I2"))
    results = import_batch([good[1], bad[1]])
    assert [r.status for r in results] == ["created", "failed"]
    assert list(Decision.objects.values_list("reference", flat=True)) == ["I1"]
    assert SourceDocument.objects.count() == 1


def test_it_copies_an_ocr_notices_field_confidences_as_json() -> None:
    import dataclasses

    from decisions.parsing import SourceFormat

    parsed = dataclasses.replace(
        notice(reference="I7"),
        source_format=SourceFormat.OCR,
        field_confidence=(("reference", 12.5), ("title", 88.0)),
    )
    item = NoticeToImport(parsed, "in/I7.pdf", b"%PDF-")
    signatories = CouncillorRegistry().resolve_many([parsed.signatory_name])

    copy_new_decisions([importer._new_decision(item, signatories, first_council().pk)])

    decision = Decision.objects.get(reference="I7")
    assert decision.field_confidence == {"reference": 12.5, "title": 88.0}
    assert decision.source_format == "ocr"
