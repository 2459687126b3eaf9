"""Clause planning: writing a notice's clauses, and rewriting them on a re-import around
the clauses an admin corrected (matched by clause key)."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from decisions.clause_keys import clause_keys, earlier_parent
from decisions.corrections import KeptCorrections
from decisions.models import Clause, Decision, stored_clause_keys

if TYPE_CHECKING:
    from decisions.parsing import ParsedClause


def insert_clauses(rows: Sequence[tuple[Hashable, Clause, Hashable | None]]) -> dict:
    """Insert clauses given as (key, clause, parent key), parents first, one query per depth.

    A parent key may also name a clause that is already saved (passed in with key and clause
    as for the others but with a pk); such clauses are not inserted again.
    """
    saved: dict[Hashable, Clause] = {key: clause for key, clause, _ in rows if clause.pk}
    pending = [(key, clause, parent) for key, clause, parent in rows if not clause.pk]
    while pending:
        ready = [row for row in pending if row[2] is None or row[2] in saved]
        if not ready:  # a parent that points nowhere: keep the clause, drop the link
            key, clause, _ = pending[0]
            pending[0] = (key, clause, None)
            ready = [pending[0]]
        for _, clause, parent in ready:
            clause.parent = saved[parent] if parent is not None else None
        for (key, _, _), clause in zip(
            ready, Clause.objects.bulk_create([row[1] for row in ready]), strict=True
        ):
            saved[key] = clause
        done = {row[0] for row in ready}
        pending = [row for row in pending if row[0] not in done]
    return saved


def create_clauses(decision: Decision, parsed_clauses: Sequence[ParsedClause]) -> None:
    insert_clauses(
        [
            (
                i,
                Clause(decision=decision, position=i, label=c.label, text=c.text),
                earlier_parent(c.parent, i),
            )
            for i, c in enumerate(parsed_clauses)
        ]
    )


def parsed_clause_keys(parsed_clauses: Sequence[ParsedClause]) -> list[str]:
    """The key of each parsed clause, as Clause.key gives it once stored."""
    return clause_keys([(c.label, position, c.parent) for position, c in enumerate(parsed_clauses)])


def update_clauses(
    decision: Decision, parsed_clauses: Sequence[ParsedClause], kept: KeptCorrections
) -> tuple[bool, int]:
    """Rewrite the clauses an admin has not touched, in the notice's order.

    Clauses are matched by key ('b', 'b-i'), so a roman 'i' and a letter 'i' never mix.
    Clauses an admin edited, added or deleted stay as the admin left them, under the same
    parent; clauses an admin added that the notice lacks go last.
    Returns (changed, clauses kept).
    """
    existing = list(decision.clauses.all())
    stored_keys = stored_clause_keys(existing)
    parsed_keys = parsed_clause_keys(parsed_clauses)
    owned = {stored_keys[c.pk]: c for c in existing if stored_keys[c.pk] in kept.clause_keys}
    plan: list[tuple[Hashable, Clause, Hashable | None]] = []
    plan_keys: list[str] = []
    for i, (parsed, key) in enumerate(zip(parsed_clauses, parsed_keys, strict=True)):
        if key in kept.clause_keys:
            if key in owned:  # missing means the admin deleted it
                plan.append((i, owned.pop(key), None))
                plan_keys.append(key)
            continue
        clause = Clause(decision=decision, label=parsed.label, text=parsed.text)
        plan.append((i, clause, earlier_parent(parsed.parent, i)))
        plan_keys.append(key)
    for key, clause in owned.items():
        plan.append((("admin", clause.pk), clause, None))
        plan_keys.append(key)
    kept_rows = [clause for _, clause, _ in plan if clause.pk]
    before = [(stored_keys[c.pk], c.text) for c in existing]
    after = [(key, clause.text) for key, (_, clause, _) in zip(plan_keys, plan, strict=True)]
    if before == after:
        return False, len(kept_rows)
    by_id = {c.pk: c for c in existing}
    old_parent_key = {
        c.pk: stored_keys[c.parent_id] if c.parent_id in by_id else None for c in kept_rows
    }
    # Detach kept clauses first, so deleting their old parents cannot cascade to them.
    Clause.objects.filter(pk__in=[c.pk for c in kept_rows]).update(parent=None)
    decision.clauses.exclude(pk__in=[c.pk for c in kept_rows]).delete()
    for position, (_, clause, _) in enumerate(plan):
        clause.position = position
    insert_clauses(plan)
    final = {key: clause for key, (_, clause, _) in zip(plan_keys, plan, strict=True)}
    for clause in kept_rows:
        clause.parent = final.get(old_parent_key[clause.pk])
    Clause.objects.bulk_update(kept_rows, ["position", "parent"])
    return True, len(kept_rows)
