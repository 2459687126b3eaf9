"""The correction admin: the audit trail, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from decisions.admin.scoping import CouncilScopedAdmin
from decisions.models import (
    Correction,
)


@admin.register(Correction)
class CorrectionAdmin(CouncilScopedAdmin):
    list_display = ("created_at", "user", "decision", "councillor", "clause_key", "field")
    list_filter = ("field",)
    list_select_related = ("user", "decision", "councillor")
    search_fields = ("decision__reference", "councillor__name", "field", "reason")
    date_hierarchy = "created_at"

    def council_filter(self, councils: QuerySet) -> Q:
        """A correction is its decision's council's, or its councillor's."""
        return Q(decision__council__in=councils) | Q(councillor__council__in=councils)

    def council_id_of(self, obj: Model) -> int | None:
        target = obj.decision or obj.councillor
        return target.council_id if target is not None else None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The trail is how corrections survive re-imports; it is never edited away.
        return False
