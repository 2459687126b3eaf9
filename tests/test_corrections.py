"""decisions.corrections.save_clause_changes: an admin's clause edits, saved and recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from decisions.corrections import deleted_clause_records, save_clause_changes
from decisions.models import Clause, Correction
from tests.factories import make_decision

pytestmark = pytest.mark.django_db


def trail(decision_id: int) -> list[tuple[str, str, str, str]]:
    rows = Correction.objects.filter(decision_id=decision_id).order_by("id")
    return list(rows.values_list("clause_key", "field", "old_value", "new_value"))


def test_it_saves_and_records_an_edited_clause() -> None:
    editor = User.objects.create_user("editor")
    decision = make_decision(clauses=("first", "second"))
    b = decision.clauses.get(label="b")
    b.text = "second, corrected"

    made = save_clause_changes(decision=decision, changed=[b], added=[], deleted=[], user=editor)

    assert Clause.objects.get(pk=b.pk).text == "second, corrected"
    assert trail(decision.pk) == [("b", "text", "second", "second, corrected")]
    assert [correction.user for correction in made] == [editor]


def test_it_records_a_relabelled_clause_under_both_keys() -> None:
    decision = make_decision(clauses=("first", "second"))
    b = decision.clauses.get(label="b")
    b.label = "c"

    save_clause_changes(decision=decision, changed=[b], added=[], deleted=[], user=None)

    assert trail(decision.pk) == [("c", "label", "b", "c"), ("b", "relabelled", "b", "c")]


def test_it_saves_and_records_an_added_clause() -> None:
    decision = make_decision(clauses=("first",))
    new = Clause(decision=decision, position=1, label="b", text="added")

    save_clause_changes(decision=decision, changed=[], added=[new], deleted=[], user=None)

    assert [c.label for c in decision.clauses.all()] == ["a", "b"]
    assert trail(decision.pk) == [("b", "added", "", "added")]


def test_it_deletes_a_clause_and_records_its_sub_clauses_too() -> None:
    decision = make_decision(clauses=("first", "second"))
    a = decision.clauses.get(label="a")
    i = Clause.objects.create(decision=decision, position=2, label="i", text="sub", parent=a)
    Clause.objects.create(decision=decision, position=3, label="A", text="subsub", parent=i)

    save_clause_changes(decision=decision, changed=[], added=[], deleted=[a], user=None)

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

    assert save_clause_changes(decision=decision, changed=[], added=[], deleted=[], user=None) == []
    assert not Correction.objects.exists()
