"""The decision list: /decisions/ with search, filters, facets, sort and pagination."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


def make_many(count: int, **fields) -> None:
    for i in range(count):
        make_decision(
            title=f"Library opening hours review {i}",
            decision_date=date(2024, 1, 1) + timedelta(days=i),
            **fields,
        )


def test_it_lists_decisions_newest_first(client) -> None:
    make_decision(reference="I70000101", title="Older", decision_date=date(2020, 1, 1))
    make_decision(reference="I70000102", title="Newer", decision_date=date(2021, 1, 1))
    response = client.get("/decisions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "2 decisions" in html
    assert "<title>Search decisions – Cabinet decisions archive</title>" in html


def test_it_shows_each_result_with_date_maker_tag_and_link(client) -> None:
    make_decision(
        reference="I60000111",
        title="Road safety plan",
        decision_maker="Cabinet member transport",
        is_key_decision=True,
        decision_date=date(2023, 6, 5),
    )
    html = client.get("/decisions/").content.decode()
    assert '<a href="/herefordshire/decisions/I60000111/">Road safety plan</a>' in html
    assert '<time datetime="2023-06-05">5 June 2023</time>' in html
    assert "Cabinet member transport" in html
    assert '<strong class="tag tag--blue">Key decision</strong>' in html


def test_it_counts_and_highlights_search_results(client, seeds) -> None:
    html = client.get("/decisions/?q=statutory+direction").content.decode()
    assert "1 decision matches <q>statutory direction</q>" in html
    assert "<mark>" in html
    assert (
        "<title>Decisions matching “statutory direction” – Cabinet decisions archive</title>"
        in html
    )


def test_it_shows_active_filters_with_links_that_remove_them(client, seeds) -> None:
    response = client.get("/decisions/?q=ofsted&year=2022&key=1&sort=oldest")
    html = response.content.decode()
    assert response.context["active_filters"][0].label == "Search"
    assert 'href="/decisions/?year=2022&amp;key=1&amp;sort=oldest"' in html  # removes q
    assert 'href="/decisions/?q=ofsted&amp;key=1&amp;sort=oldest"' in html  # removes year
    assert 'href="/decisions/?q=ofsted&amp;year=2022&amp;sort=oldest"' in html  # removes key
    assert "Clear all filters" in html


def test_it_names_the_councillor_in_the_active_filter(client) -> None:
    make_decision(signatory=make_councillor("Jonathan Lester"))
    html = client.get("/decisions/?councillor=jonathan-lester").content.decode()
    assert "Signed by: Jonathan Lester" in html


def test_it_shows_facet_counts_for_maker_year_and_key(client, seeds) -> None:
    html = client.get("/decisions/").content.decode()
    facets = re.sub(r"\s+", " ", html[html.index('id="filters"') :])
    assert '<a class="facet__link" href="/decisions/?key=1">Key decisions only' in facets
    assert 'href="/decisions/?decision_maker=Cabinet">Cabinet <span class="facet__count">(5' in (
        facets
    )
    assert 'href="/decisions/?year=2022">2022 <span class="facet__count">(2' in facets
    assert 'href="/decisions/?year=2018">2018 <span class="facet__count">(1' in facets


def test_it_marks_the_chosen_facet_and_links_to_remove_it(client, seeds) -> None:
    html = client.get("/decisions/?year=2022").content.decode()
    assert (
        '<a class="facet__link facet__link--selected" href="/decisions/">'
        '<span class="visually-hidden">Remove filter: </span>2022' in html
    )


def test_it_shows_20_results_a_page_with_pagination(client) -> None:
    make_many(45)
    response = client.get("/decisions/?page=2")
    assert len(response.context["results"]) == 20
    html = response.content.decode()
    assert '<a href="/decisions/?page=2" aria-label="Page 2" aria-current="page">2</a>' in html
    assert '<a class="pagination__prev" href="/decisions/"' in html
    assert '<a class="pagination__next" href="/decisions/?page=3"' in html
    last = client.get("/decisions/?page=3")
    assert len(last.context["results"]) == 5
    assert "pagination__next" not in last.content.decode()


def test_it_keeps_the_search_in_pagination_links(client) -> None:
    make_many(25)
    html = client.get("/decisions/?q=library&sort=oldest").content.decode()
    assert 'href="/decisions/?q=library&amp;sort=oldest&amp;page=2"' in html


def test_it_shows_the_last_page_for_a_page_past_the_end(client) -> None:
    make_many(3)
    response = client.get("/decisions/?page=9")
    assert response.status_code == 200
    assert len(response.context["results"]) == 3


def test_it_suggests_what_to_try_when_nothing_matches(client, seeds) -> None:
    response = client.get("/decisions/?q=zebra&year=2022")
    html = response.content.decode()
    assert response.status_code == 200
    assert "No decisions match <q>zebra</q>" in html
    assert "check the spelling" in html
    assert 'href="/decisions/?q=zebra">search without filters</a>' in html


def test_it_keeps_filters_as_hidden_fields_in_the_search_form(client, seeds) -> None:
    html = client.get("/decisions/?q=ofsted&year=2022&sort=oldest").content.decode()
    search_form = html[html.index('role="search"') : html.index("</form>")]
    assert '<input type="hidden" name="year" value="2022">' in search_form
    assert '<input type="hidden" name="sort" value="oldest">' in search_form
    assert 'name="q" type="search" value="ofsted"' in search_form


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2022-02-30",
        "date_from=31/31/2022",
        "date_to=yesterday",
        "date_from=2023-01-01&date_to=2022-01-01",
        "page=-1",
        "page=0",
        "page=abc",
        "page=99999999999999999999999",
        "year=abc",
        "year=99999999999999999999",
        "year=-5",
        "sort=sideways",
        "q=" + "a" * 5000,
        "title=" + "b" * 5000,
        "q=%1b%5b31m",
        "title=%07bell",
        "councillor=" + "c" * 300,
    ],
)
def test_it_answers_bad_parameters_with_the_form_and_a_400(client, query: str) -> None:
    response = client.get(f"/decisions/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert 'role="search"' in html


@pytest.mark.parametrize(
    "query",
    [
        "q=%22",
        "q=-",
        "q=%22%22%22",
        "q=or",
        "q=!%40%23%24%25%5E%26*()",
        "q=a%20%7C%20b%20%26%20!c",
        "q=%3Cscript%3E",
        "q=%E2%80%8B",
        "q=%F0%9F%98%80",
        "q=%ff%fe",
        "q=%27%3B%20DROP%20TABLE%20decisions_decision%3B--",
        "q=the",
        "year=2022&year=abc2",
        "key=banana",
        "unknown=1",
        "decision_maker=%27",
    ],
)
def test_it_never_fails_on_odd_but_valid_parameters(client, seeds, query: str) -> None:
    assert client.get(f"/decisions/?{query}").status_code in (200, 400)


def test_it_drops_invalid_values_from_hidden_fields(client) -> None:
    html = client.get("/decisions/?year=abc&q=plan").content.decode()
    assert 'name="year"' not in html
    assert '<input type="hidden" name="q" value="plan">' in html


def test_it_links_errors_to_their_fields(client) -> None:
    html = client.get("/decisions/?date_from=2022-02-30").content.decode()
    assert (
        '<a href="#date_from">Enter a real date, for example 15/12/2022 or 2022-12-15</a>' in html
    )
    assert 'aria-describedby="date_from-error"' in html


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_three_queries_for_a_search(client, django_assert_num_queries, count) -> None:
    make_many(count, signatory=make_councillor())
    # facets and count, the page of results, the page's snippets
    with django_assert_num_queries(3):
        response = client.get("/decisions/?q=library&year=2024")
    assert len(response.context["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_two_queries_to_browse(client, django_assert_num_queries, count) -> None:
    make_many(count)
    with django_assert_num_queries(2):
        response = client.get("/decisions/?key=&sort=oldest")
    assert len(response.context["results"]) == min(count, 20)


@pytest.mark.parametrize("count", [1, 30])
def test_it_runs_four_queries_with_every_filter(client, django_assert_num_queries, count) -> None:
    make_many(count, signatory=make_councillor(), is_key_decision=True)
    url = (
        "/decisions/?q=library&title=hours&date_from=01/01/2024&date_to=2025-12-31&year=2024"
        "&decision_maker=Cabinet&key=1&councillor=jonathan-lester&exemption_class=open"
    )
    # facets and count, the results, the snippets, the councillor's name
    with django_assert_num_queries(4):
        response = client.get(url)
    assert len(response.context["results"]) == min(count, 20)


def test_it_weighs_at_most_60_kb_with_its_stylesheet(client) -> None:
    make_many(20, purpose="To consider the plan for the library service. " * 10)
    html = client.get("/decisions/?q=library").content
    assert len(html) + STYLESHEET.stat().st_size <= 60_000


def test_it_asks_did_you_mean_for_a_misspelt_word(client) -> None:
    make_decision(reference="I70000101", title="Response to the Ofsted inspection")

    html = client.get("/decisions/?q=Ofstead").content.decode()

    assert 'Did you mean <a href="/decisions/?q=Ofsted"><q>Ofsted</q></a>?' in html


def test_it_says_no_decision_has_an_unknown_reference(client) -> None:
    make_decision(reference="I70000102")

    html = client.get("/decisions/?q=I50099999").content.decode()

    assert "No decision has reference I50099999." in html


def test_it_speaks_of_filters_only_when_filters_were_chosen(client) -> None:
    make_decision(reference="I70000103", title="Library hours")

    words = client.get("/decisions/?q=zebra").content.decode()
    filtered = client.get("/decisions/?q=zebra&year=2024").content.decode()

    assert "filters you chose" not in words
    assert "search without filters" not in words
    assert "wider date range" not in words
    assert "with the filters you chose" in filtered


def test_it_keeps_the_words_when_clearing_all_filters(client) -> None:
    make_decision(reference="I70000104", title="Library hours")

    html = client.get("/decisions/?q=library&year=2024&key=").content.decode()
    words = client.get("/decisions/?q=library").content.decode()

    assert '<a href="/decisions/?q=library">Clear all filters</a>' in html
    assert "Clear all filters" not in words


def test_it_says_one_decision_matches(client) -> None:
    make_decision(reference="I70000105", title="Library hours")
    make_decision(reference="I70000106", title="Orchard")

    one = client.get("/decisions/?q=library").content.decode()
    two = client.get("/decisions/?year=2024").content.decode()

    assert "1 decision matches <q>library</q>" in one
    assert "2 decisions match these filters" in two


def test_it_names_its_filters_in_the_page_title(client) -> None:
    make_decision(reference="I70000107", decision_date=date(2022, 5, 1))

    html = client.get("/decisions/?year=2022&key=1").content.decode()
    plain = client.get("/decisions/").content.decode()

    assert "<title>Key decisions in 2022 – Cabinet decisions archive</title>" in html
    assert "<title>Search decisions – Cabinet decisions archive</title>" in plain


def test_it_offers_no_filter_choice_that_finds_nothing(client) -> None:
    make_decision(reference="I70000108", title="Library hours", is_key_decision=False)

    html = client.get("/decisions/?q=library").content.decode()
    chosen = client.get("/decisions/?q=library&key=1").content.decode()

    assert "(0" not in html
    assert "(0" not in chosen


@pytest.mark.parametrize("count", [1, 30])
def test_a_suggestion_costs_the_same_queries_however_many_decisions(
    client, django_assert_num_queries, count
) -> None:
    make_many(count)
    # facets and count; then for the one unknown word: is it held, its candidates (on
    # PostgreSQL its lexeme first, then the candidates under a time limit: a savepoint, the
    # limit, the query, the release; on SQLite the vocabulary table, made if missing, then the
    # candidates), and how the archive spells the best of them
    with django_assert_num_queries(8 if connection.vendor == "postgresql" else 5):
        response = client.get("/decisions/?q=libary")
    assert response.context["suggestion"].query == "Library"
