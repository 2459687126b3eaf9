"""One rules object per timeline, registered by slug.

Each timeline says for itself which decisions belong to it, which events it extracts from
them, how it finds follow-ups among its own decisions, and which kinds of event it shows.
Every council has its own timeline of each registered slug, made on its first member, and
the service applies its rules to that council's decisions only. Timelines with no entry here
are curated by admins alone: a second timeline gets none of the first one's events or links.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from decisions.timelines.rules.decision import DecisionSummary
from decisions.timelines.rules.events import ExtractedEvent
from decisions.timelines.rules.followups import FollowUp
from decisions.timelines.rules.vocabulary import EventKind


@dataclass(frozen=True)
class TimelineRules:
    """Everything that makes one timeline's story: pure functions over decision summaries."""

    slug: str
    is_member: Callable[[DecisionSummary], bool]
    extract_events: Callable[[DecisionSummary], Sequence[ExtractedEvent]]
    find_follow_ups: Callable[[Sequence[DecisionSummary]], Sequence[FollowUp]]
    # The kinds this timeline shows and filters by; a decision is always one of them.
    event_kinds: tuple[EventKind, ...]
    # What a council's timeline is called when the rules make it (on its first member).
    title: str = ""
    description: str = ""

    @property
    def timeline_title(self) -> str:
        return self.title or self.slug.replace("-", " ").capitalize()


_REGISTRY: dict[str, TimelineRules] = {}


def register(rules: TimelineRules) -> TimelineRules:
    """Add (or replace) the rules for a timeline slug."""
    if EventKind.DECISION not in rules.event_kinds:
        raise ValueError(f"timeline {rules.slug!r}: its event kinds must include 'decision'")
    _REGISTRY[rules.slug] = rules
    return rules


def unregister(slug: str) -> None:
    """Forget a timeline's rules (tests that register a timeline of their own use this)."""
    _REGISTRY.pop(slug, None)


def rules_for(slug: str) -> TimelineRules | None:
    """The rules registered for a slug, or None for a timeline only admins curate."""
    return _REGISTRY.get(slug)


def registered() -> tuple[TimelineRules, ...]:
    """Every registered timeline's rules, in registration order."""
    return tuple(_REGISTRY.values())
