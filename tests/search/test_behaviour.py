"""Search behaviour that must be the same on PostgreSQL and on SQLite (FTS5).

The one query language (words, "phrases", -word, `or`) over the real sample notices:
stemming, apostrophes, a signatory by name, and no input, however odd, turning into a
database error. The rest of the shared behaviour (phrases, exclusion, `or`, title matches
first, reference jumps) is in test_search.py, which runs on both databases too.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.models import Decision
from decisions.search.filters import DecisionFilter
from decisions.search.query import ParsedQuery, Term, parse_fts_query, parse_query
from tests.factories import make_decision
from tests.fixtures_archive import seeds_fixture  # noqa: F401 - the `seeds` fixture

pytestmark = pytest.mark.django_db


def found(client, query: str) -> list[str]:
    response = client.get("/decisions/", {"q": query})
    assert response.status_code == 200
    return [decision.reference for decision, _ in response.context["results"]]


def test_it_finds_inspection_when_asked_for_inspections(client, seeds) -> None:
    assert "I50042913" in found(client, "inspections")  # its text says "inspection"
    assert set(found(client, "inspections")) == set(found(client, "inspection"))


def test_it_finds_a_singular_word_from_its_plural(client) -> None:
    make_decision(reference="I60000031", clauses=("Cabinet approve the dog warden contract.",))
    make_decision(reference="I60000032", clauses=("Cabinet approve the cat survey.",))
    assert found(client, "dogs") == ["I60000031"]


def test_it_finds_the_same_with_a_curly_or_a_straight_apostrophe(client, seeds) -> None:
    straight = found(client, "children's services")
    assert straight
    assert found(client, "children\u2019s services") == straight
    assert found(client, '"children\u2019s services"') == found(client, '"children\'s services"')


def test_it_finds_a_curly_apostrophe_in_the_text_with_a_straight_one(client) -> None:
    make_decision(reference="I60000033", title="The council\u2019s allotments")
    assert found(client, "council's allotments") == ["I60000033"]


def test_it_finds_decisions_by_the_signatory_s_name(client, seeds) -> None:
    assert found(client, "hitchiner") == ["I50042913"]
    lester = {"I50053845", "I50052101", "I50027300"}  # signed "Jonathan Lester", "JG Lester"
    assert set(found(client, "lester")) == lester


def test_it_puts_a_title_match_first(client) -> None:
    make_decision(reference="I60000034", title="Library hours", purpose="About the orchard.")
    make_decision(reference="I60000035", title="Orchard replanting")
    assert found(client, "orchard") == ["I60000035", "I60000034"]


def test_it_excludes_and_alternates_on_made_up_decisions(client) -> None:
    make_decision(reference="I60000036", clauses=("Approve the bridge repairs.",))
    make_decision(reference="I60000037", clauses=("Approve the bridge tolls.",))
    make_decision(reference="I60000038", clauses=("Approve the ferry tolls.",))
    assert found(client, "bridge -tolls") == ["I60000036"]
    assert set(found(client, "repairs or ferry")) == {"I60000036", "I60000038"}
    assert found(client, '"bridge tolls"') == ["I60000037"]
    assert set(found(client, "-bridge")) == {"I60000038"}


def test_it_jumps_to_a_decision_named_by_its_reference(client, seeds) -> None:
    response = client.get("/decisions/?q=I50027300")
    assert response.status_code == 302
    assert response["Location"] == "/herefordshire/decisions/I50027300/"


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "NEAR(plan council)",
        "plan NEAR/2 council",
        "plan*",
        "*",
        "^plan",
        "title:ofsted",
        "{title clauses}: plan",
        "plan AND",
        "OR",
        "NOT plan",
        "- -",
        "(plan",
        "plan)",
        "'",
        "\u2019",
        '-"a',
        'a"b"c',
        "plan + council",
        "plan or or -",
        ":",
        "_",
        "—",
    ],
)
def test_it_reads_fts5_syntax_as_plain_words(client, seeds, query: str) -> None:
    assert client.get("/decisions/", {"q": query}).status_code == 200


def test_it_finds_ofsted_written_as_fts5_syntax(client, seeds) -> None:
    assert set(found(client, "^ofsted*")) == set(found(client, "ofsted"))
    assert set(found(client, "title:ofsted")) <= set(found(client, "ofsted"))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=60))
def test_it_never_fails_on_any_query(seeds, text: str) -> None:
    filterset = DecisionFilter({"q": text}, queryset=Decision.objects.all())
    if filterset.is_valid():
        list(filterset.qs[:5])  # runs the MATCH (or tsquery) and the ranking


def test_it_writes_every_term_as_a_quoted_string() -> None:
    fts = parse_fts_query(parse_query('plan NEAR "title: x" -budget'))
    assert fts.match == '"plan" AND "near" AND "title: x" NOT ("budget")'
    assert (
        parse_fts_query(ParsedQuery(((Term("a"), Term("b")), (Term('c"d'),)))).match
        == '("a" OR "b") AND "c""d"'
    )
    assert not parse_fts_query(parse_query("... — _"))
