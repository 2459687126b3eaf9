"""Seams where apps built on the archive core plug into it, so the core never imports them.

The core's pages, import pipeline, admin and export each offer one seam. An app such as
``decisions.timelines`` registers what it adds in its ``AppConfig.ready()``:

- a **derived step** runs whenever decisions change (`decisions.changes`), in the same
  transaction, told how they changed (the timelines' membership, events and follow-up
  links);
- a **page block** adds a block to a core page (``home``, ``decision-detail``): a template
  and a function giving its context;
- **export fields** add fields to each exported decision record, with the prefetch that
  keeps the export at a fixed number of queries;
- **seeded models** are the app's models whose rows its migrations create, which a backup
  load replaces;
- **private models** hold people's personal data (the alerts' email addresses), which a
  backup leaves out unless asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import QuerySet

from decisions.vocabulary import ChangeKind


class DerivedStep(Protocol):
    def __call__(self, decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> object:
        """Re-derive what depends on these decisions, which changed as `kind` says;
        `final` marks the end of a batch."""


@dataclass(frozen=True)
class PageBlock:
    """A block an app adds to a core page: a template, and the context it is rendered with."""

    template: str
    context: Callable[..., Mapping[str, Any]]


@dataclass(frozen=True)
class RenderedBlock:
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class ExportFields:
    """Fields an app adds to each exported decision record, and the prefetch they read.

    `names` are the fields, in order; `fields` gives their values for one decision; `blank`
    their values for no decision (a CSV of no rows still has the full header); `csv_cells`
    turns a record's values of them into CSV cells, keyed by column.
    """

    names: tuple[str, ...]
    prefetch: Callable[[QuerySet], QuerySet]
    fields: Callable[[Any], Mapping[str, Any]]
    blank: Mapping[str, Any]
    csv_cells: Callable[[Mapping[str, Any]], Mapping[str, Any]]


_derived_steps: dict[str, DerivedStep] = {}
_derived_tables: dict[str, tuple[str, ...]] = {}
_seeded_models: dict[str, tuple[str, ...]] = {}
_private_models: dict[str, tuple[str, ...]] = {}
_page_blocks: dict[str, dict[str, PageBlock]] = {}
_export_fields: dict[str, ExportFields] = {}


def register_derived_step(name: str, step: DerivedStep, *, tables: tuple[str, ...] = ()) -> None:
    """`tables`: the tables the step looks rows up in, which an import keeps analysed."""
    _derived_steps[name] = step
    _derived_tables[name] = tables


def register_seeded_models(name: str, labels: tuple[str, ...]) -> None:
    """Models ("app.model") whose rows a migration creates in an empty database: a backup
    load replaces them with the backup's rather than refusing the database as not empty."""
    _seeded_models[name] = labels


def register_private_models(name: str, labels: tuple[str, ...]) -> None:
    """Models ("app.model") holding personal data: a backup leaves them out unless asked."""
    _private_models[name] = labels


def private_models() -> tuple[str, ...]:
    return tuple(label for labels in _private_models.values() for label in labels)


def derived_step_tables() -> tuple[str, ...]:
    return tuple(table for tables in _derived_tables.values() for table in tables)


def seeded_models() -> tuple[str, ...]:
    return tuple(label for labels in _seeded_models.values() for label in labels)


def register_page_block(page: str, name: str, block: PageBlock) -> None:
    _page_blocks.setdefault(page, {})[name] = block


def register_export_fields(name: str, fields: ExportFields) -> None:
    _export_fields[name] = fields


def run_derived_steps(decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> None:
    """Bring everything derived from these decisions up to date, inside the write's
    transaction. Only `decisions.changes` calls this. With final=False, a step may leave
    work that compares many decisions (such as follow-up links) for the final call at the
    end of the batch."""
    for step in _derived_steps.values():
        step(decision_ids, kind=kind, final=final)


def page_blocks(page: str, **objects: Any) -> list[RenderedBlock]:
    """The blocks apps add to a page, each with its context, in registration order."""
    return [
        RenderedBlock(block.template, block.context(**objects))
        for block in _page_blocks.get(page, {}).values()
    ]


def with_app_prefetches(decisions: QuerySet) -> QuerySet:
    """Add every app's export prefetch to a queryset of decisions."""
    for app in _export_fields.values():
        decisions = app.prefetch(decisions)
    return decisions


def exported_app_fields() -> tuple[str, ...]:
    """The fields apps add to the export, in registration order."""
    return tuple(name for app in _export_fields.values() for name in app.names)


def app_fields_of(decision: Any) -> dict[str, Any]:
    """The fields every app adds for one decision."""
    fields: dict[str, Any] = {}
    for app in _export_fields.values():
        fields.update(app.fields(decision))
    return fields


def app_fields_blank() -> dict[str, Any]:
    """The apps' export fields with the values of no decision."""
    blanks: dict[str, Any] = {}
    for app in _export_fields.values():
        blanks.update(app.blank)
    return blanks


def app_fields_csv_cells(record: Mapping[str, Any]) -> dict[str, Any]:
    """The CSV cells every app makes of its fields of one record."""
    cells: dict[str, Any] = {}
    for app in _export_fields.values():
        cells.update(app.csv_cells(record))
    return cells
