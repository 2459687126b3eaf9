"""Admin: where admins correct records. Every change is written to the Correction trail."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join

from decisions.corrections import (
    record_councillor_corrections,
    record_decision_corrections,
    save_clause_changes,
)
from decisions.councillors import merge_councillors, split_councillor
from decisions.extensions import run_derived_steps
from decisions.models import (
    Clause,
    Correction,
    Councillor,
    CouncillorAlias,
    Decision,
)
from decisions.records import is_council_reference


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        dates = Decision.objects.dates("decision_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in dates]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value() or ""
        # Only a real year: ?year=0 (or 99999, or Arabic-Indic digits) used to give a 500.
        if re.fullmatch(r"[0-9]{4}", value) and int(value) >= 1:
            return queryset.filter(decision_date__year=int(value))
        return queryset


class ClauseInline(admin.TabularInline):
    model = Clause
    fk_name = "decision"
    extra = 0
    fields = ("position", "label", "text", "parent")
    ordering = ("position",)

    def get_formset(
        self, request: HttpRequest, obj: Decision | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        parent_field = formset.form.base_fields["parent"]
        # Only this decision's clauses can be a parent, not every clause in the archive.
        parent_field.queryset = (
            Clause.objects.filter(decision=obj) if obj else Clause.objects.none()
        )
        return formset


class CorrectionInline(admin.TabularInline):
    model = Correction
    fk_name = "decision"
    extra = 0
    can_delete = False
    fields = ("created_at", "user", "clause_key", "field", "old_value", "new_value")
    readonly_fields = fields
    verbose_name_plural = "correction history"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user", "decision", "councillor")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class DecisionAddForm(ModelForm):
    """Adding a decision by hand: the reference is required and in the council's format,
    so it cannot be empty, cannot clash (it is unique) and every URL accepts it."""

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if not is_council_reference(reference):
            raise ValidationError(
                "Enter the council's issue reference: I followed by its number, e.g. I50042913.",
                code="reference_format",
            )
        return reference


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = (
        "reference",
        "title",
        "decision_date",
        "decision_maker",
        "is_key_decision",
        "signatory",
    )
    list_display_links = ("reference", "title")
    list_filter = ("decision_maker", "is_key_decision", "exemption_class", YearFilter)
    list_select_related = ("signatory",)
    search_fields = ("reference", "title", "purpose", "clauses__text")
    date_hierarchy = "decision_date"
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ("signatory",)
    inlines = (ClauseInline, CorrectionInline)
    readonly_fields = (
        "reference",
        "source_file",
        "source_sha256",
        "source_text",
        "imported_at",
        "updated_at",
        "earlier_versions",
    )
    fieldsets = (
        (None, {"fields": ("reference", "title", "decision_date", "decision_maker")}),
        (
            "Key decision",
            {"fields": ("is_key_decision", "key_decision_reason", "special_urgency")},
        ),
        (
            "The decision",
            {
                "fields": (
                    "exemption_class",
                    "purpose",
                    "decision_text",
                    "reason",
                    "options_considered",
                    "declarations",
                    "call_in_expiry",
                )
            },
        ),
        (
            "Signed by",
            {"fields": ("signatory", "signatory_name", "signatory_role", "signed_date")},
        ),
        (
            "Source (as imported; compare it with the fields above)",
            {
                "fields": (
                    "source_url",
                    "source_file",
                    "source_sha256",
                    "imported_at",
                    "updated_at",
                    "source_text",
                )
            },
        ),
        (
            "Earlier versions (kept whenever an import rewrote this decision)",
            {
                "fields": ("earlier_versions",),
            },
        ),
    )

    @admin.display(description="versions")
    def earlier_versions(self, obj: Decision) -> str:
        """Each version an import replaced, newest first: when, why, its source and fields."""
        versions = list(obj.versions.all()) if obj.pk else []
        if not versions:
            return "None: no import has rewritten this decision."
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li><p>{} ({}), replaced by {}. Source {} (SHA-256 {})</p>"
                "<details><summary>Fields and clauses</summary><pre>{}</pre></details>"
                "<details><summary>Source text</summary><pre>{}</pre></details></li>",
                (
                    (
                        f"{v.created_at:%d %B %Y %H:%M}",
                        v.get_cause_display(),
                        v.replaced_by_file or "an import",
                        v.source_file or "(no file)",
                        v.source_sha256,
                        json.dumps(v.values, indent=2, ensure_ascii=False),
                        v.source_text,
                    )
                    for v in versions
                ),
            ),
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Decision | None = None) -> tuple:
        # The reference identifies a stored decision; only a new one is given a reference.
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if obj else tuple(f for f in fields if f != "reference")

    def get_form(
        self, request: HttpRequest, obj: Decision | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        if obj is None:
            kwargs["form"] = DecisionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Decision, form: ModelForm, change: bool
    ) -> None:
        before = Decision.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            record_decision_corrections(
                decision=obj, before=before, fields=form.changed_data, user=request.user
            )

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        # A corrected decision may join or leave a timeline, or mention other dates.
        run_derived_steps([form.instance.pk])

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Clause or not change:
            super().save_formset(request, form, formset, change)  # a new record has no history
            return
        formset.save(commit=False)  # sorts the inline's clauses into changed, new and deleted
        save_clause_changes(
            decision=form.instance,
            changed=[clause for clause, _ in formset.changed_objects],
            added=formset.new_objects,
            deleted=formset.deleted_objects,
            user=request.user,
        )
        formset.save_m2m()


class CouncillorAliasInline(admin.TabularInline):
    model = CouncillorAlias
    extra = 0


class SignedDecisionInline(admin.TabularInline):
    model = Decision
    fk_name = "signatory"
    fields = ("reference", "title", "decision_date", "signatory_role")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "decisions signed"
    ordering = ("-decision_date",)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Councillor)
class CouncillorAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "decision_count")
    search_fields = ("name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CouncillorAliasInline, SignedDecisionInline)
    actions = ("merge_selected", "split_spellings")

    @admin.action(description="Merge selected councillors into one record")
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        councillors = list(queryset.with_decision_counts().order_by("-decision_count", "pk"))
        if len(councillors) < 2:
            self.message_user(request, "Choose two or more councillors to merge.", messages.ERROR)
            return
        keep = merge_councillors(keep=councillors[0], others=councillors[1:], user=request.user)
        self.message_user(request, f"Merged {len(councillors)} records into {keep.name}.")

    @admin.action(description="Split spellings off into a new councillor")
    def split_spellings(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one councillor to split.", messages.ERROR)
            return None
        councillor = queryset.get()
        if "apply" in request.POST:
            try:
                new = split_councillor(
                    councillor=councillor,
                    alias_names=request.POST.getlist("alias"),
                    user=request.user,
                )
            except ValueError as error:
                self.message_user(request, str(error).capitalize() + ".", messages.ERROR)
                return None
            self.message_user(request, f"Split {new.name} off from {councillor.name}.")
            return None
        return TemplateResponse(
            request,
            "admin/decisions/councillor/split.html",
            {
                **self.admin_site.each_context(request),
                "title": f"Split spellings off {councillor.name}",
                "councillor": councillor,
                "aliases": councillor.aliases.all(),
                "opts": self.model._meta,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).with_decision_counts()

    @admin.display(description="decisions signed", ordering="decision_count")
    def decision_count(self, obj: Councillor) -> int:
        return obj.decision_count

    def save_model(
        self, request: HttpRequest, obj: Councillor, form: ModelForm, change: bool
    ) -> None:
        before = Councillor.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            record_councillor_corrections(
                councillor=obj, before=before, fields=form.changed_data, user=request.user
            )


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "decision", "councillor", "clause_key", "field")
    list_filter = ("field",)
    list_select_related = ("user", "decision", "councillor")
    search_fields = ("decision__reference", "councillor__name", "field")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The trail is how corrections survive re-imports; it is never edited away.
        return False
