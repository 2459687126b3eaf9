"""Bringing councils in (migration 0016) moves every record into the first council.

A database made before councils (0015) holding councillors, their spellings, decisions and
clauses migrates in place: every row keeps its id and values, and each decision, councillor
and spelling is the first council's, named by settings. A fresh archive starts with it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings

from decisions.models import Clause, Council, Councillor, CouncillorAlias, Decision

BEFORE_COUNCILS = [("decisions", "0015_sqlite_facet_index")]


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def latest() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def rows(table: str) -> list[dict[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_a_fresh_archive_starts_with_the_first_council(db) -> None:
    council = Council.objects.get()
    assert (council.slug, council.name, council.gss_code, council.register_code) == (
        settings.FIRST_COUNCIL["slug"],
        "Herefordshire Council",
        "E06000019",
        "HEF",
    )


@pytest.mark.django_db(transaction=True)
@override_settings(
    FIRST_COUNCIL={
        "name": "Anyshire Council",
        "slug": "anyshire",
        "gss_code": "E06000099",
        "register_code": "ANY",
    }
)
def test_a_database_made_before_councils_migrates_without_losing_a_row() -> None:
    executor = migrate(BEFORE_COUNCILS)
    try:
        old = executor.loader.project_state(BEFORE_COUNCILS).apps
        lester = old.get_model("decisions", "Councillor").objects.create(
            name="Jonathan Lester", slug="jonathan-lester"
        )
        old.get_model("decisions", "CouncillorAlias").objects.create(
            councillor=lester, name="JG Lester"
        )
        OldDecision = old.get_model("decisions", "Decision")
        for n in range(3):
            decision = OldDecision.objects.create(
                reference=f"I5000000{n}",
                title=f"Decision {n}",
                decision_date=date(2022, 12, 15),
                decision_maker="Cabinet",
                signatory=lester if n else None,
                source_text="The notice.",
            )
            old.get_model("decisions", "Clause").objects.create(
                decision=decision, position=0, label="a", text=f"Clause of {n}"
            )
        before = {
            t: rows(t)
            for t in (
                "decisions_decision",
                "decisions_councillor",
                "decisions_councilloralias",
                "decisions_clause",
            )
        }

        migrate(latest())

        after = {t: rows(t) for t in before}
        council = Council.objects.get()
        assert (council.slug, council.name, council.gss_code) == (
            "anyshire",
            "Anyshire Council",
            "E06000099",
        )
        for table in ("decisions_decision", "decisions_councillor", "decisions_councilloralias"):
            assert {row.pop("council_id") for row in after[table]} == {council.pk}, table
        for row in (*before["decisions_decision"], *after["decisions_decision"]):
            row.pop("search_document")
        for row in after["decisions_decision"]:  # later migrations' (0017, 0019), all empty
            for column in ("withdrawn_at", "withdrawn_reason", "withdrawn_by_id"):
                assert row.pop(column) in (None, "")
            assert row.pop("field_confidence") in ({}, "{}")
        assert after == before  # every row, its id and its values
        assert Decision.objects.filter(council=council).count() == 3
        assert CouncillorAlias.objects.get().council == council
        assert Clause.objects.count() == 3 and Councillor.objects.get().council == council
        if connection.vendor == "sqlite":  # 0016 rebuilt the table: the facet index is back
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name = %s",
                    ["decisions_decision_sqlite_facets"],
                )
                assert cursor.fetchone() is not None
    finally:
        migrate(latest())
