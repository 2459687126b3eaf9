"""What the timeline rules read of a parsed notice's clauses, for the rules' own tests."""

from __future__ import annotations

from collections.abc import Sequence

from decisions.clause_keys import clause_keys
from decisions.parsing import ParsedClause


def summary_clauses(clauses: Sequence[ParsedClause]) -> tuple[tuple[str, str, str], ...]:
    """(key, label, text) of each parsed clause, as the timeline service gives them."""
    keys = clause_keys([(c.label, position, c.parent) for position, c in enumerate(clauses)])
    return tuple((key, c.label, c.text) for key, c in zip(keys, clauses, strict=True))
