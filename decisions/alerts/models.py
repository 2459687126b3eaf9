"""The alerts' tables: who subscribed (Subscriber), to what (Alert), what changed (ChangeEvent,
assigned to the MatchRun that read it), what is to be sent (OutboxMessage), and how many
sign-ups each address and client made this hour (RateCount).

Subscribers, alerts and the outbox hold email addresses: only superusers see them (admin.py)
and a backup leaves them out unless asked (seams.py).
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone

from decisions.alerts.kinds import AlertKind, Frequency, OutboxStatus, Purpose
from decisions.models import Decision
from decisions.vocabulary import ChangeKind


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class SubscriberQuerySet(models.QuerySet["Subscriber"]):
    def active(self) -> SubscriberQuerySet:
        """Confirmed, and not paused (by a hard bounce)."""
        return self.filter(confirmed_at__isnull=False, paused_at__isnull=True)


class Subscriber(models.Model):
    """An email address that asked for alerts. No account: links carry signed tokens made
    with the subscriber's own secrets, which are replaced to revoke the links sent."""

    email = models.EmailField(max_length=254, unique=True)  # stored lower-cased
    secret = models.CharField(max_length=64, default=new_secret)  # confirm and manage links
    # The one-click unsubscribe links' own: RFC 8058's must work from any old email, so
    # resuming (which revokes the manage links) leaves it; only forgetting the address does.
    unsubscribe_secret = models.CharField(max_length=64, default=new_secret)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["confirmed_at", "created_at"])]

    def __str__(self) -> str:
        return self.email

    def rotate_secret(self) -> None:
        """Revoke every link sent so far, the unsubscribe links too."""
        self.secret, self.unsubscribe_secret = new_secret(), new_secret()
        self.save(update_fields=["secret", "unsubscribe_secret"])


class AlertQuerySet(models.QuerySet["Alert"]):
    def live(self) -> AlertQuerySet:
        """Confirmed alerts of active subscribers: the ones a run matches."""
        return self.filter(
            confirmed_at__isnull=False,
            subscriber__confirmed_at__isnull=False,
            subscriber__paused_at__isnull=True,
        )


class Alert(models.Model):
    """One thing an address follows: a search (its normalised query string), a councillor
    or a council (its slug), a timeline or one decision (its id: a timeline's slug is
    unique only within its council)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=12, choices=AlertKind.choices)
    # The slug followed (a decision's: its id), so alerts of one target group together.
    target = models.CharField(max_length=200, blank=True)
    querystring = models.CharField(max_length=2000, blank=True)  # a search's, normalised
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(max_length=300)  # what the emails and manage page call it
    frequency = models.CharField(max_length=6, choices=Frequency.choices, default=Frequency.ASAP)
    include_changes = models.BooleanField(
        default=False, help_text="Also status changes and corrections of matching decisions."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When it was last asked for: a sign-up again, before it is confirmed, sends a new
    # confirm link, and an unconfirmed alert is deleted a week after this (services.py).
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_run = models.BigIntegerField(default=0)  # the MatchRun it has read changes through
    last_run_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind", "target", "querystring"],
                name="alerts_alert_one_of_each",
            )
        ]
        indexes = [models.Index(fields=["kind", "target", "querystring"])]

    def __str__(self) -> str:
        return self.label

    @property
    def group_key(self) -> tuple[str, str, str]:
        """Alerts with the same key match the same decisions: matched once a run."""
        return (self.kind, self.target, self.querystring)


class MatchRun(models.Model):
    """One run of the matching: the change events it read are marked with it."""

    started_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"run {self.pk} at {self.started_at:%Y-%m-%d %H:%M}"


class ChangeEvent(models.Model):
    """A decision the archive saw arrive or change: written by the derived step as the
    change is made, in its transaction; append-only."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=[(k.value, k.value) for k in ChangeKind])
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the run that reads it: events committed after a run began wait for the next.
    run = models.ForeignKey(
        MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Meta:
        indexes = [
            models.Index(fields=["run"], name="alerts_event_unread", condition=Q(run__isnull=True)),
            models.Index(fields=["run", "decision"]),
        ]

    def __str__(self) -> str:
        return f"decision {self.decision_id} {self.kind}"


class OutboxMessage(models.Model):
    """An email written before it is sent, and marked sent after (the transactional outbox)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="outbox")
    purpose = models.CharField(max_length=8, choices=Purpose.choices)
    key = models.CharField(max_length=100, unique=True)  # a run never queues one twice
    subject = models.CharField(max_length=300)
    # An alerts email is queued as what it holds (decision ids, and why each matched) and
    # rendered as it is first sent; its text and HTML are kept then, so a retry sends the
    # same email. A confirmation is written whole.
    matches = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    headers = models.JSONField(default=dict)
    status = models.CharField(
        max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claim = models.CharField(max_length=40, blank=True)  # the sending run's token
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject


class RateCount(models.Model):
    """How often one address or client did one limited thing (sign up, ask for a link) in
    one window: kept in the database, so every web process counts against one limit and a
    restart forgets nothing. The key is an HMAC, never the address itself."""

    key = models.CharField(max_length=100)
    window = models.BigIntegerField()  # the window's number: its start in seconds // its length
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="alerts_ratecount_one_a_window")
        ]
        indexes = [models.Index(fields=["window"])]

    def __str__(self) -> str:
        return f"{self.key[:20]}… {self.count} in window {self.window}"
