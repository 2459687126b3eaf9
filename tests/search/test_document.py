"""One copy of each fact: the clauses are the decision, for the page, search, export and admin.

Tried as an admin would, through the change form, on the real sample notices: a corrected
clause is found by its new wording and no longer by its old, a forced re-import keeps it
so, and the export writes it. Runs on both databases (PostgreSQL's tsvector column and
SQLite's FTS5 table are both written by decisions/search_document.py).
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from decisions.councillors import merge_councillors
from decisions.models import Clause, Decision
from decisions.search.document import (
    FTS_TABLE,
    clause_text_sql,
    join_clause_texts,
    rebuild_search_documents,
)
from decisions.search.query import highlighted_snippets
from tests.admin.test_decisions import change_form_data
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import SAMPLES, seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

OLD_WORDING = (
    "Cabinet note any comments and recommendations from the extraordinary council meeting "
    "to be held on 30 September 2022, these to be considered prior to the submission of the "
    "action plan to Ofsted by 20 December 2022"
)
NEW_WORDING = (
    "Cabinet note the comments of the extraordinary council meeting of 30 September 2022, "
    "to be weighed before the action plan goes to Ofsted by 20 December 2022"
)


def found(client, query: str) -> list[str]:
    response = client.get("/decisions/", {"q": query})
    assert response.status_code == 200
    return [decision.reference for decision, _ in response.context["results"]]


def correct_clause_b(client, decision: Decision) -> None:
    data = change_form_data(decision)
    index = next(i for i, c in enumerate(decision.clauses.all()) if c.label == "b")
    assert data[f"clauses-{index}-text"].startswith(OLD_WORDING)
    data[f"clauses-{index}-text"] = NEW_WORDING
    response = client.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]


def export_record(tmp_path: Path, reference: str) -> dict:
    out = tmp_path / "export.json"
    call_command("export_decisions", "--format", "json", "--output", str(out))
    return next(r for r in json.loads(out.read_text()) if r["reference"] == reference)


def test_it_finds_a_corrected_clause_by_its_new_wording_only(
    admin_client_logged_in, seeds, tmp_path: Path
) -> None:
    client, decision = admin_client_logged_in, seeds["002"]
    assert found(client, '"comments and recommendations"') == ["I50042913"]
    assert found(client, "weighed") == []

    correct_clause_b(client, decision)

    assert found(client, "weighed") == ["I50042913"]
    assert found(client, '"comments and recommendations"') == []
    page = client.get("/herefordshire/decisions/I50042913/").content.decode()
    assert "to be weighed before the action plan" in page

    call_command("import_notices", str(SAMPLES), "--reparse", stdout=StringIO())

    assert found(client, "weighed") == ["I50042913"]
    assert found(client, '"comments and recommendations"') == []
    record = export_record(tmp_path, "I50042913")
    assert f"b) {NEW_WORDING}" in record["decision_text"].splitlines()
    assert record["decision_text"].startswith("a) Cabinet receive and note the Ofsted")
    assert OLD_WORDING not in record["decision_text"]
    assert {"label": "b", "text": NEW_WORDING} in record["clauses"]


def test_it_does_not_let_the_admin_edit_the_verbatim_decision_text(
    admin_client_logged_in, seeds
) -> None:
    decision = seeds["002"]
    url = f"/admin/decisions/decision/{decision.pk}/change/"
    form = admin_client_logged_in.get(url).content.decode()
    assert 'name="decision_text"' not in form
    assert "Cabinet receive and note the Ofsted inspection report" in form  # read-only
    data = change_form_data(decision, decision_text="That: a) Something else entirely.")
    assert admin_client_logged_in.post(url, data).status_code == 302
    decision.refresh_from_db()
    assert decision.decision_text.startswith("a) Cabinet receive and note")
    assert not decision.corrections.filter(field="decision_text").exists()


def test_it_searches_the_clauses_not_the_verbatim_text(client) -> None:
    make_decision(
        reference="I60000021", clauses=("Approve the plan.",), decision_text="That: quokkas."
    )
    assert found(client, "quokkas") == []
    assert found(client, "approve") == ["I60000021"]


def test_it_finds_a_corrected_title_at_once(admin_client_logged_in) -> None:
    decision = make_decision(reference="I60000022", title="Library hours")
    url = f"/admin/decisions/decision/{decision.pk}/change/"
    data = change_form_data(decision, title="Library opening times")
    assert admin_client_logged_in.post(url, data).status_code == 302
    assert found(admin_client_logged_in, "opening") == ["I60000022"]
    assert found(admin_client_logged_in, "hours") == []


def test_it_finds_a_decision_by_its_signatory_after_a_rename(admin_client_logged_in) -> None:
    councillor = make_councillor("Jonathan Lester")
    make_decision(reference="I60000023", signatory=councillor)
    make_decision(reference="I60000024")
    assert found(admin_client_logged_in, "lester") == ["I60000023"]

    response = admin_client_logged_in.post(
        f"/admin/decisions/councillor/{councillor.pk}/change/",
        {
            "correction_reason": "The councillor's name was misspelt.",
            "name": "Jonathan Quimby",
            "slug": councillor.slug,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "decisions-TOTAL_FORMS": "1",
            "decisions-INITIAL_FORMS": "1",
            "decisions-0-id": Decision.objects.get(reference="I60000023").pk,
            "decisions-0-signatory": councillor.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert found(admin_client_logged_in, "quimby") == ["I60000023"]
    assert found(admin_client_logged_in, "lester") == []


def test_it_finds_decisions_under_the_kept_name_after_a_merge(client) -> None:
    keep, other = make_councillor("Jonathan Lester"), make_councillor("Jo Quimby")
    make_decision(reference="I60000025", signatory=other, signatory_name="")
    merge_councillors(keep=keep, others=[other], user=None, reason="One person.")
    assert found(client, "lester") == ["I60000025"]
    assert found(client, "quimby") == []


def test_it_rebuilds_the_document_in_the_transaction_of_the_change(admin_client_logged_in) -> None:
    decision = make_decision(reference="I60000026", clauses=("Approve the plan.",))
    data = change_form_data(decision, **{"clauses-0-text": "Approve the wombat plan."})
    with pytest.raises(RuntimeError), transaction.atomic():
        admin_client_logged_in.post(f"/admin/decisions/decision/{decision.pk}/change/", data)
        assert found(admin_client_logged_in, "wombat") == ["I60000026"]
        raise RuntimeError("roll the correction back")
    assert found(admin_client_logged_in, "wombat") == []
    assert found(admin_client_logged_in, "approve") == ["I60000026"]


def test_it_keeps_one_search_document_per_decision_through_a_reimport(seeds) -> None:
    call_command("import_notices", str(SAMPLES), "--reparse", stdout=StringIO())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT rowid FROM {FTS_TABLE} ORDER BY rowid")
        else:
            cursor.execute(
                "SELECT id FROM decisions_decision WHERE search_document IS NOT NULL ORDER BY id"
            )
        documented = [row[0] for row in cursor.fetchall()]
    assert documented == sorted(d.pk for d in seeds.values())


def test_the_document_and_the_snippets_read_one_clause_text() -> None:
    # Created out of order: the clause text follows the notice's order, not the rows'.
    decision = make_decision(clauses=())
    Clause.objects.create(decision=decision, position=1, label="b", text="zebra crossings")
    Clause.objects.create(decision=decision, position=0, label="a", text="aardvark habitats")
    rebuild_search_documents(decision_ids=[decision.pk])
    expected = join_clause_texts(["aardvark habitats", "zebra crossings"])

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {clause_text_sql('d')} FROM decisions_decision AS d")
        else:
            cursor.execute(f"SELECT clauses FROM {FTS_TABLE} WHERE rowid = %s", [decision.pk])
        (stored,) = cursor.fetchone()
    snippet = highlighted_snippets([decision], "aardvark zebra")[decision.pk]

    assert stored == expected == "aardvark habitats zebra crossings"
    assert "<mark>aardvark</mark> habitats" in snippet
