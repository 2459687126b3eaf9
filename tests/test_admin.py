"""The admin: where admins correct records, with every change on the audit trail."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Clause, Correction, Decision
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db


def change_form_data(decision: Decision, **overrides: Any) -> dict[str, Any]:
    """The POST body the decision change form sends, with the clause inline."""
    clauses = list(decision.clauses.all())
    data: dict[str, Any] = {
        "title": decision.title,
        "decision_date": decision.decision_date.isoformat(),
        "decision_maker": decision.decision_maker,
        "is_key_decision": "on" if decision.is_key_decision else "",
        "key_decision_reason": decision.key_decision_reason,
        "special_urgency": decision.special_urgency,
        "exemption_class": decision.exemption_class,
        "purpose": decision.purpose,
        "decision_text": decision.decision_text,
        "reason": decision.reason,
        "options_considered": decision.options_considered,
        "declarations": decision.declarations,
        "call_in_expiry": "",
        "signatory": decision.signatory_id or "",
        "signatory_name": decision.signatory_name,
        "signatory_role": decision.signatory_role,
        "signed_date": "",
        "source_url": decision.source_url,
        "clauses-TOTAL_FORMS": str(len(clauses)),
        "clauses-INITIAL_FORMS": str(len(clauses)),
        "clauses-MIN_NUM_FORMS": "0",
        "clauses-MAX_NUM_FORMS": "1000",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "corrections-MIN_NUM_FORMS": "0",
        "corrections-MAX_NUM_FORMS": "1000",
    }
    for i, clause in enumerate(clauses):
        data.update(
            {
                f"clauses-{i}-id": clause.pk,
                f"clauses-{i}-decision": decision.pk,
                f"clauses-{i}-position": clause.position,
                f"clauses-{i}-label": clause.label,
                f"clauses-{i}-text": clause.text,
                f"clauses-{i}-parent": "",
            }
        )
    data.update(overrides)
    return data


def test_it_lists_decisions(admin_client_logged_in) -> None:
    make_decision(reference="I50042913", title="Inspection of Children's Services")
    response = admin_client_logged_in.get("/admin/decisions/decision/")
    assert response.status_code == 200
    assert b"I50042913" in response.content
    assert b"Inspection of Children" in response.content


def test_it_searches_clause_text(admin_client_logged_in) -> None:
    make_decision(reference="I1", clauses=("Cabinet note the Ofsted report.",))
    make_decision(reference="I2", clauses=("Cabinet approve the litter contract.",))
    response = admin_client_logged_in.get("/admin/decisions/decision/?q=litter")
    assert b"I2" in response.content
    assert b">I1<" not in response.content


def test_it_filters_by_year(admin_client_logged_in) -> None:
    make_decision(reference="I2018", decision_date=date(2018, 10, 18))
    make_decision(reference="I2022", decision_date=date(2022, 9, 29))
    response = admin_client_logged_in.get("/admin/decisions/decision/?year=2018")
    assert b"I2018" in response.content
    assert b"I2022" not in response.content


def test_it_shows_the_raw_source_read_only(admin_client_logged_in) -> None:
    decision = make_decision(source_text="Title\tRaw <b>notice</b> text")
    response = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    assert response.status_code == 200
    assert b"Raw &lt;b&gt;notice&lt;/b&gt; text" in response.content
    assert b'name="source_text"' not in response.content


def test_it_saves_a_correction_and_records_it(admin_client_logged_in) -> None:
    decision = make_decision(title="Ofsted Improvment Plan", clauses=("Cabinet endorse the plan.",))
    data = change_form_data(decision, title="Ofsted Improvement Plan")
    data["clauses-0-text"] = "Cabinet endorse the improvement plan."
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    decision.refresh_from_db()
    assert decision.title == "Ofsted Improvement Plan"
    assert decision.clauses.get().text == "Cabinet endorse the improvement plan."
    title_fix = Correction.objects.get(decision=decision, field="title")
    assert (title_fix.old_value, title_fix.new_value) == (
        "Ofsted Improvment Plan",
        "Ofsted Improvement Plan",
    )
    assert title_fix.user == admin_client_logged_in.user
    clause_fix = Correction.objects.get(decision=decision, clause_key="a")
    assert clause_fix.field == "text"
    assert clause_fix.old_value == "Cabinet endorse the plan."


def test_it_records_nothing_when_nothing_changed(admin_client_logged_in) -> None:
    decision = make_decision()
    response = admin_client_logged_in.post(
        f"/admin/decisions/decision/{decision.pk}/change/", change_form_data(decision)
    )
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_it_records_a_deleted_clause(admin_client_logged_in) -> None:
    decision = make_decision(clauses=("keep", "drop"))
    data = change_form_data(decision)
    data["clauses-1-DELETE"] = "on"
    admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert [c.text for c in Clause.objects.filter(decision=decision)] == ["keep"]
    deleted = Correction.objects.get(decision=decision)
    assert (deleted.field, deleted.clause_key, deleted.old_value) == ("deleted", "b", "drop")


def test_it_records_a_councillor_rename(admin_client_logged_in) -> None:
    councillor = make_councillor("Jonathon Lester", slug="jonathan-lester")
    response = admin_client_logged_in.post(
        f"/admin/decisions/councillor/{councillor.pk}/change/",
        {
            "name": "Jonathan Lester",
            "slug": "jonathan-lester",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
            "decisions-TOTAL_FORMS": "0",
            "decisions-INITIAL_FORMS": "0",
            "decisions-MIN_NUM_FORMS": "0",
            "decisions-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fix = Correction.objects.get(councillor=councillor)
    assert (fix.field, fix.old_value, fix.new_value) == (
        "name",
        "Jonathon Lester",
        "Jonathan Lester",
    )


def test_it_shows_the_decisions_a_councillor_signed(admin_client_logged_in) -> None:
    lester = make_councillor("Jonathan Lester")
    make_decision(reference="I50052101", signatory=lester)
    response = admin_client_logged_in.get(f"/admin/decisions/councillor/{lester.pk}/change/")
    assert response.status_code == 200
    assert b"I50052101" in response.content


def _changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/decisions/decision/")
    assert response.status_code == 200
    return len(queries)


def test_changelist_query_count_is_constant(admin_client_logged_in) -> None:
    lester = make_councillor("Jonathan Lester")
    make_decision(signatory=lester)
    with_one = _changelist_queries(admin_client_logged_in)
    for year in range(29):
        make_decision(signatory=lester, decision_date=date(1995 + year, 1, 1))
    with_thirty = _changelist_queries(admin_client_logged_in)
    assert with_one == with_thirty


def test_it_records_a_new_parent_and_the_sub_clauses_of_a_deleted_clause(
    admin_client_logged_in,
) -> None:
    decision = make_decision(clauses=("first", "second", "third"))
    a, b, c = decision.clauses.all()
    c.label, c.parent = "i", b
    c.save()
    data = change_form_data(decision)
    data["clauses-2-parent"] = a.pk  # move "i" under "a"
    admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    moved = Correction.objects.get(decision=decision, field="parent")
    assert (moved.clause_key, moved.old_value, moved.new_value) == ("a-i", str(b), str(a))
    data = change_form_data(decision)
    data["clauses-0-DELETE"] = "on"  # deleting "a" deletes its sub-clause "i" as well
    admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    deleted = Correction.objects.filter(decision=decision, field="deleted")
    assert sorted(deleted.values_list("clause_key", flat=True)) == ["a", "a-i"]


@pytest.mark.parametrize("year", ["0", "00000", "99999", "-1", "٢٠٢٢", "abc"])
def test_a_year_filter_that_is_not_a_year_shows_everything(admin_client_logged_in, year) -> None:
    make_decision(reference="I2018", decision_date=date(2018, 10, 18))
    response = admin_client_logged_in.get(f"/admin/decisions/decision/?year={year}")
    assert response.status_code == 200
    assert b"I2018" in response.content
