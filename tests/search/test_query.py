"""Search and filters: the query parser, and behaviour on the five real sample notices.

Runs on both databases: PostgreSQL's full-text search and SQLite's FTS5 must agree on plain
words, phrases, exclusions and dates.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.http import HttpResponse, QueryDict

from decisions.models import Decision
from decisions.search.document import FTS_TABLE
from decisions.search.filters import DecisionFilter, count_facets
from decisions.search.presentation import with_params
from decisions.search.query import (
    BM25_WEIGHTS,
    ParsedQuery,
    Term,
    mark_words,
    parse_query,
    parse_reference,
    render_marked,
)
from tests.factories import make_councillor, make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture


def references(response: HttpResponse) -> list[str]:
    return [decision.reference for decision, _ in response.context["results"]]


def filtered(query: str) -> list[str]:
    filterset = DecisionFilter(QueryDict(query), queryset=Decision.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [d.reference for d in filterset.qs]


# The query parser (pure, no database)


def test_it_parses_words_phrases_exclusions_and_or() -> None:
    assert parse_query('Ofsted "Statutory  Direction" -phase plan, or report') == ParsedQuery(
        (
            (Term("ofsted"),),
            (Term("statutory direction"),),
            (Term("phase", excluded=True),),
            (Term("plan"), Term("report")),
        )
    )


def test_it_treats_an_unclosed_quote_as_a_phrase_to_the_end() -> None:
    assert parse_query("\"children's services") == ParsedQuery(((Term("children's services"),),))


def test_it_ignores_punctuation_only_and_leading_or() -> None:
    assert not parse_query('or ... "" -')
    assert parse_query("or ofsted").included == ["ofsted"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I50042913", "I50042913"),
        ("50042913", "I50042913"),
        (" i50042913 ", "I50042913"),
        ("5004291", "I5004291"),
        ("I500429130", "I500429130"),
        ("I12345", "I12345"),
        ("123456", None),
        ("I1234", None),
        ("ofsted 50042913", None),
        ("2022", None),
    ],
)
def test_it_recognises_references(text: str, expected: str | None) -> None:
    assert parse_reference(text) == expected


def test_it_marks_words_and_escapes_everything_else() -> None:
    marked = mark_words("Cabinet <b>note</b> the Ofsted report & plan", ["ofsted"])
    html = render_marked(marked)
    assert html == "Cabinet &lt;b&gt;note&lt;/b&gt; the <mark>Ofsted</mark> report &amp; plan"


def test_it_cuts_a_window_around_the_first_match() -> None:
    text = (
        " ".join(f"w{i}" for i in range(100)) + " ofsted " + " ".join(f"x{i}" for i in range(100))
    )
    snippet = mark_words(text, ["ofsted"], size=12)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "\ue000ofsted\ue001" in snippet
    assert len(snippet.split()) == 14  # 12 words and two ellipses


def test_it_drops_unbalanced_markers_from_the_notice_itself() -> None:
    assert render_marked("a \ue000stray <i>") == "a stray &lt;i&gt;"


def test_it_keeps_other_parameters_when_changing_one() -> None:
    params = QueryDict("q=ofsted&year=2022&page=3")
    assert with_params(params, drop=("year",)) == "?q=ofsted"
    assert with_params(params, page=1) == "?q=ofsted&year=2022"
    assert with_params(params, page=4) == "?q=ofsted&year=2022&page=4"
    assert with_params(QueryDict("q=&title="), key="1") == "?key=1"


# Behaviour on the real sample notices (through the public URL, as users see it)


@pytest.mark.django_db
def test_it_finds_a_phrase_in_002_and_not_001(client, seeds) -> None:
    response = client.get('/decisions/?q="statutory direction"')
    assert response.status_code == 200
    assert seeds["002"].reference in references(response)
    assert seeds["001"].reference not in references(response)


@pytest.mark.django_db
def test_it_finds_words_without_quotes(client, seeds) -> None:
    response = client.get("/decisions/?q=statutory direction")
    assert references(response) == [seeds["002"].reference]


@pytest.mark.django_db
def test_it_finds_ofsted_in_000_and_004(client, seeds) -> None:
    found = references(client.get("/decisions/?q=ofsted"))
    assert seeds["000"].reference in found
    assert seeds["004"].reference in found


@pytest.mark.django_db
def test_it_ranks_title_matches_first(client, seeds) -> None:
    found = references(client.get("/decisions/?q=ofsted"))
    # 000 and 003 have Ofsted in the title; the others only in the text.
    assert set(found[:2]) == {seeds["000"].reference, seeds["003"].reference}


@pytest.mark.django_db
def test_it_ranks_within_the_filters_and_lists_each_match_once() -> None:
    lester = make_councillor("Jonathan Lester")
    signed = {"signatory": lester, "decision_date": date(2023, 6, 1)}
    make_decision(reference="I60000051", title="Library hours", purpose="The orchard.", **signed)
    make_decision(reference="I60000052", title="Orchard replanting", **signed)
    make_decision(reference="I60000053", title="Orchard sale")  # another signatory's year
    make_decision(reference="I60000054", title="Parks", purpose="An orchard.", **signed)
    make_decision(reference="I60000055", title="Orchard fences", **{**signed, "signatory": None})
    query = "q=orchard&councillor=jonathan-lester&year=2023"
    found = filtered(query)
    assert found[0] == "I60000052"  # the title match, first among the signatory's matches
    assert sorted(found) == ["I60000051", "I60000052", "I60000054"]
    ranked = DecisionFilter(QueryDict(query), queryset=Decision.objects.all()).qs
    assert ranked.count() == 3  # as a paginated API or CSV download counts it


@pytest.mark.django_db
def test_it_ranks_as_bm25_ranks_the_whole_table_on_sqlite() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("bm25 is SQLite's; PostgreSQL ranks with ts_rank")
    for n, title in enumerate(("Orchard", "Orchard orchard plan", "Plan", "Orchard plan")):
        make_decision(reference=f"I6000006{n}", title=title, purpose="The orchard plan.")
    ranked = DecisionFilter(QueryDict("q=orchard plan"), queryset=Decision.objects.all()).qs
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s",
            ['"orchard" AND "plan"'],
        )
        expected = dict(cursor.fetchall())
    assert {d.pk: d.rank for d in ranked} == pytest.approx(expected)
    assert [d.rank for d in ranked] == sorted(expected.values(), reverse=True)


@pytest.mark.django_db
def test_it_excludes_words_with_a_minus(client, seeds) -> None:
    found = references(client.get("/decisions/?q=ofsted -ilacs"))
    assert seeds["000"].reference in found
    assert seeds["003"].reference not in found
    assert seeds["004"].reference not in found  # its purpose mentions ILACS


@pytest.mark.django_db
def test_it_matches_either_word_with_or(client, seeds) -> None:
    found = references(client.get('/decisions/?q="statutory direction" or ilacs&sort=oldest'))
    assert found == [seeds["003"].reference, seeds["002"].reference, seeds["004"].reference]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "date_from=2022-12-01&date_to=2022-12-31",
        "date_from=01/12/2022&date_to=31/12/2022",
        "date_from=1 December 2022&date_to=31 December 2022",
    ],
)
def test_it_filters_december_2022_to_000_only(client, seeds, query: str) -> None:
    assert references(client.get(f"/decisions/?{query}")) == [seeds["000"].reference]


@pytest.mark.django_db
def test_it_redirects_a_reference_to_its_decision(client, seeds) -> None:
    response = client.get("/decisions/?q=50042913")
    assert response.status_code == 302
    assert response["Location"] == "/herefordshire/decisions/I50042913/"
    assert (
        client.get("/decisions/?q=I50042913")["Location"] == "/herefordshire/decisions/I50042913/"
    )


@pytest.mark.django_db
def test_it_searches_an_unknown_reference_as_text(client, seeds) -> None:
    response = client.get("/decisions/?q=I99999999")
    assert response.status_code == 200
    assert references(response) == []


@pytest.mark.django_db
def test_it_filters_by_year_key_councillor_and_maker(seeds) -> None:
    assert filtered("year=2022") == ["I50043387", "I50042913"]
    assert filtered("key=1") == ["I50043387"]
    assert filtered("councillor=jonathan-lester") == ["I50053845", "I50052101", "I50027300"]
    assert filtered("decision_maker=Cabinet&year=2018") == ["I50027300"]
    assert filtered("decision_maker=Council") == []
    assert filtered("exemption_class=open&year=2025") == ["I50052101"]


@pytest.mark.django_db
def test_it_filters_by_words_in_the_title(seeds) -> None:
    assert filtered("title=phase 3") == ["I50053845", "I50052101"]
    assert filtered("title=plan ofsted") == ["I50043387", "I50027300"]
    assert filtered("title=ofsted improvement") == ["I50043387"]


@pytest.mark.django_db
def test_it_sorts_newest_oldest_and_by_relevance(seeds) -> None:
    everything = ["I50053845", "I50052101", "I50043387", "I50042913", "I50027300"]
    assert filtered("") == everything
    assert filtered("sort=oldest") == everything[::-1]
    assert filtered("sort=relevance") == everything  # no query: relevance means newest
    assert filtered("q=ofsted&sort=newest") == everything


@pytest.mark.django_db
def test_it_treats_a_query_of_punctuation_as_matching_nothing(seeds) -> None:
    assert filtered("q=...") == []


@pytest.mark.django_db
def test_it_counts_facets_in_one_query(django_assert_num_queries) -> None:
    make_decision(decision_maker="Cabinet", decision_date=date(2022, 1, 1), is_key_decision=True)
    make_decision(decision_maker="Cabinet", decision_date=date(2023, 1, 1))
    make_decision(decision_maker="Cabinet member housing", decision_date=date(2023, 5, 1))
    with django_assert_num_queries(1):
        facets = count_facets(Decision.objects.all())
    assert facets.total == 3
    assert facets.decision_makers == [("Cabinet", 2), ("Cabinet member housing", 1)]
    assert facets.years == [(2023, 2), (2022, 1)]
    assert facets.key_decisions == 1
    assert facets.exemption_classes == [("Open", 3)]


@pytest.mark.django_db
def test_it_stops_counting_facets_past_the_limit(django_assert_num_queries) -> None:
    for year in (2021, 2022, 2023):
        make_decision(decision_maker="Cabinet", decision_date=date(year, 1, 1))
    with django_assert_num_queries(1):
        capped = count_facets(Decision.objects.all(), limit=2)
    exact = count_facets(Decision.objects.all(), limit=3)
    assert (capped.total, capped.capped) == (2, True)
    assert sum(n for _, n in capped.years) == 3  # the limit + 1 rows, so "more than" is known
    assert (exact.total, exact.capped) == (3, False)
    assert exact.years == [(2023, 1), (2022, 1), (2021, 1)]


@pytest.mark.django_db
def test_it_says_more_than_the_limit_match_and_hides_facet_counts(client, monkeypatch) -> None:
    monkeypatch.setattr("decisions.search.filters.FACET_LIMIT", 2)
    for year in (2021, 2022, 2023):
        make_decision(decision_maker="Cabinet", decision_date=date(year, 1, 1))
    response = client.get("/decisions/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "More than 2 decisions" in page
    assert "Counting stops at 2 matches" in page
    assert "facet__count" not in page
    assert response.context["page"].paginator.num_pages == 1


@pytest.mark.django_db
def test_it_counts_facets_within_the_search(seeds) -> None:
    filterset = DecisionFilter(QueryDict("q=ilacs"), queryset=Decision.objects.all())
    facets = count_facets(filterset.matches)
    assert facets.total == 2
    assert facets.years == [(2026, 1), (2018, 1)]
    assert facets.key_decisions == 0


@pytest.mark.django_db
def test_it_highlights_matches_in_the_snippet(client, seeds) -> None:
    response = client.get("/decisions/?q=statutory direction")
    (_, snippet), *_ = response.context["results"]
    assert "<mark>" in snippet
    assert "statutory" in snippet.lower() or "direction" in snippet.lower()


@pytest.mark.django_db
def test_it_searches_clause_text_and_options(client) -> None:
    make_decision(reference="I60000001", clauses=("Cabinet approve the zebra crossing.",))
    make_decision(reference="I60000002", options_considered="Do nothing about the aardvarks.")
    make_decision(reference="I60000003", title="Library hours")
    assert references(client.get("/decisions/?q=zebra")) == ["I60000001"]
    assert references(client.get("/decisions/?q=aardvarks")) == ["I60000002"]


@pytest.mark.django_db
def test_it_filters_by_the_signatory_slug(client) -> None:
    lester = make_councillor("Jonathan Lester")
    make_decision(reference="I60000011", signatory=lester)
    make_decision(reference="I60000012")
    assert references(client.get("/decisions/?councillor=jonathan-lester")) == ["I60000011"]


@pytest.mark.django_db
def test_it_counts_the_same_facets_when_the_words_match_many(monkeypatch) -> None:
    for n, (year, maker) in enumerate(
        [
            (2021, "Cabinet"),
            (2023, "Cabinet"),
            (2023, "Leader"),
            (2023, "Cabinet"),
            (2024, "Leader"),
        ]
    ):
        make_decision(
            reference=f"I6000007{n}",
            title="Orchard",
            decision_maker=maker,
            decision_date=date(year, 2, 1),
            is_key_decision=n % 2 == 0,
        )
    make_decision(reference="I60000079", title="Library", decision_date=date(2023, 3, 1))

    def facets(query: str) -> tuple:
        filterset = DecisionFilter(QueryDict(query), queryset=Decision.objects.all())
        assert filterset.is_valid()
        found = count_facets(filterset.matches, many=filterset.many_matches)
        return found.total, found.capped, found.years, found.decision_makers, found.key_decisions

    def counted_from_the_index() -> bool:
        many = DecisionFilter(QueryDict("q=orchard"), queryset=Decision.objects.all()).many_matches
        if many is None:  # PostgreSQL: one way only
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {many.condition[0]}", many.condition[1])
            return bool(cursor.fetchone()[0])

    monkeypatch.setattr("decisions.search.filters.MANY_MATCHES_ONE_IN", 1)  # never "many"
    assert not counted_from_the_index()
    few = facets("q=orchard&year=2023"), facets("q=orchard")
    monkeypatch.setattr("decisions.search.filters.MANY_MATCHES_ONE_IN", 2)  # 5 of 6 match: many
    assert counted_from_the_index() == (connection.vendor == "sqlite")
    assert few[0] == (3, False, [(2023, 3)], [("Cabinet", 2), ("Leader", 1)], 1)
    assert facets("q=orchard&year=2023") == few[0]
    assert facets("q=orchard") == few[1]
    assert few[1][:3] == (5, False, [(2024, 1), (2023, 3), (2021, 1)])
    monkeypatch.setattr("decisions.search.filters.FACET_LIMIT", 4)
    capped = facets("q=orchard")
    assert capped[:2] == (4, True)
    assert sum(n for _, n in capped[2]) == 5  # the limit + 1 rows, as without `many`


@pytest.mark.django_db
def test_it_has_the_facet_index_on_sqlite_after_every_migration() -> None:
    # Migration 0014 creates it outside the model's Meta: a later migration that remakes
    # decisions_decision on SQLite drops it, and facets of common words fall back to rows.
    if connection.vendor != "sqlite":
        pytest.skip("the facet index is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA index_list(decisions_decision)")
        names = {row[1] for row in cursor.fetchall()}
    assert "decisions_decision_sqlite_facets" in names
