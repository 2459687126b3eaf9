"""Clause keys: the one rule for how a clause is named within its decision.

A clause's key is its label, or its 1-based position when it has none, under its
parent's key: `a`, `b`, the roman sub-clause `b-i`, an unlabelled `3`. Corrections and
re-imports match clauses by key, and the decision page's anchors (`#clause-b-i`) and the
timeline's links are built from it, so every one of them asks this module.

A parent counts only when it comes before its child in the notice's order, as the parser
always gives them. A parent that comes later, the clause itself, or one that is missing is
ignored: the clause is keyed as if it were at the top level. That also means no chain of
parents can loop. Pure Python: no Django.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def clause_key(label: str, parent_key: str | None, position: int) -> str:
    """A clause's key: its label (or 1-based position when unlabelled) under its parent's."""
    own = label or str(position + 1)
    return f"{parent_key}-{own}" if parent_key else own


def earlier_parent(parent: int | None, index: int) -> int | None:
    """The parent's index when it comes before the clause at `index`, else None."""
    return parent if parent is not None and 0 <= parent < index else None


def clause_keys(clauses: Sequence[tuple[str, int, int | None]]) -> list[str]:
    """The key of each clause given as (label, position, parent's index), in notice order."""
    keys: list[str] = []
    for index, (label, position, parent) in enumerate(clauses):
        counted = earlier_parent(parent, index)
        keys.append(clause_key(label, keys[counted] if counted is not None else None, position))
    return keys


def clause_keys_by_id(
    clauses: Sequence[tuple[Hashable, str, int, Hashable | None]],
) -> dict[Hashable, str]:
    """The key of each clause given as (id, label, position, parent's id), in notice order."""
    index = {clause_id: i for i, (clause_id, _, _, _) in enumerate(clauses)}
    keys = clause_keys(
        [(label, position, index.get(parent)) for _, label, position, parent in clauses]
    )
    return {clause_id: key for (clause_id, _, _, _), key in zip(clauses, keys, strict=True)}
