"""The councillor admin: rename, merge and split, each recorded as a correction."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from decisions.admin.forms import CorrectionForm, ReasonForm
from decisions.admin.scoping import CouncilScopedAdmin
from decisions.changes import decisions_changed
from decisions.corrections import (
    record_councillor_corrections,
)
from decisions.councillors import merge_councillors, split_councillor
from decisions.models import (
    Councillor,
    CouncillorAlias,
    Decision,
)
from decisions.search.document import decisions_signed_by
from decisions.vocabulary import ChangeKind


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
class CouncillorAdmin(CouncilScopedAdmin):
    list_display = ("name", "slug", "decision_count")
    search_fields = ("name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (CouncillorAliasInline, SignedDecisionInline)
    actions = ("merge_selected", "split_spellings")
    form = CorrectionForm

    def get_readonly_fields(self, request: HttpRequest, obj: Councillor | None = None) -> tuple:
        # A councillor is one council's: the record cannot move to another.
        fields = tuple(super().get_readonly_fields(request, obj))
        return (*fields, "council") if obj else fields

    @admin.action(description="Merge selected councillors into one record")
    def merge_selected(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        councillors = list(queryset.with_decision_counts().order_by("-decision_count", "pk"))
        if len(councillors) < 2:
            self.message_user(request, "Choose two or more councillors to merge.", messages.ERROR)
            return None
        reason = ReasonForm(request.POST if "apply" in request.POST else None)
        if reason.is_valid():
            keep = merge_councillors(
                keep=councillors[0],
                others=councillors[1:],
                user=request.user,
                reason=reason.cleaned_data["reason"],
            )
            self.message_user(request, f"Merged {len(councillors)} records into {keep.name}.")
            return None
        return self._action_page(
            request,
            "admin/decisions/councillor/merge.html",
            title=f"Merge {len(councillors)} councillor records into {councillors[0].name}",
            councillors=councillors,
            reason_form=reason,
        )

    @admin.action(description="Split spellings off into a new councillor")
    def split_spellings(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one councillor to split.", messages.ERROR)
            return None
        councillor = queryset.get()
        reason = ReasonForm(request.POST if "apply" in request.POST else None)
        if reason.is_valid():
            try:
                new = split_councillor(
                    councillor=councillor,
                    alias_names=request.POST.getlist("alias"),
                    user=request.user,
                    reason=reason.cleaned_data["reason"],
                )
            except ValueError as error:
                self.message_user(request, str(error).capitalize() + ".", messages.ERROR)
                return None
            self.message_user(request, f"Split {new.name} off from {councillor.name}.")
            return None
        return self._action_page(
            request,
            "admin/decisions/councillor/split.html",
            title=f"Split spellings off {councillor.name}",
            councillor=councillor,
            aliases=councillor.aliases.all(),
            chosen=request.POST.getlist("alias"),
            reason_form=reason,
        )

    def _action_page(self, request: HttpRequest, template: str, **context: Any) -> HttpResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                **context,
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
        self, request: HttpRequest, obj: Councillor, form: CorrectionForm, change: bool
    ) -> None:
        before = Councillor.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            record_councillor_corrections(
                councillor=obj,
                before=before,
                fields=form.corrected_fields(),
                user=request.user,
                reason=form.reason(),
            )
            if before.name != obj.name:  # the decisions they signed name them: search, export
                decisions_changed(decisions_signed_by([obj.pk]), kind=ChangeKind.CORRECTED)
