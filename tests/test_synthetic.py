"""Every synthetic notice parses to the values the generator says it holds."""

from __future__ import annotations

import re

import pytest

from decisions.bench.synthetic import (
    CLAUSE_STYLES,
    DATE_STYLES,
    ENCODINGS,
    LAYOUTS,
    SIGNATURES,
    SyntheticNotice,
    generate_notices,
)
from decisions.parsing import ParsedNotice, parse_notice

NOTICES = list(generate_notices(60))
PLAIN_FIELDS = (
    "reference",
    "title",
    "decision_date",
    "decision_maker",
    "is_key_decision",
    "signatory_name",
    "signatory_role",
    "signed_date",
    "call_in_expiry",
    "purpose",
    "source_url",
    "layout",
)


def differences(notice: SyntheticNotice, parsed: ParsedNotice) -> list[str]:
    """Each expected value the parser did not give, as 'field: expected … got …'."""
    expected = notice.expected
    found = [
        f"{name}: expected {expected[name]!r}, got {getattr(parsed, name)!r}"
        for name in PLAIN_FIELDS
        if expected[name] != getattr(parsed, name)
    ]
    labels = tuple(clause.label for clause in parsed.clauses)
    if labels != expected["clause_labels"]:
        found.append(f"clause labels: expected {expected['clause_labels']}, got {labels}")
    parents = tuple(clause.parent for clause in parsed.clauses)
    if parents != expected["clause_parents"]:
        found.append(f"clause parents: expected {expected['clause_parents']}, got {parents}")
    if expected["rare_token"] not in parsed.purpose:
        found.append(f"rare token {expected['rare_token']!r} missing from the purpose")
    return found


@pytest.mark.parametrize("notice", NOTICES, ids=[n.name for n in NOTICES])
def test_it_parses_every_synthetic_notice_as_generated(notice: SyntheticNotice) -> None:
    parsed = parse_notice(notice.data)

    problems = differences(notice, parsed)
    assert not problems, f"{notice.name}:\n" + "\n".join(problems)


def test_it_covers_every_layout_signature_encoding_and_style() -> None:
    def seen(key: str) -> set:
        return {notice.expected[key] for notice in NOTICES}

    assert seen("layout") == set(LAYOUTS)
    assert seen("signature_form") == set(SIGNATURES)
    assert seen("encoding") == set(ENCODINGS)
    assert {(n.expected["layout"], n.expected["signature_form"]) for n in NOTICES} == {
        (layout, form) for layout in LAYOUTS for form in SIGNATURES
    }
    assert seen("is_key_decision") == {True, False}
    assert any(n.expected["decision_maker"].startswith("Cabinet member ") for n in NOTICES)
    assert any(n.data.startswith(b"\xef\xbb\xbf") for n in NOTICES)
    assert any(b"\r\n" in n.data for n in NOTICES)
    assert any(b"\n" in n.data and b"\r\n" not in n.data for n in NOTICES)
    first_labels = {n.expected["clause_labels"][0] for n in NOTICES}
    assert {"a", "1"} <= first_labels
    assert any("i" in n.expected["clause_labels"] for n in NOTICES)
    assert any(parent is not None for n in NOTICES for parent in n.expected["clause_parents"])
    clause_starts = {n.data.decode(n.expected["encoding"]).count("(a) ") > 0 for n in NOTICES}
    assert clause_starts == {True, False}
    assert len(CLAUSE_STYLES) == 5


def written_call_in_date(notice: SyntheticNotice) -> str:
    """The call-in expiry date as the notice writes it (every layout has that row)."""
    text = notice.data.decode(notice.expected["encoding"])
    row = text.split("Call-in expiry date (decisions are not subject to call-in", 1)[1]
    return row.split("\t")[1].split("\r")[0].split("\n")[0]


def test_it_writes_every_date_style() -> None:
    written = [written_call_in_date(notice) for notice in NOTICES]
    styles = {
        "numeric": re.compile(r"\d\d/\d\d/20\d\d"),
        "ordinal": re.compile(r"\d{1,2}(?:st|nd|rd|th) [A-Z][a-z]+ 20\d\d"),
        "long": re.compile(
            r"\d{1,2} (?:January|February|March|April|May|June|July|August|"
            r"September|October|November|December) 20\d\d"
        ),
        "short": re.compile(r"\d{1,2} (?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Oct|Nov|Dec) 20\d\d"),
    }

    for style, pattern in styles.items():
        assert any(pattern.fullmatch(date) for date in written), f"no {style} dates"
    assert set(styles) == set(DATE_STYLES)


def test_it_gives_each_notice_a_unique_reference_and_rare_token() -> None:
    notices = list(generate_notices(2000, seed=3))

    assert len({n.expected["reference"] for n in notices}) == 2000
    assert len({n.expected["rare_token"] for n in notices}) == 2000
    assert len({n.name for n in notices}) == 2000


def test_it_spreads_decision_dates_over_2015_to_2026() -> None:
    years = {n.expected["decision_date"].year for n in generate_notices(500)}

    assert min(years) == 2015
    assert max(years) == 2026


def test_it_gives_the_same_notices_for_the_same_seed() -> None:
    again = list(generate_notices(60))
    other = list(generate_notices(60, seed=1))

    assert [n.data for n in again] == [n.data for n in NOTICES]
    assert [n.data for n in other] != [n.data for n in NOTICES]


def test_it_names_notices_by_number_and_layout() -> None:
    assert NOTICES[0].name == "syn_000000_html.txt"
    assert NOTICES[3].name == "syn_000003_unlabelled.txt"
