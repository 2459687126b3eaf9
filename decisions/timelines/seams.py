"""How the timelines app plugs into the archive core (see decisions.seams).

Called once from TimelinesConfig.ready(): the core never imports this app, it only runs what
is registered here.
"""

from __future__ import annotations

from collections.abc import Collection

from decisions.seams import (
    ExportFields,
    PageBlock,
    register_derived_step,
    register_export_fields,
    register_page_block,
    register_seeded_models,
)
from decisions.timelines import export
from decisions.timelines.models import Timeline, TimelineEvent, TimelineMembership
from decisions.timelines.selectors import all_timelines, decision_story, timelines_with_counts
from decisions.timelines.services import update_timelines
from decisions.vocabulary import ChangeKind


def _derive_timelines(decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> None:
    """The timelines' derived step. A backup load brings the timeline rows back as they
    were dumped, hand edits included, so a restore re-derives nothing."""
    if kind == ChangeKind.RESTORED:
        return
    update_timelines(decision_ids, final=final)


def plug_into_the_archive() -> None:
    """Register the timelines' derived step, page blocks and export fields with the core."""
    register_derived_step(
        "timelines",
        _derive_timelines,
        tables=(TimelineMembership._meta.db_table, TimelineEvent._meta.db_table),
    )
    register_seeded_models("timelines", (Timeline._meta.label_lower,))
    register_page_block(
        "home",
        "timelines",
        PageBlock("timelines/includes/home_stories.html", lambda: {"timelines": all_timelines()}),
    )
    register_page_block(
        "council-home",
        "timelines",
        PageBlock(
            "timelines/includes/council_timelines.html",
            lambda council: {"timelines": list(timelines_with_counts(council))},
        ),
    )
    register_page_block(
        "decision-detail",
        "timelines",
        PageBlock(
            "timelines/includes/decision_story.html",
            lambda decision: {
                "story": decision_story(decision),
                "reference": decision.reference,
                "council": decision.council.slug,
            },
        ),
    )
    register_export_fields(
        "timelines",
        ExportFields(
            names=export.NAMES,
            prefetch=export.with_timeline_relations,
            fields=export.timeline_fields,
            blank=export.BLANK,
            csv_cells=export.timeline_csv_cells,
        ),
    )
