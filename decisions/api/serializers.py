"""Serializers: each decision is the export record (decisions/export.py, field names
unchanged) plus `id`, `web`, `modified` and `license`. The declared fields describe the
record for the OpenAPI schema; the values come from export_decision, so the API and the
export can never drift apart (a test compares the field names)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from decisions.models import Correction, Council, Councillor, Decision
from decisions.opendata.export import export_decision
from decisions.opendata.http import LICENCE
from decisions.timelines.models import Timeline, TimelineEvent


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    councillor = serializers.CharField(allow_null=True, help_text="The councillor's slug.")


class ClauseSerializer(serializers.Serializer):
    label = serializers.CharField()
    text = serializers.CharField()


class EventSourceSerializer(serializers.Serializer):
    sentence = serializers.CharField()
    clause = serializers.CharField(allow_null=True)
    url = serializers.CharField()


class EventRecordSerializer(serializers.Serializer):
    """A dated point on a timeline, as the export record gives it."""

    timeline = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    precision = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    source = EventSourceSerializer()
    # How the date was found: after the rest, where the API has always carried them.
    date_basis = serializers.CharField(help_text="stated, inferred or tied")
    known_by = serializers.DateField(allow_null=True)
    tied_to = serializers.CharField(allow_null=True)


def absolute(request: Any, path: str) -> str:
    """The full address of a path on this site."""
    return request.build_absolute_uri(path) if request is not None else path


class FetchSerializer(serializers.Serializer):
    """Where a value was read: the address fetched, when, and what came back."""

    url = serializers.CharField()
    fetched_at = serializers.DateTimeField()
    http_status = serializers.IntegerField()
    sha256 = serializers.CharField()
    bytes = serializers.IntegerField()


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()
    seen_at = serializers.DateTimeField(help_text="When the page first showed this status.")


class MeetingSerializer(serializers.Serializer):
    title = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    url = serializers.CharField()


class ModernGovDocumentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    size = serializers.CharField(help_text='As the page prints it ("PDF 119 KB").')
    is_statement = serializers.BooleanField(help_text="The decision's written statement.")
    fetch = FetchSerializer(allow_null=True)


class ModernGovSerializer(serializers.Serializer):
    """What the council's ModernGov page says (decisions/moderngov/export.py)."""

    page_id = serializers.IntegerField()
    issue_id = serializers.IntegerField(allow_null=True)
    url = serializers.CharField()
    status = serializers.CharField()
    history = StatusSerializer(many=True)
    published_on = serializers.DateField(allow_null=True)
    effective_from = serializers.DateField(allow_null=True)
    call_in_deadline = serializers.DateField(allow_null=True)
    subject_to_call_in = serializers.BooleanField(allow_null=True)
    meeting = MeetingSerializer(allow_null=True)
    wards = serializers.ListField(child=serializers.CharField())
    lead_officer = serializers.CharField()
    documents = ModernGovDocumentSerializer(many=True)
    fetch = FetchSerializer(help_text="The page as last fetched.")


