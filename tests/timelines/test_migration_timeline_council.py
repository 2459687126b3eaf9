"""Migration timelines 0004: every timeline goes to its decisions' council, losing no row.

A database made before it (timelines 0003) holding the five samples' timeline, with its
memberships, events and links, plus a timeline of another council's decisions and one with no
decisions, migrates in place: every row of every timeline table keeps its id and its values,
and each timeline is its members' council's, or the first council's when it has none.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from decisions.councils import first_council
from decisions.models import Council
from decisions.timelines.models import Timeline
from tests.fixtures_archive import import_seed_notices

BEFORE = [("timelines", "0003_event_date_basis")]
TABLES = (
    "decisions_timeline",
    "decisions_timelinemembership",
    "decisions_timelineevent",
    "decisions_decisionlink",
    "decisions_decision",
    "decisions_council",
)


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


@pytest.mark.django_db(transaction=True)
def test_each_timeline_goes_to_its_decisions_council_without_losing_a_row() -> None:
    import_seed_notices()
    executor = migrate(BEFORE)
    try:
        # The timelines as they were, beside the archive core as it is (with councils).
        core = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "decisions"]
        old = executor.loader.project_state([*BEFORE, *core]).apps
        anyshire = old.get_model("decisions", "Council").objects.create(
            slug="anyshire", name="Anyshire Council"
        )
        theirs = old.get_model("decisions", "Decision").objects.create(
            council=anyshire,
            reference="I70000001",
            title="Their decision",
            decision_date=date(2024, 1, 1),
            decision_maker="Cabinet",
            source_text="The notice.",
        )
        OldTimeline = old.get_model("timelines", "Timeline")
        their_story = OldTimeline.objects.create(slug="their-story", title="Their story")
        old.get_model("timelines", "TimelineMembership").objects.create(
            timeline=their_story, decision=theirs, origin="admin"
        )
        OldTimeline.objects.create(slug="no-decisions-yet", title="Empty")
        before = {table: rows(table) for table in TABLES}
        assert len(before["decisions_timeline"]) == 3
        assert len(before["decisions_timelinemembership"]) == 6
        assert len(before["decisions_decisionlink"]) == 2
    finally:
        migrate(latest())

    after = {table: rows(table) for table in TABLES}
    councils = {row["slug"]: row.pop("council_id") for row in after["decisions_timeline"]}
    assert councils == {
        "childrens-services-improvement": first_council().pk,
        "their-story": Council.objects.get(slug="anyshire").pk,
        "no-decisions-yet": first_council().pk,
    }
    assert after == before  # every row, its id and its values
    assert Timeline.objects.get(slug="their-story").get_absolute_url() == (
        "/anyshire/timelines/their-story/"
    )
