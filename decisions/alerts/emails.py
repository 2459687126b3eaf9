"""The alerts' emails: their text and HTML parts (Django templates, autoescaped) and headers.

Links are absolute, on SITE_URL (the site's public address); every email carries a link to
manage or stop the alerts and RFC 8058's one-click List-Unsubscribe headers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import make_msgid
from functools import lru_cache

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.alerts.models import Alert, OutboxMessage, Subscriber
from decisions.alerts.tokens import CONFIRM, MANAGE, UNSUBSCRIBE, make_token
from decisions.models import Decision

LOCAL_SITE = "http://localhost:8000"  # when SITE_URL is not set (make run)


def site_url() -> str:
    return settings.SITE_URL or LOCAL_SITE


def absolute(path: str) -> str:
    return site_url() + path


@dataclass(frozen=True)
class DecisionPart:
    """A decision as every email of a run shows it, rendered once for them all."""

    text: str
    html: SafeString


def decision_part(decision: Decision) -> DecisionPart:
    """The council, title, date and link of a decision, in text and in (escaped) HTML."""
    context = {"decision": decision, "url": absolute(decision.get_absolute_url())}
    return DecisionPart(
        text=render_to_string("alerts/email/decision.txt", context),
        html=mark_safe(render_to_string("alerts/email/decision.html", context)),  # noqa: S308
    )


@dataclass
class Match:
    """One decision in an email, and every reason it is there (one line an alert)."""

    part: DecisionPart
    reasons: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.part.text + "".join(f"Why: {reason}\n" for reason in self.reasons)

    @property
    def html(self) -> SafeString:
        # Joined by hand, not format_html: tens of thousands a run. Every piece is escaped.
        reasons = "".join(f"<li>{_escaped(reason)}</li>" for reason in self.reasons)
        return mark_safe(  # noqa: S308 - the part is a rendered template; reasons escaped
            f"<li>{self.part.html}<p>Why you are getting this:</p><ul>{reasons}</ul></li>\n"
        )


@lru_cache(maxsize=100_000)
def _escaped(text: str) -> str:
    """An alert's reason, escaped once however many emails carry it."""
    return escape(text)


@lru_cache(maxsize=8)
def _path_template(name: str) -> str:
    return reverse(name, args=["TOKEN"])


def _link(name: str, token: str) -> str:
    """reverse(name, args=[token]), without resolving the route for every email."""
    return absolute(_path_template(name).replace("TOKEN", token))


def _links(subscriber: Subscriber) -> dict[str, str]:
    return {
        "manage_url": _link("alerts:manage", make_token(subscriber, MANAGE)),
        "unsubscribe_url": _link("alerts:unsubscribe", make_token(subscriber, UNSUBSCRIBE)),
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


def already_following(subscriber: Subscriber, alert: Alert) -> dict:
    """The email to an address that signs up again for an alert it has already: a link to
    manage its alerts instead of a second confirmation."""
    links = _links(subscriber)
    context = {"alert": alert, "site_url": site_url(), **links}
    return {
        "subject": "You already get this email alert",
        "text": render_to_string("alerts/email/already.txt", context),
        "html": render_to_string("alerts/email/already.html", context),
        "headers": _headers(links),
    }


def manage_link(subscriber: Subscriber) -> dict:
    """The email an address asked for from an expired link's page: a new manage link."""
    links = _links(subscriber)
    context = {"site_url": site_url(), **links}
    return {
        "subject": "Your link to manage your email alerts",
        "text": render_to_string("alerts/email/manage_link.txt", context),
        "html": render_to_string("alerts/email/manage_link.html", context),
        "headers": _headers(links),
    }


def subject_for(count: int) -> str:
    return f"{count} decision{'' if count == 1 else 's'} for your email alerts"


def queued_digest(subscriber: Subscriber, found: dict[int, list[str]]) -> dict:
    """The one email of a run for an address, as it is queued: its subject, headers and
    every decision that matched (once each, with every reason), rendered when sent."""
    return {
        "subject": subject_for(len(found)),
        "matches": [[pk, reasons] for pk, reasons in found.items()],
        "headers": _headers(_links(subscriber)),
    }


def render_digest(message: OutboxMessage) -> dict | None:
    """The text and HTML of a queued alerts email, or None if none of its decisions are
    left (deleted since)."""
    reasons: dict[int, list[str]] = dict(message.matches)
    decisions = Decision.objects.filter(pk__in=list(reasons)).select_related("council")
    ordered = sorted(decisions, key=lambda d: (d.decision_date, d.pk), reverse=True)
    if not ordered:
        return None
    return digest(message.subscriber, [Match(decision_part(d), reasons[d.pk]) for d in ordered])


def digest(subscriber: Subscriber, matches: Sequence[Match]) -> dict:
    """The one email of a run for an address: every decision that matched, once each."""
    links = _links(subscriber)
    subject = subject_for(len(matches))
    context = {
        "subject": subject,
        "site_url": site_url(),
        "text_matches": "\n".join(match.text for match in matches),
        "html_matches": mark_safe("".join(match.html for match in matches)),  # noqa: S308
        **links,
    }
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
