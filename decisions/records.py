"""Domain rules about one decision record: whether it can still be called in, and whether it
records what regulations 12 and 13 of the 2012 Access to Information Regulations require;
and whether a council's records have gone quiet.

Pure Python over plain values (no Django), so the rules are unit-tested on their own; the
template tags in decisions/templatetags/archive.py only wrap them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from decisions.parsing.dates import month_year

# What a declarations box says when there was nothing to declare.
NOTHING_DECLARED = frozenset({"none", "no", "nil", "n/a", "na", "none declared", "not applicable"})

# The status of one record check.
PRESENT, NONE_RECORDED, NOT_NEEDED, MISSING = "present", "none-recorded", "not-needed", "missing"


def long_date(value: date) -> str:
    """A date as the notices write it: '21 December 2022'."""
    return f"{value.day} {month_year(value)}"


@dataclass(frozen=True)
class CallInStatus:
    """Whether a decision can still be called in, said in words."""

    is_open: bool | None  # None when the notice gives no expiry date
    text: str


def call_in_status(expiry: date | None, today: date) -> CallInStatus:
    """'Open for call-in until 21 December 2022' or 'Call-in period ended 21 December 2022'."""
    if expiry is None:
        return CallInStatus(None, "The notice gives no call-in expiry date")
    shown = long_date(expiry)
    if today <= expiry:
        return CallInStatus(True, f"Open for call-in until {shown}")
    return CallInStatus(False, f"Call-in period ended {shown}")


@dataclass(frozen=True)
class RecordCheck:
    """One thing regulations 12 and 13 say the written statement must record."""

    requirement: str
    status: str  # PRESENT, NONE_RECORDED, NOT_NEEDED or MISSING
    note: str = ""


def nothing_declared(declarations: str) -> bool:
    """True when the declarations box is blank or says there was nothing to declare."""
    text = " ".join(declarations.lower().split()).strip(" .")
    return not text or text in NOTHING_DECLARED


def record_checks(
    *,
    decision_text: str,
    clause_count: int,
    decision_date: date | None,
    reason: str,
    options_considered: str,
    declarations: str,
) -> list[RecordCheck]:
    """Check a notice against regs 12 and 13 of the 2012 Access to Information Regulations.

    A blank declarations box is "none recorded", not missing: the regulations ask for a
    record of conflicts that were declared, the notice has the box for it, and the notice
    form's footnote describes exactly that record. A declared conflict with no note of a
    dispensation is missing its dispensation.
    """

    def present(requirement: str, value: Any) -> RecordCheck:
        return RecordCheck(requirement, PRESENT if value else MISSING)

    declared = declarations.strip()
    if not declared:
        conflicts = RecordCheck(
            "Conflicts of interest declared",
            NONE_RECORDED,
            "The declarations box is blank: no conflict is recorded",
        )
        dispensations = RecordCheck("Dispensations granted", NOT_NEEDED, "No conflict is recorded")
    elif nothing_declared(declared):
        conflicts = RecordCheck("Conflicts of interest declared", NONE_RECORDED, "None declared")
        dispensations = RecordCheck("Dispensations granted", NOT_NEEDED, "No conflict was declared")
    else:
        conflicts = RecordCheck("Conflicts of interest declared", PRESENT)
        dispensations = (
            RecordCheck("Dispensations granted", PRESENT)
            if "dispensation" in declared.lower()
            else RecordCheck(
                "Dispensations granted",
                MISSING,
                "A conflict is declared but no note of a dispensation is recorded",
            )
        )
    return [
        present("The decision", decision_text.strip() or clause_count),
        present("The date of the decision", decision_date),
        present("The reasons for the decision", reason.strip()),
        present("Alternative options considered and rejected", options_considered.strip()),
        conflicts,
        dispensations,
    ]


def missing_requirements(checks: Iterable[RecordCheck]) -> list[str]:
    """The requirements a record check found missing."""
    return [check.requirement for check in checks if check.status == MISSING]


@dataclass(frozen=True)
class CorrectionNote:
    """What the top of a corrected decision's page says: when it was last corrected, what
    was corrected that day ('clause c', 'the decision date'), and the first of those
    corrections, to link to."""

    day: date
    changed: tuple[str, ...]
    first_id: int

    @property
    def text(self) -> str:
        """'Corrected on 3 December 2026: clause c, the decision date.'"""
        return f"Corrected on {long_date(self.day)}: {', '.join(self.changed)}."


def correction_note(corrections: Iterable[tuple[int, date, str, str]]) -> CorrectionNote | None:
    """The note for a decision's corrections, given as (id, day, clause key, field label)
    in any order; None for a decision never corrected."""
    rows = sorted(corrections, key=lambda row: (row[1], row[0]))
    if not rows:
        return None
    day = rows[-1][1]
    latest = [row for row in rows if row[1] == day]
    changed: list[str] = []
    for _, _, key, label in latest:
        name = f"clause {key}" if key else f"the {label.lower()}"
        if name not in changed:
            changed.append(name)
    return CorrectionNote(day=day, changed=tuple(changed), first_id=latest[0][0])


# A notice this long gets an "On this page" list of contents at the top of its page.
LONG_NOTICE_CLAUSES = 6
LONG_NOTICE_CHARACTERS = 4_000


def is_long_notice(*, clause_count: int, text_length: int) -> bool:
    """True when a decision's page is long enough to need contents."""
    return clause_count >= LONG_NOTICE_CLAUSES or text_length >= LONG_NOTICE_CHARACTERS


# A council's records. Councils take executive decisions every month or so: one whose
# newest decision in the archive is older than this has gone quiet (its source stopped,
# say), and its pages say so.
QUIET_AFTER_DAYS = 90


def days_quiet(newest: date | None, today: date) -> int | None:
    """How many days since the council's newest decision, when that is more than
    QUIET_AFTER_DAYS; None while it is not quiet, or when it holds no decision yet."""
    if newest is None:
        return None
    days = (today - newest).days
    return days if days > QUIET_AFTER_DAYS else None
