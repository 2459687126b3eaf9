"""The "Get email alerts" form, and the manage page's frequency form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from decisions.alerts.addresses import is_plain_address
from decisions.alerts.kinds import AlertKind, Frequency
from decisions.alerts.services import AlertRefused, AlertRequest, check_alert

INVALID_ADDRESS = "Enter an email address like name@example.com"


def validate_plain_address(value: str) -> None:
    """Refuse what Django's EmailField takes but no email header can carry (a quoted local
    part, a control character): see addresses.py."""
    if not is_plain_address(value):
        raise ValidationError(INVALID_ADDRESS, code="invalid")


class AddressField(forms.EmailField):
    """An email address as the alerts take it: plain, at most 254 characters."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "Email address")
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Enter your email address",
                "invalid": INVALID_ADDRESS,
                "max_length": "Enter an email address of 254 characters or fewer",
            },
        )
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value:  # before EmailField's own validator, so a bad address gets one message
            validate_plain_address(value)


class SignUpForm(forms.Form):
    email = AddressField()
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
    back = forms.CharField(required=False)  # the page it was sent from (backlinks.py)

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

    email = AddressField()


class FrequencyForm(forms.Form):
    alert = forms.IntegerField(min_value=1)
    frequency = forms.ChoiceField(choices=Frequency.choices)
