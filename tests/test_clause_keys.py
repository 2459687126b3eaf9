"""decisions.clause_keys: the one rule that names a clause within its decision."""

from __future__ import annotations

import pytest

from decisions.clause_keys import clause_key, clause_keys, clause_keys_by_id, earlier_parent


@pytest.mark.parametrize(
    ("label", "parent_key", "position", "key"),
    [
        ("a", None, 0, "a"),
        ("i", "b", 2, "b-i"),
        ("A", "b-i", 3, "b-i-A"),
        ("", None, 4, "5"),
        ("", "b", 2, "b-3"),
    ],
)
def test_it_keys_a_clause_by_label_or_position_under_its_parent(
    label: str, parent_key: str | None, position: int, key: str
) -> None:
    assert clause_key(label, parent_key, position) == key


def test_it_keys_roman_sub_clauses_apart_from_the_letter_i() -> None:
    letters = [(label, n, None) for n, label in enumerate("abcdefghij")]
    romans = [("i", 10, 9), ("ii", 11, 9)]

    keys = clause_keys([*letters, *romans])

    assert keys[8:] == ["i", "j", "j-i", "j-ii"]


@pytest.mark.parametrize("parent", [3, 1, -1, 99])
def test_it_ignores_a_parent_that_does_not_come_earlier(parent: int) -> None:
    # A later clause, the clause itself, or no clause at all: the clause is keyed at the top.
    keys = clause_keys([("a", 0, None), ("i", 1, parent), ("b", 2, None), ("c", 3, None)])

    assert keys == ["a", "i", "b", "c"]


def test_two_clauses_naming_each_other_as_parents_cannot_loop() -> None:
    keys = clause_keys_by_id([(10, "b", 0, 11), (11, "i", 1, 10)])

    assert keys == {10: "b", 11: "b-i"}


def test_it_keys_by_id_and_ignores_a_parent_it_was_not_given() -> None:
    keys = clause_keys_by_id([(7, "a", 0, None), (8, "i", 1, 7), (9, "ii", 2, 404)])

    assert keys == {7: "a", 8: "a-i", 9: "ii"}


def test_earlier_parent_answers_the_index_or_none() -> None:
    assert [earlier_parent(p, 2) for p in (None, 0, 1, 2, 3, -1)] == [None, 0, 1, None, None, None]
