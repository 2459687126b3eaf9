"""Record what admins change by hand, and read back what a re-import must keep."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from decisions.models import Clause, Correction, Councillor, Decision

# Clause corrections are stored with this field name when a clause is added or deleted.
CLAUSE_ADDED = "added"
CLAUSE_DELETED = "deleted"


def display_value(value: Any) -> str:
    """Render a field value as text for the audit trail."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def changed_fields(
    before: models.Model, after: models.Model, names: Iterable[str]
) -> list[tuple[str, str, str]]:
    """Return (field, old, new) for each named field whose value differs."""
    changes = []
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append((name, display_value(old), display_value(new)))
    return changes


def record_decision_corrections(
    *,
    decision: Decision,
    before: Decision,
    fields: Iterable[str],
    user: AbstractBaseUser | None,
) -> list[Correction]:
    """Store one Correction per decision field an admin changed."""
    return Correction.objects.bulk_create(
        Correction(decision=decision, field=name, old_value=old, new_value=new, user=user)
        for name, old, new in changed_fields(before, decision, fields)
    )


def record_clause_corrections(
    *,
    decision: Decision,
    changed: Iterable[tuple[Clause, Clause]],
    added: Iterable[Clause],
    deleted: Iterable[Clause],
    user: AbstractBaseUser | None,
) -> list[Correction]:
    """Store Corrections for clauses an admin edited, added or deleted."""
    rows: list[Correction] = []
    for before, after in changed:
        for name, old, new in changed_fields(before, after, ("label", "text", "position")):
            rows.append(
                Correction(
                    decision=decision,
                    clause_label=after.label,
                    field=name,
                    old_value=old,
                    new_value=new,
                    user=user,
                )
            )
            if name == "label" and old:
                # The parsed label is now admin-owned too, so a re-import does not re-add it.
                rows.append(
                    Correction(
                        decision=decision,
                        clause_label=old,
                        field="relabelled",
                        old_value=old,
                        new_value=new,
                        user=user,
                    )
                )
    rows.extend(
        Correction(
            decision=decision,
            clause_label=clause.label,
            field=CLAUSE_ADDED,
            new_value=clause.text,
            user=user,
        )
        for clause in added
    )
    rows.extend(
        Correction(
            decision=decision,
            clause_label=clause.label,
            field=CLAUSE_DELETED,
            old_value=clause.text,
            user=user,
        )
        for clause in deleted
    )
    return Correction.objects.bulk_create(rows)


def record_councillor_corrections(
    *,
    councillor: Councillor,
    before: Councillor,
    fields: Iterable[str],
    user: AbstractBaseUser | None,
) -> list[Correction]:
    """Store one Correction per councillor field an admin changed."""
    return Correction.objects.bulk_create(
        Correction(councillor=councillor, field=name, old_value=old, new_value=new, user=user)
        for name, old, new in changed_fields(before, councillor, fields)
    )


@dataclass(frozen=True)
class KeptCorrections:
    """What an admin owns on one decision: field names, and clause labels."""

    fields: frozenset[str]
    clause_labels: frozenset[str]

    @property
    def clauses_touched(self) -> bool:
        return bool(self.clause_labels)


def corrections_by_decision(decision_ids: Iterable[int]) -> dict[int, KeptCorrections]:
    """Return, for each decision id that has any, the fields and clauses admins corrected."""
    fields: dict[int, set[str]] = {}
    labels: dict[int, set[str]] = {}
    rows = Correction.objects.filter(decision_id__in=list(decision_ids)).values_list(
        "decision_id", "field", "clause_label"
    )
    for decision_id, field, clause_label in rows:
        if clause_label or field in (CLAUSE_ADDED, CLAUSE_DELETED):
            labels.setdefault(decision_id, set()).add(clause_label)
        else:
            fields.setdefault(decision_id, set()).add(field)
    return {
        decision_id: KeptCorrections(
            fields=frozenset(fields.get(decision_id, ())),
            clause_labels=frozenset(labels.get(decision_id, ())),
        )
        for decision_id in fields.keys() | labels.keys()
    }
