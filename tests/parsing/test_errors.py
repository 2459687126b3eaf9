"""Notices that cannot be parsed fail with a NoticeParseError that says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from decisions.parsing import MAX_NOTICE_BYTES, NoticeParseError, parse_notice

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notices"
GOOD = (FIXTURES / "variant_slash_dates_paren_letter_clauses.txt").read_text(encoding="utf-8")


def without_line(text: str, starting: str) -> str:
    """The notice with the line that starts with the given words removed."""
    kept = [line for line in text.split("\n") if not line.startswith(starting)]
    assert len(kept) == len(text.split("\n")) - 1, f"no single line starts with {starting!r}"
    return "\n".join(kept)


def test_it_parses_the_notice_the_error_cases_start_from() -> None:
    assert parse_notice(GOOD).reference == "I50046021"


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(NoticeParseError, match=r"^file is empty$"):
        parse_notice(b"")


def test_it_refuses_a_file_that_is_only_a_bom() -> None:
    with pytest.raises(NoticeParseError, match=r"^file is empty$"):
        parse_notice(b"\xef\xbb\xbf")


def test_it_refuses_a_file_of_whitespace() -> None:
    with pytest.raises(NoticeParseError, match=r"^file has no text, only whitespace$"):
        parse_notice(b" \r\n\t\n")


def test_it_refuses_binary_data() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4

    with pytest.raises(NoticeParseError, match=r"^file looks binary, not text$"):
        parse_notice(png)


def test_it_refuses_a_file_over_one_megabyte() -> None:
    data = GOOD.encode() + b" " * (12_000_000 - len(GOOD.encode()))

    with pytest.raises(NoticeParseError, match=r"^file is 12\.0 MB; notices are at most 1 MB$"):
        parse_notice(data)


def test_it_gives_the_exact_size_of_a_file_just_over_the_limit() -> None:
    with pytest.raises(
        NoticeParseError, match=r"^file is 1,000,001 bytes; notices are at most 1 MB$"
    ):
        parse_notice("x" * (MAX_NOTICE_BYTES + 1))


def test_it_accepts_a_notice_padded_to_exactly_the_limit() -> None:
    padded = GOOD + " " * (MAX_NOTICE_BYTES - len(GOOD.encode()))

    assert (
        parse_notice(padded.encode()).title
        == "Fees and charges for the registration service 2023/24"
    )


def test_it_refuses_text_that_is_not_a_notice() -> None:
    with pytest.raises(NoticeParseError, match=r"^not a written statement of a decision$") as error:
        parse_notice("Minutes of the planning committee\nPresent: Councillors A, B and C\n")

    assert error.value.field is None
    assert error.value.line is None


def test_it_names_the_missing_date_of_decision() -> None:
    with pytest.raises(NoticeParseError, match=r"^no date of decision found$") as error:
        parse_notice(without_line(GOOD, "Date of decision"))

    assert error.value.field == "decision_date"


def test_it_names_the_line_of_an_impossible_date() -> None:
    text = GOOD.replace("Date of decision\t23/02/2023", "Date of decision\t31 February 2022")

    with pytest.raises(NoticeParseError) as error:
        parse_notice(text)

    assert str(error.value) == "line 6: date of decision '31 February 2022' is not a real date"
    assert error.value.field == "decision_date"
    assert error.value.line == 6


def test_it_refuses_a_numeric_date_with_no_such_month() -> None:
    text = GOOD.replace("Date of decision\t23/02/2023", "Date of decision\t23/14/2023")

    with pytest.raises(
        NoticeParseError, match=r"^line 6: date of decision '23/14/2023' is not a real"
    ):
        parse_notice(text)


def test_it_refuses_a_date_of_decision_that_is_not_a_date() -> None:
    text = GOOD.replace("Date of decision\t23/02/2023", "Date of decision\tto be confirmed")

    with pytest.raises(
        NoticeParseError, match=r"^line 6: date of decision 'to be confirmed' is not a date$"
    ):
        parse_notice(text)


def test_it_names_the_line_of_an_impossible_call_in_date() -> None:
    text = GOOD.replace("01/03/2023", "30/02/2023")

    with pytest.raises(NoticeParseError) as error:
        parse_notice(text)

    assert str(error.value) == "line 13: call-in expiry date '30/02/2023' is not a real date"
    assert error.value.field == "call_in_expiry"


def test_it_names_an_impossible_signature_date() -> None:
    text = GOOD.replace("Date\t23/02/2023", "Date\t29/02/2023")

    with pytest.raises(NoticeParseError) as error:
        parse_notice(text)

    assert str(error.value) == "line 15: signature date '29/02/2023' is not a real date"
    assert error.value.field == "signed_date"


def test_it_names_the_missing_title() -> None:
    with pytest.raises(NoticeParseError, match=r"^no title found$") as error:
        parse_notice(without_line(GOOD, "Title"))

    assert error.value.field == "title"


def test_it_names_the_missing_decision() -> None:
    with pytest.raises(NoticeParseError, match=r"^no decision text found$") as error:
        parse_notice(without_line(GOOD, "Decision\t"))

    assert error.value.field == "decision"


def test_it_names_an_empty_decision_row_by_its_line() -> None:
    text = GOOD.replace(GOOD.split("\n")[8], "Decision\t")

    with pytest.raises(NoticeParseError, match=r"^line 9: no decision text found$"):
        parse_notice(text)


def test_it_names_the_missing_issue_reference() -> None:
    text = without_line(GOOD, "Reason for the decision")

    with pytest.raises(NoticeParseError, match=r"^no issue reference found$") as error:
        parse_notice(text)

    assert error.value.field == "reference"


def test_it_is_a_value_error_so_callers_can_catch_either() -> None:
    with pytest.raises(ValueError, match="file is empty"):
        parse_notice("")
