"""The "Get email alerts" form, and the manage page's frequency form."""

from __future__ import annotations

from typing import Any

from django import forms

from decisions.alerts.kinds import AlertKind, Frequency
from decisions.alerts.services import AlertRefused, AlertRequest, check_alert


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address like name@example.com",
            "max_length": "Enter an email address of 254 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        choices=AlertKind.choices, error_messages={"invalid_choice": "Choose what to follow"}
    )
    target = forms.CharField(
        max_length=200,
        required=False,
        error_messages={"max_length": "Choose something to follow"},
    )
    querystring = forms.CharField(
        max_length=2000,
        required=False,
        error_messages={"max_length": "The search is too long to follow"},
    )
    frequency = forms.ChoiceField(
        choices=Frequency.choices,
        initial=Frequency.ASAP,
        error_messages={
            "required": "Choose how often to get emails",
            "invalid_choice": "Choose how often to get emails",
        },
    )
    include_changes = forms.BooleanField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            cleaned["alert"] = check_alert(
                kind=cleaned["kind"],
                target=cleaned.get("target", ""),
                querystring=cleaned.get("querystring", ""),
                frequency=cleaned["frequency"],
                include_changes=cleaned.get("include_changes", False),
            )
        except AlertRefused as refused:
            self.add_error(None, str(refused))
        return cleaned

    @property
    def alert(self) -> AlertRequest:
        return self.cleaned_data["alert"]


class NewLinkForm(forms.Form):
    """An expired link's page: the address to send a new manage link to."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=SignUpForm.base_fields["email"].error_messages,
    )


class FrequencyForm(forms.Form):
    alert = forms.IntegerField(min_value=1)
    frequency = forms.ChoiceField(choices=Frequency.choices)
