"""The harvest in the admin: on each harvested decision, which source gave each field and
where the ModernGov page and the written statement disagree; and the runs and the pages to
ask for again, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from decisions.models import Decision
from decisions.moderngov.models import FieldSource, HarvestRun, PendingPage
from decisions.moderngov.sources import EFFECTIVE_FROM, LABELS, differences


@admin.display(description="Sources of each field (ModernGov page, written statement, admin)")
def field_sources(decision: Decision) -> str:
    """A read-only panel: each field's value from each source, and where the page and the
    statement disagree (a page's Effective from the day after the statement's call-in
    expiry does not). The decision shows the statement's value, or an admin's correction."""
    if decision.pk is None:
        return "-"
    sources = list(FieldSource.objects.filter(decision=decision).select_related("resource"))
    if not sources:
        return "Not harvested from a ModernGov site."
    differing = {d.field for d in differences(sources)}
    if EFFECTIVE_FROM in differing:
        differing.add("call_in_expiry")
    rows = format_html_join(
        "",
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                LABELS.get(s.field, s.field),
                s.get_source_display(),
                s.value[:300],
                "differs" if s.field in differing and s.source != "admin" else "",
                (
                    f"{s.resource.url} at {s.resource.fetched_at:%Y-%m-%d %H:%M} "
                    f"(sha256 {s.resource.content_id})"
                    if s.resource
                    else ""
                ),
            )
            for s in sources
        ),
    )
    return format_html(
        "<table><thead><tr><th>Field</th><th>Source</th><th>Value</th><th>Differs</th>"
        "<th>Fetched from</th></tr></thead><tbody>{}</tbody></table>",
        rows,
    )


def add_sources_to_the_decision_admin() -> None:
    """Add the field-sources panel (read-only: nothing in the form's POST changes) to the
    core's Decision admin, which does not know this app (the core runs without it)."""
    decision_admin = admin.site._registry.get(Decision)
    if decision_admin is None or "field_sources" in decision_admin.readonly_fields:
        return
    decision_admin.field_sources = field_sources
    decision_admin.readonly_fields = (*decision_admin.readonly_fields, "field_sources")
    decision_admin.fieldsets = (
        *decision_admin.fieldsets,
        ("ModernGov", {"fields": ("field_sources",)}),
    )


class KeptByTheHarvest(admin.ModelAdmin):
    """What a harvest keeps, shown read-only: nobody adds or edits it here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(HarvestRun)
class HarvestRunAdmin(KeptByTheHarvest):
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


@admin.register(PendingPage)
class PendingPageAdmin(KeptByTheHarvest):
    """The decision pages a harvest could not fetch, read or save, asked for again on later
    runs until kept: read-only, as the harvest keeps them."""

    list_display = ("council", "page_id", "tries", "next_try_at", "problem")
    list_filter = ("council",)
    readonly_fields = (
        "council",
        "page_id",
        "url",
        "published_on",
        "problem",
        "tries",
        "first_failed_at",
        "next_try_at",
    )
