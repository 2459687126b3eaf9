"""Withdrawing a decision instead of deleting it, and restoring one: services an admin's
"Delete" and a superuser's "Restore" call, each with a reason, each in one transaction.

A withdrawn decision keeps every row (fields, clauses, corrections, source); it leaves
search, lists, feeds and the sitemap, its page answers 410 Gone with its title, the reason
and the date, and the API lists it for mirrors (`include=withdrawn`). Both steps are
written to the Correction trail, so they appear on /corrections/ and in its feed.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from decisions.changes import decisions_changed
from decisions.models import Correction, Decision
from decisions.vocabulary import ChangeKind, CorrectionKind

WITHDRAW_REASON_REQUIRED = "Give a reason for withdrawing this decision."
RESTORE_REASON_REQUIRED = "Give a reason for restoring this decision."


class WithdrawalError(ValueError):
    """A withdrawal or restore that cannot be made, with a message for the admin."""


def _reason(reason: str, message: str) -> str:
    cleaned = reason.strip()
    if not cleaned:
        raise WithdrawalError(message)
    return cleaned


def withdraw_decision(
    *, decision: Decision, reason: str, user: AbstractBaseUser | None
) -> Decision:
    """Withdraw a decision from the public archive, with the reason the admin gave."""
    why = _reason(reason, WITHDRAW_REASON_REQUIRED)
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.withdrawn_at is not None:
            raise WithdrawalError(f"{locked.reference} is already withdrawn.")
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_reason = why
        locked.withdrawn_by = user
        Decision.objects.filter(pk=locked.pk).update(
            withdrawn_at=locked.withdrawn_at, withdrawn_reason=why, withdrawn_by=user
        )
        Correction.objects.create(
            decision=locked, field=CorrectionKind.WITHDRAWN, new_value=why, reason=why, user=user
        )
        # Stamps updated_at (what mirrors sync on) and rebuilds the search document.
        decisions_changed([locked.pk], kind=ChangeKind.WITHDRAWN)
    return locked


def restore_decision(*, decision: Decision, reason: str, user: AbstractBaseUser | None) -> Decision:
    """Put a withdrawn decision back in the public archive (a superuser's step)."""
    why = _reason(reason, RESTORE_REASON_REQUIRED)
    with transaction.atomic():
        locked = Decision.objects.select_for_update().get(pk=decision.pk)
        if locked.withdrawn_at is None:
            raise WithdrawalError(f"{locked.reference} is not withdrawn.")
        Correction.objects.create(
            decision=locked,
            field=CorrectionKind.RESTORED,
            old_value=locked.withdrawn_reason,
            reason=why,
            user=user,
        )
        locked.withdrawn_at, locked.withdrawn_reason, locked.withdrawn_by = None, "", None
        Decision.objects.filter(pk=locked.pk).update(
            withdrawn_at=None, withdrawn_reason="", withdrawn_by=None
        )
        # UPDATED, not RESTORED: that kind means "loaded from a backup" and keeps the old
        # stamp, but a mirror must learn that the decision is back.
        decisions_changed([locked.pk], kind=ChangeKind.UPDATED)
    return locked
