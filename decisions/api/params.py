"""The API's own query parameters (the search parameters are the list page's, read by the
selector): `modified_since`, for syncing a mirror, and `page_size`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

TIMESTAMP_ERROR = "modified_since must be an ISO 8601 timestamp, e.g. 2026-01-31T09:00:00Z"
INCLUDE_ERROR = "include must be withdrawn (to list withdrawn decisions too)"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ApiParamsForm(forms.Form):
    """Validates the parameters the HTML list does not have."""

    modified_since = forms.DateTimeField(
        required=False,
        error_messages={"invalid": TIMESTAMP_ERROR},
    )
    include = forms.ChoiceField(
        required=False,
        choices=[("withdrawn", "withdrawn")],
        error_messages={"invalid_choice": INCLUDE_ERROR},
    )
    page_size = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}",
        ),
    )

    def clean_modified_since(self) -> datetime | None:
        """The timestamp in UTC: the database refuses offsets past 15:59, Python allows 23:59."""
        value = self.cleaned_data.get("modified_since")
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValidationError(TIMESTAMP_ERROR, code="invalid") from None


def api_params(data: Mapping[str, Any]) -> ApiParamsForm:
    """The API parameters in a query string, validated."""
    form = ApiParamsForm(data)
    form.is_valid()
    return form
