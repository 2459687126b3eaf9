"""The archive's records: decisions, their clauses, the councillors who signed them,
and the corrections admins made to them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from decisions.parsing import SourceFormat


class SearchDocument(models.Func):
    """The text full-text search looks at, computed by the database on every write.

    PostgreSQL gets a weighted tsvector (title A, the decision's clauses B, purpose,
    reasons and options C). SQLite has no tsvector, so it stores the same text lower-cased
    and decisions/search.py matches words in it.
    """

    def __init__(self) -> None:
        super().__init__(
            models.F("title"),
            models.F("decision_text"),
            models.F("purpose"),
            models.F("reason"),
            models.F("options_considered"),
            output_field=SearchVectorField(),
        )

    def _columns(self, compiler: Any, connection: Any) -> list[str]:
        return [f"COALESCE({compiler.compile(e)[0]}, '')" for e in self.get_source_expressions()]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        return "lower(" + " || ' ' || ".join(self._columns(compiler, connection)) + ")", []

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list]:
        title, clauses, *rest = self._columns(compiler, connection)
        vector = "setweight(to_tsvector('english'::regconfig, {}), '{}')"
        return (
            " || ".join(
                [
                    vector.format(title, "A"),
                    vector.format(clauses, "B"),
                    vector.format(" || ' ' || ".join(rest), "C"),
                ]
            ),
            [],
        )


class CouncillorQuerySet(models.QuerySet["Councillor"]):
    def with_decision_counts(self) -> CouncillorQuerySet:
        """Annotate each councillor with how many decisions they signed."""
        return self.annotate(decision_count=models.Count("decisions"))


class Councillor(models.Model):
    name = models.CharField(
        max_length=200, help_text="Canonical display name, e.g. Jonathan Lester."
    )
    slug = models.SlugField(max_length=200, unique=True)

    objects = CouncillorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councillor-detail", args=[self.slug])


class CouncillorAlias(models.Model):
    """A spelling of a councillor's name seen in a notice, e.g. "JG Lester"."""

    councillor = models.ForeignKey(Councillor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "councillor aliases"

    def __str__(self) -> str:
        return self.name


class DecisionQuerySet(models.QuerySet["Decision"]):
    def with_signatory(self) -> DecisionQuerySet:
        """Join the signing councillor, for lists that show it."""
        return self.select_related("signatory")

    def newest_first(self) -> DecisionQuerySet:
        return self.order_by("-decision_date", "-reference")

    def oldest_first(self) -> DecisionQuerySet:
        return self.order_by("decision_date", "reference")

    def key_decisions(self) -> DecisionQuerySet:
        return self.filter(is_key_decision=True)

    def with_timeline(self) -> DecisionQuerySet:
        """Annotate the slug and title of the (first) timeline each decision is on."""
        memberships = TimelineMembership.objects.current().filter(decision=models.OuterRef("pk"))
        first = memberships.order_by("timeline__title")
        return self.annotate(
            timeline_slug=models.Subquery(first.values("timeline__slug")[:1]),
            timeline_title=models.Subquery(first.values("timeline__title")[:1]),
        )


class Decision(models.Model):
    reference = models.CharField(
        max_length=20, unique=True, help_text="The council's issue reference, e.g. I50042913."
    )
    title = models.CharField(max_length=500, db_index=True)
    decision_date = models.DateField(db_index=True)
    decision_maker = models.CharField(max_length=200)
    is_key_decision = models.BooleanField("key decision", default=False)
    key_decision_reason = models.TextField(blank=True)
    exemption_class = models.CharField(max_length=100, blank=True)
    special_urgency = models.CharField(
        max_length=200, blank=True, help_text="The 'General exception or special urgency' answer."
    )
    purpose = models.TextField(blank=True)
    decision_text = models.TextField(blank=True)
    reason = models.TextField("reason for the decision", blank=True)
    options_considered = models.TextField(blank=True)
    declarations = models.TextField("declarations of interest", blank=True)
    call_in_expiry = models.DateField("call-in expiry date", null=True, blank=True)

    signatory = models.ForeignKey(
        Councillor, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    signatory_name = models.CharField(
        max_length=200, blank=True, help_text="The signatory's name as printed in the notice."
    )
    signatory_role = models.CharField(max_length=200, blank=True)
    signed_date = models.DateField(null=True, blank=True)

    source_url = models.URLField(max_length=500, blank=True)
    source_file = models.CharField(max_length=500, blank=True)
    source_sha256 = models.CharField(max_length=64, db_index=True)
    source_format = models.CharField(
        max_length=10,
        choices=[(f.value, f.label) for f in SourceFormat],
        default=SourceFormat.PLAIN_TEXT,
        help_text="The kind of document the notice was read from.",
    )
    source_text = models.TextField(help_text="The notice as imported, kept verbatim.")
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_document = models.GeneratedField(
        expression=SearchDocument(), output_field=SearchVectorField(), db_persist=True
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-reference"]
        # PostgreSQL also has a GIN index on search_document (migration 0003): it is made
        # there, not here, because SQLite cannot build one.

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("decision-detail", args=[self.reference])


def clause_key(label: str, parent_key: str | None, position: int) -> str:
    """A clause's key: its label (or 1-based position when unlabelled) under its parent's."""
    own = label or str(position + 1)
    return f"{parent_key}-{own}" if parent_key else own


class Clause(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=10, blank=True)
    text = models.TextField()
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )

    class Meta:
        # Positions only order clauses; ties (an admin typing the same number twice) fall
        # back to creation order rather than failing the save.
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.label}) {self.text[:60]}" if self.label else self.text[:60]

    @property
    def key(self) -> str:
        """Identifies the clause within its decision: 'b', a sub-clause 'b-i', unlabelled '3'.

        Corrections and re-imports match clauses by this key; it reads the parent chain,
        so load parents (select_related) when reading many.
        """
        parent = self.parent.key if self.parent_id and self.parent else None
        return clause_key(self.label, parent, self.position)

    @property
    def anchor(self) -> str:
        """The fragment id of this clause on its decision page, e.g. 'clause-b-i'."""
        return f"clause-{self.key}"


