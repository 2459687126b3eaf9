"""Checking what text recognition read: which fields of an OCR'd decision an admin should
check, and the service that records an admin's check (a confirmation or a correction).

A field read with low confidence is listed until an admin has checked it. Either way the
check is a Correction: a confirmed field is one whose value an admin vouched for against the
page, so, like any correction, a re-import never overwrites it and it no longer needs
checking.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from decisions.changes import decisions_changed
from decisions.corrections import display_value, field_label, required_reason
from decisions.models import Correction, Decision
from decisions.parsing.reference import is_reference
from decisions.vocabulary import ChangeKind

LOW_CONFIDENCE = 90.0  # below this (Tesseract's 0-100), a field is listed for checking
CONFIRMED = "Confirmed against the scanned page"
# The fields recognition reads, in the notice's order; the Decision field of each.
CHECKABLE_FIELDS = (
    "reference",
    "title",
    "decision_maker",
    "decision_date",
    "exemption_class",
    "key_decision_reason",
    "special_urgency",
    "purpose",
    "decision_text",
    "reason",
    "options_considered",
    "declarations",
    "call_in_expiry",
)


def fields_to_check(
    confidence: Mapping[str, float],
    checked: Iterable[str],
    *,
    threshold: float = LOW_CONFIDENCE,
) -> list[tuple[str, float]]:
    """(field, confidence) of each field read below the threshold that no admin has checked,
    in the notice's order."""
    done = set(checked)
    return [
        (name, float(confidence[name]))
        for name in CHECKABLE_FIELDS
        if name in confidence and float(confidence[name]) < threshold and name not in done
    ]


def _named(field: str) -> str:
    return field_label(field).capitalize()


def clean_field_value(field: str, value: str) -> object:
    """An admin's corrected value as the field stores it; ValidationError names the field."""
    if field not in CHECKABLE_FIELDS:
        raise ValidationError(f"{_named(field)}: not a field read from the scan")
    if field == "reference":
        value = value.strip()
        if not is_reference(value):
            raise ValidationError(
                f"Reference: {value!r} is not a reference (I and the issue number)"
            )
        return value
    model_field = Decision._meta.get_field(field)
    form_field = model_field.formfield()
    assert form_field is not None
    try:
        return form_field.clean(value)
    except ValidationError as error:
        raise ValidationError(f"{_named(field)}: {' '.join(error.messages)}") from None


def check_field(
    *,
    decision_id: int,
    field: str,
    corrected: str | None,
    user: AbstractBaseUser | None,
    reason: str = "",
) -> Correction:
    """Record an admin's check of one field: confirmed as read (corrected None), or corrected
    to a new value (with a reason). Either is a Correction; raise ValidationError for bad
    input."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision_id)
        old = getattr(decision, field)
        if corrected is None:
            why = reason.strip() or CONFIRMED
            new = old
        else:
            try:
                why = required_reason(reason)
            except ValueError as error:
                raise ValidationError(str(error)) from None
            new = clean_field_value(field, corrected)
            taken = (
                Decision.objects.filter(council_id=decision.council_id, reference=new)
                .exclude(pk=decision.pk)
                .exists()
            )
            if field == "reference" and taken:
                raise ValidationError(f"Reference: {new} is another decision's reference")
            setattr(decision, field, new)
            decision.save(update_fields=[field])
        correction = Correction.objects.create(
            decision=decision,
            field=field,
            old_value=display_value(old),
            new_value=display_value(new),
            user=user,
            reason=why,
        )
        decisions_changed([decision.pk], kind=ChangeKind.CORRECTED)
    return correction
