"""The alerts' reads: what the views and the sign-up show, and what a target is called."""

from __future__ import annotations

from collections.abc import Collection

from django.apps import apps
from django.db.models import QuerySet

from decisions.alerts.kinds import AlertKind
from decisions.alerts.models import Alert, Subscriber
from decisions.models import Council, Councillor, Decision


def council_choices() -> list[tuple[str, str]]:
    """(slug, name) of every council, for the council alert's choice."""
    return list(Council.objects.order_by("name").values_list("slug", "name"))


def council_names(slugs: Collection[str]) -> dict[str, str]:
    """{slug: name} of the councils of these slugs (one query, none for no slugs)."""
    if not slugs:
        return {}
    return dict(Council.objects.filter(slug__in=list(slugs)).values_list("slug", "name"))


def target_name(kind: str, target: str) -> str | None:
    """What the thing followed is called (a councillor's name, a decision's title), or None
    if there is no such thing."""
    if kind == AlertKind.COUNCILLOR:
        return Councillor.objects.filter(slug=target).values_list("name", flat=True).first()
    if kind == AlertKind.COUNCIL:
        return Council.objects.filter(slug=target).values_list("name", flat=True).first()
    if kind == AlertKind.DECISION:
        if not (target.isascii() and target.isdigit()):
            return None
        return (
            Decision.objects.published()
            .filter(pk=int(target))
            .values_list("title", flat=True)
            .first()
        )
    if kind == AlertKind.TIMELINE and apps.is_installed("decisions.timelines"):
        from decisions.timelines.models import Timeline

        if not (target.isascii() and target.isdigit()):
            return None
        found = (
            Timeline.objects.filter(pk=int(target)).values_list("title", "council__name").first()
        )
        return f"{found[0]}, {found[1]}" if found else None
    return None


def subscriber_by_email(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email=email).first()


def alerts_of(subscriber: Subscriber) -> QuerySet[Alert]:
    """A subscriber's alerts, oldest first, for the manage page."""
    return subscriber.alerts.order_by("created_at", "pk")


def alert_of(subscriber: Subscriber, alert_id: int) -> Alert | None:
    return subscriber.alerts.filter(pk=alert_id).first()
