"""Which OCR'd fields need an admin's check, and the check itself (a correction either way)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from decisions.models import Correction, Decision
from decisions.ocr_checks import CONFIRMED, check_field, fields_to_check
from tests.factories import make_decision


def test_it_lists_the_low_confidence_fields_no_admin_checked_in_notice_order() -> None:
    confidence = {"title": 62.0, "reference": 40.5, "purpose": 97.0, "decision_date": 88.9}

    assert fields_to_check(confidence, checked=["reference"]) == [
        ("title", 62.0),
        ("decision_date", 88.9),
    ]
    assert fields_to_check(confidence, checked=[], threshold=50) == [("reference", 40.5)]
    assert fields_to_check({}, checked=[]) == []


def test_it_ignores_a_stored_name_that_is_not_a_field_read_from_the_scan() -> None:
    assert fields_to_check({"layout": 10.0, "title": 10.0}, checked=[]) == [("title", 10.0)]


@pytest.mark.django_db
def test_a_confirmation_is_a_correction_with_the_value_unchanged(django_user_model) -> None:
    user = django_user_model.objects.create_user("checker")
    decision = make_decision(title="Ofsted plan", field_confidence={"title": 61.0})

    correction = check_field(decision_id=decision.pk, field="title", corrected=None, user=user)

    assert (correction.old_value, correction.new_value) == ("Ofsted plan", "Ofsted plan")
    assert correction.reason == CONFIRMED
    assert correction.user == user
    assert Decision.objects.get().title == "Ofsted plan"


@pytest.mark.django_db
def test_a_correction_changes_the_field_and_needs_a_reason() -> None:
    decision = make_decision(field_confidence={"decision_date": 55.0})

    with pytest.raises(ValidationError, match="Give a reason"):
        check_field(
            decision_id=decision.pk, field="decision_date", corrected="2024-03-15", user=None
        )
    check_field(
        decision_id=decision.pk,
        field="decision_date",
        corrected="2024-03-15",
        user=None,
        reason="The 4 was read as a 5",
    )

    assert Decision.objects.get().decision_date == date(2024, 3, 15)
    assert Correction.objects.get().new_value == "2024-03-15"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("decision_date", "31 February", "Decision date: Enter a valid date."),
        ("reference", "150042913", "Reference: '150042913' is not a reference"),
        ("source_text", "x", "Source text: not a field read from the scan"),
    ],
)
def test_a_bad_corrected_value_is_refused_naming_the_field(
    field: str, value: str, message: str
) -> None:
    decision = make_decision()

    with pytest.raises(ValidationError) as caught:
        check_field(decision_id=decision.pk, field=field, corrected=value, user=None, reason="r")

    assert message in " ".join(caught.value.messages)
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_a_reference_taken_by_another_decision_is_refused() -> None:
    make_decision(reference="I50042913")
    decision = make_decision(reference="I150042913")

    with pytest.raises(ValidationError, match="I50042913 is another decision's reference"):
        check_field(
            decision_id=decision.pk, field="reference", corrected="I50042913", user=None, reason="r"
        )
