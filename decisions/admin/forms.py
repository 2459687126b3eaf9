"""The admin's forms: every change needs a reason, and clause edits keep the outline whole."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm

from decisions.corrections import (
    REASON_REQUIRED,
)
from decisions.parsing.reference import is_reference

REASON_FIELD = "correction_reason"
REASON_MAX_LENGTH = 2000


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
        """The model fields the admin changed (not the reason box itself)."""
        return [name for name in self.changed_data if name != REASON_FIELD]

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


class DecisionAddForm(ModelForm):
    """Adding a decision by hand: the reference is required and in the council's format,
    so it cannot be empty, cannot clash (it is unique) and every URL accepts it."""

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        if not is_reference(reference):
            raise ValidationError(
                "Enter the council's issue reference: I followed by its number, e.g. I50042913.",
                code="reference_format",
            )
        return reference
