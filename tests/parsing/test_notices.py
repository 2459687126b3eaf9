"""Each notice in tests/fixtures/samples (the real ones) and tests/fixtures/notices (variants
written to test the family) parses to the values in the JSON file beside it."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from decisions.parsing import ParsedClause, ParsedNotice, SourceFormat, parse_notice
from decisions.parsing.clauses import parse_clauses
from decisions.parsing.dates import find_date
from decisions.parsing.formats.plain_text import clean_text, decode_notice, repair_mojibake
from decisions.parsing.reference import find_issue_link
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notices"
NOTICES = sorted(SAMPLES.glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))
# Provenance is not compared: a PDF and a text extract of one notice share one expected JSON.
PROVENANCE = ("source_text", "source_format", "notes", "field_confidence")
COMPARED_FIELDS = [f.name for f in dataclasses.fields(ParsedNotice) if f.name not in PROVENANCE]


def as_json(notice: ParsedNotice) -> dict[str, Any]:
    """A parsed notice as the expected JSON writes it: ISO dates, clauses as dicts."""
    values: dict[str, Any] = {}
    for name in COMPARED_FIELDS:
        value = getattr(notice, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif name == "clauses":
            value = [dataclasses.asdict(clause) for clause in value]
        values[name] = value
    return values


def describe_differences(expected: dict[str, Any], actual: dict[str, Any]) -> str:
    """One readable paragraph per field that differs; clauses are compared one by one."""
    lines = []
    for name in COMPARED_FIELDS:
        want, got = expected.get(name), actual[name]
        if want == got:
            continue
        if name == "clauses" and isinstance(want, list):
            lines.append(f"clauses: expected {len(want)}, actual {len(got)}")
            for index in range(max(len(want), len(got))):
                one = want[index] if index < len(want) else None
                other = got[index] if index < len(got) else None
                if one != other:
                    lines.append(f"  clause {index}:\n    expected {one!r}\n    actual   {other!r}")
        else:
            lines.append(f"{name}:\n  expected {want!r}\n  actual   {got!r}")
    return "\n".join(lines)


def test_it_has_fixtures_for_every_seed_and_variant() -> None:
    assert len([p for p in NOTICES if p.parent == SAMPLES]) == 5
    assert len([p for p in NOTICES if p.name.startswith("variant_")]) >= 9
    for path in NOTICES:
        assert path.with_suffix(".expected.json").exists(), f"{path.name} has no expected JSON"


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_it_parses_the_notice_as_expected(path: Path) -> None:
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(COMPARED_FIELDS), "expected JSON names the wrong fields"

    actual = as_json(parse_notice(path.read_bytes()))

    differences = describe_differences(expected, actual)
    assert not differences, f"{path.name} differs from its expected JSON:\n{differences}"


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_it_parses_text_as_it_parses_bytes(path: Path) -> None:
    data = path.read_bytes()
    text = (
        data.decode("utf-8-sig")
        if not path.name.startswith("variant_cp1252")
        else data.decode("cp1252")
    )

    from_bytes = parse_notice(data)
    # Only bytes have an encoding to note: the rest is the same.
    assert parse_notice(text) == dataclasses.replace(from_bytes, notes=())
    if path.name.startswith("variant_cp1252"):
        assert from_bytes.notes == (
            "not valid UTF-8 (byte 0x96 at offset 128): read as Windows-1252",
        )
    else:
        assert from_bytes.notes == ()


def test_it_records_that_a_text_extract_was_read_as_text() -> None:
    data = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes()

    assert parse_notice(data).source_format == SourceFormat.PLAIN_TEXT == "text"


def test_it_keeps_the_source_text_verbatim_without_the_bom() -> None:
    data = (FIXTURES / "variant_utf8_bom_single_member_dot_clauses.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")

    assert parse_notice(data).source_text == data[3:].decode("utf-8")


def test_it_decodes_windows_1252_into_the_source_text() -> None:
    data = (FIXTURES / "variant_cp1252_key_decision.txt").read_bytes()
    assert b"\x96" in data  # an en dash in Windows-1252

    notice = parse_notice(data)

    assert notice.source_text == data.decode("cp1252")
    assert "\u2013" in notice.title


def test_it_keeps_crlf_line_endings_in_the_source_text() -> None:
    data = (FIXTURES / "variant_crlf_nbsp_numbered_clauses.txt").read_bytes()

    notice = parse_notice(data)

    assert "\r\n" in notice.source_text
    assert notice.source_text == data.decode("utf-8")
    assert "\u00a0" not in notice.title


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("15 December 2022", date(2022, 12, 15)),
        ("12th January 2026", date(2026, 1, 12)),
        ("1st June 2022", date(2022, 6, 1)),
        ("23/02/2023", date(2023, 2, 23)),
        ("01/03/23", date(2023, 3, 1)),
        ("5 Sept 2022", date(2022, 9, 5)),
        ("5 Dec. 2022", date(2022, 12, 5)),
        ("Thursday, 15 December 2022", date(2022, 12, 15)),
        ("December 15, 2022", date(2022, 12, 15)),
        ("2022-12-15", date(2022, 12, 15)),
    ],
)
def test_it_reads_every_date_form(written: str, expected: date) -> None:
    found = find_date(written)

    assert found is not None
    assert found.value == expected


def test_it_tells_an_impossible_date_from_no_date() -> None:
    impossible = find_date("31 February 2022")

    assert impossible is not None and impossible.value is None
    assert find_date("to be confirmed") is None
    assert find_date("Decembr 2022") is None


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "at http://councillors.herefordshire.gov.uk/mglssueHistoryHome.aspx?lld=50027300",
            "http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50027300",
        ),
        (
            "at http://councillors.herefordshire.gov.uk/mglIssueHistoryHome.aspx?IId=50043387",
            "http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50043387",
        ),
        (
            "at https://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?Id=50053845.",
            "https://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50053845",
        ),
        (
            "at http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?l D=50027300",
            "http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50027300",
        ),
    ],
)
def test_it_repairs_the_documents_url(text: str, url: str) -> None:
    link = find_issue_link(text)

    assert link is not None
    assert link.url == url


def test_it_ignores_urls_that_are_not_an_issue_history() -> None:
    assert find_issue_link("http://x.gov.uk/mgCommitteeDetails.aspx?ID=251") is None


def test_it_repairs_utf8_read_as_windows_1252() -> None:
    assert repair_mojibake("ILACS â€“ Appendix A, Childrenâ€™s, â€¢ item, 12Â months") == (
        "ILACS \u2013 Appendix A, Children\u2019s, \u2022 item, 12 months"
    )
    assert repair_mojibake("café – ok") == "café – ok"


def labels(text: str) -> list[tuple[str, int | None]]:
    """The labels and parents of the clauses found in one line of decision text."""
    return [(clause.label, clause.parent) for clause in parse_clauses([text])]


def test_it_does_not_take_appendix_letters_for_clauses() -> None:
    assert labels("That: a) the plan in Appendix A) be approved (see below); b) noted.") == [
        ("a", None),
        ("b", None),
    ]


def test_it_reads_i_after_h_as_a_letter_and_i_after_a_colon_as_a_sub_clause() -> None:
    text = "a) x; b) x; c) x; d) x; e) x; f) x; g) x; h) x; i) x; j) as follows: i. y; ii. z"

    assert labels(text) == [(letter, None) for letter in "abcdefghij"] + [("i", 9), ("ii", 9)]


def test_it_closes_a_sub_list_when_the_next_letter_comes() -> None:
    assert labels("That: (a) x: (i) y; (ii) z; and (b) w.") == [
        ("a", None),
        ("i", 0),
        ("ii", 0),
        ("b", None),
    ]


def test_it_does_not_split_on_numbers_inside_sentences() -> None:
    assert labels("1. Rents rise by 2.5% as in section 2. Then review; 2. noted.") == [
        ("1", None),
        ("2", None),
    ]


def test_it_keeps_an_unlabelled_decision_as_one_clause() -> None:
    clauses = parse_clauses(["That the strategy be adopted."])

    assert clauses == (ParsedClause(label="", text="That the strategy be adopted.", parent=None),)


def test_it_reads_a_utf8_file_spoiled_by_one_windows_1252_byte() -> None:
    data = "Children\u2019s \u2013 plan".encode() + b" \x92final\x92 \x81"

    assert clean_text(decode_notice(data)) == "Children\u2019s \u2013 plan \u2019final\u2019  "
