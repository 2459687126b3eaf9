"""Admins per council: a staff member given councils (Council.admins) sees and changes only
those councils' records; a superuser sees all. Enforced where the admin reads and writes,
not by hiding links: the lists are filtered, and opening or posting to another council's
record is refused with 403 (PermissionDenied), so nothing changes."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from decisions.councils import councils_of, may_act_for


class CouncilScopedAdmin(admin.ModelAdmin):
    """A model admin whose records each belong to one council, found at `council_path`
    (a lookup such as "council" or "decision__council")."""

    council_path = "council"

    def council_filter(self, councils: QuerySet) -> Q:
        return Q(**{f"{self.council_path}__in": councils})

    def council_id_of(self, obj: Model) -> int | None:
        """The record's council id: its own council_id needs no query."""
        *through, last = self.council_path.split("__")
        target: Any = obj
        for part in through:
            target = getattr(target, part, None)
            if target is None:
                return None
        return getattr(target, f"{last}_id", None)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if getattr(request, "_unscoped", False) or request.user.is_superuser:
            return queryset
        return queryset.filter(self.council_filter(councils_of(request.user)))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        # Found whatever its council, so that another council's record is refused (403)
        # by the permission checks below, not reported as missing.
        request._unscoped = True  # type: ignore[attr-defined]
        try:
            return super().get_object(request, object_id, from_field)
        finally:
            request._unscoped = False  # type: ignore[attr-defined]

    def _may(self, request: HttpRequest, obj: Model | None) -> bool:
        return obj is None or may_act_for(request.user, self.council_id_of(obj))

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._may(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may(request, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        if db_field.name == "council":  # a new record goes only to a council of the admin's
            kwargs["queryset"] = councils_of(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
