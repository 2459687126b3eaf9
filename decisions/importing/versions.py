"""A decision's versions: what an import rewrites is first kept as a DecisionVersion."""

from __future__ import annotations

from typing import Any

from decisions.importing.fields import NOTICE_FIELDS
from decisions.models import Decision, DecisionVersion, stored_clause_keys, stored_file_name


def snapshot_values(decision: Decision) -> dict[str, Any]:
    """The notice fields and clauses of a stored decision, for its version history."""
    clauses = list(decision.clauses.all())
    keys = stored_clause_keys(clauses)
    by_id = {c.pk: c for c in clauses}
    values: dict[str, Any] = {name: getattr(decision, name) for name in NOTICE_FIELDS}
    values["signatory"] = decision.signatory_id
    values["clauses"] = [
        {
            "label": c.label,
            "text": c.text,
            "parent": keys[c.parent_id] if c.parent_id in by_id else None,
        }
        for c in clauses
    ]
    return values


def version_of(decision: Decision, *, cause: str, replaced_by: str) -> DecisionVersion:
    """The decision as it stands now (unsaved), taken before an import rewrites it."""
    return DecisionVersion(
        decision=decision,
        cause=cause,
        values=snapshot_values(decision),
        source_file=decision.source_file,
        source_sha256=decision.source_sha256,
        source_format=decision.source_format,
        source_text=decision.source_text,
        replaced_by_file=stored_file_name(replaced_by),
    )
