"""The admin: where admins correct records, with every change on the audit trail."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.models import Clause, Correction, Decision
from tests.factories import make_councillor, make_decision

pytestmark = pytest.mark.django_db


REASON = "The notice misspells it."


def change_form_data(decision: Decision, **overrides: Any) -> dict[str, Any]:
    """The POST body the decision change form sends, with the clause inline and a reason."""
    clauses = list(decision.clauses.all())
    opened = Decision.objects.values_list("updated_at", flat=True).get(pk=decision.pk)
    data: dict[str, Any] = {
        "correction_reason": REASON,
        "opened_version": opened.isoformat(),
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
        "call_in_expiry": decision.call_in_expiry.isoformat() if decision.call_in_expiry else "",
        "signatory": decision.signatory_id or "",
        "signatory_name": decision.signatory_name,
        "signatory_role": decision.signatory_role,
        "signed_date": decision.signed_date.isoformat() if decision.signed_date else "",
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
            "correction_reason": "Misspelt on import.",
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
    assert (fix.field, fix.old_value, fix.new_value, fix.reason) == (
        "name",
        "Jonathon Lester",
        "Jonathan Lester",
        "Misspelt on import.",
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


def test_it_keeps_the_reason_with_every_correction_of_one_save(admin_client_logged_in) -> None:
    decision = make_decision(title="Ofsted Improvment Plan", clauses=("first", "second"))
    data = change_form_data(
        decision, title="Ofsted Improvement Plan", correction_reason="  Typo in the notice.  "
    )
    data["clauses-1-text"] = "second, corrected"
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 302
    reasons = Correction.objects.filter(decision=decision).values_list("field", "reason")
    assert sorted(reasons) == [("text", "Typo in the notice."), ("title", "Typo in the notice.")]


def test_it_asks_for_a_reason_when_a_field_changed(admin_client_logged_in) -> None:
    decision = make_decision(title="Old title")
    data = change_form_data(decision, title="New title", correction_reason="")
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["correction_reason"] == [
        "Give a reason for this correction."
    ]
    decision.refresh_from_db()
    assert decision.title == "Old title"
    assert not Correction.objects.exists()


@pytest.mark.parametrize("change", ["edit", "delete", "add"])
def test_it_asks_for_a_reason_when_a_clause_changed(admin_client_logged_in, change: str) -> None:
    decision = make_decision(clauses=("first", "second"))
    data = change_form_data(decision, correction_reason=" ")
    if change == "edit":
        data["clauses-0-text"] = "first, corrected"
    elif change == "delete":
        data["clauses-1-DELETE"] = "on"
    else:
        data.update(
            {
                "clauses-TOTAL_FORMS": "3",
                "clauses-2-decision": decision.pk,
                "clauses-2-position": "2",
                "clauses-2-label": "c",
                "clauses-2-text": "third",
                "clauses-2-parent": "",
            }
        )
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 200
    html = response.content.decode()
    # Said at the reason box, next to Save, as well as above the clauses.
    box = html[html.index('class="correction-bar__reason') :]
    assert "Give a reason for this correction." in box[: box.index("</textarea>")]
    assert [c.text for c in decision.clauses.all()] == ["first", "second"]
    assert not Correction.objects.exists()


def test_it_needs_no_reason_when_nothing_changed(admin_client_logged_in) -> None:
    decision = make_decision()
    data = change_form_data(decision, correction_reason="")
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_it_refuses_an_overlong_reason_with_a_form_error(admin_client_logged_in) -> None:
    decision = make_decision(title="Old title")
    data = change_form_data(decision, title="New title", correction_reason="x" * 2001)
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 200
    assert "correction_reason" in response.context["adminform"].form.errors


def test_it_names_parents_by_their_clause_keys(admin_client_logged_in) -> None:
    decision = make_decision(clauses=("first", "second"))
    a, b = decision.clauses.all()
    Clause.objects.create(decision=decision, position=2, label="i", text="sub", parent=b)
    make_decision(clauses=("another decision's clause",))
    response = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    html = response.content.decode()
    select = html[html.index('name="clauses-0-parent"') :]
    select = select[: select.index("</select>")]
    assert re.findall(r"<option value=\"\d*\"[^>]*>([^<]*)</option>", select) == [
        "(top level)",
        "a",
        "b",
        "b-i",
    ]
    assert "another decision" not in select
    assert 'Clause</b> <span class="inline_label">b-i</span>' in html


def test_it_refuses_to_put_a_clause_inside_itself(admin_client_logged_in) -> None:
    decision = make_decision(clauses=("first", "second"))
    a, b = decision.clauses.all()
    b.parent = a
    b.save()
    data = change_form_data(decision)
    data["clauses-0-parent"] = b.pk  # a under b, while b is under a
    data["clauses-1-parent"] = a.pk
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 200
    assert b"A clause cannot be inside itself or one of its sub-clauses." in response.content
    assert not Correction.objects.exists()


def test_it_lays_the_change_form_out_for_correcting(admin_client_logged_in) -> None:
    decision = make_decision(source_text="Written statement <of> a decision")
    response = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    html = response.content.decode()
    source = html.index('<section class="correction-source"')
    fields = html.index('<div class="correction-layout__fields">')
    assert source < fields < html.index('id="clauses-group"')
    assert "Written statement &lt;of&gt; a decision" in html[source:fields]
    assert html.count('<div class="submit-row">') == 2  # Save at the top as well
    assert 'name="_addanother"' not in html
    assert "/static/css/admin-corrections.css" in html
    assert 'id="corrections-heading"' in html
    assert " style=" not in html[source:]  # the CSP allows no inline styles


def test_it_shows_the_correction_history_with_reason_and_user(admin_client_logged_in) -> None:
    decision = make_decision()
    Correction.objects.create(
        decision=decision,
        field="title",
        old_value="Old",
        new_value="New",
        reason="The notice was wrong.",
        user=admin_client_logged_in.user,
    )
    html = admin_client_logged_in.get(f"/admin/decisions/decision/{decision.pk}/change/")
    history = html.content.decode()
    history = history[history.index('id="corrections-heading"') :]
    assert "The notice was wrong." in history
    assert "by editor" in history
    assert '<del class="diff__removed">' in history


def test_it_asks_for_a_reason_when_a_councillor_is_renamed(admin_client_logged_in) -> None:
    councillor = make_councillor("Jonathon Lester", slug="jonathan-lester")
    url = f"/admin/decisions/councillor/{councillor.pk}/change/"
    form = admin_client_logged_in.get(url)
    assert b'name="correction_reason"' in form.content
    response = admin_client_logged_in.post(
        url,
        {
            "name": "Jonathan Lester",
            "slug": "jonathan-lester",
            "correction_reason": "",
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
    assert response.status_code == 200
    assert b"Give a reason for this correction." in response.content
    councillor.refresh_from_db()
    assert councillor.name == "Jonathon Lester"


@pytest.mark.parametrize("move", [False, True])
def test_it_refuses_to_keep_a_changed_clause_under_one_being_deleted(
    admin_client_logged_in, move: bool
) -> None:
    decision = make_decision(clauses=("first", "second"))
    a, b = decision.clauses.all()
    i = Clause.objects.create(decision=decision, position=2, label="i", text="sub", parent=b)
    data = change_form_data(decision)
    data["clauses-1-DELETE"] = "on"  # delete b ...
    data["clauses-2-text"] = "sub, corrected"  # ... while correcting b-i, still under it
    data["clauses-2-parent"] = b.pk
    if move:  # or moving a under b
        data["clauses-2-parent"] = a.pk
        data["clauses-0-parent"] = b.pk
    response = admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 200
    assert b"sits under a clause you are deleting" in response.content
    assert Clause.objects.filter(pk=i.pk).exists()
    assert not Correction.objects.exists()


@pytest.mark.parametrize("year", ["0", "00000", "99999", "-1", "٢٠٢٢", "abc"])
def test_a_year_filter_that_is_not_a_year_shows_everything(admin_client_logged_in, year) -> None:
    make_decision(reference="I2018", decision_date=date(2018, 10, 18))
    response = admin_client_logged_in.get(f"/admin/decisions/decision/?year={year}")
    assert response.status_code == 200
    assert b"I2018" in response.content
