"""Timelines and what is on them: member decisions, dated events and follow-up links.

The tables were made by the archive core's migrations and keep their names (``db_table``),
so moving the models into this app moved no rows.

Across the three models, ``origin`` says who made a row (the timeline's rules or an admin)
and ``hidden`` says an admin removed it: a hidden row is a tombstone that keeps the rules
from bringing it back.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from decisions.models import Clause, Council, Decision
from decisions.timelines.rules.vocabulary import DateBasis, EventKind, Origin, Precision, choices


class TimelineQuerySet(models.QuerySet["Timeline"]):
    def with_member_counts(self) -> TimelineQuerySet:
        """Annotate each timeline with how many decisions are on it."""
        return self.annotate(
            member_count=models.Count(
                "memberships",
                filter=models.Q(
                    memberships__hidden=False, memberships__decision__withdrawn_at__isnull=True
                ),
            )
        )


class Timeline(models.Model):
    """A story told across one council's decisions, e.g. its children's-services improvement.

    Each council has its own: the slug names the story, unique within its council, so two
    councils' "childrens-services-improvement" are two timelines, each of its own decisions.
    """

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="timelines")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        db_table = "decisions_timeline"
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="timeline_slug_per_council")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The timeline's page under its council (load the council with the timeline)."""
        return reverse("timeline-detail", kwargs={"council": self.council.slug, "slug": self.slug})


def same_council(timeline_id: int | None, *decision_ids: int | None) -> bool:
    """Whether every decision is of the timeline's council (True while any is unknown): a
    timeline holds, dates and links only its own council's decisions."""
    ids = {pk for pk in decision_ids if pk is not None}
    if timeline_id is None or not ids:
        return True
    council = Timeline.objects.filter(pk=timeline_id).values_list("council_id", flat=True)
    return not Decision.objects.filter(pk__in=ids).exclude(council_id__in=council).exists()


OTHER_COUNCIL = "This decision is another council's: a timeline holds only its own council's."


class TimelineMembershipQuerySet(models.QuerySet["TimelineMembership"]):
    def current(self) -> TimelineMembershipQuerySet:
        """Memberships an admin has not removed."""
        return self.filter(hidden=False)


