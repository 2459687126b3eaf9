"""The clause outline on a decision page: nesting, and anchors that match Clause.anchor."""

from __future__ import annotations

import pytest

from decisions.models import Clause
from decisions.templatetags.archive import ClauseNode, clause_outline
from tests.factories import make_decision

pytestmark = pytest.mark.django_db


def flatten(nodes: list[ClauseNode]) -> list[ClauseNode]:
    return [found for node in nodes for found in (node, *flatten(node.children))]


def test_it_gives_each_clause_the_anchor_the_timeline_and_export_link_to(
    django_assert_num_queries,
) -> None:
    decision = make_decision(clauses=("First.", "Second."))
    b = decision.clauses.get(label="b")
    i = Clause.objects.create(decision=decision, position=2, label="i", text="Sub.", parent=b)
    Clause.objects.create(decision=decision, position=3, label="A", text="Subsub.", parent=i)
    Clause.objects.create(decision=decision, position=4, label="", text="Unlabelled.")

    with django_assert_num_queries(1):
        nodes = flatten(clause_outline(decision.clauses.all()))

    expected = {c.pk: c.anchor for c in Clause.objects.filter(decision=decision)}
    assert [node.anchor for node in nodes] == [
        "clause-a", "clause-b", "clause-b-i", "clause-b-i-A", "clause-5",
    ]  # fmt: skip
    assert {node.clause.pk: node.anchor for node in nodes} == expected
    assert {node.clause.pk: node.key for node in nodes} == {
        c.pk: c.key for c in Clause.objects.filter(decision=decision)
    }


def test_it_keeps_anchors_unique_when_two_clauses_share_a_label() -> None:
    decision = make_decision(clauses=("First.",))
    Clause.objects.create(decision=decision, position=1, label="a", text="Typed twice.")

    nodes = clause_outline(decision.clauses.all())

    assert [node.anchor for node in nodes] == ["clause-a", "clause-a-2"]


def test_it_shows_a_clause_whose_parent_comes_later_at_the_top() -> None:
    decision = make_decision(clauses=())
    parent = Clause.objects.create(decision=decision, position=5, label="b", text="Parent.")
    Clause.objects.create(decision=decision, position=1, label="i", text="Early.", parent=parent)

    nodes = clause_outline(decision.clauses.all())

    assert [(node.anchor, len(node.children)) for node in nodes] == [
        ("clause-i", 0),
        ("clause-b", 0),
    ]
    # The stored key, which corrections and re-imports match on, follows the same rule.
    assert sorted(c.key for c in decision.clauses.all()) == ["b", "i"]


def test_it_nests_by_notice_order_whatever_order_it_is_given() -> None:
    decision = make_decision(clauses=("First.", "Second."))
    b = decision.clauses.get(label="b")
    Clause.objects.create(decision=decision, position=2, label="i", text="Sub.", parent=b)

    nodes = flatten(clause_outline(reversed(list(decision.clauses.all()))))

    assert [node.anchor for node in nodes] == ["clause-a", "clause-b", "clause-b-i"]


def test_clauses_naming_each_other_as_parents_have_keys_and_anchors() -> None:
    decision = make_decision(clauses=("First.", "Second."))
    a, b = decision.clauses.all()
    Clause.objects.filter(pk=a.pk).update(parent=b)
    Clause.objects.filter(pk=b.pk).update(parent=a)

    clauses = list(Clause.objects.filter(decision=decision).select_related("parent"))
    nodes = flatten(clause_outline(clauses))

    assert [c.key for c in clauses] == ["a", "a-b"]
    assert [node.anchor for node in nodes] == ["clause-a", "clause-a-b"]
