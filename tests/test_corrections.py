"""decisions.corrections.save_clause_changes: an admin's clause edits, saved and recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from decisions.corrections import (
    deleted_clause_records,
    record_councillor_corrections,
    record_decision_corrections,
    save_clause_changes,
)
from decisions.councillors import merge_councillors, split_councillor
from decisions.models import (
    Clause,
    Correction,
    Councillor,
    CouncillorAlias,
    Decision,
    stored_clause_keys,
)
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db

REASON = "The notice was scanned badly."


def trail(decision_id: int) -> list[tuple[str, str, str, str]]:
    rows = Correction.objects.filter(decision_id=decision_id).order_by("id")
    return list(rows.values_list("clause_key", "field", "old_value", "new_value"))


def test_it_saves_and_records_an_edited_clause() -> None:
    editor = User.objects.create_user("editor")
    decision = make_decision(clauses=("first", "second"))
    b = decision.clauses.get(label="b")
    b.text = "second, corrected"

    made = save_clause_changes(
        decision=decision, changed=[b], added=[], deleted=[], user=editor, reason=REASON
    )

    assert Clause.objects.get(pk=b.pk).text == "second, corrected"
    assert trail(decision.pk) == [("b", "text", "second", "second, corrected")]
    assert [correction.user for correction in made] == [editor]


def test_it_records_a_relabelled_clause_under_both_keys() -> None:
    decision = make_decision(clauses=("first", "second"))
    b = decision.clauses.get(label="b")
    b.label = "c"

    save_clause_changes(
        decision=decision, changed=[b], added=[], deleted=[], user=None, reason=REASON
    )

    assert trail(decision.pk) == [("c", "label", "b", "c"), ("b", "relabelled", "b", "c")]


def test_it_saves_and_records_an_added_clause() -> None:
    decision = make_decision(clauses=("first",))
    new = Clause(decision=decision, position=1, label="b", text="added")

    save_clause_changes(
        decision=decision, changed=[], added=[new], deleted=[], user=None, reason=REASON
    )

    assert [c.label for c in decision.clauses.all()] == ["a", "b"]
    assert trail(decision.pk) == [("b", "added", "", "added")]


def test_it_deletes_a_clause_and_records_its_sub_clauses_too() -> None:
    decision = make_decision(clauses=("first", "second"))
    a = decision.clauses.get(label="a")
    i = Clause.objects.create(decision=decision, position=2, label="i", text="sub", parent=a)
    Clause.objects.create(decision=decision, position=3, label="A", text="subsub", parent=i)

    save_clause_changes(
        decision=decision, changed=[], added=[], deleted=[a], user=None, reason=REASON
    )

    assert [c.label for c in decision.clauses.all()] == ["b"]
    assert trail(decision.pk) == [
        ("a", "deleted", "first", ""),
        ("a-i", "deleted", "sub", ""),
        ("a-i-A", "deleted", "subsub", ""),
    ]


def test_it_records_a_sub_clause_deleted_in_its_own_right_once() -> None:
    decision = make_decision(clauses=("first",))
    a = decision.clauses.get()
    i = Clause.objects.create(decision=decision, position=1, label="i", text="sub", parent=a)
    stored = {c.pk: c for c in Clause.objects.select_related("parent").filter(decision=decision)}

    assert deleted_clause_records(stored, [a.pk, i.pk]) == [("a", "first"), ("a-i", "sub")]


def test_it_records_nothing_when_nothing_changed() -> None:
    decision = make_decision()

    assert (
        save_clause_changes(
            decision=decision, changed=[], added=[], deleted=[], user=None, reason=REASON
        )
        == []
    )
    assert not Correction.objects.exists()


def test_it_keeps_the_reason_with_each_clause_correction() -> None:
    decision = make_decision(clauses=("first", "second"))
    b = decision.clauses.get(label="b")
    b.text = "second, corrected"
    new = Clause(decision=decision, position=2, label="c", text="added")

    save_clause_changes(
        decision=decision, changed=[b], added=[new], deleted=[], user=None, reason=" Typo. "
    )

    assert set(Correction.objects.values_list("reason", flat=True)) == {"Typo."}


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_it_refuses_a_clause_correction_without_a_reason(reason: str) -> None:
    decision = make_decision(clauses=("first",))
    a = decision.clauses.get()
    a.text = "changed"

    with pytest.raises(ValueError, match="Give a reason"):
        save_clause_changes(
            decision=decision, changed=[a], added=[], deleted=[], user=None, reason=reason
        )

    assert Clause.objects.get(pk=a.pk).text == "first"  # nothing was written
    assert not Correction.objects.exists()


def test_it_refuses_field_corrections_without_a_reason() -> None:
    decision = make_decision(title="Old")
    before = Decision.objects.get(pk=decision.pk)
    decision.title = "New"
    with pytest.raises(ValueError, match="Give a reason"):
        record_decision_corrections(
            decision=decision, before=before, fields=["title"], user=None, reason=""
        )
    councillor = make_councillor("Jonathon Lester")
    renamed = Councillor.objects.get(pk=councillor.pk)
    renamed.name = "Jonathan Lester"
    with pytest.raises(ValueError, match="Give a reason"):
        record_councillor_corrections(
            councillor=renamed, before=councillor, fields=["name"], user=None, reason=" "
        )
    assert not Correction.objects.exists()


def test_it_needs_no_reason_for_fields_that_did_not_change() -> None:
    decision = make_decision()
    before = Decision.objects.get(pk=decision.pk)
    assert (
        record_decision_corrections(
            decision=decision, before=before, fields=["title"], user=None, reason=""
        )
        == []
    )


def test_it_refuses_to_merge_or_split_councillors_without_a_reason() -> None:
    keep, other = make_councillor("Jonathan Lester"), make_councillor("J Lester", slug="j")
    CouncillorAlias.objects.create(councillor=keep, name="Jonathan Lester")
    CouncillorAlias.objects.create(councillor=keep, name="JP Lester")
    with pytest.raises(ValueError, match="Give a reason"):
        merge_councillors(keep=keep, others=[other], user=None, reason="")
    with pytest.raises(ValueError, match="Give a reason"):
        split_councillor(councillor=keep, alias_names=["JP Lester"], user=None, reason="")
    assert Councillor.objects.count() == 2
    assert not Correction.objects.exists()


def test_it_keys_clauses_from_their_parents_without_queries(django_assert_num_queries) -> None:
    decision = make_decision(clauses=("first", "second"))
    a, b = decision.clauses.all()
    i = Clause.objects.create(decision=decision, position=2, label="i", text="sub", parent=b)
    Clause.objects.create(decision=decision, position=3, label="", text="deep", parent=i)
    clauses = list(Clause.objects.filter(decision=decision))
    with django_assert_num_queries(0):
        keys = stored_clause_keys(clauses)
    assert sorted(keys.values()) == ["a", "b", "b-i", "b-i-4"]
