"""Seams where apps built on the archive core plug into it, so the core never imports them.

The core's pages, import pipeline, admin and export each offer one seam. An app such as
``decisions.timelines`` registers what it adds in its ``AppConfig.ready()``:

- a **derived step** runs whenever decisions change (`decisions.changes`), in the same
  transaction, told how they changed (the timelines' membership, events and follow-up
  links);
- a **page part** adds a block to a core page (``home``, ``decision-detail``): a template
  and a function giving its context;
- an **export part** adds fields to each exported decision record, with the prefetch that
  keeps the export at a fixed number of queries.
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
class PagePart:
    """A block an app adds to a core page: a template, and the context it is rendered with."""

    template: str
    context: Callable[..., Mapping[str, Any]]


@dataclass(frozen=True)
class RenderedPart:
    template: str
    context: Mapping[str, Any]


@dataclass(frozen=True)
class ExportPart:
    """Fields an app adds to each exported decision, and the prefetch they read."""

    prefetch: Callable[[QuerySet], QuerySet]
    fields: Callable[[Any], Mapping[str, Any]]


_derived_steps: dict[str, DerivedStep] = {}
_page_parts: dict[str, dict[str, PagePart]] = {}
_export_parts: dict[str, ExportPart] = {}


def register_derived_step(name: str, step: DerivedStep) -> None:
    _derived_steps[name] = step


def register_page_part(page: str, name: str, part: PagePart) -> None:
    _page_parts.setdefault(page, {})[name] = part


def register_export_part(name: str, part: ExportPart) -> None:
    _export_parts[name] = part


def run_derived_steps(decision_ids: Collection[int], *, kind: ChangeKind, final: bool) -> None:
    """Bring everything derived from these decisions up to date, inside the write's
    transaction. Only `decisions.changes` calls this. With final=False, a step may leave
    work that compares many decisions (such as follow-up links) for the final call at the
    end of the batch."""
    for step in _derived_steps.values():
        step(decision_ids, kind=kind, final=final)


def page_parts(page: str, **objects: Any) -> list[RenderedPart]:
    """The blocks apps add to a page, each with its context, in registration order."""
    return [
        RenderedPart(part.template, part.context(**objects))
        for part in _page_parts.get(page, {}).values()
    ]


def with_export_parts(decisions: QuerySet) -> QuerySet:
    """Add every export part's prefetch to a queryset of decisions."""
    for part in _export_parts.values():
        decisions = part.prefetch(decisions)
    return decisions


def export_part_fields(decision: Any) -> dict[str, Any]:
    """The fields every export part adds for one decision."""
    fields: dict[str, Any] = {}
    for part in _export_parts.values():
        fields.update(part.fields(decision))
    return fields