class DecisionSerializer(serializers.Serializer):
    """One decision: the export record, with its id, web page, last change and licence."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    decision_maker = serializers.CharField()
    is_key_decision = serializers.BooleanField()
    key_decision_reason = serializers.CharField()
    exemption_class = serializers.CharField()
    special_urgency = serializers.CharField()
    purpose = serializers.CharField()
    decision_text = serializers.CharField()
    reason = serializers.CharField()
    options_considered = serializers.CharField()
    declarations = serializers.CharField()
    call_in_expiry = serializers.DateField(allow_null=True)
    signatory = SignatorySerializer()
    clauses = ClauseSerializer(many=True)
    source_url = serializers.CharField()
    source_file = serializers.CharField()
    source_sha256 = serializers.CharField()
    url = serializers.CharField(help_text="The decision's page, as a path.")
    timelines = serializers.ListField(child=serializers.CharField(), help_text="Slugs.")
    events = EventRecordSerializer(many=True)
    moderngov = ModernGovSerializer(
        allow_null=True, help_text="From the council's ModernGov site; null if never harvested."
    )
    corrected = serializers.BooleanField(help_text="True when an admin corrected the record.")
    council = serializers.CharField(help_text="The council whose decision this is (its slug).")
    last_corrected = serializers.DateField(
        allow_null=True, help_text="The day of the latest correction, or null."
    )
    web = serializers.URLField(help_text="The decision's page on this site.")
    modified = serializers.DateTimeField(
        help_text="When the decision was last imported, corrected or withdrawn (UTC)."
    )
    withdrawn = serializers.DateTimeField(
        allow_null=True,
        help_text="When an admin withdrew the decision (UTC), or null. A withdrawn decision "
        "is listed (with include=withdrawn) as a short record: id, reference, title, "
        "decision_date, council, url, web, modified, withdrawn, withdrawn_reason and license.",
    )
    withdrawn_reason = serializers.CharField(help_text="Why it was withdrawn, or empty.")
    license = LicenceSerializer()

    def to_representation(self, instance: Decision) -> dict[str, Any]:
        request = self.context.get("request")
        if instance.is_withdrawn:
            return withdrawn_record(instance, request)
        record = export_decision(instance)
        return {
            "id": instance.pk,
            **record,
            "web": absolute(request, record["url"]),
            "modified": utc_iso(instance.updated_at),
            "withdrawn": None,
            "withdrawn_reason": "",
            "license": LICENCE,
        }


def withdrawn_record(decision: Decision, request: Any) -> dict[str, Any]:
    """What the API still says of a withdrawn decision: enough for a mirror to take it
    down and say why, none of the withdrawn record's text."""
    url = decision.get_absolute_url()
    return {
        "id": decision.pk,
        "reference": decision.reference,
        "title": decision.title,
        "decision_date": decision.decision_date.isoformat(),
        "council": decision.council.slug,
        "url": url,
        "web": absolute(request, url),
        "modified": utc_iso(decision.updated_at),
        "withdrawn": utc_iso(decision.withdrawn_at),
        "withdrawn_reason": decision.withdrawn_reason,
        "license": LICENCE,
    }


def utc_iso(value: Any) -> str:
    """A timestamp in UTC, ISO 8601 with a Z, so it can go back into modified_since as is."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


class DecisionSummarySerializer(serializers.Serializer):
    """A decision in a list of what a councillor signed or a timeline holds."""

    reference = serializers.CharField()
    title = serializers.CharField()
    decision_date = serializers.DateField()
    council = serializers.CharField(help_text="The council whose decision this is (its slug).")
    api = serializers.URLField()
    web = serializers.URLField()

    def to_representation(self, instance: Decision) -> dict[str, Any]:
        request = self.context.get("request")
        return {
            "reference": instance.reference,
            "title": instance.title,
            "decision_date": instance.decision_date.isoformat(),
            "council": instance.council.slug,
            "api": absolute(
                request,
                reverse("api:decision-detail", args=[instance.council.slug, instance.reference]),
            ),
            "web": absolute(request, instance.get_absolute_url()),
        }


class _SlugLinks(serializers.ModelSerializer):
    """`api` and `web` links for a record found by its slug (councillors, timelines)."""

    api_view: str  # the API's detail view name, e.g. "api:councillor-detail"
    api = serializers.SerializerMethodField()
    web = serializers.SerializerMethodField()

    def get_api(self, record: Councillor | Timeline) -> str:
        path = reverse(self.api_view, args=[record.slug])
        return absolute(self.context.get("request"), path)

    def get_web(self, record: Councillor | Timeline) -> str:
        return absolute(self.context.get("request"), record.get_absolute_url())


class CouncilSerializer(serializers.ModelSerializer):
    """A council: its names and official codes, so others can join the archive to their own
    data, and how much of it the archive holds."""

    decision_count = serializers.IntegerField(read_only=True)
    newest_decision = serializers.DateField(read_only=True, allow_null=True)
    last_changed = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When its records last changed (UTC)."
    )
    by_year = serializers.SerializerMethodField(
        help_text="How many of its decisions the archive holds in each year, newest first."
    )
    decisions_search = serializers.SerializerMethodField(
        help_text="The API search for the council's decisions."
    )

    class Meta:
        model = Council
        fields = (
            "slug",
            "name",
            "gss_code",
            "register_code",
            "moderngov_url",
            "start_date",
            "end_date",
            "decision_count",
            "newest_decision",
            "last_changed",
            "by_year",
            "decisions_search",
        )

    def get_by_year(self, council: Council) -> list[dict[str, int]]:
        return [{"year": year, "decisions": n} for year, n in getattr(council, "by_year", [])]

    def get_decisions_search(self, council: Council) -> str:
        path = reverse("api:decision-list") + f"?council={council.slug}"
        return absolute(self.context.get("request"), path)


class CouncillorSerializer(_SlugLinks):
    api_view = "api:councillor-detail"
    aliases = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    decision_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Councillor
        fields = ("slug", "name", "aliases", "decision_count", "api", "web")


class CouncillorDetailSerializer(CouncillorSerializer):
    decisions = DecisionSummarySerializer(many=True, read_only=True, source="signed")
    decisions_search = serializers.SerializerMethodField(
        help_text="The API search for the decisions they signed, with full records."
    )

    class Meta(CouncillorSerializer.Meta):
        fields = (*CouncillorSerializer.Meta.fields, "decisions", "decisions_search")

    def get_decisions_search(self, councillor: Councillor) -> str:
        path = reverse("api:decision-list") + f"?councillor={councillor.slug}"
        return absolute(self.context.get("request"), path)


class TimelineSerializer(_SlugLinks):
    """A council's timeline: its slug is unique within the council (`council`, a slug)."""

    api_view = "api:timeline-detail"
    council = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The council whose timeline it is (its slug)."
    )
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Timeline
        fields = ("slug", "title", "description", "member_count", "api", "web", "council")

    def get_api(self, record: Timeline) -> str:
        path = reverse(self.api_view, kwargs={"council": record.council.slug, "slug": record.slug})
        return absolute(self.context.get("request"), path)


