"""The alerts in the admin: superusers only, since they show people's email addresses."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from decisions.alerts.models import Alert, OutboxMessage, Subscriber


class SuperusersOnly(admin.ModelAdmin):
    """Seen, and changed, by superusers alone: not even staff with model permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # addresses sign up themselves, and confirm


class AlertInline(admin.TabularInline):
    model = Alert
    extra = 0
    fields = ("label", "kind", "frequency", "include_changes", "confirmed_at", "last_run_at")
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Subscriber)
class SubscriberAdmin(SuperusersOnly):
    list_display = ("email", "created_at", "confirmed_at", "paused_at")
    list_filter = ("confirmed_at", "paused_at")
    search_fields = ("email",)
    readonly_fields = ("email", "created_at", "confirmed_at", "pause_reason")
    fields = ("email", "created_at", "confirmed_at", "paused_at", "pause_reason")
    inlines = [AlertInline]


@admin.register(Alert)
class AlertAdmin(SuperusersOnly):
    list_display = ("label", "subscriber", "kind", "frequency", "confirmed_at", "last_run_at")
    list_filter = ("kind", "frequency")
    search_fields = ("subscriber__email", "label")
    list_select_related = ("subscriber",)
    readonly_fields = (
        "subscriber",
        "kind",
        "target",
        "querystring",
        "decision",
        "label",
        "created_at",
        "requested_at",
        "confirmed_at",
        "last_run",
        "last_run_at",
    )


@admin.register(OutboxMessage)
class OutboxMessageAdmin(SuperusersOnly):
    list_display = (
        "subject",
        "subscriber",
        "purpose",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status", "purpose")
    search_fields = ("subscriber__email", "subject")
    list_select_related = ("subscriber",)
    readonly_fields = (
        "subscriber",
        "purpose",
        "key",
        "subject",
        "text",
        "headers",
        "attempts",
        "claim",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
    )
    fields = (*readonly_fields, "status", "next_attempt_at")
