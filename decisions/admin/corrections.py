"""The correction admin: the audit trail, read-only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from decisions.models import (
    Correction,
)


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "decision", "councillor", "clause_key", "field")
    list_filter = ("field",)
    list_select_related = ("user", "decision", "councillor")
    search_fields = ("decision__reference", "councillor__name", "field", "reason")
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # The trail is how corrections survive re-imports; it is never edited away.
        return False
