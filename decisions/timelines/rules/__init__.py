"""The timeline rules: pure Python, no Django import (a purity test checks).

Given plain summaries of decisions, they say which timelines each decision is on
(``membership``), which dated events it mentions (``events``) and which later decisions
answer it (``followups``). Each timeline registers one ``TimelineRules`` object by slug
(``registry``); children's-services improvement is the first.
"""

from __future__ import annotations

from .childrens_services import CHILDRENS_SERVICES_RULES
from .decision import DecisionSummary
from .events import ExtractedEvent
from .followups import FollowUp
from .membership import CHILDRENS_SERVICES_IMPROVEMENT
from .registry import TimelineRules, register, registered, rules_for, unregister
from .vocabulary import DateBasis, EventKind, Origin, Precision

register(CHILDRENS_SERVICES_RULES)

__all__ = [
    "CHILDRENS_SERVICES_IMPROVEMENT",
    "DateBasis",
    "DecisionSummary",
    "EventKind",
    "ExtractedEvent",
    "FollowUp",
    "Origin",
    "Precision",
    "TimelineRules",
    "register",
    "registered",
    "rules_for",
    "unregister",
]
