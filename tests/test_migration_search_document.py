"""Migration 0011 fills the new search document for decisions that already exist.

A database at 0008 (the generated column, blind to the signatory) holding the five sample
notices migrates forward, and search then finds a notice by its signatory's name, which
only the new document carries: PostgreSQL's tsvector column, or SQLite's FTS5 table.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.fixtures_archive import import_seed_notices

BEFORE = [("decisions", "0008_timelines_move_to_their_own_app")]


def migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_it_fills_the_search_document_of_existing_decisions(client) -> None:
    import_seed_notices()
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM decisions_decision")
            assert cursor.fetchone()[0] == 5
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())
    response = client.get("/decisions/?q=hitchiner")
    assert [d.reference for d, _ in response.context["results"]] == ["I50042913"]
    response = client.get("/decisions/?q=inspections")
    assert "I50042913" in [d.reference for d, _ in response.context["results"]]
