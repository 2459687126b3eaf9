"""Reads of timelines for other pages: which timelines a decision is on, and its links."""

from __future__ import annotations

from dataclasses import dataclass

from decisions.models import Decision
from decisions.timelines.models import DecisionLink, Timeline


@dataclass(frozen=True)
class DecisionStory:
    """Where one decision sits in the archive's stories."""

    timelines: list[Timeline]
    follows_up: list[DecisionLink]
    followed_up_by: list[DecisionLink]

    def __bool__(self) -> bool:
        return bool(self.timelines or self.follows_up or self.followed_up_by)


def timelines_of(decision: Decision) -> list[Timeline]:
    """Every timeline the decision is on (and an admin has not taken it off), by title."""
    return list(
        Timeline.objects.filter(memberships__decision=decision, memberships__hidden=False).order_by(
            "title"
        )
    )


def decision_story(decision: Decision) -> DecisionStory:
    """The decision's timelines and its follow-up links both ways: two queries."""
    links = list(DecisionLink.objects.touching(decision))
    return DecisionStory(
        timelines=timelines_of(decision),
        follows_up=[link for link in links if link.later_id == decision.pk],
        followed_up_by=[link for link in links if link.earlier_id == decision.pk],
    )


def all_timelines() -> list[Timeline]:
    """Every timeline, by title."""
    return list(Timeline.objects.all())
