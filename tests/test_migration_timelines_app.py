"""Moving the timeline models into their own app moves no rows.

A database made before the move (the archive core's migration 0007, the timeline tables
still under ``decisions``) that holds the five sample notices' timeline, with admin changes,
migrates in place: every row keeps its id and its values, under the new field names.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.fixtures_archive import import_seed_notices

BEFORE_THE_MOVE = [("decisions", "0007_clause_key_and_source_format"), ("timelines", None)]
TABLES = (
    "decisions_timeline",
    "decisions_timelinemembership",
    "decisions_timelineevent",
    "decisions_decisionlink",
    "decisions_decision",
    "decisions_clause",
)


def migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str | None]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def rows(table: str) -> list[dict[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_a_database_made_before_the_move_migrates_without_losing_a_row() -> None:
    import_seed_notices()
    migrate(BEFORE_THE_MOVE)
    try:
        with connection.cursor() as cursor:
            # Admin changes, written as the old schema held them.
            cursor.execute(
                "UPDATE decisions_timelinemembership SET excluded = %s, source = 'admin' "
                "WHERE id = (SELECT MIN(id) FROM decisions_timelinemembership)",
                [True],
            )
            cursor.execute(
                "UPDATE decisions_timelineevent SET added_by_admin = %s "
                "WHERE id = (SELECT MAX(id) FROM decisions_timelineevent)",
                [True],
            )
            cursor.execute(
                "UPDATE decisions_decisionlink SET source = 'admin', hidden = %s", [True]
            )
        before = {table: rows(table) for table in TABLES}
        assert len(before["decisions_decision"]) == 5
        assert len(before["decisions_timelineevent"]) > 5
        assert len(before["decisions_decisionlink"]) == 2
    finally:
        migrate(latest())

    after = {table: rows(table) for table in TABLES}
    for table in TABLES:
        assert [row["id"] for row in after[table]] == [row["id"] for row in before[table]], table

    renamed = {"source": "origin", "excluded": "hidden"}
    for old, new in zip(
        before["decisions_timelinemembership"], after["decisions_timelinemembership"], strict=True
    ):
        assert {renamed.get(k, k): v for k, v in old.items()} == new
    for old, new in zip(
        before["decisions_timelineevent"], after["decisions_timelineevent"], strict=True
    ):
        added = old.pop("added_by_admin")
        assert new.pop("origin") == ("admin" if added else "rule")
        # Added after the move by timelines 0003, which its own test covers.
        for column in ("date_basis", "known_by", "tied_to"):
            new.pop(column)
        assert old == new
    timeline_id = before["decisions_timeline"][0]["id"]
    for old, new in zip(
        before["decisions_decisionlink"], after["decisions_decisionlink"], strict=True
    ):
        assert new.pop("timeline_id") == timeline_id
        assert {renamed.get(k, k): v for k, v in old.items()} == new
    # The search document is rebuilt from the clauses by a later migration (0011), by design.
    for row in (*before["decisions_decision"], *after["decisions_decision"]):
        row.pop("search_document")
    # A later migration (0016) puts every decision in the archive's first council.
    assert len({row.pop("council_id") for row in after["decisions_decision"]}) == 1
    for row in after["decisions_decision"]:  # added by 0017 (withdrawals), all empty
        assert (
            row.pop("withdrawn_at"),
            row.pop("withdrawn_reason"),
            row.pop("withdrawn_by_id"),
        ) == (
            None,
            "",
            None,
        )
    for row in after["decisions_decision"]:  # added by the OCR migration, empty
        assert row.pop("field_confidence") in ({}, "{}")
    assert before["decisions_decision"] == after["decisions_decision"]
    assert before["decisions_clause"] == after["decisions_clause"]
