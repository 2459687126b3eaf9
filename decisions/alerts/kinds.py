"""The alerts' vocabularies: what an alert follows, how often, and an outbox row's state."""

from __future__ import annotations

from datetime import timedelta

from django.db import models


class AlertKind(models.TextChoices):
    SEARCH = "search", "a search"
    COUNCILLOR = "councillor", "a councillor"
    TIMELINE = "timeline", "a timeline"
    COUNCIL = "council", "a council"
    DECISION = "decision", "one decision"


class Frequency(models.TextChoices):
    ASAP = "asap", "As soon as possible"
    DAILY = "daily", "Once a day"
    WEEKLY = "weekly", "Once a week"


# How long after its last run an alert is due again. The scheduler runs hourly, and a run
# takes a little while, so a daily alert last run at 09:00:40 is due at the 09:00 run.
PERIODS = {
    Frequency.ASAP: timedelta(0),
    Frequency.DAILY: timedelta(days=1) - timedelta(minutes=30),
    Frequency.WEEKLY: timedelta(days=7) - timedelta(minutes=30),
}


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Purpose(models.TextChoices):
    CONFIRM = "confirm", "Confirm an alert"
    LINK = "link", "A link to manage the alerts"  # "you follow this already", a new link
    ALERTS = "alerts", "Alerts"


# What a sign-up or a request for a link writes: delivered at once by a worker's task.
LINK_PURPOSES = (Purpose.CONFIRM, Purpose.LINK)
