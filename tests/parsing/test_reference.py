"""The reference pattern: one definition for what the parser reads and what may be stored."""

from __future__ import annotations

import pytest

from decisions.parsing.reference import find_issue_reference, is_reference


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("I50042913", True),
        ("I12345", True),
        ("I123456789012", True),
        ("I1234", False),
        ("I1234567890123", False),
        ("i50042913", False),  # stored with a capital I, as reference_for writes it
        ("I5004291x", False),
        ("I\u0665\u0660\u0660\u0664\u0662\u0669", False),  # digits, but not ASCII ones
    ],
)
def test_it_accepts_only_references_in_the_archives_form(value: str, stored: bool) -> None:
    assert is_reference(value) is stored


@pytest.mark.parametrize("line", ["Issue reference: I50042913", "Issue ref. no. 50042913"])
def test_what_the_parser_reads_is_a_reference_it_may_store(line: str) -> None:
    found = find_issue_reference(line)

    assert found == "I50042913"
    assert is_reference(found)
