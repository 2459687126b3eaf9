"""Migration timelines 0003: rows made before it learn how their date was found."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from decisions.timelines.models import TimelineEvent
from decisions.timelines.services import reapply_timeline_rules
from tests.fixtures_archive import import_seed_notices

BEFORE = [("timelines", "0002_origin_hidden_and_link_timeline")]


def migrate(targets: list[tuple[str, str | None]]) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest() -> list[tuple[str, str | None]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def bases() -> dict[tuple[str, str], tuple[str, date | None, str]]:
    return {
        (e.decision.reference, e.kind): (e.date_basis, e.known_by, e.tied_to)
        for e in TimelineEvent.objects.select_related("decision")
    }


@pytest.mark.django_db(transaction=True)
def test_undated_facts_made_before_it_become_inferred_and_ties_follow_on_refresh() -> None:
    import_seed_notices()
    migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            # As the rules placed the judgement before ties: on its notice's own day.
            cursor.execute(
                "UPDATE decisions_timelineevent SET date = %s, precision = 'day' "
                "WHERE kind = 'judgement'"
                " AND decision_id = (SELECT id FROM decisions_decision WHERE reference = %s)",
                [date(2022, 12, 15), "I50043387"],
            )
    finally:
        migrate(latest())
    migrated = bases()
    assert migrated[("I50042913", "statutory_direction")] == ("inferred", date(2022, 9, 29), "")
    assert migrated[("I50043387", "judgement")] == ("inferred", date(2022, 12, 15), "")
    assert migrated[("I50052101", "judgement")] == ("inferred", date(2025, 7, 17), "")
    assert migrated[("I50042913", "inspection")] == ("stated", None, "")
    assert migrated[("I50042913", "decision")] == ("stated", None, "")
    phases = TimelineEvent.objects.filter(kind="plan_phase", decision__reference="I50052101")
    assert {(e.date, e.date_basis) for e in phases} == {
        (date(2025, 5, 1), "stated"),
        (date(2025, 7, 17), "inferred"),
    }

    reapply_timeline_rules()
    judgement = TimelineEvent.objects.get(kind="judgement", decision__reference="I50043387")
    assert (judgement.date, judgement.date_basis, judgement.known_by, judgement.tied_to) == (
        date(2022, 7, 1),
        "tied",
        date(2022, 12, 15),
        "inspection",
    )
