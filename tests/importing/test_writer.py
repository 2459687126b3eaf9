"""The importer: atomic, idempotent by reference, and it keeps admin corrections."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError

from decisions.councils import first_council
from decisions.importing import clauses, councillor_registry, fields
from decisions.importing import writer as importer
from decisions.importing.writer import NoticeToImport, import_batch, import_notice
from decisions.models import Clause, Correction, Councillor, Decision
from decisions.parsing.model import ParsedClause, ParsedNotice

pytestmark = pytest.mark.django_db


def notice(**overrides) -> ParsedNotice:
    """A parsed notice as the parser would give it."""
    values = {
        "reference": "I50042913",
        "title": "Inspection of Herefordshire Children's Services",
        "decision_maker": "Cabinet",
        "decision_date": date(2022, 9, 29),
        "is_key_decision": False,
        "key_decision_reason": "",
        "exemption_class": "Open",
        "special_urgency": "",
        "purpose": "To present the recently published report.",
        "decision_text": "a) Cabinet receive the report; b) Cabinet note comments.",
        "clauses": (
            ParsedClause("a", "Cabinet receive and note the Ofsted inspection report"),
            ParsedClause("b", "Cabinet note any comments"),
            ParsedClause("i", "from the extraordinary council meeting", parent=1),
            ParsedClause("c", "Cabinet to receive updated reports"),
        ),
        "reason": "As set out in the report.",
        "options_considered": "There are no alternative options.",
        "declarations": "",
        "call_in_expiry": date(2022, 10, 5),
        "signatory_name": "David Hitchiner",
        "signatory_role": "Leader of the council",
        "signed_date": date(2022, 9, 29),
        "source_url": "http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50042913",
        "source_text": "Issue reference: I50042913\nWritten statement of a non-key decision",
        "layout": "continued",
    }
    values.update(overrides)
    return ParsedNotice(**values)


def run(parsed: ParsedNotice, data: bytes = b"v1"):
    return import_notice(parsed, source_path="notices/002.txt", source_bytes=data)


def clause_rows(reference: str = "I50042913") -> list[tuple[str, str, str | None]]:
    return [
        (c.label, c.text, c.parent.label if c.parent else None)
        for c in Clause.objects.filter(decision__reference=reference).select_related("parent")
    ]


def test_it_creates_a_decision_with_clauses_and_signatory() -> None:
    result = run(notice())
    assert (result.status, result.reference) == ("created", "I50042913")
    decision = Decision.objects.get()
    assert decision.title == "Inspection of Herefordshire Children's Services"
    assert decision.call_in_expiry == date(2022, 10, 5)
    assert decision.signatory.name == "David Hitchiner"
    assert decision.signatory.slug == "david-hitchiner"
    assert decision.source_file == "002.txt"  # the file name only, never the folders
    assert decision.source_text.startswith("Issue reference: I50042913")
    assert len(decision.source_sha256) == 64
    assert clause_rows() == [
        ("a", "Cabinet receive and note the Ofsted inspection report", None),
        ("b", "Cabinet note any comments", None),
        ("i", "from the extraordinary council meeting", "b"),
        ("c", "Cabinet to receive updated reports", None),
    ]


def test_importing_the_same_file_twice_changes_nothing() -> None:
    run(notice())
    before = Decision.objects.values().get()
    clause_ids = list(Clause.objects.values_list("pk", flat=True))
    result = run(notice())
    assert result.status == "unchanged"
    assert Decision.objects.values().get() == before
    assert list(Clause.objects.values_list("pk", flat=True)) == clause_ids
    assert Councillor.objects.count() == 1


def test_a_changed_notice_updates_the_decision() -> None:
    run(notice())
    result = run(notice(title="Inspection of Children's Services", clauses=()), data=b"v2")
    assert result.status == "updated"
    assert set(result.changed_fields) == {"title", "clauses"}
    assert Decision.objects.get().title == "Inspection of Children's Services"
    assert clause_rows() == []


def test_a_corrected_field_survives_a_reimport_of_a_changed_notice() -> None:
    run(notice(title="Inspection of Herefordshire Childrens Services"))
    decision = Decision.objects.get()
    decision.title = "Inspection of Herefordshire Children's Services"
    decision.save()
    Correction.objects.create(decision=decision, field="title", old_value="x", new_value="y")
    result = run(
        notice(title="Inspection of Herefordshire Childrens Services (v2)", purpose="New purpose."),
        data=b"v2",
    )
    assert result.status == "updated"
    assert result.kept_fields == ("title",)
    assert result.message == "kept 1 corrected field"
    decision.refresh_from_db()
    assert decision.title == "Inspection of Herefordshire Children's Services"
    assert decision.purpose == "New purpose."
    assert decision.source_sha256 == importer.source_sha256(b"v2")


def test_a_corrected_clause_survives_and_the_others_follow_the_notice() -> None:
    run(notice())
    clause_b = Clause.objects.get(label="b")
    clause_b.text = "Cabinet note any comments (corrected)"
    clause_b.save()
    Correction.objects.create(decision=clause_b.decision, clause_key="b", field="text")
    changed = (
        ParsedClause("a", "Cabinet receive the report (v2)"),
        ParsedClause("b", "Cabinet note comments (v2)"),
        ParsedClause("c", "Cabinet to receive updated reports (v2)"),
    )
    result = run(notice(clauses=changed), data=b"v2")
    assert "kept 1 corrected clause" in result.message
    assert clause_rows() == [
        ("a", "Cabinet receive the report (v2)", None),
        ("b", "Cabinet note any comments (corrected)", None),
        ("c", "Cabinet to receive updated reports (v2)", None),
    ]


def test_a_clause_an_admin_deleted_is_not_brought_back() -> None:
    run(notice())
    decision = Decision.objects.get()
    Clause.objects.filter(label="c").delete()
    Correction.objects.create(decision=decision, clause_key="c", field="deleted")
    run(notice(purpose="Changed."), data=b"v2")
    assert [label for label, _, _ in clause_rows()] == ["a", "b", "i"]


def test_a_failure_leaves_nothing_half_written(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(clauses, "insert_clauses", broken)
    result = run(notice())
    assert result.status == "failed"
    assert "disk full" in result.message
    assert not Decision.objects.exists()
    assert not Councillor.objects.exists()


def test_a_failed_update_keeps_the_stored_version(monkeypatch: pytest.MonkeyPatch) -> None:
    run(notice())

    def broken(*args, **kwargs):
        raise DatabaseError("boom")

    monkeypatch.setattr(importer, "update_clauses", broken)
    result = run(notice(title="Changed"), data=b"v2")
    assert result.status == "failed"
    decision = Decision.objects.get()
    assert decision.title == "Inspection of Herefordshire Children's Services"
    assert decision.source_sha256 == importer.source_sha256(b"v1")
    assert len(clause_rows()) == 4


def test_spellings_of_one_councillor_become_one_record_with_aliases() -> None:
    run(notice(reference="I1", signatory_name="JG Lester"), data=b"1")
    run(notice(reference="I2", signatory_name="Jonathan Lester"), data=b"2")
    run(notice(reference="I3", signatory_name="James Lester"), data=b"3")
    lesters = Councillor.objects.filter(name__endswith="Lester").order_by("name")
    assert [c.name for c in lesters] == ["James Lester", "Jonathan Lester"]
    jonathan = lesters.get(name="Jonathan Lester")
    assert sorted(jonathan.aliases.values_list("name", flat=True)) == [
        "JG Lester",
        "Jonathan Lester",
    ]
    assert set(jonathan.decisions.values_list("reference", flat=True)) == {"I1", "I2"}


def test_an_admins_councillor_name_is_not_replaced() -> None:
    run(notice(reference="I1", signatory_name="JG Lester"), data=b"1")
    councillor = Councillor.objects.get()
    Correction.objects.create(councillor=councillor, field="name")
    run(notice(reference="I2", signatory_name="Jonathan Lester"), data=b"2")
    councillor.refresh_from_db()
    assert councillor.name == "JG Lester"
    assert councillor.decisions.count() == 2


def batch_item(parsed: ParsedNotice, data: bytes) -> NoticeToImport:
    return NoticeToImport(parsed, f"{parsed.reference}.txt", data)


def test_a_batch_creates_new_notices_and_updates_known_ones() -> None:
    run(notice(reference="I1"), data=b"1")
    results = import_batch(
        [
            batch_item(notice(reference="I1", title="Changed"), b"1b"),
            batch_item(notice(reference="I2"), b"2"),
            batch_item(notice(reference="I3", signatory_name="Diana Toynbee"), b"3"),
            batch_item(notice(reference="I3"), b"3b"),
        ]
    )
    assert [r.status for r in results] == ["updated", "created", "created", "updated"]
    assert Decision.objects.count() == 3
    assert clause_rows("I2") == clause_rows("I1")
    assert Decision.objects.get(reference="I3").source_sha256 == importer.source_sha256(b"3b")


def test_a_bad_notice_in_a_batch_does_not_stop_the_others() -> None:
    bad = notice(reference="I2", clauses=(ParsedClause("a", None),))  # type: ignore[arg-type]
    results = import_batch([batch_item(notice(reference="I1"), b"1"), batch_item(bad, b"2")])
    assert [r.status for r in results] == ["created", "failed"]
    assert list(Decision.objects.values_list("reference", flat=True)) == ["I1"]
    assert len(clause_rows("I1")) == 4


def test_a_batch_keeps_nested_clauses() -> None:
    import_batch([batch_item(notice(reference="I9"), b"9")])
    assert clause_rows("I9")[2] == ("i", "from the extraordinary council meeting", "b")


def test_every_notice_field_is_written() -> None:
    parsed = notice(is_key_decision=True, key_decision_reason="Significant.", special_urgency="No")
    run(parsed)
    decision = Decision.objects.get()
    for name in fields.NOTICE_FIELDS:
        assert getattr(decision, name) == getattr(parsed, name), name


NESTED = (
    ParsedClause("i", "Letter i clause"),
    ParsedClause("j", "Letter j clause"),
    ParsedClause("i", "Roman i under j", parent=1),
    ParsedClause("ii", "Roman ii under j", parent=1),
)


def test_keys_tell_a_letter_i_from_a_roman_i_under_a_letter() -> None:
    run(notice(clauses=NESTED))
    keys = [c.key for c in Clause.objects.select_related("parent").order_by("position")]
    assert keys == ["i", "j", "j-i", "j-ii"]
    assert Clause.objects.get(label="ii").anchor == "clause-j-ii"


def test_a_corrected_sub_clause_survives_its_parent_being_rewritten() -> None:
    run(notice(clauses=NESTED))
    decision = Decision.objects.get()
    roman = Clause.objects.get(label="i", parent__isnull=False)
    roman.text = "Roman i under j (corrected)"
    roman.save()
    Correction.objects.create(decision=decision, clause_key="j-i", field="text")
    changed = (
        ParsedClause("i", "Letter i clause (v2)"),
        ParsedClause("j", "Letter j clause (v2)"),
        ParsedClause("i", "Roman i under j (v2)", parent=1),
        ParsedClause("ii", "Roman ii under j (v2)", parent=1),
    )
    result = run(notice(clauses=changed), data=b"v2")
    assert "kept 1 corrected clause" in result.message
    assert clause_rows() == [
        ("i", "Letter i clause (v2)", None),
        ("j", "Letter j clause (v2)", None),
        ("i", "Roman i under j (corrected)", "j"),
        ("ii", "Roman ii under j (v2)", "j"),
    ]


def test_a_corrected_unlabelled_clause_survives() -> None:
    run(notice(clauses=(ParsedClause("", "Cabinet approve the plan"),)))
    clause = Clause.objects.get()
    assert clause.key == "1"
    clause.text = "Cabinet approve the improvement plan"
    clause.save()
    Correction.objects.create(decision=clause.decision, clause_key="1", field="text")
    run(notice(clauses=(ParsedClause("", "Cabinet approve the plan v2"),)), data=b"v2")
    assert clause_rows() == [("", "Cabinet approve the improvement plan", None)]


def test_a_fuller_name_stops_initials_matching_someone_else() -> None:
    run(notice(reference="I1", signatory_name="Q Zedwood"), data=b"1")
    run(notice(reference="I2", signatory_name="Quentin Zedwood"), data=b"2")
    run(notice(reference="I3", signatory_name="Quincy Zedwood"), data=b"3")
    assert sorted(Councillor.objects.values_list("name", flat=True)) == [
        "Quentin Zedwood",
        "Quincy Zedwood",
    ]


def test_spellings_in_one_batch_resolve_like_one_by_one() -> None:
    import_batch(
        [
            batch_item(notice(reference="I1", signatory_name="Q Zedwood"), b"1"),
            batch_item(notice(reference="I2", signatory_name="Quentin Zedwood"), b"2"),
            batch_item(notice(reference="I3", signatory_name="Quincy Zedwood"), b"3"),
        ]
    )
    assert sorted(Councillor.objects.values_list("name", flat=True)) == [
        "Quentin Zedwood",
        "Quincy Zedwood",
    ]


def test_a_title_longer_than_its_column_is_refused_naming_the_field() -> None:
    # SQLite would store it and PostgreSQL refuse it; both must refuse it the same way.
    result = run(notice(title="Litter " * 100))
    assert result.status == "failed"
    assert result.message == "the title is 700 characters long; the archive keeps at most 500"
    assert not Decision.objects.exists()


def test_a_batch_refuses_an_overlong_field_and_imports_the_rest() -> None:
    good = NoticeToImport(notice(), "notices/002.txt", b"v1")
    long_role = NoticeToImport(
        notice(reference="I50000001", signatory_role="r" * 201), "notices/x.txt", b"v2"
    )
    results = import_batch([long_role, good])
    assert [r.status for r in results] == ["failed", "created"]
    assert "signatory role is 201 characters" in results[0].message
    assert list(Decision.objects.values_list("reference", flat=True)) == ["I50042913"]


def test_a_registry_kept_for_a_whole_run_notices_an_admin_merge_between_batches() -> None:
    registry = councillor_registry.CouncillorRegistry()
    import_batch([batch_item(notice(reference="I1"), b"1")], registry=registry)
    first = Councillor.objects.get()
    # An admin merges the councillor away while the import goes on (its decision moves).
    other = Councillor.objects.create(
        name="David Hitchiner", slug="david-hitchiner-2", council=first_council()
    )
    Decision.objects.update(signatory=other)
    first.delete()
    results = import_batch([batch_item(notice(reference="I2"), b"2")], registry=registry)
    assert [r.status for r in results] == ["created"]
    signatory = Decision.objects.get(reference="I2").signatory
    assert signatory is not None and Councillor.objects.filter(pk=signatory.pk).exists()


def test_a_registry_kept_for_a_whole_run_reads_the_councillors_once() -> None:
    registry = councillor_registry.CouncillorRegistry()
    import_batch([batch_item(notice(reference="I1"), b"1")], registry=registry)
    loads: list[int] = []
    real = registry.load

    def counting_load() -> None:
        if not registry.loaded:
            loads.append(1)
        real()

    registry.load = counting_load  # type: ignore[method-assign]
    import_batch([batch_item(notice(reference="I2"), b"2")], registry=registry)
    import_batch([batch_item(notice(reference="I3"), b"3")], registry=registry)
    assert loads == []
    assert Councillor.objects.count() == 1


def test_a_registry_fingerprints_what_it_read_as_the_database_does() -> None:
    import_batch([batch_item(notice(reference="I1"), b"1")])
    import_batch([batch_item(notice(reference="I2", signatory_name="JG Lester"), b"2")])
    Councillor.objects.create(
        name="Diana Toynbee", slug="diana-toynbee", council=first_council()
    )  # no alias
    registry = councillor_registry.CouncillorRegistry()
    registry.load()
    assert registry.state == councillor_registry._councillor_state()
    Councillor.objects.filter(slug="diana-toynbee").update(name="Diana Toynbee-Smith")
    assert registry.state != councillor_registry._councillor_state()
