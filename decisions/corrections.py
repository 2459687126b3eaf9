"""Corrections: what admins change by hand. Services that save an admin's edits and record
each change on the Correction trail, and the read-back of what a re-import must keep."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from decisions.changes import decisions_changed
from decisions.models import Clause, Correction, Councillor, Decision
from decisions.vocabulary import ChangeKind, CorrectionKind

# The clause fields an admin can change; a correction to any of them names a clause key.
CLAUSE_FIELDS = ("label", "text", "position", "parent")
REASON_REQUIRED = "Give a reason for this correction."


def required_reason(reason: str) -> str:
    """The reason, stripped; a correction without one is refused (ValueError)."""
    cleaned = reason.strip()
    if not cleaned:
        raise ValueError(REASON_REQUIRED)
    return cleaned


def display_value(value: Any) -> str:
    """Render a field value as text for the audit trail."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
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
    reason: str,
) -> list[Correction]:
    """Store one Correction per decision field an admin changed, each with the reason."""
    changes = changed_fields(before, decision, fields)
    if not changes:
        return []
    why = required_reason(reason)
    return Correction.objects.bulk_create(
        Correction(
            decision=decision, field=name, old_value=old, new_value=new, user=user, reason=why
        )
        for name, old, new in changes
    )


def record_clause_corrections(
    *,
    decision: Decision,
    changed: Iterable[tuple[Clause, Clause]],
    added: Iterable[Clause],
    deleted: Iterable[tuple[str, str]],
    user: AbstractBaseUser | None,
    reason: str,
) -> list[Correction]:
    """Store Corrections for clauses an admin edited, added or deleted (as key and text)."""

    def row(key: str, field: str, old: str = "", new: str = "") -> Correction:
        return Correction(
            decision=decision,
            clause_key=key,
            field=field,
            old_value=old,
            new_value=new,
            user=user,
        )

    rows: list[Correction] = []
    for before, after in changed:
        rows.extend(
            row(after.key, name, old, new)
            for name, old, new in changed_fields(before, after, CLAUSE_FIELDS)
        )
        if after.key != before.key:
            # The clause the notice had under the old key is admin-owned too, so a
            # re-import does not add it back.
            rows.append(row(before.key, CorrectionKind.RELABELLED, before.key, after.key))
    rows.extend(row(clause.key, CorrectionKind.ADDED, new=clause.text) for clause in added)
    rows.extend(row(key, CorrectionKind.DELETED, old=text) for key, text in deleted)
    if not rows:
        return []
    why = required_reason(reason)
    for correction in rows:
        correction.reason = why
    return Correction.objects.bulk_create(rows)


def deleted_clause_records(
    clauses: Mapping[int, Clause], deleted_ids: Iterable[int]
) -> list[tuple[str, str]]:
    """(key, text) of each clause deleted, with the sub-clauses deleting it takes with it.

    `clauses` is every stored clause of the decision by id, as it was before the delete.
    """
    deleted = set(deleted_ids)
    children = {pk: [c for c in clauses.values() if c.parent_id == pk] for pk in clauses}

    def with_descendants(pk: int) -> list[Clause]:
        found = [clauses[pk]]
        for child in children[pk]:
            if child.pk not in deleted:  # deleted in its own right: recorded once, below
                found.extend(with_descendants(child.pk))
        return found

    return [(clause.key, clause.text) for pk in sorted(deleted) for clause in with_descendants(pk)]


def save_clause_changes(
    *,
    decision: Decision,
    changed: Iterable[Clause],
    added: Iterable[Clause],
    deleted: Iterable[Clause],
    user: AbstractBaseUser | None,
    reason: str,
) -> list[Correction]:
    """Save an admin's edits to a decision's clauses and record each one as a Correction.

    `changed` are stored clauses holding their new values, `added` new clauses and `deleted`
    stored clauses to delete, none of them saved yet. Clauses are compared with what is
    stored before anything is written, in one transaction. Any change needs a reason.
    """
    changed, added, deleted = list(changed), list(added), list(deleted)
    if changed or added or deleted:
        required_reason(reason)  # refuse before writing anything
    with transaction.atomic():
        originals = {
            clause.pk: clause
            for clause in Clause.objects.select_related("parent__parent").filter(decision=decision)
        }
        removed = deleted_clause_records(originals, (clause.pk for clause in deleted))
        for clause in deleted:
            clause.delete()
        for clause in (*changed, *added):
            clause.save()
        if changed or added or deleted:
            # The clauses are the decision: stamped, and found by their new wording at once.
            decisions_changed([decision.pk], kind=ChangeKind.CORRECTED)
        return record_clause_corrections(
            decision=decision,
            changed=[(originals[clause.pk], clause) for clause in changed],
            added=added,
            deleted=removed,
            user=user,
            reason=reason,
        )


def record_councillor_corrections(
    *,
    councillor: Councillor,
    before: Councillor,
    fields: Iterable[str],
    user: AbstractBaseUser | None,
    reason: str,
) -> list[Correction]:
    """Store one Correction per councillor field an admin changed, each with the reason."""
    changes = changed_fields(before, councillor, fields)
    if not changes:
        return []
    why = required_reason(reason)
    return Correction.objects.bulk_create(
        Correction(
            councillor=councillor, field=name, old_value=old, new_value=new, user=user, reason=why
        )
        for name, old, new in changes
    )


@dataclass(frozen=True)
class KeptCorrections:
    """What an admin owns on one decision: field names, and clause keys."""

    fields: frozenset[str]
    clause_keys: frozenset[str]


def corrections_by_decision(decision_ids: Iterable[int]) -> dict[int, KeptCorrections]:
    """Return, for each decision id that has any, the fields and clauses admins corrected."""
    fields: dict[int, set[str]] = {}
    labels: dict[int, set[str]] = {}
    rows = Correction.objects.filter(decision_id__in=list(decision_ids)).values_list(
        "decision_id", "field", "clause_key"
    )
    for decision_id, field, key in rows:
        if key:  # every clause correction names its clause's key, never ""
            labels.setdefault(decision_id, set()).add(key)
        else:
            fields.setdefault(decision_id, set()).add(field)
    return {
        decision_id: KeptCorrections(
            fields=frozenset(fields.get(decision_id, ())),
            clause_keys=frozenset(labels.get(decision_id, ())),
        )
        for decision_id in fields.keys() | labels.keys()
    }


# How a correction reads to people: the pages, the admin's history and the feeds.


def field_label(name: str) -> str:
    """The human name of a Decision field, for the correction history."""
    try:
        return str(Decision._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a clause change, or a field since removed: its stored name
        return name.replace("_", " ")


def correction_summary(correction: Correction) -> str:
    """What a correction changed, in words: 'Reason for the decision', 'Clause b added'."""
    if correction.field == CorrectionKind.ADDED:
        return f"Clause {correction.clause_key} added".replace("  ", " ")
    if correction.field == CorrectionKind.DELETED:
        return f"Clause {correction.clause_key} removed".replace("  ", " ")
    if correction.field == CorrectionKind.WITHDRAWN:
        return "Withdrawn from the archive"
    if correction.field == CorrectionKind.RESTORED:
        return "Restored to the archive"
    if correction.field == CorrectionKind.RELABELLED:
        return f"Clause {correction.old_value} relabelled {correction.new_value}"
    if correction.clause_key:
        return f"Clause {correction.clause_key}: {field_label(correction.field)}"
    return field_label(correction.field).capitalize()
