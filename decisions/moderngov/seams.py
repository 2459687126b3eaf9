"""How the ModernGov app plugs into the archive core (see decisions.seams).

Called once from ModernGovConfig.ready(): the core never imports this app, it only runs
what is registered here. The Decision admin gains the field-sources panel the same way.
"""

from __future__ import annotations

from collections.abc import Collection

from decisions.models import Decision
from decisions.moderngov import export
from decisions.moderngov.models import FieldSource, ModernGovRecord
from decisions.moderngov.selectors import differences_of, record_of, with_moderngov_relations
from decisions.moderngov.sources import record_statement_sources
from decisions.seams import (
    ExportFields,
    PageBlock,
    register_derived_step,
    register_export_fields,
    register_page_block,
)
from decisions.vocabulary import ChangeKind


def _record_statement_values(
    decision_ids: Collection[int], *, kind: ChangeKind, final: bool
) -> None:
    """When a harvested decision's written statement is imported (or corrected), keep the
    statement's (or admin's) value of each field beside the page's."""
    if kind == ChangeKind.RESTORED or not decision_ids:
        return
    harvested = list(
        ModernGovRecord.objects.filter(decision_id__in=list(decision_ids)).values_list(
            "decision_id", flat=True
        )
    )
    if harvested:
        record_statement_sources(harvested)


def _page_block(decision: Decision) -> dict[str, object]:
    """What the decision page's ModernGov block shows (nothing for one never harvested)."""
    record = record_of(decision)
    return {
        "record": record,
        "differences": differences_of(decision) if record is not None else [],
        "council_slug": decision.council.slug,
        "reference": decision.reference,
    }


def plug_into_the_archive() -> None:
    """Register the app's derived step, decision-page block, export fields and admin panel."""
    register_derived_step(
        "moderngov",
        _record_statement_values,
        tables=(ModernGovRecord._meta.db_table, FieldSource._meta.db_table),
    )
    register_page_block(
        "decision-detail",
        "moderngov",
        PageBlock(
            "moderngov/includes/decision_moderngov.html",
            _page_block,
        ),
    )
    register_export_fields(
        "moderngov",
        ExportFields(
            names=export.NAMES,
            prefetch=with_moderngov_relations,
            fields=export.moderngov_fields,
            blank=export.BLANK,
            csv_cells=export.moderngov_csv_cells,
        ),
    )
    from decisions.moderngov.admin import add_sources_to_the_decision_admin

    add_sources_to_the_decision_admin()
