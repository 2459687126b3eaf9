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

    @property
    def same_day_rank(self) -> int:
        """Where this kind goes among events placed on the same date: causes first."""
        return _SAME_DAY_ORDER.index(self)


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


# Within one date nothing may appear before its cause: an inspection leads to a judgement,
# a judgement to a statutory direction; a meeting advises the decision taken that day, and a
# decision endorses a plan phase and sets its deadlines.
_SAME_DAY_ORDER = (
    EventKind.INSPECTION,
    EventKind.MONITORING_VISIT,
    EventKind.JUDGEMENT,
    EventKind.REPORT_PUBLISHED,
    EventKind.STATUTORY_DIRECTION,
    EventKind.MEETING,
    EventKind.DECISION,
    EventKind.PLAN_PHASE,
    EventKind.DEADLINE,
)


class Precision(StrEnum):
    """How much of an event's date the notice states."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"

    @property
    def label(self) -> str:
        return self.value


class DateBasis(StrEnum):
    """How an event's date was found.

    ``stated``: the text gives the date (a day, a month, a year or a range). ``inferred``: the
    text states the fact without a date, so it is only known to be true by the date of the
    notice that mentions it (``known_by``). ``tied``: the text ties the undated fact to a
    dated happening ("the Ofsted judgement" in a notice about "the inspection in July
    2022"), so it is placed right after that happening, and still known by the notice's date.
    """

    STATED = "stated"
    INFERRED = "inferred"
    TIED = "tied"

    @property
    def label(self) -> str:
        return _DATE_BASIS_LABELS[self]

    @property
    def css_class(self) -> str:
        """The class the timeline page styles a date of this basis with, e.g. 'date-tied'."""
        return f"date-{self.value}"


_DATE_BASIS_LABELS = {
    DateBasis.STATED: "stated in the text",
    DateBasis.INFERRED: "known by the notice's date",
    DateBasis.TIED: "tied to a dated event",
}


class Origin(StrEnum):
    """Who made a membership, event or link: the timeline's rules, or an admin."""

    RULE = "rule"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"rule": "timeline rules", "admin": "an admin"}[self.value]


def choices(
    vocabulary: type[EventKind] | type[Precision] | type[DateBasis] | type[Origin],
) -> list[tuple[str, str]]:
    """Model and form choices for a vocabulary, in its declared order."""
    return [(member.value, member.label) for member in vocabulary]


# The API schema names this choice set once (settings' ENUM_NAME_OVERRIDES imports it by
# path, so the settings import nothing of the app).
EVENT_KIND_CHOICES = choices(EventKind)
