"""Follow-up links: the five real notices, then the rules that keep links honest."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from decisions.parsing import parse_notice
from decisions.timelines.rules.followups import DecisionSummary, FollowUp, find_follow_ups
from tests.conftest import SAMPLES
from tests.timelines.summaries import summary_clauses

NOTICES = sorted(SAMPLES.glob("*.txt"))


def _summary(path: Path) -> DecisionSummary:
    notice = parse_notice(path.read_bytes())
    return DecisionSummary(
        reference=notice.reference,
        decision_date=notice.decision_date,
        title=notice.title,
        purpose=notice.purpose,
        clauses=summary_clauses(notice.clauses),
        options_considered=notice.options_considered,
    )


@pytest.fixture(scope="module")
def seeds() -> list[DecisionSummary]:
    return [_summary(path) for path in NOTICES]


def _decision(
    reference: str, day: date, *clauses: str, title: str = "Improvement", purpose: str = ""
) -> DecisionSummary:
    labelled = tuple((chr(ord("a") + i), chr(ord("a") + i), text) for i, text in enumerate(clauses))
    return DecisionSummary(reference, day, title, purpose, labelled)


def test_it_links_the_seed_notices_that_answer_each_other(seeds: list[DecisionSummary]) -> None:
    assert find_follow_ups(seeds) == [
        FollowUp("I50042913", "I50043387", "action plan due to Ofsted by 20 December 2022"),
        FollowUp("I50052101", "I50053845", "Phase 3 improvement plan endorsed for delivery"),
    ]


def test_it_does_not_link_the_2018_action_plan_to_the_2022_one(
    seeds: list[DecisionSummary],
) -> None:
    assert all(link.earlier != "I50027300" for link in find_follow_ups(seeds))


def test_it_finds_the_same_links_in_any_order(seeds: list[DecisionSummary]) -> None:
    shuffled = list(seeds)
    random.Random(7).shuffle(shuffled)
    assert find_follow_ups(shuffled) == find_follow_ups(seeds)


def test_it_never_links_backwards_or_to_itself(seeds: list[DecisionSummary]) -> None:
    dates = {seed.reference: seed.decision_date for seed in seeds}
    for link in find_follow_ups(seeds):
        assert dates[link.later] > dates[link.earlier]


def test_it_does_not_link_a_decision_made_on_the_same_day() -> None:
    asking = _decision(
        "I1", date(2022, 9, 29), "The action plan be approved by cabinet by 20 December 2022."
    )
    same_day = _decision("I2", date(2022, 9, 29), "Cabinet approve the action plan.")
    assert find_follow_ups([asking, same_day]) == []


def test_it_chooses_the_first_decision_inside_the_deadline() -> None:
    asking = _decision(
        "I1", date(2022, 9, 29), "The action plan be submitted to Ofsted by 20 December 2022."
    )
    first = _decision("I2", date(2022, 11, 3), "Cabinet approve the action plan.")
    second = _decision("I3", date(2022, 12, 15), "Cabinet approve the action plan.")
    assert find_follow_ups([second, asking, first]) == [
        FollowUp("I1", "I2", "action plan due to Ofsted by 20 December 2022")
    ]


def test_it_ignores_a_decision_after_the_deadline() -> None:
    asking = _decision(
        "I1", date(2018, 10, 18), "The action plan be submitted to Ofsted by 25 October 2018."
    )
    late = _decision("I2", date(2018, 11, 1), "Cabinet approve the action plan.")
    assert find_follow_ups([asking, late]) == []


def test_it_needs_the_later_decision_to_act_on_the_same_deliverable() -> None:
    asking = _decision(
        "I1", date(2022, 9, 29), "The action plan be submitted to Ofsted by 20 December 2022."
    )
    other = _decision("I2", date(2022, 11, 3), "Cabinet approve the sufficiency strategy.")
    mention = _decision("I3", date(2022, 11, 4), "The action plan is mentioned here.")
    leadership = _decision(
        "I4", date(2022, 11, 5), "The Corporate Leadership Team discussed the action plan."
    )
    assert find_follow_ups([asking, other, mention, leadership]) == []


def test_it_takes_no_ask_from_a_rejected_option() -> None:
    asking = replace(
        _decision("I1", date(2022, 9, 29), "Cabinet note the report."),
        options_considered="Submit the action plan to Ofsted by 20 December 2022: rejected.",
    )
    answer = _decision("I2", date(2022, 11, 3), "Cabinet approve the action plan.")
    assert find_follow_ups([asking, answer]) == []


def test_it_links_a_promised_cabinet_step_within_the_window() -> None:
    asking = _decision(
        "I1",
        date(2023, 3, 1),
        "The draft sufficiency strategy be presented to cabinet for approval after consultation.",
    )
    answer = _decision("I2", date(2023, 9, 14), "Cabinet approve the sufficiency strategy.")
    assert find_follow_ups([asking, answer]) == [
        FollowUp("I1", "I2", "sufficiency strategy to come back to cabinet")
    ]


def test_it_does_not_link_beyond_the_window_without_a_deadline() -> None:
    asking = _decision("I1", date(2023, 3, 1), "Cabinet endorse the Phase 2 improvement plan.")
    years_later = _decision("I2", date(2025, 3, 1), "Cabinet note the Phase 2 improvement plan.")
    assert find_follow_ups([asking, years_later]) == []


def test_it_matches_a_phase_only_by_its_number() -> None:
    asking = _decision("I1", date(2025, 7, 17), "Cabinet endorse the Phase 3 Improvement Plan.")
    phase_4 = _decision("I2", date(2025, 12, 1), "Cabinet endorse the Phase 4 improvement plan.")
    phase_3 = replace(phase_4, reference="I3", title="Children's Improvement Plan Phase 3")
    assert find_follow_ups([asking, phase_4]) == []
    assert find_follow_ups([asking, phase_4, phase_3]) == [
        FollowUp("I1", "I3", "Phase 3 improvement plan endorsed for delivery")
    ]


def test_it_needs_a_named_deliverable_for_an_open_ended_ask() -> None:
    asking = _decision("I1", date(2023, 3, 1), "A further report be presented to cabinet.")
    answer = _decision("I2", date(2023, 6, 1), "Cabinet note the report.")
    assert find_follow_ups([asking, answer]) == []


def test_it_returns_nothing_for_no_decisions() -> None:
    assert find_follow_ups([]) == []
