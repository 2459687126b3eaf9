"""The admin's forms: every change needs a reason, and clause edits keep the outline whole."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.utils import timezone

from decisions.corrections import (
    REASON_REQUIRED,
)
from decisions.councils import ensure_a_council
from decisions.models import Correction, Council, Decision
from decisions.parsing.reference import is_reference

REASON_FIELD = "correction_reason"
REASON_MAX_LENGTH = 2000
# The hidden field that carries the record's `updated_at` as it was when the form was built.
OPENED_FIELD = "opened_version"


def correction_reason_field() -> forms.CharField:
    """The "Reason for this correction" box (required only when something changed)."""
    return forms.CharField(
        label="Reason for this correction",
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed whenever you change anything. It is published with the correction.",
    )


class CorrectionForm(forms.ModelForm):
    """A change form that asks why whenever a field on it changed."""

    correction_reason = correction_reason_field()

    def corrected_fields(self) -> list[str]:
        """The model fields the admin changed (not the reason box or the opened version)."""
        return [name for name in self.changed_data if name not in {REASON_FIELD, OPENED_FIELD}]

    def reason(self) -> str:
        return self.cleaned_data.get(REASON_FIELD, "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk and self.corrected_fields() and not cleaned.get(REASON_FIELD):
            self.add_error(REASON_FIELD, REASON_REQUIRED)
        return cleaned


class ReasonForm(forms.Form):
    """The reason asked for on the merge and split pages."""

    reason = correction_reason_field()

    def clean_reason(self) -> str:
        if not self.cleaned_data["reason"]:
            raise ValidationError(REASON_REQUIRED)
        return self.cleaned_data["reason"]


def reason_missing(data: Any) -> bool:
    """True when the submitted change form has no reason (the box's name is REASON_FIELD)."""
    return not str(data.get(REASON_FIELD, "")).strip()


class ClauseFormSet(BaseInlineFormSet):
    """The clause inline: any edit, addition or deletion needs the form's reason, and no
    clause may be put inside itself."""

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("parent__parent")

    def clean(self) -> None:
        super().clean()
        self._check_parents()
        changed = any(form.has_changed() for form in self.forms)  # a ticked DELETE too
        if changed and self.instance.pk and reason_missing(self.data):
            raise ValidationError(REASON_REQUIRED, code="reason")

    def _check_parents(self) -> None:
        """No clause inside itself, and none kept or changed under one being deleted
        (deleting a clause deletes its sub-clauses: a changed one could not be saved)."""
        parents: dict[int, int | None] = {}
        for form in self.initial_forms:
            parent = getattr(form, "cleaned_data", {}).get("parent")
            parents[form.instance.pk] = parent.pk if parent else None
        deleting = {form.instance.pk for form in self.initial_forms if self._should_delete(form)}
        for form in self.initial_forms:
            if form.instance.pk in deleting:
                continue
            seen, current = {form.instance.pk}, parents.get(form.instance.pk)
            while current is not None:
                if current in seen:
                    form.add_error(
                        "parent", "A clause cannot be inside itself or one of its sub-clauses."
                    )
                    break
                if current in deleting and form.has_changed():
                    form.add_error(
                        "parent",
                        "This clause sits under a clause you are deleting: delete it too, "
                        "or move it first.",
                    )
                    break
                seen.add(current)
                current = parents.get(current)

    def _should_delete(self, form: forms.Form) -> bool:
        return self.can_delete and bool(getattr(form, "cleaned_data", {}).get("DELETE"))


CHOOSE_COUNCIL = "Choose the council whose decision this is."


class DecisionAddForm(ModelForm):
    """Adding a decision by hand: it is a council's (with one council, that one, without
    asking), and its reference is required and in the council's format, so it cannot be
    empty, cannot clash (it is unique) and every URL accepts it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("council")
        if field is not None:
            ensure_a_council()
            councils = list(field.queryset.order_by("name")[:2])  # the admin's councils
            if len(councils) == 1:  # nothing to choose
                field.initial, field.required = councils[0].pk, False
                self.only_council: Council | None = councils[0]
            else:
                self.only_council = None
                field.error_messages["required"] = CHOOSE_COUNCIL

    def clean_council(self) -> Council:
        council = self.cleaned_data.get("council") or self.only_council
        if council is None:
            raise ValidationError(CHOOSE_COUNCIL, code="required")
        return council

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if not is_reference(reference):
            raise ValidationError(
                "Enter the council's issue reference: I followed by its number, e.g. I50042913.",
                code="reference_format",
            )
        return reference

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        council, reference = cleaned.get("council"), cleaned.get("reference")
        if council and reference and not re.fullmatch(council.reference_pattern, reference):
            self.add_error(
                "reference",
                ValidationError(
                    f"{council}'s references look like {council.reference_pattern}; "
                    f"{reference} does not.",
                    code="reference_pattern",
                ),
            )
        return cleaned


def parse_opened_version(value: str) -> datetime | None:
    """The `updated_at` a change form was built from, or None if the value is not one."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def stale_form_message(*, changed_at: datetime, by_admin: bool) -> str:
    """What an admin is told when the record changed after they opened its form."""
    who = "another admin" if by_admin else "an import"
    return (
        f"This decision was updated by {who} at {timezone.localtime(changed_at):%H:%M} "
        "after you opened it; review the changes: reload the page and make your correction "
        "again. Nothing was saved."
    )


class DecisionChangeForm(CorrectionForm):
    """The decision change form, which cannot undo an import.

    A form opened before an import and saved after it would post the old values back; as
    the admin compares them with the record as it now stands, they would be saved, and
    recorded as the admin's corrections (which every later import keeps). So the form
    carries the `updated_at` it was built from, and refuses a save when the record has
    changed since; the row is locked from that check to the save (the admin's change view
    is one transaction), so nothing can slip in between. And it writes only the fields the
    admin changed back onto the record: the rest keep their stored values, as they were.
    """

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[OPENED_FIELD].initial = self.instance.updated_at.isoformat()
            self._stored = {
                field.attname: getattr(self.instance, field.attname)
                for field in self.instance._meta.concrete_fields
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk:
            self._check_not_stale(cleaned.get(OPENED_FIELD, ""))
        return cleaned

    def _check_not_stale(self, submitted: str) -> None:
        opened = parse_opened_version(submitted)
        (current,) = (
            Decision.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
        )
        if opened is None:
            raise ValidationError(
                "This form does not say which version of the decision it was opened on; "
                "reload the page and make your correction again. Nothing was saved.",
                code="stale",
            )
        if opened != current or self.instance.updated_at != current:
            by_admin = Correction.objects.filter(
                decision_id=self.instance.pk, created_at__gt=opened
            ).exists()
            raise ValidationError(
                stale_form_message(changed_at=current, by_admin=by_admin), code="stale"
            )

    def _post_clean(self) -> None:
        super()._post_clean()
        if not self.instance.pk:
            return
        # Only what the admin changed goes onto the record; every other field keeps the
        # value stored (a form field's normalising must not rewrite it either).
        changed = set(self.corrected_fields())
        for field in self.instance._meta.concrete_fields:
            if field.name in self.fields and field.name not in changed:
                setattr(self.instance, field.attname, self._stored[field.attname])
