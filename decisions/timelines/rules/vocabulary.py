"""The timeline vocabularies, each defined once: model choices, the kind filter and the CSS
classes on the timeline page are all built from these."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    """What happened at a point on a timeline."""

    INSPECTION = "inspection"
    MONITORING_VISIT = "monitoring_visit"
    JUDGEMENT = "judgement"
    STATUTORY_DIRECTION = "statutory_direction"
    REPORT_PUBLISHED = "report_published"
    PLAN_PHASE = "plan_phase"
    DEADLINE = "deadline"
    MEETING = "meeting"
    DECISION = "decision"

    @property
    def label(self) -> str:
        return _EVENT_KIND_LABELS[self]

    @property
    def css_class(self) -> str:
        """The class the timeline page styles this kind's tag with, e.g. 'tag-deadline'."""
        return f"tag-{self.value}"


_EVENT_KIND_LABELS = {
    EventKind.INSPECTION: "Inspection",
    EventKind.MONITORING_VISIT: "Monitoring visit",
    EventKind.JUDGEMENT: "Judgement",
    EventKind.STATUTORY_DIRECTION: "Statutory direction",
    EventKind.REPORT_PUBLISHED: "Report published",
    EventKind.PLAN_PHASE: "Plan or phase",
    EventKind.DEADLINE: "Deadline",
    EventKind.MEETING: "Meeting",
    EventKind.DECISION: "Decision",
}


class Precision(StrEnum):
    """How much of an event's date the notice states."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"

    @property
    def label(self) -> str:
        return self.value


class Origin(StrEnum):
    """Who made a membership, event or link: the timeline's rules, or an admin."""

    RULE = "rule"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"rule": "timeline rules", "admin": "an admin"}[self.value]


def choices(vocabulary: type[EventKind] | type[Precision] | type[Origin]) -> list[tuple[str, str]]:
    """Model and form choices for a vocabulary, in its declared order."""
    return [(member.value, member.label) for member in vocabulary]
