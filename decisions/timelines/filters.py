"""Which council's timelines a list shows: `?council=<slug>` on /timelines/ and the API's
/api/timelines/, checked the same way for both (an unknown council names the field)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms

from decisions.timelines.selectors import councils_for_timelines

UNKNOWN_COUNCIL = "council must be the slug of a council in the archive (see /api/councils/)"


class CouncilFilterForm(forms.Form):
    council = forms.ModelChoiceField(
        queryset=councils_for_timelines(),
        to_field_name="slug",
        required=False,
        empty_label="All councils",
        error_messages={"invalid_choice": UNKNOWN_COUNCIL},
    )


def council_filter(params: Mapping[str, Any]) -> CouncilFilterForm:
    """The council filter of a query string, validated."""
    form = CouncilFilterForm(params)
    form.is_valid()
    return form