class Correction(models.Model):
    """One field an admin changed by hand: the audit trail, and what re-imports must keep."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    councillor = models.ForeignKey(
        Councillor, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    clause_key = models.CharField(
        "clause",
        max_length=40,
        blank=True,
        help_text="The clause's key (e.g. 'b' or 'b-i') when the change was to a clause.",
    )
    field = models.CharField(max_length=100)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        target = self.decision or self.councillor
        where = f"clause {self.clause_key} " if self.clause_key else ""
        return f"{target}: {where}{self.field}"


class TimelineQuerySet(models.QuerySet["Timeline"]):
    def with_member_counts(self) -> TimelineQuerySet:
        """Annotate each timeline with how many decisions are on it."""
        return self.annotate(
            member_count=models.Count("memberships", filter=models.Q(memberships__excluded=False))
        )


class Timeline(models.Model):
    """A story told across decisions, e.g. children's-services improvement."""

    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("timeline-detail", args=[self.slug])


class MembershipSource(models.TextChoices):
    RULE = "rule", "membership rules"
    ADMIN = "admin", "an admin"


class TimelineMembershipQuerySet(models.QuerySet["TimelineMembership"]):
    def current(self) -> TimelineMembershipQuerySet:
        """Memberships an admin has not removed."""
        return self.filter(excluded=False)


class TimelineMembership(models.Model):
    """A decision on a timeline. An admin's removal is kept as `excluded`, so rules never
    put the decision back."""

    timeline = models.ForeignKey(Timeline, on_delete=models.CASCADE, related_name="memberships")
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="timeline_memberships"
    )
    source = models.CharField(
        max_length=10, choices=MembershipSource.choices, default=MembershipSource.RULE
    )
    excluded = models.BooleanField(
        "removed by an admin", default=False, help_text="Keep the decision off this timeline."
    )

    objects = TimelineMembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["timeline", "decision"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} on {self.timeline_id}"


class EventKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JUDGEMENT = "judgement", "Judgement"
    STATUTORY_DIRECTION = "statutory_direction", "Statutory direction"
    REPORT_PUBLISHED = "report_published", "Report published"
    PLAN_PHASE = "plan_phase", "Plan or phase"
    DEADLINE = "deadline", "Deadline"
    MEETING = "meeting", "Meeting"
    DECISION = "decision", "Decision"


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


class TimelineEventQuerySet(models.QuerySet["TimelineEvent"]):
    def visible(self) -> TimelineEventQuerySet:
        """Events not removed by an admin, whose decision (if any) is still on the timeline."""
        return self.filter(hidden=False).filter(
            models.Q(decision__isnull=True)
            | models.Exists(
                TimelineMembership.objects.filter(
                    timeline=models.OuterRef("timeline"),
                    decision=models.OuterRef("decision"),
                    excluded=False,
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
    precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    title = models.CharField(max_length=300)
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    clause = models.ForeignKey(
        Clause, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    source_sentence = models.TextField(blank=True)
    added_by_admin = models.BooleanField(default=False)
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
        ordering = ["date", "end_date", "pk"]
        indexes = [models.Index(fields=["timeline", "date"], name="event_timeline_date")]

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"


class DecisionLinkQuerySet(models.QuerySet["DecisionLink"]):
    def visible(self) -> DecisionLinkQuerySet:
        return self.filter(hidden=False)

    def touching(self, decision: Decision) -> DecisionLinkQuerySet:
        """Visible links to and from a decision, with both ends loaded, oldest first."""
        return (
            self.visible()
            .filter(models.Q(earlier=decision) | models.Q(later=decision))
            .select_related("earlier", "later")
            .only(
                "reason",
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
    """A later decision that fulfils what an earlier one set in motion."""

    earlier = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups")
    later = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follows_up")
    reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=10, choices=MembershipSource.choices, default=MembershipSource.RULE
    )
    hidden = models.BooleanField("removed by an admin", default=False)

    objects = DecisionLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="decision_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.earlier_id} -> {self.later_id}"