class TimelineMembership(models.Model):
    """A decision on a timeline. An admin's removal is kept as `hidden`, so rules never
    put the decision back."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="memberships")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="timeline_memberships"
    )
    origin = models.CharField(max_length=10, choices=choices(Origin), default=Origin.RULE)
    hidden = models.BooleanField(
        "removed by an admin", default=False, help_text="Keep the decision off this timeline."
    )

    objects = TimelineMembershipQuerySet.as_manager()

    class Meta:
        db_table = "decisions_timelinemembership"
        constraints = [
            models.UniqueConstraint(fields=["timeline", "decision"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} on {self.timeline_id}"

    def clean(self) -> None:
        if not same_council(self.timeline_id, self.decision_id):
            raise ValidationError({"decision": OTHER_COUNCIL})


class TimelineEventQuerySet(models.QuerySet["TimelineEvent"]):
    def visible(self) -> TimelineEventQuerySet:
        """Events not removed by an admin, whose decision (if any) is still on the timeline."""
        return self.filter(hidden=False).filter(
            models.Q(decision__isnull=True)
            | models.Exists(
                TimelineMembership.objects.filter(
                    timeline=models.OuterRef("timeline"),
                    decision=models.OuterRef("decision"),
                    hidden=False,
                )
            )
        )

    def in_date_order(self) -> TimelineEventQuerySet:
        return self.order_by("date", "end_date", "pk")


class TimelineEvent(models.Model):
    """A dated point on a timeline, leading back to the sentence it came from."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(db_index=True)
    end_date = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=5, choices=choices(Precision), default=Precision.DAY)
    date_basis = models.CharField(
        "how the date was found",
        max_length=10,
        choices=choices(DateBasis),
        default=DateBasis.STATED,
        help_text="Stated in the text; inferred (only known by a notice's date); or tied to a "
        "dated event the text names.",
    )
    known_by = models.DateField(
        null=True,
        blank=True,
        help_text="For an inferred or tied date: the date of the notice that proves it by then.",
    )
    tied_to = models.CharField(
        max_length=30,
        choices=choices(EventKind),
        blank=True,
        help_text="For a tied date: the kind of dated event this one follows.",
    )
    kind = models.CharField(max_length=30, choices=choices(EventKind))
    title = models.CharField(max_length=300)
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    source_sentence = models.TextField(blank=True)
    origin = models.CharField(max_length=10, choices=choices(Origin), default=Origin.RULE)
    edited_by_admin = models.BooleanField(
        default=False, help_text="Set when an admin changes an extracted event; rules leave it be."
    )
    hidden = models.BooleanField(
        "removed by an admin", default=False, help_text="Keeps a removed event from coming back."
    )
    extraction_key = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Identifies what the rules found."
    )

    objects = TimelineEventQuerySet.as_manager()

    class Meta:
        db_table = "decisions_timelineevent"
        ordering = ["date", "end_date", "pk"]
        indexes = [models.Index(fields=["timeline", "date"], name="event_timeline_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"

    def clean(self) -> None:
        """A date that is not stated says when it was known by, and a tie says to what."""
        errors: dict[str, str] = {}
        if self.date_basis != DateBasis.STATED and self.known_by is None:
            errors["known_by"] = "An inferred or tied date needs the date it was known by."
        if self.date_basis == DateBasis.TIED and not self.tied_to:
            errors["tied_to"] = "A tied date needs the kind of event it follows."
        if self.date_basis != DateBasis.TIED and self.tied_to:
            errors["tied_to"] = "Only a tied date follows another event."
        if not same_council(self.timeline_id, self.decision_id):
            errors["decision"] = OTHER_COUNCIL
        if errors:
            raise ValidationError(errors)

    @property
    def kind_css_class(self) -> str:
        """The class this event's kind is styled with (one home: EventKind.css_class)."""
        return EventKind(self.kind).css_class

    @property
    def date_basis_css_class(self) -> str:
        """The class this event's date is styled with (one home: DateBasis.css_class)."""
        return DateBasis(self.date_basis).css_class


class DecisionLinkQuerySet(models.QuerySet["DecisionLink"]):
    def visible(self) -> DecisionLinkQuerySet:
        return self.filter(hidden=False)

    def touching(self, decision: Decision) -> DecisionLinkQuerySet:
        """Visible links to and from a decision, with both ends loaded, oldest first."""
        return (
            self.visible()
            .filter(models.Q(earlier=decision) | models.Q(later=decision))
            .select_related("earlier__council", "later__council")
            .only(
                "reason",
                "timeline_id",
                "earlier__council__slug",
                "later__council__slug",
                "earlier__reference",
                "earlier__title",
                "earlier__decision_date",
                "later__reference",
                "later__title",
                "later__decision_date",
            )  # fmt: skip
            .order_by("earlier__decision_date", "later__decision_date")
        )


class DecisionLink(models.Model):
    """A later decision on a timeline that fulfils what an earlier one set in motion."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="links")
    earlier = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    later = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follows_up")
    reason = models.CharField(max_length=300, blank=True)
    origin = models.CharField(max_length=10, choices=choices(Origin), default=Origin.RULE)
    hidden = models.BooleanField("removed by an admin", default=False)

    objects = DecisionLinkQuerySet.as_manager()

    class Meta:
        db_table = "decisions_decisionlink"
        constraints = [
            models.UniqueConstraint(
                fields=["timeline", "earlier", "later"], name="decision_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.earlier_id} -> {self.later_id}"

    def clean(self) -> None:
        """Both ends are of the timeline's council: a follow-up never crosses councils."""
        errors = {
            name: OTHER_COUNCIL
            for name, pk in (("earlier", self.earlier_id), ("later", self.later_id))
            if not same_council(self.timeline_id, pk)
        }
        if errors:
            raise ValidationError(errors)
