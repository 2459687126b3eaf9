"""The alerts' emails: their text and HTML parts (Django templates, autoescaped) and headers.

Links are absolute, on SITE_URL (the site's public address); every email carries a link to
manage or stop the alerts and RFC 8058's one-click List-Unsubscribe headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from decisions.alerts.models import Alert, OutboxMessage, Subscriber
from decisions.alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token
from decisions.models import Decision

LOCAL_SITE = "http://localhost:8000"  # when SITE_URL is not set (make run)


def site_url() -> str:
    return settings.SITE_URL or LOCAL_SITE


def absolute(path: str) -> str:
    return site_url() + path


@dataclass
class Match:
    """One decision in an email, and every reason it is there (one line an alert)."""

    decision: Decision
    reasons: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return absolute(self.decision.get_absolute_url())


def _links(subscriber: Subscriber) -> dict[str, str]:
    return {
        "manage_url": absolute(reverse("alerts:manage", args=[make_token(subscriber, MANAGE)])),
        "unsubscribe_url": absolute(
            reverse("alerts:unsubscribe", args=[make_token(subscriber, UNSUBSCRIBE)])
        ),
    }


def _headers(links: dict[str, str]) -> dict[str, str]:
    domain = site_url().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    return {
        "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        # Fixed when the email is written: a retry after a run died mid-send carries the
        # same Message-ID, so a mail system that has it already can drop the copy.
        "Message-ID": make_msgid(domain=domain),
    }


def confirmation(subscriber: Subscriber, alert: Alert) -> dict:
    """The email asking the address to confirm one alert."""
    links = _links(subscriber)
    confirm_url = absolute(
        reverse("alerts:confirm", args=[make_token(subscriber, CONFIRM, alert_id=alert.pk)])
    )
    context = {"alert": alert, "confirm_url": confirm_url, "site_url": site_url(), **links}
    return {
        "subject": "Confirm your email alert",
        "text": render_to_string("alerts/email/confirm.txt", context),
        "html": render_to_string("alerts/email/confirm.html", context),
        "headers": _headers(links),
    }


def digest(subscriber: Subscriber, matches: Sequence[Match]) -> dict:
    """The one email of a run for an address: every decision that matched, once each."""
    links = _links(subscriber)
    count = len(matches)
    subject = f"{count} decision{'' if count == 1 else 's'} for your email alerts"
    context = {"matches": matches, "subject": subject, "site_url": site_url(), **links}
    return {
        "subject": subject,
        "text": render_to_string("alerts/email/alerts.txt", context),
        "html": render_to_string("alerts/email/alerts.html", context),
        "headers": _headers(links),
    }


def as_email(message: OutboxMessage) -> EmailMultiAlternatives:
    """The outbox row as Django's email, ready for the backend."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.subscriber.email],
        headers=message.headers,
    )
    email.attach_alternative(message.html, "text/html")
    return email
