"""Model behaviour: clause ordering, unique references, queryset methods."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError

from decisions.models import Clause, Decision
from tests.factories import make_decision

pytestmark = pytest.mark.django_db


def test_it_orders_clauses_by_position() -> None:
    decision = make_decision(clauses=())
    Clause.objects.create(decision=decision, position=2, label="c", text="third")
    Clause.objects.create(decision=decision, position=0, label="a", text="first")
    Clause.objects.create(decision=decision, position=1, label="b", text="second")
    assert [c.label for c in decision.clauses.all()] == ["a", "b", "c"]


def test_it_keeps_sub_clauses_under_their_parent() -> None:
    decision = make_decision(clauses=("parent",))
    parent = decision.clauses.get()
    child = Clause.objects.create(
        decision=decision, position=1, label="i", text="child", parent=parent
    )
    assert list(parent.children.all()) == [child]


def test_it_refuses_a_duplicate_reference() -> None:
    make_decision(reference="I50042913")
    with pytest.raises(IntegrityError):
        make_decision(reference="I50042913")


def test_it_selects_key_decisions_and_orders_by_date() -> None:
    old = make_decision(decision_date=date(2018, 10, 18))
    key = make_decision(decision_date=date(2022, 12, 15), is_key_decision=True)
    assert list(Decision.objects.key_decisions()) == [key]
    assert list(Decision.objects.newest_first()) == [key, old]
    assert list(Decision.objects.oldest_first()) == [old, key]


def test_it_links_to_its_public_page() -> None:
    decision = make_decision(reference="I50042913")
    assert decision.get_absolute_url() == "/herefordshire/decisions/I50042913/"
    assert decision.clauses.get().anchor == "clause-a"
