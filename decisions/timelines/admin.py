"""Timeline admin: curate memberships, events and follow-up links.

What an admin removes is kept as a tombstone (`hidden`), and what an admin makes or edits is
marked (`origin`, `edited_by_admin`), so re-applying the rules never undoes an admin.

Every timeline is a council's: an admin given councils sees and changes only their timelines,
memberships, events and links (CouncilScopedAdmin), and a timeline takes only its own
council's decisions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from decisions.admin.scoping import CouncilScopedAdmin
from decisions.changes import decisions_changed
from decisions.councils import councils_of
from decisions.models import Clause, Decision
from decisions.timelines.models import (
    OTHER_COUNCIL,
    DecisionLink,
    Timeline,
    TimelineEvent,
    TimelineMembership,
)
from decisions.timelines.rules import Origin
from decisions.timelines.services import reapply_timeline_rules
from decisions.vocabulary import ChangeKind


def records_changed(decision_ids: set[int | None]) -> None:
    """An admin's timeline edit changes these decisions' records (their timelines, events
    and links are part of them): they count as corrected, so `modified`, the open-data
    ETag and Last-Modified move on, and mirrors learn of it."""
    ids = {pk for pk in decision_ids if pk is not None}
    if ids:
        decisions_changed(ids, kind=ChangeKind.CORRECTED)


def decisions_of(obj: TimelineEvent | DecisionLink) -> set[int | None]:
    """The decisions whose records an event or a follow-up link is part of."""
    if isinstance(obj, DecisionLink):
        return {obj.earlier_id, obj.later_id}
    return {obj.decision_id}


class TombstoneDeleteMixin:
    """Deleting something the rules could make hides it instead (`hidden`), so the rules
    never bring it back. Subclasses say which objects only an admin could have made."""

    def is_rule_made(self, obj: TimelineEvent | DecisionLink) -> bool:
        return True

    def delete_model(self, request: HttpRequest, obj: TimelineEvent | DecisionLink) -> None:
        affected = decisions_of(obj)
        if self.is_rule_made(obj):
            obj.hidden = True
            obj.save(update_fields=["hidden"])
        else:
            super().delete_model(request, obj)  # type: ignore[misc]
        records_changed(affected)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class TimelineChoicesMixin:
    """A timeline chosen in a form is one of the admin's councils'."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "timeline":
            kwargs["queryset"] = Timeline.objects.filter(council__in=councils_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class MembershipFormSet(BaseInlineFormSet):
    """Each decision put on a timeline is of the timeline's council (the council the form
    gives it, when it is new)."""

    def clean(self) -> None:
        super().clean()
        council_id = self.instance.council_id
        for form in self.forms:
            decision = form.cleaned_data.get("decision") if hasattr(form, "cleaned_data") else None
            if decision is not None and council_id and decision.council_id != council_id:
                form.add_error("decision", OTHER_COUNCIL)


class TimelineMembershipInline(admin.TabularInline):
    model = TimelineMembership
    formset = MembershipFormSet
    extra = 0
    fields = ("decision", "origin", "hidden")
    readonly_fields = ("origin",)
    autocomplete_fields = ("decision",)
    can_delete = False
    verbose_name_plural = "decisions on this timeline (tick 'removed by an admin' to take one off)"

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.related_model is Decision:  # only the decisions of their own councils
            kwargs["queryset"] = Decision.objects.filter(council__in=councils_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Timeline)
class TimelineAdmin(CouncilScopedAdmin):
    list_display = ("title", "council", "slug", "member_count")
    list_filter = (("council", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("council",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = (TimelineMembershipInline,)
    actions = ("reapply_rules",)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_member_counts()

    def get_readonly_fields(self, request: HttpRequest, obj: Timeline | None = None) -> Any:
        # A timeline's decisions are its council's: it never moves to another council.
        return ("council",) if obj is not None else ()

    @admin.display(description="decisions")
    def member_count(self, obj: Timeline) -> int:
        return obj.member_count

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        changed = set()
        for inline_form in formset.forms:
            if inline_form.has_changed():
                inline_form.instance.origin = Origin.ADMIN
                changed.add(inline_form.instance.decision_id)
                changed.add(inline_form.initial.get("decision"))
        super().save_formset(request, form, formset, change)
        if change and form.changed_data:  # a new title or slug is in every member's record
            changed.update(form.instance.memberships.values_list("decision_id", flat=True))
        records_changed(changed)

    @admin.action(description="Re-apply the timeline rules to every decision of your councils")
    def reapply_rules(self, request: HttpRequest, queryset: QuerySet) -> None:
        summary = reapply_timeline_rules(councils=councils_of(request.user))
        self.message_user(
            request,
            f"Added {summary.memberships_added} decisions and {summary.events_added} events; "
            f"removed {summary.memberships_removed} and {summary.events_removed}. "
            "Admin changes were kept.",
        )


@admin.register(TimelineEvent)
class TimelineEventAdmin(TombstoneDeleteMixin, TimelineChoicesMixin, CouncilScopedAdmin):
    council_path = "decision__council"

    list_display = (
        "date", "end_date", "precision", "date_basis", "known_by", "kind", "title", "decision",
        "origin", "edited_by_admin", "hidden",
    )  # fmt: skip
    list_filter = (
        ("timeline", admin.RelatedOnlyFieldListFilter),
        "kind", "date_basis", "origin", "edited_by_admin", "hidden",
    )  # fmt: skip
    list_select_related = ("decision",)
    search_fields = ("title", "source_sentence", "decision__reference")
    date_hierarchy = "date"
    autocomplete_fields = ("decision",)
    readonly_fields = ("origin", "edited_by_admin")
    fields = (
        "timeline", "date", "end_date", "precision", "date_basis", "known_by", "tied_to", "kind",
        "title", "decision", "clause",
        "source_sentence", "hidden", "origin", "edited_by_admin",
    )  # fmt: skip

    def get_form(self, request: HttpRequest, obj: TimelineEvent | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        clause_field = form.base_fields.get("clause")
        if clause_field is not None:
            clause_field.queryset = (
                Clause.objects.filter(decision=obj.decision)
                if obj and obj.decision_id
                else Clause.objects.none()
            )
        return form

    def save_model(
        self, request: HttpRequest, obj: TimelineEvent, form: ModelForm, change: bool
    ) -> None:
        if not change:
            obj.origin = Origin.ADMIN
        elif obj.origin == Origin.RULE and form.changed_data:
            obj.edited_by_admin = True
        super().save_model(request, obj, form, change)
        if form.changed_data:
            records_changed({obj.decision_id, form.initial.get("decision")})

    def is_rule_made(self, obj: TimelineEvent) -> bool:
        return obj.origin == Origin.RULE


@admin.register(DecisionLink)
class DecisionLinkAdmin(TombstoneDeleteMixin, TimelineChoicesMixin, CouncilScopedAdmin):
    council_path = "earlier__council"

    """Deleting any link hides it: even one an admin edited, the rules could make again."""

    list_display = ("earlier", "later", "timeline", "reason", "origin", "hidden")
    list_filter = (("timeline", admin.RelatedOnlyFieldListFilter), "origin", "hidden")
    list_select_related = ("earlier", "later", "timeline")
    autocomplete_fields = ("earlier", "later")
    readonly_fields = ("origin",)

    def save_model(
        self, request: HttpRequest, obj: DecisionLink, form: ModelForm, change: bool
    ) -> None:
        obj.origin = Origin.ADMIN
        super().save_model(request, obj, form, change)
        if form.changed_data:
            records_changed(
                {
                    obj.earlier_id,
                    obj.later_id,
                    form.initial.get("earlier"),
                    form.initial.get("later"),
                }
            )
