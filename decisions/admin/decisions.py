"""The decision admin: admins correct a record, each change written to the Correction trail."""

from __future__ import annotations

import json
import re
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.html import format_html, format_html_join

from decisions.admin.forms import (
    REASON_FIELD,
    ClauseFormSet,
    CorrectionForm,
    DecisionAddForm,
    DecisionChangeForm,
)
from decisions.admin.import_view import import_notices_view
from decisions.admin.scoping import CouncilScopedAdmin
from decisions.changes import changes_together, decisions_changed
from decisions.corrections import (
    REASON_REQUIRED,
    record_decision_corrections,
    save_clause_changes,
)
from decisions.models import (
    Clause,
    Correction,
    Decision,
    stored_clause_keys,
)
from decisions.vocabulary import ChangeKind
from decisions.withdrawals import WithdrawalError, restore_decision, withdraw_decision


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


class WithdrawnFilter(admin.SimpleListFilter):
    title = "withdrawn"
    parameter_name = "withdrawn"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Withdrawn"), ("no", "Published")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(withdrawn_at__isnull=True)
        return queryset


# The change forms' extra field: why the admin made the correction. Its name is not a
# model field's, so it never reaches the audit trail as a corrected field.


class ClauseInline(admin.StackedInline):
    """Clauses as compact stacked forms, so the inline fits any width; parents by key."""

    model = Clause
    fk_name = "decision"
    formset = ClauseFormSet
    template = "admin/decisions/decision/clause_inline.html"
    extra = 0
    fieldsets = ((None, {"fields": (("label", "position", "parent"), "text")}),)
    ordering = ("position",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3})}}

    def get_formset(
        self, request: HttpRequest, obj: Decision | None = None, **kwargs: Any
    ) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)
        parent_field = formset.form.base_fields["parent"]
        # Only this decision's clauses can be a parent, not every clause in the archive.
        clauses = list(Clause.objects.filter(decision=obj)) if obj else []
        parent_field.queryset = (
            Clause.objects.filter(decision=obj) if obj else Clause.objects.none()
        )
        keys = stored_clause_keys(clauses)
        # Named by key ("b", "b-i"): the choices are fixed here, so each clause's
        # select does not query the clauses again.
        parent_field.choices = [("", "(top level)")] + [
            (clause.pk, keys[clause.pk])
            for clause in clauses  # in position order
        ]
        return formset


