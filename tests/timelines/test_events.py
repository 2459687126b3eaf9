"""Dated events found in notices: the five real notices as parsed, then the rules one by one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from decisions.parsing import parse_notice
from decisions.timelines.rules.events import (
    EVENT_KINDS,
    ExtractedEvent,
    extract_events,
    split_sentences,
)
from tests.conftest import SAMPLES
from tests.timelines.summaries import summary_clauses

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "events"
NOTICES = SAMPLES
SEEDS = sorted(FIXTURES.glob("*.events.json"))


def _seed_inputs(fixture: dict[str, Any]) -> dict[str, Any]:
    """The fields of a seed notice that extract_events reads, as the parser gives them."""
    notice = parse_notice((NOTICES / fixture["notice"]).read_bytes())
    assert notice.reference == fixture["reference"]
    return {
        "decision_date": notice.decision_date,
        "purpose": notice.purpose,
        "clauses": summary_clauses(notice.clauses),
        "options_considered": notice.options_considered,
    }


def _events(text: str, decision_date: date = date(2025, 1, 10)) -> list[ExtractedEvent]:
    return extract_events(
        decision_date=decision_date, purpose=text, clauses=(), options_considered=""
    )


def _summary(events: list[ExtractedEvent]) -> list[tuple[str, date, date | None, str]]:
    return [(event.kind, event.date, event.end_date, event.precision) for event in events]


@pytest.mark.parametrize("path", SEEDS, ids=[path.name.split(".")[0] for path in SEEDS])
def test_it_finds_the_events_of_each_seed_notice(path: Path) -> None:
    fixture = json.loads(path.read_text(encoding="utf-8"))
    events = extract_events(**_seed_inputs(fixture))
    found = [
        {
            "kind": event.kind,
            "date": event.date.isoformat(),
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "precision": event.precision,
            "title": event.title,
            "source_field": event.source_field,
            "clause_key": event.clause_key,
            "date_basis": event.date_basis,
            "known_by": event.known_by.isoformat() if event.known_by else None,
            "tied_to": event.tied_to,
        }
        for event in events
    ]
    expected = [
        {key: value for key, value in event.items() if key != "sentence_contains"}
        for event in fixture["events"]
    ]
    assert found == expected
    for event, wanted in zip(events, fixture["events"], strict=True):
        assert wanted["sentence_contains"] in event.sentence


@pytest.mark.parametrize("path", SEEDS, ids=[path.name.split(".")[0] for path in SEEDS])
def test_it_quotes_each_sentence_exactly_from_its_source(path: Path) -> None:
    inputs = _seed_inputs(json.loads(path.read_text(encoding="utf-8")))
    clauses = {key: text for key, _, text in inputs["clauses"]}
    for event in extract_events(**inputs):
        if event.source_field == "clause":
            source = clauses[event.clause_key]
        else:
            source = inputs[event.source_field]
        assert event.sentence in " ".join(source.split())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "An Ofsted Monitoring Visit conducted on 21 - 22 February 2024 found progress.",
            [("monitoring_visit", date(2024, 2, 21), date(2024, 2, 22), "day")],
        ),
        (
            "The focused visit took place from 30 June to 2 July 2024.",
            [("monitoring_visit", date(2024, 6, 30), date(2024, 7, 2), "day")],
        ),
        (
            "Between 4 and 22 June 2018 inspectors visited the service.",
            [("inspection", date(2018, 6, 4), date(2018, 6, 22), "day")],
        ),
        (
            "In July 2022, Ofsted inspected the council's children's services.",
            [("inspection", date(2022, 7, 1), None, "month")],
        ),
        (
            "The service was last inspected in 2019.",
            [("inspection", date(2019, 1, 1), None, "year")],
        ),
        (
            "Ofsted published its report in Sept 2022.",
            [("report_published", date(2022, 9, 1), None, "month")],
        ),
        (
            "The report was published on December 20, 2022.",
            [("report_published", date(2022, 12, 20), None, "day")],
        ),
        (
            "The focused visit letter was published on 23/02/2023.",
            [("report_published", date(2023, 2, 23), None, "day")],
        ),
        (
            "The council was judged inadequate in September 2022.",
            [("judgement", date(2022, 9, 1), None, "month")],
        ),
        (
            "A statutory direction was issued on 5 October 2022.",
            [("statutory_direction", date(2022, 10, 5), None, "day")],
        ),
        (
            "The revised plan must be submitted to the DfE by the end of March 2023.",
            [("deadline", date(2023, 3, 1), None, "month")],
        ),
        (
            "The response is due 14 April 2023.",
            [("deadline", date(2023, 4, 14), None, "day")],
        ),
        (
            "The inspection was held on 4 June 2018.",
            [("inspection", date(2018, 6, 4), None, "day")],
        ),
        (
            "The panel was convened on 4 June 2018.",
            [("meeting", date(2018, 6, 4), None, "day")],
        ),
        (
            "The recommendations go to Full Council on 14 October 2022.",
            [("meeting", date(2022, 10, 14), None, "day")],
        ),
        (
            "On 30 September 2022 an extraordinary council meeting was held.",
            [("meeting", date(2022, 9, 30), None, "day")],
        ),
        (
            "The board held meetings on 4 June 2018 and 22 June 2018.",
            [
                ("meeting", date(2018, 6, 4), None, "day"),
                ("meeting", date(2018, 6, 22), None, "day"),
            ],
        ),
    ],
)
def test_it_recognises_the_language_of_notices(
    text: str, expected: list[tuple[str, date, date | None, str]]
) -> None:
    assert _summary(_events(text)) == expected


def test_it_reads_two_separate_events_in_one_sentence() -> None:
    events = _events(
        "The inspection took place 10-21 November 2025 and was published 12th January 2026."
    )
    assert _summary(events) == [
        ("inspection", date(2025, 11, 10), date(2025, 11, 21), "day"),
        ("report_published", date(2026, 1, 12), None, "day"),
    ]


@pytest.mark.parametrize(
    ("text", "decision_date", "month"),
    [
        ("The plan agreed by the improvement board May 25.", date(2025, 7, 17), date(2025, 5, 1)),
        ("The plan agreed by the improvement board Jan 26.", date(2025, 7, 17), date(2026, 1, 1)),
        ("The plan was approved by the board in Mar '99.", date(2005, 6, 1), date(1999, 3, 1)),
    ],
)
def test_it_reads_a_two_digit_year_as_the_year_nearest_the_decision(
    text: str, decision_date: date, month: date
) -> None:
    assert _summary(_events(text, decision_date)) == [("plan_phase", month, None, "month")]


@pytest.mark.parametrize(
    "text",
    [
        "The Children Services business plan for 2026/27 will be monitored by the inspection team.",
        "The inspection budget for 2022-23 is attached.",
        "The consultation closed on 5 May 2023.",
        "The decision was made on 23/02/2023 at the inspection debrief.",
        "Nurseries rated good or outstanding by Ofsted will be funded from 1 April 2024.",
        "The council may 25 times a year review the plan agreed by the improvement board.",
        "The improvement board met on 30 February 2023.",
        "The plan agreed by the improvement board June 30 will be refreshed.",
    ],
)
def test_it_makes_no_event_from_a_date_without_event_words(text: str) -> None:
    assert _events(text, date(2005, 1, 1) if "June 30" in text else date(2025, 1, 10)) == []


def test_it_places_undated_facts_on_the_decision_date_as_inferred() -> None:
    events = _events(
        "The Department for Education have issued a statutory direction. Services remain "
        "subject to the Ofsted judgement of inadequate.",
        date(2022, 9, 29),
    )
    assert [(e.kind, e.date, e.precision, e.title, e.date_basis, e.known_by) for e in events] == [
        (
            "judgement",
            date(2022, 9, 29),
            "day",
            "Ofsted judgement: inadequate",
            "inferred",
            date(2022, 9, 29),
        ),
        (
            "statutory_direction",
            date(2022, 9, 29),
            "day",
            "Statutory direction issued",
            "inferred",
            date(2022, 9, 29),
        ),
    ]


def test_a_date_the_text_gives_is_stated_and_known_by_nothing_else() -> None:
    (event,) = _events("A statutory direction was issued on 5 October 2022.")
    assert (event.date_basis, event.known_by, event.tied_to) == ("stated", None, None)


def test_it_ties_an_undated_judgement_to_the_latest_earlier_inspection() -> None:
    events = extract_events(
        decision_date=date(2023, 3, 1),
        purpose="Following the ILACS inspection between 4 June 2018 and 22 June 2018 and the "
        "inspection in July 2022, to agree the plan. A further inspection is expected in "
        "May 2024.",
        clauses=(),
        options_considered="None, given the Ofsted judgement of inadequate.",
    )
    judgement = next(e for e in events if e.kind == "judgement")
    assert (judgement.date, judgement.end_date, judgement.precision) == (
        date(2022, 7, 1),
        None,
        "month",
    )
    assert (judgement.date_basis, judgement.known_by, judgement.tied_to) == (
        "tied",
        date(2023, 3, 1),
        "inspection",
    )
    kinds_on_the_day = [e.kind for e in events if e.date == date(2022, 7, 1)]
    assert kinds_on_the_day == ["inspection", "judgement"]  # the cause first


def test_a_tied_judgement_takes_the_whole_range_of_its_inspection() -> None:
    events = _events(
        "The inspection took place 10-21 November 2025. The service was judged good by Ofsted.",
        date(2026, 2, 5),
    )
    assert _summary(events) == [
        ("inspection", date(2025, 11, 10), date(2025, 11, 21), "day"),
        ("judgement", date(2025, 11, 10), date(2025, 11, 21), "day"),
    ]
    assert events[1].title == "Ofsted judgement: good"


def test_a_monitoring_visit_serves_only_when_no_inspection_is_mentioned() -> None:
    visit_only = _events(
        "The monitoring visit on 21 - 22 February 2024 found progress. The service remains "
        "judged inadequate by Ofsted.",
        date(2024, 6, 1),
    )
    judgement = next(e for e in visit_only if e.kind == "judgement")
    assert (judgement.date, judgement.tied_to) == (date(2024, 2, 21), "monitoring_visit")
    both = _events(
        "The inspection in July 2022 and the monitoring visit on 21 - 22 February 2024. "
        "The service remains judged inadequate by Ofsted.",
        date(2024, 6, 1),
    )
    judgement = next(e for e in both if e.kind == "judgement")
    assert (judgement.date, judgement.tied_to) == (date(2022, 7, 1), "inspection")


@pytest.mark.parametrize(
    "text",
    [
        "The next inspection is planned for March 2026. Services are judged inadequate by Ofsted.",
        "The council was judged inadequate in September 2022 after the inspection in July 2022.",
        "The Secretary of State issued a statutory direction after the inspection in July 2022.",
    ],
)
def test_it_ties_only_an_undated_judgement_to_an_earlier_inspection(text: str) -> None:
    events = _events(text, date(2025, 1, 10))
    assert [e for e in events if e.date_basis == "tied"] == []


def test_an_endorsed_plan_phase_is_inferred_on_the_decision_day() -> None:
    (event,) = _events("Cabinet endorse the Phase 3 Improvement Plan.", date(2025, 7, 17))
    assert (event.kind, event.date_basis, event.known_by) == (
        "plan_phase",
        "inferred",
        date(2025, 7, 17),
    )


@pytest.mark.parametrize(
    "text",
    [
        "To present the recently published report of the inspection.",
        "The statutory direction issued in 2022 was lifted by the Secretary of State.",
        "To lead the completion of the Phase 3 improvement plan.",
        "Providers must be rated good or outstanding by Ofsted.",
    ],
)
def test_it_does_not_date_what_the_notice_does_not_date(text: str) -> None:
    assert [e for e in _events(text) if e.date == date(2025, 1, 10)] == []


def test_it_marks_the_start_of_an_endorsed_plan_phase() -> None:
    (event,) = extract_events(
        decision_date=date(2025, 7, 17),
        purpose="",
        clauses=[("a", "a", "Cabinet endorse the Phase 3 Improvement Plan outlined in Appendix A")],
        options_considered="",
    )
    assert (event.kind, event.date, event.title) == (
        "plan_phase",
        date(2025, 7, 17),
        "Phase 3 Improvement Plan endorsed",
    )
    assert (event.source_field, event.clause_key) == ("clause", "a")


def test_it_keeps_one_event_per_fact_from_the_first_field_that_states_it() -> None:
    events = extract_events(
        decision_date=date(2022, 9, 29),
        purpose="To note the implications of the Statutory Direction issued by the Secretary "
        "of State.",
        clauses=[
            (
                "b",
                "b",
                "Consider comments before submission of the action plan by 20 December 2022",
            ),
            (
                "d",
                "d",
                "The action plan be approved by cabinet for submission by 20 December 2022.",
            ),
        ],
        options_considered="The Department for Education have issued a statutory direction.",
    )
    assert [(e.kind, e.source_field, e.clause_key) for e in events] == [
        ("statutory_direction", "purpose", None),
        ("deadline", "clause", "b"),
    ]


@pytest.mark.parametrize(
    ("lead", "title"),
    [
        ("the extraordinary council meeting to be held on", "Extraordinary council meeting"),
        (
            "made by the Children and Young People Scrutiny Committee at its meeting on the",
            "Children and Young People Scrutiny Committee meeting",
        ),
        ("to submit the action plan to Ofsted no later than", "Action plan due to Ofsted"),
        ("the council's response is due by", "Response due"),
        (
            "the revised strategy must go to the Department for Education by",
            "Revised strategy due to the Department for Education",
        ),
    ],
)
def test_it_titles_events_from_the_words_around_them(lead: str, title: str) -> None:
    (event,) = _events(f"Cabinet noted {lead} 20 December 2022.")
    assert event.title == title


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Cabinet endorse the plan in Appendix A. The plan was agreed.",
            ("Cabinet endorse the plan in Appendix A.", "The plan was agreed."),
        ),
        (
            "Ofsted reported in Sept. 2022 e.g. on practice. Next.",
            ("Ofsted reported in Sept. 2022 e.g. on practice.", "Next."),
        ),
        (
            "Directed as follows: To comply; b) To co-operate: i. to any premises",
            ("Directed as follows:", "To comply;", "b) To co-operate:", "i. to any premises"),
        ),
        ("  spread\n over\tlines  ", ("spread over lines",)),
    ],
)
def test_it_splits_sentences_where_a_reader_would(text: str, sentences: tuple[str, ...]) -> None:
    assert split_sentences(text) == sentences


_NOTICE_WORDS = st.sampled_from(
    [
        "inspection",
        "published",
        "by",
        "no later than",
        "meeting",
        "held on",
        "between",
        "and",
        "to",
        "-",
        "within 70 days of",
        "Phase 3",
        "plan agreed by the board",
        "statutory direction issued",
        "judgement of inadequate",
        "Ofsted",
        "monitoring visit",
        "4 June 2018",
        "22",
        "June",
        "2018",
        "May 25",
        "Sept",
        "12th",
        "2026/27",
        "31 February",
        "23/02/2023",
        "in 2019",
        ".",
        ";",
        ":",
        "(which is",
        ")",
        "e.g.",
        "b)",
        "\n",
    ]
)


@given(st.lists(st.one_of(_NOTICE_WORDS, st.text(max_size=12)), max_size=40), st.dates())
def test_it_never_fails_and_only_quotes_its_source(words: list[str], decision_date: date) -> None:
    text = " ".join(words)
    events = extract_events(
        decision_date=decision_date,
        purpose=text,
        clauses=[("a", "a", text)],
        options_considered=text,
    )
    collapsed = " ".join(text.split())
    for event in events:
        assert event.kind in EVENT_KINDS
        assert event.kind != "decision"
        assert event.sentence in collapsed
        assert event.end_date is None or event.end_date > event.date
    assert [e.date for e in events] == sorted(e.date for e in events)
    for event in events:
        assert (event.known_by is None) == (event.date_basis == "stated")
        assert (event.tied_to is not None) == (event.date_basis == "tied")
        assert event.date_basis != "tied" or event.date <= event.known_by
    assert len({(e.kind, e.date, e.end_date) for e in events}) == len(events)
