"""What the timeline rules read of a decision: a plain, frozen summary of its text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DecisionSummary:
    """The parts of a decision that membership, event and follow-up rules read."""

    reference: str
    decision_date: date
    title: str
    purpose: str
    clauses: tuple[tuple[str, str, str], ...]  # (key, label, text), in the notice's order
    options_considered: str = ""
    decision_text: str = ""