class CorrectionInline(admin.TabularInline):
    model = Correction
    fk_name = "decision"
    extra = 0
    can_delete = False
    template = "admin/decisions/decision/correction_history.html"
    fields = ("created_at", "user", "clause_key", "field", "old_value", "new_value", "reason")
    readonly_fields = fields
    verbose_name_plural = "correction history"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user", "decision", "councillor")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(CouncilScopedAdmin):
    list_display = (
        "reference",
        "title",
        "decision_date",
        "decision_maker",
        "is_key_decision",
        "signatory",
        "withdrawn",
    )
    list_display_links = ("reference", "title")
    list_filter = (
        WithdrawnFilter,
        "decision_maker",
        "is_key_decision",
        "exemption_class",
        YearFilter,
    )
    list_select_related = ("signatory",)
    search_fields = ("reference", "title", "purpose", "clauses__text")
    date_hierarchy = "decision_date"
    show_full_result_count = False
    list_per_page = 50
    # The signatory is a plain select, not autocomplete: select2 writes inline styles,
    # which the CSP blocks.
    inlines = (ClauseInline, CorrectionInline)
    form = DecisionChangeForm  # refuses a form opened before the record last changed
    save_on_top = True  # and the bottom row is sticky: Save is always in reach
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}
    readonly_fields = (
        "reference",
        "source_file",
        "source_sha256",
        "source_text",
        "decision_text",
        "imported_at",
        "updated_at",
        "earlier_versions",
    )
    fieldsets = (
        (None, {"fields": ("council", "reference", "title", "decision_date", "decision_maker")}),
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
                    "decision_text",
                )
            },
        ),
        (
            "Earlier versions (kept whenever an import rewrote this decision)",
            {
                "fields": ("earlier_versions",),
            },
        ),
    )  # source_text, the notice itself, is shown beside the fields by the template

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # The notice beside the fields needs the width the navigation sidebar would take;
        # decisions come from imports, so "save and add another" is not offered.
        context = {"is_nav_sidebar_enabled": False, "show_save_and_add_another": False}
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        form = context["adminform"].form
        # A clause edit without a reason fails the clause formset; say so at the box too.
        clause_formsets = [
            inline.formset
            for inline in context.get("inline_admin_formsets", ())
            if inline.formset.model is Clause
        ]
        if (
            form.is_bound
            and REASON_FIELD not in form.errors
            and any(REASON_REQUIRED in formset.non_form_errors() for formset in clause_formsets)
        ):
            form.add_error(REASON_FIELD, REASON_REQUIRED)
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self) -> list:
        # The "Import notices" page (decisions/admin_import.py), linked from the changelist.
        view = self.admin_site.admin_view(self.import_notices)
        restore = self.admin_site.admin_view(self.restore_view)
        return [
            path("import/", view, name="decisions_decision_import"),
            path("<path:object_id>/restore/", restore, name="decisions_decision_restore"),
            *super().get_urls(),
        ]

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # No bulk delete: each withdrawal is one decision, with its own reason.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """ "Delete" withdraws the decision, with a reason; nothing is erased."""
        decision = self.get_object(request, object_id)
        if decision is None:
            raise Http404("No decision has that id.")
        if not self.has_delete_permission(request, decision):
            raise PermissionDenied
        return self._withdrawal_form(request, decision, restoring=False)

    def restore_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """A superuser puts a withdrawn decision back, with a reason."""
        decision = self.get_object(request, object_id)
        if decision is None:
            raise Http404("No decision has that id.")
        if not request.user.is_superuser:
            raise PermissionDenied
        return self._withdrawal_form(request, decision, restoring=True)

    def _withdrawal_form(
        self, request: HttpRequest, decision: Decision, *, restoring: bool
    ) -> HttpResponse:
        reason, error = "", ""
        if request.method == "POST":
            reason = request.POST.get("reason", "")
            service = restore_decision if restoring else withdraw_decision
            try:
                service(decision=decision, reason=reason, user=request.user)
            except WithdrawalError as refused:
                error = str(refused)
            else:
                done = "restored" if restoring else "withdrawn"
                self.message_user(request, f"{decision.reference} was {done}.", messages.SUCCESS)
                return redirect("admin:decisions_decision_change", decision.pk)
        title = "Restore this decision" if restoring else "Withdraw this decision"
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"{title}: {decision.reference}",
            "action_title": title,
            "decision": decision,
            "restoring": restoring,
            "reason": reason,
            "error": error,
            "reason_label": "Reason for restoring it" if restoring else "Reason for withdrawing it",
        }
        return render(
            request,
            "admin/decisions/decision/withdraw.html",
            context,
            status=400 if error else 200,
        )

    def import_notices(self, request: HttpRequest) -> HttpResponse:
        return import_notices_view(request, context=self.admin_site.each_context(request))

    @admin.display(description="withdrawn", boolean=True)
    def withdrawn(self, obj: Decision) -> bool:
        return obj.is_withdrawn

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
        # The council and reference identify a stored decision; only a new one is given them.
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "council") if obj else tuple(f for f in fields if f != "reference")

    def get_form(
        self, request: HttpRequest, obj: Decision | None = None, change: bool = False, **kwargs: Any
    ) -> type[ModelForm]:
        if obj is None:
            kwargs["form"] = DecisionAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Decision, form: CorrectionForm, change: bool
    ) -> None:
        before = Decision.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            record_decision_corrections(
                decision=obj,
                before=before,
                fields=form.corrected_fields(),
                user=request.user,
                reason=form.reason(),
            )

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: list, change: bool
    ) -> None:
        # The fields were saved (save_model), now the clauses: the decision is re-indexed
        # and re-derived once, after both, whatever the clause corrections report.
        with changes_together():
            super().save_related(request, form, formsets, change)
            if not change:
                decisions_changed([form.instance.pk], kind=ChangeKind.CREATED)
            elif form.corrected_fields() or any(formset.has_changed() for formset in formsets):
                decisions_changed([form.instance.pk], kind=ChangeKind.CORRECTED)

    def save_formset(
        self, request: HttpRequest, form: CorrectionForm, formset: BaseInlineFormSet, change: bool
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
            reason=form.reason(),
        )
        formset.save_m2m()
