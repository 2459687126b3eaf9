"""decisions/search/presentation.py: search links and filter chips, built without the FilterSet."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest
from django.http import QueryDict

from decisions.search.filters import DecisionFilter, Facets
from decisions.search.params import FILTER_LABELS, FILTER_PARAMS, FilterLabel
from decisions.search.presentation import active_filters, facet_links, sort_links

DECISIONS = Path(__file__).resolve().parent.parent.parent / "decisions"


@pytest.mark.parametrize("path", ["search/presentation.py", "templatetags/archive.py"])
def test_it_does_not_import_the_filterset_module(path: str) -> None:
    tree = ast.parse((DECISIONS / path).read_text(encoding="utf-8"))
    runtime_imports = {
        node.module
        for node in tree.body  # top level only: a TYPE_CHECKING block is not run
        if isinstance(node, ast.ImportFrom)
    }

    assert "decisions.search.filters" not in runtime_imports


def test_it_lists_active_filters_in_a_stable_order_with_removal_links() -> None:
    params = QueryDict("year=2022&q=ofsted&key=1&date_from=2022-01-05&page=3")
    cleaned = {"q": "ofsted", "year": 2022, "key": True, "date_from": date(2022, 1, 5)}

    chips = active_filters(cleaned, params)

    assert [(chip.label, chip.value, chip.remove_url) for chip in chips] == [
        ("Search", "ofsted", "?year=2022&key=1&date_from=2022-01-05"),
        ("From", "5 January 2022", "?year=2022&q=ofsted&key=1"),
        ("Year", "2022", "?q=ofsted&key=1&date_from=2022-01-05"),
        ("Key decisions", "only", "?year=2022&q=ofsted&date_from=2022-01-05"),
    ]


def test_it_names_the_councillor_a_filter_is_for() -> None:
    [chip] = active_filters(
        {"councillor": "jonathan-lester"},
        QueryDict("councillor=jonathan-lester"),
        councillor_name="Jonathan Lester",
    )

    assert (chip.label, chip.value, chip.remove_url) == ("Signed by", "Jonathan Lester", "")


def test_it_offers_relevance_only_for_a_search() -> None:
    params = QueryDict("q=ofsted")

    with_query = sort_links(params, "relevance", has_query=True)
    without = sort_links(QueryDict(), "newest", has_query=False)

    assert [(link.label, link.url, link.selected) for link in with_query] == [
        ("Relevance", "?q=ofsted&sort=relevance", True),
        ("Newest first", "?q=ofsted&sort=newest", False),
        ("Oldest first", "?q=ofsted&sort=oldest", False),
    ]
    assert [link.label for link in without] == ["Newest first", "Oldest first"]


def test_it_links_each_facet_value_and_unlinks_the_chosen_one() -> None:
    facets = Facets(
        total=3,
        decision_makers=[("Cabinet", 2), ("Leader", 1)],
        years=[(2022, 3)],
        key_decisions=0,
        exemption_classes=[],
    )

    links = facet_links(facets, QueryDict("decision_maker=Cabinet"))

    assert [(link.label, link.url, link.selected) for link in links["decision_maker"]] == [
        ("Cabinet", "", True),
        ("Leader", "?decision_maker=Leader", False),
    ]
    assert links["key"] == []


def test_the_form_and_the_chips_read_their_labels_from_one_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    form = DecisionFilter(QueryDict()).form
    monkeypatch.setitem(FILTER_LABELS, "title", FilterLabel("Title words", "Title contains"))

    [chip] = active_filters({"title": "ofsted"}, QueryDict("title=ofsted"))

    assert chip.label == "Title contains"
    assert set(FILTER_LABELS) == set(FILTER_PARAMS)
    for name in FILTER_PARAMS:
        assert form.fields[name].label == DecisionFilter.base_filters[name].label
    assert form.fields["year"].label == FILTER_LABELS["year"].field == "Year"
    assert form.fields["title"].label == "Words in the title"  # read when the form was built


@pytest.mark.django_db
def test_the_list_page_labels_its_filters_from_the_table(client) -> None:
    html = client.get("/decisions/").content.decode()

    for name in ("title", "date_from", "date_to"):
        assert f'<label class="label" for="{name}">{FILTER_LABELS[name].field}</label>' in html
