"""decisions/records.py: call-in status and the regs 12/13 record check, over plain values."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from decisions.records import (
    MISSING,
    NONE_RECORDED,
    NOT_NEEDED,
    PRESENT,
    CallInStatus,
    RecordCheck,
    call_in_status,
    correction_note,
    days_quiet,
    is_long_notice,
    long_date,
    missing_requirements,
    nothing_declared,
    record_checks,
)

EXPIRY = date(2022, 12, 21)


@pytest.mark.parametrize(
    ("expiry", "today", "expected"),
    [
        (None, date(2022, 12, 1), CallInStatus(None, "The notice gives no call-in expiry date")),
        (EXPIRY, date(2022, 12, 15), CallInStatus(True, "Open for call-in until 21 December 2022")),
        (EXPIRY, EXPIRY, CallInStatus(True, "Open for call-in until 21 December 2022")),
        (EXPIRY, date(2022, 12, 22), CallInStatus(False, "Call-in period ended 21 December 2022")),
    ],
    ids=["no-expiry", "before", "on-the-last-day", "after"],
)
def test_it_says_whether_call_in_is_open(
    expiry: date | None, today: date, expected: CallInStatus
) -> None:
    assert call_in_status(expiry, today) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2022, 1, 5), "5 January 2022"),
        (date(2018, 10, 18), "18 October 2018"),
        (date(2024, 2, 29), "29 February 2024"),
    ],
)
def test_it_writes_dates_as_the_notices_do(value: date, expected: str) -> None:
    assert long_date(value) == expected


@pytest.mark.parametrize(
    ("declarations", "expected"),
    [
        ("", True),
        ("   ", True),
        ("None", True),
        ("none.", True),
        ("  None   declared ", True),
        ("N/A", True),
        ("Not applicable.", True),
        ("nil", True),
        ("Cllr Smith declared an interest.", False),
        ("None of the members present", False),
    ],
)
def test_it_recognises_nothing_declared(declarations: str, expected: bool) -> None:
    assert nothing_declared(declarations) is expected


COMPLETE: dict[str, Any] = {
    "decision_text": "a) Approve the plan.",
    "clause_count": 1,
    "decision_date": date(2022, 12, 15),
    "reason": "To meet the statutory direction.",
    "options_considered": "Doing nothing was rejected.",
    "declarations": "",
}


def statuses(**changes: Any) -> dict[str, str]:
    """The status of each requirement for the complete record with some fields changed."""
    return {check.requirement: check.status for check in record_checks(**COMPLETE | changes)}


def test_it_finds_a_complete_record_complete() -> None:
    assert statuses() == {
        "The decision": PRESENT,
        "The date of the decision": PRESENT,
        "The reasons for the decision": PRESENT,
        "Alternative options considered and rejected": PRESENT,
        "Conflicts of interest declared": NONE_RECORDED,
        "Dispensations granted": NOT_NEEDED,
    }


@pytest.mark.parametrize(
    ("changes", "requirement", "status"),
    [
        ({"decision_text": "  ", "clause_count": 0}, "The decision", MISSING),
        ({"decision_text": "", "clause_count": 3}, "The decision", PRESENT),
        ({"decision_date": None}, "The date of the decision", MISSING),
        ({"reason": " \n"}, "The reasons for the decision", MISSING),
        ({"options_considered": ""}, "Alternative options considered and rejected", MISSING),
        ({"declarations": "None declared"}, "Conflicts of interest declared", NONE_RECORDED),
        ({"declarations": "None declared"}, "Dispensations granted", NOT_NEEDED),
        ({"declarations": "Cllr Smith declared an interest."}, "Conflicts of interest declared",
         PRESENT),
        ({"declarations": "Cllr Smith declared an interest."}, "Dispensations granted", MISSING),
        ({"declarations": "Cllr Smith: interest; Dispensation granted."}, "Dispensations granted",
         PRESENT),
    ],
)  # fmt: skip
def test_it_checks_each_requirement(changes: dict[str, Any], requirement: str, status: str) -> None:
    assert statuses(**changes)[requirement] == status


def test_it_notes_why_a_blank_box_is_not_missing() -> None:
    checks = record_checks(**COMPLETE)
    assert checks[4] == RecordCheck(
        "Conflicts of interest declared",
        NONE_RECORDED,
        "The declarations box is blank: no conflict is recorded",
    )


def test_it_lists_only_the_missing_requirements() -> None:
    checks = record_checks(**COMPLETE | {"reason": "", "declarations": "Cllr Smith declared."})
    assert missing_requirements(checks) == [
        "The reasons for the decision",
        "Dispensations granted",
    ]


def test_it_notes_what_was_corrected_on_the_latest_day() -> None:
    rows = [
        (1, date(2026, 11, 1), "", "purpose"),
        (3, date(2026, 12, 3), "", "decision date"),
        (2, date(2026, 12, 3), "c", "text"),
        (4, date(2026, 12, 3), "c", "label"),
    ]

    note = correction_note(rows)

    assert note is not None
    assert note.text == "Corrected on 3 December 2026: clause c, the decision date."
    assert note.first_id == 2


def test_it_has_no_note_for_a_decision_never_corrected() -> None:
    assert correction_note([]) is None


def test_it_calls_a_notice_long_by_its_clauses_or_its_text() -> None:
    assert is_long_notice(clause_count=6, text_length=10)
    assert is_long_notice(clause_count=1, text_length=4_000)
    assert not is_long_notice(clause_count=5, text_length=3_999)


@pytest.mark.parametrize(
    ("newest", "expected"),
    [
        (None, None),  # holds nothing yet: not quiet, just empty
        (date(2026, 12, 1), None),
        (date(2026, 9, 4), None),  # 90 days: not yet
        (date(2026, 9, 3), 91),
        (date(2024, 12, 3), 730),
    ],
)
def test_a_council_whose_newest_decision_is_old_has_gone_quiet(
    newest: date | None, expected: int | None
) -> None:
    assert days_quiet(newest, date(2026, 12, 3)) == expected
