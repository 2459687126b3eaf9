"""decisions.textdiff.word_diff: a correction's old and new value, word by word."""

from __future__ import annotations

import pytest

from decisions.textdiff import (
    MAX_TOKENS,
    DiffPart,
    is_whole_value,
    shown_value,
    tokens,
    value_diff,
    word_diff,
)
from decisions.vocabulary import DiffOp

SAME, REMOVED, ADDED = DiffOp.SAME, DiffOp.REMOVED, DiffOp.ADDED


def ops(parts: list[DiffPart]) -> list[tuple[str, str]]:
    return [(str(part.op), part.text) for part in parts]


def test_it_marks_one_changed_word() -> None:
    assert ops(word_diff("Cabinet approve the plan.", "Cabinet endorse the plan.")) == [
        ("same", "Cabinet "),
        ("removed", "approve"),
        ("added", "endorse"),
        ("same", " the plan."),
    ]


def test_it_gives_a_reworded_phrase_as_one_removal_and_one_addition() -> None:
    assert ops(word_diff("to note the plan now", "to approve a scheme now")) == [
        ("same", "to "),
        ("removed", "note the plan"),
        ("added", "approve a scheme"),
        ("same", " now"),
    ]


def test_it_shows_an_addition_to_a_blank_value() -> None:
    assert ops(word_diff("", "Cabinet note the report.")) == [("added", "Cabinet note the report.")]


def test_it_shows_a_deletion_to_a_blank_value() -> None:
    assert ops(word_diff("Cabinet note the report.", "")) == [
        ("removed", "Cabinet note the report.")
    ]


def test_it_keeps_an_unchanged_value_whole() -> None:
    assert ops(word_diff("same", "same")) == [("same", "same")]
    assert word_diff("", "") == []


def test_it_treats_punctuation_as_its_own_token() -> None:
    assert ops(word_diff("the plan.", "the plan;")) == [
        ("same", "the plan"),
        ("removed", "."),
        ("added", ";"),
    ]


def test_it_keeps_line_breaks() -> None:
    parts = word_diff("first line\nsecond line", "first line\nsecond row")
    assert "".join(p.text for p in parts if p.op != ADDED) == "first line\nsecond line"
    assert "".join(p.text for p in parts if p.op != REMOVED) == "first line\nsecond row"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a b c", "a c b"),
        ("", "x"),
        ("Cabinet, on 3 May 2022, agreed.", "Cabinet agreed on 4 May 2022."),
        ("  spaced   out  ", "spaced out"),
        ("£1.2m (revenue)", "£1.5m (capital)"),
    ],
)
def test_it_rebuilds_both_texts_from_its_parts(old: str, new: str) -> None:
    parts = word_diff(old, new)
    assert "".join(p.text for p in parts if p.op != ADDED) == old
    assert "".join(p.text for p in parts if p.op != REMOVED) == new


def test_it_loses_no_characters_when_splitting() -> None:
    text = "Cabinet: (a) approve £2,000—now!\t\n"
    assert "".join(tokens(text)) == text


def test_it_gives_very_long_texts_as_old_then_new() -> None:
    old = "word " * (MAX_TOKENS)
    new = old + "more"
    assert ops(word_diff(old, new)) == [("removed", old), ("added", new)]


def test_it_shows_dates_numbers_and_references_as_whole_values() -> None:
    assert value_diff("decision_date", "2021-03-10", "2026-12-09") == [
        DiffPart(DiffOp.REMOVED, "10 March 2021"),
        DiffPart(DiffOp.ADDED, "9 December 2026"),
    ]
    assert value_diff("text", "£1,250,000", "£1,500,000") == [
        DiffPart(DiffOp.REMOVED, "£1,250,000"),
        DiffPart(DiffOp.ADDED, "£1,500,000"),
    ]
    assert value_diff("note", "I50042913", "I50042914")[0].text == "I50042913"
    assert value_diff("call_in_expiry", "", "2026-12-09") == [
        DiffPart(DiffOp.ADDED, "9 December 2026")
    ]


def test_it_still_diffs_prose_word_by_word() -> None:
    assert not is_whole_value("reason", "As set out.", "As set out in 2021.")
    assert value_diff("reason", "a b", "a c") == word_diff("a b", "a c")


def test_it_leaves_a_value_that_is_not_a_real_month_as_it_is() -> None:
    assert shown_value("2021-13-01") == "2021-13-01"
