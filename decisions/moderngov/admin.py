"""The harvest in the admin: on each harvested decision, which source gave each field and
where the ModernGov page and the written statement disagree; and the runs, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from decisions.models import Decision
from decisions.moderngov.models import FieldSource, HarvestRun
from decisions.moderngov.sources import EFFECTIVE_FROM, differences


class FieldSourceInline(admin.TabularInline):
    """Each field's value from each source; "Differs" marks a page and a statement that
    disagree (a page's Effective from the day after the statement's call-in expiry does
    not). The decision shows the statement's value, or an admin's correction of it."""

    model = FieldSource
    fk_name = "decision"
    extra = 0
    can_delete = False
    fields = ("field", "source", "value", "differs", "fetched_from")
    readonly_fields = fields
    verbose_name_plural = "sources of each field (ModernGov page, written statement, admin)"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("resource")

    @admin.display(description="Differs")
    def differs(self, source: FieldSource) -> str:
        if source.source == FieldSource.Source.ADMIN:
            return ""
        siblings = list(FieldSource.objects.filter(decision_id=source.decision_id))
        fields = {d.field for d in differences(siblings)}
        if source.field == "call_in_expiry" and EFFECTIVE_FROM in fields:
            return "differs from the page's Effective from"
        return "differs" if source.field in fields else ""

    @admin.display(description="Fetched from")
    def fetched_from(self, source: FieldSource) -> str:
        if source.resource is None:
            return ""
        resource = source.resource
        return (
            f"{resource.url} at {resource.fetched_at:%Y-%m-%d %H:%M} (sha256 {resource.content_id})"
        )

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


def add_sources_to_the_decision_admin() -> None:
    """Add the field-sources panel to the core's Decision admin, which does not know this
    app (the core runs without it)."""
    decision_admin = admin.site._registry.get(Decision)
    if decision_admin is not None and FieldSourceInline not in decision_admin.inlines:
        decision_admin.inlines = (*decision_admin.inlines, FieldSourceInline)


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ("council", "started_at", "finished_at", "since", "until", "resume_from")
    list_filter = ("council",)
    readonly_fields = (
        "council",
        "started_at",
        "finished_at",
        "since",
        "until",
        "resume_from",
        "counts",
        "faults",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
