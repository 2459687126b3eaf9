"""Small helpers that build records for tests."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from typing import Any

from decisions.councils import first_council
from decisions.models import Clause, Council, Councillor, Decision
from decisions.search.document import rebuild_search_documents

_numbers = itertools.count(60000000)


def make_councillor(
    name: str = "Jonathan Lester", slug: str | None = None, council: Council | None = None
) -> Councillor:
    """Create a councillor (the first council's, unless another is given)."""
    return Councillor.objects.create(
        name=name, slug=slug or name.lower().replace(" ", "-"), council=council or first_council()
    )


def make_decision(
    clauses: tuple[str, ...] = ("Cabinet approve the plan.",), **fields: Any
) -> Decision:
    """Create a decision with lettered clauses; any model field can be overridden."""
    reference = fields.pop("reference", f"I{next(_numbers)}")
    text = fields.pop("source_text", f"Written statement of a decision {reference}")
    values: dict[str, Any] = {
        "title": f"Decision {reference}",
        "decision_date": date(2024, 3, 14),
        "decision_maker": "Cabinet",
        "exemption_class": "Open",
        "purpose": "To consider the plan.",
        "decision_text": "That: " + " ".join(clauses),
        "reason": "As set out in the report.",
        "options_considered": "None.",
        "source_text": text,
        "source_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "source_url": f"http://councillors.example.gov.uk/mgIssueHistoryHome.aspx?IId={reference[1:]}",
    }
    values.update(fields)
    if "council" not in values and "council_id" not in values:
        signatory = values.get("signatory")
        values["council"] = signatory.council if signatory is not None else first_council()
    decision = Decision.objects.create(reference=reference, **values)
    Clause.objects.bulk_create(
        Clause(decision=decision, position=i, label="abcdefghijklmnopqrstuvwxyz"[i], text=text)
        for i, text in enumerate(clauses)
    )
    # Searchable, as an import leaves it; a test that needs the timelines' derived rows
    # calls decisions.changes.decisions_changed itself.
    rebuild_search_documents(decision_ids=[decision.pk])
    return decision
