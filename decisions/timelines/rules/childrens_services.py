"""The children's-services improvement timeline's rules: the first entry in the registry."""

from __future__ import annotations

from decisions.timelines.rules.decision import DecisionSummary
from decisions.timelines.rules.events import ExtractedEvent, extract_events
from decisions.timelines.rules.followups import find_follow_ups
from decisions.timelines.rules.membership import (
    CHILDRENS_SERVICES_IMPROVEMENT,
    is_childrens_services_improvement,
)
from decisions.timelines.rules.registry import TimelineRules
from decisions.timelines.rules.vocabulary import EventKind


def extract_childrens_services_events(decision: DecisionSummary) -> list[ExtractedEvent]:
    """The dated events a member decision mentions (see events.py)."""
    return extract_events(
        decision_date=decision.decision_date,
        purpose=decision.purpose,
        clauses=decision.clauses,
        options_considered=decision.options_considered,
    )


CHILDRENS_SERVICES_RULES = TimelineRules(
    slug=CHILDRENS_SERVICES_IMPROVEMENT,
    is_member=is_childrens_services_improvement,
    extract_events=extract_childrens_services_events,
    find_follow_ups=find_follow_ups,
    event_kinds=tuple(EventKind),
    title="Children's services improvement",
    description=(
        "The council's children's services through their inspections, judgements and "
        "statutory directions, and the improvement plans, phases and deadlines that follow."
    ),
)