class TimelineEventSerializer(serializers.ModelSerializer):
    """A dated point on a timeline, where it was read, and how its date was found."""

    decision = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    clause = serializers.SerializerMethodField(help_text="The clause's key, e.g. 'b-i'.")
    source = serializers.SerializerMethodField(help_text="The decision page at the clause.")

    class Meta:
        model = TimelineEvent
        fields = (
            "date",
            "end_date",
            "precision",
            "kind",
            "title",
            "decision",
            "clause",
            "source_sentence",
            "source",
            "date_basis",
            "known_by",
            "tied_to",
        )

    def get_clause(self, event: TimelineEvent) -> str | None:
        return event.clause.key if event.clause else None

    def get_source(self, event: TimelineEvent) -> str | None:
        if event.decision is None:
            return None
        path = event.decision.get_absolute_url()
        if event.clause:
            path += f"#{event.clause.anchor}"
        return absolute(self.context.get("request"), path)


class TimelineDetailSerializer(TimelineSerializer):
    decisions = DecisionSummarySerializer(many=True, read_only=True, source="member_decisions")
    events = TimelineEventSerializer(many=True, read_only=True, source="visible_events")

    class Meta(TimelineSerializer.Meta):
        fields = (*TimelineSerializer.Meta.fields, "decisions", "events")


class CorrectionSerializer(serializers.ModelSerializer):
    """A change an admin made by hand (who made it is not published)."""

    decision = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    councillor = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    council = serializers.SerializerMethodField(
        help_text="The council of the decision or councillor corrected (its slug)."
    )
    web = serializers.SerializerMethodField()
    created_at = serializers.SerializerMethodField()

    class Meta:
        model = Correction
        fields = (
            "id",
            "decision",
            "councillor",
            "clause_key",
            "field",
            "old_value",
            "new_value",
            "reason",
            "created_at",
            "council",
            "web",
        )

    def get_council(self, correction: Correction) -> str | None:
        if correction.decision is not None:
            return correction.decision.council.slug
        if correction.councillor is not None:
            return correction.councillor.council.slug
        return None

    def get_created_at(self, correction: Correction) -> str:
        return utc_iso(correction.created_at)

    def get_web(self, correction: Correction) -> str | None:
        if correction.decision is not None:
            path = correction.decision.get_absolute_url() + "#corrections"
        elif correction.councillor is not None:
            path = correction.councillor.get_absolute_url()
        else:
            return None
        return absolute(self.context.get("request"), path)
