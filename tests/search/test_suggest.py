""" "Did you mean …?" (decisions/search/suggest.py): the pure choice of a word, and the
suggestion from the archive's own vocabulary on whichever database the tests run on."""

from __future__ import annotations

import pytest

from decisions.search.suggest import closest_word, likeness, replace_words, suggest_search
from tests.factories import make_decision


def test_it_likes_a_stem_that_starts_the_typed_word() -> None:
    assert likeness("Ofstead", "ofst") > likeness("Ofstead", "offic")


def test_it_picks_the_closest_term_and_breaks_ties_by_how_common_it_is() -> None:
    candidates = [("ofst", 3), ("often", 40), ("school", 9), ("schol", 1)]
    assert closest_word("ofstead", candidates) == "ofst"
    assert closest_word("schoool", [("school", 9), ("schools", 2)]) == "school"
    assert closest_word("budget", [("budgets", 1), ("budgett", 5)]) == "budgett"


def test_it_suggests_nothing_unlike_the_word_or_the_word_itself() -> None:
    assert closest_word("zebra", [("ofst", 3), ("school", 9)]) is None
    assert closest_word("plan", [("plan", 3)]) is None
    assert closest_word("plan", [("pl4n", 3)]) is None  # never a term with digits


def test_it_replaces_whole_words_whatever_their_case() -> None:
    query = replace_words("Ofstead report ofstead-ish", [("ofstead", "Ofsted")])
    assert query == "Ofsted report Ofsted-ish"
    assert replace_words("planning plan", [("plan", "plans")]) == "planning plans"


@pytest.mark.django_db
def test_it_suggests_the_archive_s_spelling_of_a_misspelt_word() -> None:
    make_decision(title="Response to the Ofsted inspection", clauses=("Note the Ofsted letter.",))
    make_decision(title="School transport", clauses=("Approve the school transport policy.",))

    suggestion = suggest_search("Ofstead inspection")

    assert suggestion is not None
    assert suggestion.query == "Ofsted inspection"
    assert suggestion.replaced == (("ofstead", "Ofsted"),)


@pytest.mark.django_db
def test_it_suggests_nothing_when_every_word_is_in_the_archive_or_nothing_is_near() -> None:
    make_decision(title="Response to the Ofsted inspection")
    assert suggest_search("Ofsted") is None
    assert suggest_search("xylophone") is None
    assert suggest_search("-Ofstead") is None  # an excluded word needs no spelling


@pytest.mark.django_db
def test_it_gives_up_on_postgresql_past_its_time_limit(monkeypatch) -> None:
    from django.db import connection

    from decisions.search import suggest

    if connection.vendor != "postgresql":
        pytest.skip("the time limit is PostgreSQL's (SQLite reads its vocabulary table)")
    make_decision(title="Response to the Ofsted inspection")
    monkeypatch.setattr(suggest, "PG_TIME_LIMIT_MS", 50)
    monkeypatch.setattr(suggest, "_PG_CANDIDATES", "SELECT 'ofst', 1 FROM pg_sleep(1)")

    assert suggest_search("Ofstead") is None  # no suggestion, and no error
    assert suggest_search("Ofsted") is None
